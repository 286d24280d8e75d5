import type { Client } from 'discord.js';
import { commands as allCommands } from '../../commands/index.ts';
import type { Config, Environment } from '../config/index.ts';
import { connectClient, createClient, discordDelivery, discordLogger, registerCommands, storeFeedsPort, type Registration } from '../discord/index.ts';
import type { Command, BotContext, FeedsPort } from '../discord/index.ts';
import { describeCycle, recentStories, runCycle, type CycleReport } from '../pipeline/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createLogger, type Logger } from '../util/log.ts';
import { redactUrl } from '../util/redact-url.ts';
import { startSchedule, type Schedule } from './schedule.ts';
import { waitForSignal } from './signals.ts';

export interface BotOptions {
  config: Config;
  store: Store;
  log: Logger;
  token: string;
  /** Base URL of the REST API without `/v10`, e.g. a local fake Discord: http://127.0.0.1:8080/api. */
  apiUrl?: string;
  /** The slash commands (default: every command in commands/). */
  commands?: readonly Command[];
  /** What /feeds works on (default: the store's feeds, see `storeFeedsPort`). */
  feeds?: FeedsPort;
  /** One pipeline cycle: poll feeds, condense, store new briefs. Delivery follows from the store. */
  runCycle?: () => Promise<unknown>;
  now?: () => Date;
  /** Run the poll, digest and prune schedule (tests drive `pollNow` and `digestTick` instead). */
  schedule?: boolean;
  waitGuildTimeout?: number;
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

/**
 * The bot's pipeline cycle. Only the configured topics are matched here: a guild's own topics are
 * matched at delivery and query time for that guild alone (`briefMatches`), so they never land in a
 * stored brief's `topics`, which every server sees.
 */
export function botCycle(config: Config, store: Store, log: Logger, now?: () => Date): () => Promise<CycleReport> {
  // One index of recent stories for every cycle of this process, refreshed as each starts.
  const stories = recentStories(store, config.brief.mergeWindowHours);
  return async () => {
    const report = await runCycle({ config, store, log, stories, ...(now ? { now } : {}) });
    log.info({ newBriefs: report.newBriefIds.length, failed: report.failed.length, durationMs: report.durationMs }, describeCycle(report));
    return report;
  };
}

/**
 * The one-process bot: the Discord client, the delivery engine posting through its REST client, the
 * pipeline cycle and the schedule. Resolves once the client is ready; whatever a previous run left
 * undelivered goes out then.
 */
export async function startBot(opts: BotOptions): Promise<Bot> {
  const { config, store } = opts;
  // The engine's and the schedule's lines go through the Discord side's logger: errors lose their interaction tokens.
  const log = discordLogger(opts.log);
  const client = await createClient({ apiUrl: opts.apiUrl, waitGuildTimeout: opts.waitGuildTimeout });
  const now = opts.now ?? (() => new Date());
  const delivery = discordDelivery({ store, config, rest: client.rest, botUserId: () => client.user?.id, log, now });

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
      if (!stopping) await delivery.pass();
    })().finally(() => {
      cycle = null;
    });
    return cycle;
  };

  const discord = await connectClient(client, {
    config,
    store,
    log: opts.log,
    token: opts.token,
    commands: opts.commands ?? allCommands,
    feeds: opts.feeds ?? storeFeedsPort(config, store),
    delivery,
    now,
  });

  const failed = { poll: 'poll failed', digest: 'digest tick failed', prune: 'pruning the archive failed' } as const;
  const schedule: Schedule | null =
    opts.schedule === false ? null : startSchedule({ config, store, now, poll: pollNow, digest: (at) => delivery.digestTick(at), onError: (job, err) => log.error({ err }, failed[job]) });
  // Whatever a previous run left undelivered goes out now.
  void delivery.pass().catch((err: unknown) => log.error({ err }, 'delivery pass failed'));

  return {
    client: discord.client,
    ctx: discord.ctx,
    registration: discord.registration,
    pollNow,
    digestTick: (at?: Date) => delivery.digestTick(at ?? now()),
    async stop() {
      stopping = true;
      await schedule?.stop();
      await delivery.stop();
      if (cycle) await cycle.catch(() => {});
      await discord.stop();
    },
  };
}

/** The one line `newsbrief start` prints once connected. */
export function readyLine(name: string, servers: number, poll: string): string {
  return `newsbrief: connected as ${name} to ${servers} ${servers === 1 ? 'server' : 'servers'}; polling on "${poll}"`;
}

