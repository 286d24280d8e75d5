import { SlashCommandBuilder, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { briefById, briefPage, parsePageButtonId, answer, answerUpdate, choices, fail, respond, topicChoices, parseDateOption, parseSearch } from '../src/discord/index.ts';
import type { BotContext } from '../src/discord/index.ts';
import { topicsForGuild } from '../src/topics/index.ts';

export const data = new SlashCommandBuilder()
  .setName('brief')
  .setDescription('Past briefs, newest first, or one brief in full')
  .addStringOption((o) => o.setName('topic').setDescription('Only this topic').setAutocomplete(true).setMaxLength(32))
  .addStringOption((o) => o.setName('date').setDescription('YYYY-MM-DD, today or yesterday').setMaxLength(10))
  .addStringOption((o) => o.setName('search').setDescription('Words the brief must contain').setMaxLength(40))
  .addStringOption((o) => o.setName('id').setDescription('Show this brief in full (id from a brief footer)').setMaxLength(100));

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const id = i.options.getString('id');
  if (id) return answer(i, () => briefById(ctx, id, i.guildId), { ephemeral: false });
  const topic = i.options.getString('topic')?.trim().toLowerCase();
  if (topic && !(await topicsForGuild(ctx.config, ctx.guildTopics, i.guildId)).some((t) => t.name === topic)) {
    return respond(i, fail(`There is no topic "${topic.slice(0, 32)}"; pick one from the list or see /topics list.`));
  }
  const rawDate = i.options.getString('date');
  const date = rawDate ? parseDateOption(rawDate, ctx.config.schedule.timezone, ctx.now()) : null;
  if (date && !date.ok) return respond(i, fail(date.error));
  const search = parseSearch(i.options.getString('search'), 40);
  if (!search.ok) return respond(i, fail(search.error));
  const query = { ...(topic ? { topic } : {}), ...(date?.ok ? { date: date.value } : {}), ...(search.value ? { search: search.value } : {}) };
  await answer(i, () => briefPage(ctx, query, 0, i.guildId), { ephemeral: false });
}

export async function button(i: ButtonInteraction, ctx: BotContext): Promise<void> {
  const parsed = parsePageButtonId(i.customId);
  if (!parsed) return respond(i, fail('This button has expired; run /brief again.'));
  await answerUpdate(i, () => briefPage(ctx, parsed.query, parsed.page, i.guildId, parsed.cursor));
}

export async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await i.respond(choices(await topicChoices(ctx, i.guildId, i.options.getFocused())));
}
