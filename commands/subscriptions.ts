import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/index.ts';
import { answer, fail, respond, listSubscriptions } from '../src/discord/index.ts';

export const data = new SlashCommandBuilder()
  .setName('subscriptions')
  .setDescription("This channel's subscriptions, or the whole server's")
  .setContexts(InteractionContextType.Guild)
  .addBooleanOption((o) => o.setName('all').setDescription('Every channel of this server'));

export async function execute(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!i.inGuild()) return respond(i, fail('/subscriptions only works in a server.'));
  await answer(i, () => listSubscriptions(ctx, i.guildId, i.channelId, i.options.getBoolean('all') ?? false), { ephemeral: true });
}