/** `newsbrief start` with a token: runs the bot until SIGINT/SIGTERM, then stops gracefully (exit 0). */
export async function runBot(config: Config, env: Environment): Promise<number> {
  if (!env.discordToken) {
    process.stderr.write('newsbrief: DISCORD_TOKEN is not set; put the bot token in the environment or in .env\n');
    return 2;
  }
  // Listen before connecting. A signal while still connecting (nothing posted yet) exits at once;
  // once the bot is up it stops gracefully.
  let up = false;
  const signal = waitForSignal().then((s) => (up ? s : process.exit(0)));
  const log = createLogger(env.logLevel ?? config.log.level);
  const store = await openStore(config.store);
  log.info({ store: redactUrl(config.store.url), feeds: config.feeds.length, poll: config.schedule.poll }, 'starting');
  let bot;
  try {
    bot = await startBot({ config, store, log, token: env.discordToken, apiUrl: env.discordApiUrl, runCycle: botCycle(config, store, log) });
  } catch (err) {
    await store.close();
    const failure = loginFailure(err);
    if (!failure) throw err;
    process.stderr.write(`newsbrief: ${failure.message}\n`);
    return failure.exitCode;
  }
  up = true;
  // Printed whatever the log level (the default, warn, hides info lines), as the preview prints its summary.
  process.stderr.write(`${readyLine(bot.client.user?.username ?? 'unknown', bot.client.guilds.cache.size, config.schedule.poll)}\n`);
  const reg = bot.registration;
  if (reg.registered) {
    process.stderr.write(
      reg.guildId
        ? `newsbrief: registered ${reg.count} slash commands for server ${reg.guildId} (available now)\n`
        : `newsbrief: registered ${reg.count} slash commands globally (they may take up to an hour to appear in every server)\n`,
    );
  } else if (reg.error) {
    process.stderr.write(`newsbrief: could not register the slash commands (${reg.error}); the next start tries again, or run newsbrief deploy-commands\n`);
  }
  log.info({ poll: config.schedule.poll, timezone: config.schedule.timezone }, 'running until SIGINT/SIGTERM');
  // Poll once at start, then on the schedule.
  void bot.pollNow();
  log.info({ signal: await signal }, 'stopping: finishing the post in flight');
  await bot.stop();
  await store.close();
  log.info('stopped');
  return 0;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * What a failed login means for the operator: a token Discord refuses (REST 401, or the gateway
 * closing with 4004 "Authentication failed") is a configuration problem (exit 2); Discord unreachable
 * or failing (network errors, 5xx) is one line and exit 1. Null for anything else (a bug: its stack shows).
 */
export function loginFailure(err: unknown): { message: string; exitCode: number } | null {
  const e = err as { code?: string; status?: number; message?: string; cause?: { code?: string; message?: string }; name?: string };
  if (e.code === 'TokenInvalid' || e.status === 401 || /^Authentication failed/i.test(e.message ?? '')) {
    return { exitCode: 2, message: 'Discord refused the token; copy it again from the Developer Portal (Bot → Reset Token) into DISCORD_TOKEN' };
  }
  const code = e.code ?? e.cause?.code;
  const reason =
    typeof e.status === 'number' && e.status >= 500
      ? `Discord answered ${e.status} ${e.message ?? ''}`.trim()
      : (code && NETWORK_CODES.has(code)) || e.name === 'AbortError' || e.name === 'ConnectTimeoutError'
        ? (e.cause?.message ?? e.message ?? code ?? 'network error')
        : null;
  if (!reason) return null;
  return { exitCode: 1, message: `cannot connect to Discord: ${reason}; check the network (and DISCORD_API_URL if set), or try again later` };
}

/** `newsbrief deploy-commands [--guild ID]`: registers the slash commands (PUT, replacing the old set). */
export async function deployCommands(opts: { token: string; apiUrl?: string; guildId?: string }): Promise<number> {
  const { guildId } = opts;
  let n: number;
  try {
    n = await registerCommands({ ...opts, commands: allCommands });
  } catch (err) {
    const failure = loginFailure(err);
    if (!failure) throw err;
    process.stderr.write(`newsbrief: ${failure.message}\n`);
    return failure.exitCode;
  }
  process.stdout.write(guildId ? `Registered ${n} commands for guild ${guildId} (available now).\n` : `Registered ${n} global commands (may take up to an hour to appear).\n`);
  return 0;
}
