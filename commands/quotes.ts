import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { quotes, speakerChoices, answer, choices, fail, respond, topicChoices, parseDays } from '../src/discord/index.ts';
import type { BotContext } from '../src/discord/index.ts';
import { topicsForGuild } from '../src/topics/index.ts';

export const data = new SlashCommandBuilder()
  .setName('quotes')
  .setDescription('Key quotes from recent briefs')
  .addStringOption((o) => o.setName('speaker').setDescription('Who said it').setAutocomplete(true).setMaxLength(100))
  .addStringOption((o) => o.setName('topic').setDescription('Only this topic').setAutocomplete(true).setMaxLength(32))
  .addIntegerOption((o) => o.setName('days').setDescription('How many days back (default 7)').setMinValue(1).setMaxValue(30));

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const days = parseDays(i.options.getInteger('days'));
  if (!days.ok) return respond(i, fail(days.error));
  const topic = i.options.getString('topic')?.trim().toLowerCase();
  if (topic && !(await topicsForGuild(ctx.config, ctx.guildTopics, i.guildId)).some((t) => t.name === topic)) {
    return respond(i, fail(`There is no topic "${topic.slice(0, 32)}"; pick one from the list or see /topics list.`));
  }
  const speaker = i.options.getString('speaker')?.trim() || undefined;
  await answer(i, () => quotes(ctx, { days: days.value, ...(topic ? { topic } : {}), ...(speaker ? { speaker } : {}) }, i.guildId), { ephemeral: false });
}

export async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = i.options.getFocused(true);
  const list = focused.name === 'speaker' ? await speakerChoices(ctx, String(focused.value), i.guildId) : await topicChoices(ctx, i.guildId, String(focused.value));
  await i.respond(choices(list));
}
