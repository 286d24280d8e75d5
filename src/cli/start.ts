import { commands } from '../../commands/index.ts';
import type { Config, Environment } from '../config/index.ts';
import { registerCommands, startBot as launchBot } from '../discord/bot.ts';
import { storeFeedsPort } from '../discord/feeds-port.ts';
import { describeCycle, runCycle, type CycleReport } from '../schedule/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { redactUrl } from '../util/redact-url.ts';
import { createLogger, type Logger } from '../util/log.ts';
import type { CliArgs } from './args.ts';

/**
 * The bot's pipeline cycle. Only the configured topics are matched here: a guild's own topics are
 * matched at delivery and query time for that guild alone (`briefMatches`), so they never land in a
 * stored brief's `topics`, which every server sees.
 */
export function botCycle(config: Config, store: Store, log: Logger, now?: () => Date): () => Promise<CycleReport> {
  return async () => {
    const report = await runCycle({ config, store, log, ...(now ? { now } : {}) });
    log.info({ newBriefs: report.newBriefs.length, failed: report.failed.length, durationMs: report.durationMs }, describeCycle(report));
    return report;
  };
}

/** The one line `newsbrief start` prints once connected. */
export function readyLine(name: string, servers: number, poll: string): string {
  return `newsbrief: connected as ${name} to ${servers} ${servers === 1 ? 'server' : 'servers'}; polling on "${poll}"`;
}

/** `newsbrief start` with a token: runs the bot until SIGINT/SIGTERM, then stops gracefully (exit 0). */
export async function startBot(_args: CliArgs, config: Config, env: Environment): Promise<number> {
  if (!env.discordToken) {
    process.stderr.write('newsbrief: DISCORD_TOKEN is not set; put the bot token in the environment or in .env\n');
    return 2;
  }
  // Listen before connecting. A signal while still connecting (nothing posted yet) exits at once;
  // once the bot is up it stops gracefully.
  let up = false;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const on = (s: NodeJS.Signals) => (up ? resolve(s) : process.exit(0));
    process.once('SIGINT', () => on('SIGINT'));
    process.once('SIGTERM', () => on('SIGTERM'));
  });
  const log = createLogger(env.logLevel ?? config.log.level);
  const store = await openStore(config.store);
  log.info({ store: redactUrl(config.store.url), feeds: config.feeds.length, poll: config.schedule.poll }, 'starting');
  let bot;
  try {
    bot = await launchBot({
      config,
      store,
      log,
      token: env.discordToken,
      apiUrl: env.discordApiUrl,
      commands,
      feeds: storeFeedsPort(config, store),
      runCycle: botCycle(config, store, log),
    });
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
export async function deployCommands(args: CliArgs, _config: Config, env: Environment): Promise<number> {
  if (!env.discordToken) {
    process.stderr.write('newsbrief: DISCORD_TOKEN is not set; deploying commands needs the bot token\n');
    return 2;
  }
  if (args.guild !== undefined && !/^\d{17,20}$/.test(args.guild)) {
    process.stderr.write(`newsbrief: --guild expects a server id (17 to 20 digits; enable Developer Mode, right-click the server, Copy Server ID), not "${args.guild}"\n`);
    return 2;
  }
  let n: number;
  try {
    n = await registerCommands({ token: env.discordToken, apiUrl: env.discordApiUrl, guildId: args.guild, commands });
  } catch (err) {
    const failure = loginFailure(err);
    if (!failure) throw err;
    process.stderr.write(`newsbrief: ${failure.message}\n`);
    return failure.exitCode;
  }
  process.stdout.write(args.guild ? `Registered ${n} commands for guild ${args.guild} (available now).\n` : `Registered ${n} global commands (may take up to an hour to appear).\n`);
  return 0;
}
