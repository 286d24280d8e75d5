import { createHash } from 'node:crypto';
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import type { Config } from '../../config/schema.ts';
import type { Store } from '../store/index.ts';
import { PRUNE_SCHEDULE, scheduleJob, type Runner } from '../schedule/index.ts';
import { pruneArchive } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import type { Command } from './command.ts';
import { createContext, type BotContext, type DeliveryPort, type FeedsPort } from './context.ts';
import { createDelivery } from '../delivery/index.ts';
import { discordRenderer } from './render.ts';
import { interactionHandler } from './interactions.ts';
import { discordLogger } from './redact.ts';
import { restSender } from './sender.ts';

export interface BotOptions {
  config: Config;
  store: Store;
  log: Logger;
  token: string;
  /** REST base URL without the version (DISCORD_API_URL), e.g. http://127.0.0.1:8080/api. */
  apiUrl?: string;
  commands: readonly Command[];
  feeds: FeedsPort;
  /** One pipeline cycle: poll feeds, condense, store new briefs. Delivery follows from the store. */
  runCycle?: () => Promise<unknown>;
  now?: () => Date;
  /** Run the poll and digest schedules (tests drive `pollNow` and `digestTick` instead). */
  schedule?: boolean;
  waitGuildTimeout?: number;
  /**
   * Delivery done elsewhere (a scaled-out gateway: deliverers post, this process only answers
   * commands). Without it, the bot delivers itself.
   */
  delivery?: DeliveryPort;
  /** discord.js sharding: 'auto' takes the shard count Discord recommends. */
  shards?: 'auto';
}

export interface Bot {
  client: Client;
  ctx: BotContext;
  /** Whether this start registered the slash commands (see `registerIfChanged`). */
  registration: Registration;
  /** One pipeline cycle (when configured) followed by a delivery pass. */
  pollNow(): Promise<void>;
  /** Posts the digests due at `now`. */
  digestTick(now?: Date): Promise<number>;
  /** Graceful stop: no new work, the post in flight finishes, the gateway closes. */
  stop(): Promise<void>;
}

/** discord.js client options: the Guilds intent only, REST pointed at `apiUrl` when given. */
export function clientOptions(apiUrl: string | undefined, waitGuildTimeout?: number, shards?: 'auto') {
  return {
    intents: [GatewayIntentBits.Guilds],
    ...(shards ? { shards } : {}),
    ...(apiUrl ? { rest: { api: apiUrl.replace(/\/+$/, '') } } : {}),
    ...(waitGuildTimeout !== undefined ? { waitGuildTimeout } : {}),
  };
}

/** Logs in, wires interactions and delivery, and starts the schedules. Resolves once the client is ready. */
export async function startBot(opts: BotOptions): Promise<Bot> {
  const { config, store } = opts;
  // Every log line of the Discord side goes through this child: errors lose their interaction tokens.
  const log = discordLogger(opts.log);
  const client = new Client(clientOptions(opts.apiUrl, opts.waitGuildTimeout, opts.shards));
  const delivery = opts.delivery ? null : createDelivery({ store, config, sender: restSender(client.rest, () => client.user?.id), renderer: discordRenderer(config.brief), log, now: opts.now });
  const ctx = createContext({ config, store, log, delivery: opts.delivery ?? delivery!, feeds: opts.feeds, now: opts.now });
  const now = ctx.now;

  let stopping = false;
  let cycle: Promise<void> | null = null;
  const pollNow = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    cycle ??= (async () => {
      try {
        if (opts.runCycle) await opts.runCycle();
      } catch (err) {
        log.error({ err }, 'pipeline cycle failed');
      }
      if (!stopping) await delivery?.pass();
    })().finally(() => {
      cycle = null;
    });
    return cycle;
  };

  client.on(Events.InteractionCreate, interactionHandler(opts.commands, ctx));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'discord gateway disconnected'));
  client.once(Events.ClientReady, (c) => {
    log.info({ guilds: c.guilds.cache.size, user: c.user.tag }, 'discord: ready');
  });

  await client.login(opts.token);
  const appId = client.application?.id ?? client.user?.id;
  const registration: Registration = appId ? await registerIfChanged(client.rest, store, appId, config.discord.guildId, opts.commands, log) : { registered: false, error: 'the application id is unknown' };

  const tasks: Runner[] = [];
  if (opts.schedule !== false && delivery) {
    tasks.push(scheduleJob(config.schedule.poll, config.schedule.timezone, pollNow, (err) => log.error({ err }, 'poll failed')));
    // Digest times are local to each subscription (its own time zone); a tick each minute posts those due.
    tasks.push(scheduleJob('* * * * *', 'UTC', async () => void (await delivery.digestTick(now())), (err) => log.error({ err }, 'digest tick failed')));
    tasks.push(
      scheduleJob(PRUNE_SCHEDULE, 'UTC', async () => void (await pruneArchive(store, config.store.retention, now())), (err) => log.error({ err }, 'pruning the archive failed')),
    );
  }
  // Whatever a previous run left undelivered goes out now.
  void delivery?.pass().catch((err: unknown) => log.error({ err }, 'delivery pass failed'));

  return {
    client,
    ctx,
    registration,
    pollNow,
    digestTick: async (at?: Date) => (delivery ? delivery.digestTick(at ?? now()) : 0),
    async stop() {
      stopping = true;
      for (const t of tasks) await t.stop();
      await delivery?.stop();
      if (cycle) await cycle.catch(() => {});
      await client.destroy();
    },
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
