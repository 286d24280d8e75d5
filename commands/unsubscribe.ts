import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/index.ts';
import { permissionProblem, answer, choices, fail, respond, unsubscribe } from '../src/discord/index.ts';

export const data = new SlashCommandBuilder()
  .setName('unsubscribe')
  .setDescription('Stop posting a topic in this channel')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .addStringOption((o) => o.setName('topic').setDescription("One of this channel's subscriptions").setRequired(true).setAutocomplete(true).setMaxLength(32));

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!i.inGuild()) return respond(i, fail('/unsubscribe only works in a server channel.'));
  const denied = permissionProblem(i.memberPermissions?.bitfield, 'ManageChannels');
  if (denied) return respond(i, fail(denied));
  await answer(i, () => unsubscribe(ctx, i.channelId, i.options.getString('topic', true)), { ephemeral: true });
}

export async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = i.options.getFocused().toLowerCase();
  const topics = (await ctx.subs.forChannel(i.channelId ?? '')).map((s) => s.topic).filter((t) => t.includes(typed));
  await i.respond(choices(topics));
}
