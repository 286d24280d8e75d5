import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/index.ts';
import { addFeed, listFeeds, removeFeed, whyLink, permissionProblem, answer, fail, respond } from '../src/discord/index.ts';

export const data = new SlashCommandBuilder()
  .setName('feeds')
  .setDescription('Feeds newsbrief polls (Manage Server)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) => s.setName('list').setDescription('Every feed with its health'))
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add a feed (fetched and checked once first)')
      .addStringOption((o) => o.setName('url').setDescription('The feed URL (RSS, Atom or JSON Feed)').setRequired(true).setMaxLength(2000)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Remove a feed added with /feeds add')
      .addStringOption((o) => o.setName('url').setDescription('The feed URL').setRequired(true).setMaxLength(2000)),
  )
  .addSubcommand((s) =>
    s
      .setName('why')
      .setDescription('Why an article was or was not briefed and posted')
      .addStringOption((o) => o.setName('link').setDescription("The article's link").setRequired(true).setMaxLength(2000)),
  );

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!i.inGuild()) return respond(i, fail('/feeds only works in a server.'));
  const denied = permissionProblem(i.memberPermissions?.bitfield, 'ManageGuild');
  if (denied) return respond(i, fail(denied));
  const sub = i.options.getSubcommand();
  if (sub === 'list') return answer(i, () => listFeeds(ctx, i.guildId), { ephemeral: true });
  if (sub === 'add') return answer(i, () => addFeed(ctx, i.options.getString('url', true), i.user.id, i.guildId), { ephemeral: true, slowMs: 500 });
  if (sub === 'remove') return answer(i, () => removeFeed(ctx, i.options.getString('url', true), i.guildId), { ephemeral: true });
  return answer(i, () => whyLink(ctx, i.options.getString('link', true), i.guildId), { ephemeral: true });
}
