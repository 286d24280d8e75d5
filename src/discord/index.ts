// The Discord side: the client lifecycle, the REST sender, rendering, the interaction router and the
// permission guards. commands/ (at the top) has one thin file per slash command, built on these.
//
// Importing this door never loads discord.js itself: the preview and `newsbrief condense` render
// briefs through it, and discord.js would add about 0.35 s of CPU and 40 MB of RSS to each of them.
// So the modules below take Discord's API constants (routes, flags, enums) from discord-api-types,
// the package discord.js re-exports them from, and the client lifecycle (bot.ts), which needs
// discord.js's client, is loaded when first called.
import type { Client } from 'discord.js';
import type { ClientOptions, ConnectOptions, DiscordConnection } from './bot.ts';
import type { Command } from './command.ts';

export type { ClientOptions, ConnectOptions, DiscordConnection, Registration } from './bot.ts';
export type { Command } from './command.ts';
export { createContext, type BotContext, type DeliveryPort, type FeedsPort } from './context.ts';
export { storeFeedsPort } from './feeds-port.ts';
export { discordLogger } from './redact.ts';

// Rendering: a brief as an embed (and as plain text, for the preview), posts and digests as messages.
export { briefEmbed, embedToText, type EmbedOptions } from './embed.ts';
export type { OutgoingMessage } from './render.ts';

// Delivery to Discord: the engine of src/delivery with the REST sender and the Discord renderer.
export { discordDelivery, type DiscordDeliveryDeps } from './delivery.ts';

// The interaction router's helpers, the permission guard and what the commands answer with.
export { answer, answerUpdate, choices, fail, respond, type Reply } from './respond.ts';
export { permissionProblem } from './permissions.ts';
export { parseDateOption, parseDays, parseSearch, timeZoneChoices } from './validate.ts';
export { briefById, briefPage, parsePageButtonId, quotes, speakerChoices } from './browse.ts';
export { listSubscriptions, subscribe, unsubscribe } from './subscribe.ts';
export { addTopic, listTopics, removeTopic, topicChoices } from './topics-admin.ts';
export { addFeed, listFeeds, removeFeed, whyLink } from './feeds-admin.ts';

/** The discord.js client, not yet connected: see `createClient` in bot.ts. */
export async function createClient(opts: ClientOptions = {}): Promise<Client> {
  return (await import('./bot.ts')).createClient(opts);
}

/** Wires interactions to the commands, logs in and registers the slash commands when they changed. */
export async function connectClient(client: Client, opts: ConnectOptions): Promise<DiscordConnection> {
  return (await import('./bot.ts')).connectClient(client, opts);
}

/** Registers the slash commands globally, or for one guild (instant, for testing). */
export async function registerCommands(opts: { token: string; apiUrl?: string; applicationId?: string; guildId?: string; commands: readonly Command[] }): Promise<number> {
  return (await import('./bot.ts')).registerCommands(opts);
}
