import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/index.ts';
import { permissionProblem, answer, choices, fail, respond, addTopic, listTopics, removeTopic } from '../src/discord/index.ts';

export const data = new SlashCommandBuilder()
  .setName('topics')
  .setDescription('Topics briefs are sorted into')
  .addSubcommand((s) => s.setName('list').setDescription('Every topic with its keywords'))
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription("Define a topic for this server (Manage Server)")
      .addStringOption((o) => o.setName('name').setDescription('Lower-case name, e.g. space-launches').setRequired(true).setMaxLength(32))
      .addStringOption((o) => o.setName('keywords').setDescription('Keywords separated by commas').setRequired(true).setMaxLength(1000)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription("Remove one of this server's topics (Manage Server)")
      .addStringOption((o) => o.setName('name').setDescription('Topic to remove').setRequired(true).setAutocomplete(true).setMaxLength(32)),
  );

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const sub = i.options.getSubcommand();
  if (sub === 'list') return answer(i, () => listTopics(ctx, i.guildId), { ephemeral: true });
  if (!i.inGuild()) return respond(i, fail('Server topics can only be changed inside a server.'));
  const denied = permissionProblem(i.memberPermissions?.bitfield, 'ManageGuild');
  if (denied) return respond(i, fail(denied));
  if (sub === 'add') return answer(i, () => addTopic(ctx, i.guildId, i.options.getString('name', true), i.options.getString('keywords', true)), { ephemeral: true });
  return answer(i, () => removeTopic(ctx, i.guildId, i.options.getString('name', true)), { ephemeral: true });
}

export async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = i.options.getFocused().toLowerCase();
  const own = i.guildId ? await ctx.guildTopics.list(i.guildId) : [];
  await i.respond(choices(own.map((t) => t.name).filter((n) => n.includes(typed))));
}
