import type { REST } from 'discord.js';
import { createDelivery, type DeliveryDeps } from '../delivery/index.ts';
import { discordRenderer, type OutgoingMessage } from './render.ts';
import { restSender } from './sender.ts';

export interface DiscordDeliveryDeps extends Omit<DeliveryDeps<OutgoingMessage>, 'sender' | 'renderer'> {
  /** The REST client posts go through: the bot client's `client.rest`, or a deliverer's budgeted one. */
  rest: REST;
  /** The bot's user id, read at call time (a client knows it once logged in): finds posts made before a crash. */
  botUserId: () => string | undefined;
}

/**
 * The delivery engine posting to Discord: briefs rendered as Discord messages (with the configured
 * number of quotes) and sent through the REST sender. The one-process bot and the scaled-out
 * deliverers both build their delivery here.
 */
export function discordDelivery(deps: DiscordDeliveryDeps) {
  const { rest, botUserId, ...engine } = deps;
  return createDelivery({ ...engine, sender: restSender(rest, botUserId), renderer: discordRenderer(engine.config.brief) });
}
