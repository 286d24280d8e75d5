import { createHash } from 'node:crypto';
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import type { Config } from '../config/index.ts';
import type { Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import type { Command } from './command.ts';
import { createContext, type BotContext, type DeliveryPort, type FeedsPort } from './context.ts';
import { interactionHandler } from './interactions.ts';
import { discordLogger } from './redact.ts';

export interface ClientOptions {
  /** Base URL of the REST API without `/v10`, e.g. a local fake Discord: http://127.0.0.1:8080/api. */
  apiUrl?: string;
  waitGuildTimeout?: number;
  /** discord.js sharding: 'auto' takes the shard count Discord recommends. */
  shards?: 'auto';
}

export interface ConnectOptions {
  config: Config;
  store: Store;
  log: Logger;
  token: string;
  commands: readonly Command[];
  feeds: FeedsPort;
  /** How commands ask for delivery: the embedded bot's own engine, or a scaled-out gateway's job queue. */
  delivery: DeliveryPort;
  now?: () => Date;
}

/** A connected client answering interactions. */
export interface DiscordConnection {
  client: Client;
  ctx: BotContext;
  /** Whether this start registered the slash commands (see `registerIfChanged`). */
  registration: Registration;
  /** Closes the gateway connection. */
  stop(): Promise<void>;
}

/**
 * The discord.js client, not yet connected (so a REST sender can be built on `client.rest` first):
 * the Guilds intent only, REST pointed at `apiUrl` when given.
 */
export function createClient(opts: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(opts.shards ? { shards: opts.shards } : {}),
    ...(opts.apiUrl ? { rest: { api: opts.apiUrl.replace(/\/+$/, '') } } : {}),
    ...(opts.waitGuildTimeout !== undefined ? { waitGuildTimeout: opts.waitGuildTimeout } : {}),
  });
}

/**
 * Wires interactions to the commands, logs in and registers the slash commands when they changed.
 * Resolves once the client is ready; rejects with discord.js's error when the login fails.
 */
export async function connectClient(client: Client, opts: ConnectOptions): Promise<DiscordConnection> {
  const { config, store } = opts;
  // Every log line of the Discord side goes through this child: errors lose their interaction tokens.
  const log = discordLogger(opts.log);
  const ctx = createContext({ config, store, log, delivery: opts.delivery, feeds: opts.feeds, now: opts.now });

  client.on(Events.InteractionCreate, interactionHandler(opts.commands, ctx));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'discord gateway disconnected'));
  client.once(Events.ClientReady, (c) => {
    log.info({ guilds: c.guilds.cache.size, user: c.user.tag }, 'discord: ready');
  });

  await client.login(opts.token);
  const appId = client.application?.id ?? client.user?.id;
  const registration: Registration = appId ? await registerIfChanged(client.rest, store, appId, config.discord.guildId, opts.commands, log) : { registered: false, error: 'the application id is unknown' };
  return {
    client,
    ctx,
    registration,
    stop: () => client.destroy(),
  };
}

/** Registers the slash commands globally, or for one guild (instant, for testing). */
export async function registerCommands(opts: { token: string; apiUrl?: string; applicationId?: string; guildId?: string; commands: readonly Command[] }): Promise<number> {
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {}).setToken(opts.token);
  const appId = opts.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  return putCommands(rest, appId, opts.guildId, opts.commands);
}

async function putCommands(rest: REST, appId: string, guildId: string | undefined, list: readonly Command[]): Promise<number> {
  const body = list.map((c) => c.data.toJSON());
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const result = (await rest.put(route, { body })) as unknown[];
  return result.length;
}

/** What `start` did about the slash commands: registered them (they changed), or found them current. */
export type Registration = { registered: true; count: number; guildId?: string } | { registered: false; error?: string };

/**
 * Registers the slash commands at start when their definitions changed since the last registration
 * (a hash of them is kept in the store, per application and scope), globally or for
 * `discord.guildId`. A failure is logged and reported, never fatal: the bot still delivers, and the
 * next start tries again.
 */
export async function registerIfChanged(rest: REST, store: Store, appId: string, guildId: string | undefined, list: readonly Command[], log: Logger): Promise<Registration> {
  const registrations = store.collection<{ hash: string; at: string }>('command-registrations');
  const key = `${appId}/${guildId ?? 'global'}`;
  const hash = createHash('sha256').update(JSON.stringify(list.map((c) => c.data.toJSON()))).digest('hex');
  if ((await registrations.get(key))?.hash === hash) return { registered: false };
  try {
    const count = await putCommands(rest, appId, guildId, list);
    await registrations.set(key, { hash, at: new Date().toISOString() });
    log.info({ count, guildId }, 'discord: slash commands registered');
    return { registered: true, count, ...(guildId ? { guildId } : {}) };
  } catch (err) {
    log.error({ err, guildId }, 'discord: could not register the slash commands; retrying at the next start');
    return { registered: false, error: (err as Error).message };
  }
}
