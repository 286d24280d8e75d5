import type { Config, Environment } from '../config/index.ts';
import { openStore } from '../store/index.ts';
import { redactUrl } from '../util/redact-url.ts';
import { createLogger } from '../util/log.ts';
import { startDeliverer } from './deliverer.ts';
import { startGateway } from './gateway.ts';
import { startPoller } from './poller.ts';
import { openQueues } from './queues.ts';
import { connectRedis } from './redis.ts';
import { clusterProblem, parseRoles, type Role } from './roles.ts';
import { startScheduler } from './scheduler.ts';

export { parseRoles, clusterProblem, ROLES, type Role } from './roles.ts';
export { clusterStatus, renderStatus, type ClusterStatus } from './status.ts';
export { listFailures, getFailure, pollFailureKey, type JobFailure } from './failures.ts';

/**
 * `newsbrief start --role ...`: runs the given parts of a scaled-out bot on the shared Redis (`queue`)
 * and PostgreSQL (`store`) until SIGINT/SIGTERM, then stops each gracefully (jobs in flight finish;
 * one cut short by a kill is taken over by another process).
 */
export async function startCluster(roleArgs: readonly string[], config: Config, env: Environment): Promise<number> {
  const roles = parseRoles(roleArgs.length ? roleArgs : ['all']);
  if (typeof roles === 'string') return usage(roles);
  const problem = clusterProblem(config, roles, env);
  if (problem) return usage(problem);
  const log = createLogger(env.logLevel ?? config.log.level).child({ roles: roles.join(','), pid: process.pid });

  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
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
  d: { config: Config; env: Environment; store: Awaited<ReturnType<typeof openStore>>; queues: ReturnType<typeof openQueues>; connection: Awaited<ReturnType<typeof connectRedis>>; log: ReturnType<typeof createLogger> },
): Promise<{ stop: () => Promise<void> }> {
  const log = d.log.child({ role });
  const apiUrl = d.env.discordApiUrl;
  switch (role) {
    case 'scheduler':
      return startScheduler({ ...d, log });
    case 'poller':
      return startPoller({ ...d, log });
    case 'deliverer':
      return startDeliverer({ ...d, log, token: d.env.discordToken!, ...(apiUrl ? { apiUrl } : {}) });
    case 'gateway':
      return startGateway({ ...d, log, token: d.env.discordToken!, ...(apiUrl ? { apiUrl } : {}) });
  }
}

function usage(message: string): number {
  process.stderr.write(`newsbrief: ${message}\n`);
  return 2;
}
