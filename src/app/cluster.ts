import { commands } from '../../commands/index.ts';
import { clusterProblem, openQueues, parseRoles, queuedDelivery, startDeliverer, startPoller, startScheduler, connectRedis, type Queues, type Role } from '../cluster/index.ts';
import type { Config, Environment } from '../config/index.ts';
import { connectClient, createClient, storeFeedsPort } from '../discord/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createLogger, type Logger } from '../util/log.ts';
import { redactUrl } from '../util/redact-url.ts';
import { PRUNE_SCHEDULE } from './schedule.ts';
import { waitForSignal } from './signals.ts';

/**
 * `newsbrief start --role ...`: runs the given parts of a scaled-out bot on the shared Redis (`queue`)
 * and PostgreSQL (`store`) until SIGINT/SIGTERM, then stops each gracefully (jobs in flight finish;
 * one cut short by a kill is taken over by another process).
 */
export async function runCluster(roleArgs: readonly string[], config: Config, env: Environment): Promise<number> {
  const roles = parseRoles(roleArgs.length ? roleArgs : ['all']);
  if (typeof roles === 'string') return usage(roles);
  const problem = clusterProblem(config, roles, env);
  if (problem) return usage(problem);
  const log = createLogger(env.logLevel ?? config.log.level).child({ roles: roles.join(','), pid: process.pid });

  // Listening from the start: a signal during start-up stops the roles as soon as they are up.
  const signal = waitForSignal();
  const connection = await connectRedis(config.queue!);
  // The SQL archive is shared as it is: its writes are single statements or transactions.
  const store = await openStore(config.store).catch(async (err: unknown) => {
    connection.disconnect();
    throw err;
  });
  const queues = openQueues(connection);
  const parts: { role: Role; stop: () => Promise<void> }[] = [];
  try {
    for (const role of roles) parts.push({ role, stop: (await startRole(role, { config, env, store, queues, connection, log })).stop });
  } catch (err) {
    for (const p of parts.reverse()) await p.stop().catch(() => {});
    await queues.close().catch(() => {});
    connection.disconnect();
    await store.close();
    throw err;
  }
  log.info({ store: redactUrl(config.store.url), queue: redactUrl(config.queue!) }, 'running until SIGINT/SIGTERM');
  process.stderr.write(`newsbrief: running ${roles.join(', ')} on ${redactUrl(config.queue!)}\n`);
  log.info({ signal: await signal }, 'stopping: finishing the jobs in flight');
  for (const p of parts.reverse()) await p.stop().catch((err: unknown) => log.error({ err, role: p.role }, 'stop failed'));
  await queues.close().catch(() => {});
  await connection.quit().catch(() => {});
  await store.close();
  return 0;
}

async function startRole(
  role: Role,
  d: { config: Config; env: Environment; store: Store; queues: Queues; connection: Awaited<ReturnType<typeof connectRedis>>; log: Logger },
): Promise<{ stop: () => Promise<void> }> {
  const log = d.log.child({ role });
  const { config, store } = d;
  const apiUrl = d.env.discordApiUrl;
  switch (role) {
    case 'scheduler':
      return startScheduler({ ...d, log, pruneSchedule: PRUNE_SCHEDULE });
    case 'poller':
      return startPoller({ ...d, log });
    case 'deliverer':
      return startDeliverer({ ...d, log, token: d.env.discordToken!, ...(apiUrl ? { apiUrl } : {}) });
    case 'gateway': {
      // The discord.js client with `shards: 'auto'` (as many shards as Discord asks for, which it
      // requires from 2,500 servers), answering commands; deliverers do the posting.
      const client = await createClient({ apiUrl, shards: 'auto' });
      return connectClient(client, { config, store, log, token: d.env.discordToken!, commands, feeds: storeFeedsPort(config, store), delivery: queuedDelivery(d.queues, config, store) });
    }
  }
}

function usage(message: string): number {
  process.stderr.write(`newsbrief: ${message}\n`);
  return 2;
}
