import type { Config } from '../config/index.ts';
import { openStore, type FailedJob } from '../store/index.ts';
import { redactUrl } from '../util/redact-url.ts';
import { discordBudget } from './budget.ts';
import { openQueues, QUEUE_NAMES, type QueueName } from './queues.ts';
import { connectRedis } from './redis.ts';

export interface ClusterStatus {
  queue: string;
  queues: Record<QueueName, { waiting: number; active: number; delayed: number; failed: number }>;
  /** The newest failed jobs of each queue (kept up to 1,000 per queue), with why they failed. */
  failedJobs: { queue: QueueName; id: string; name: string; data: unknown; reason: string; attempts: number; at: string }[];
  budget: { perSecond: number; lastSecond: number; lastMinute: number };
  /** Processes working on each queue now. */
  workers: Record<QueueName, number>;
  /**
   * The work that failed after every retry, as recorded in the archive (one record per feed, channel or
   * digest tick, kept until that work succeeds again; the queues keep only their newest 1,000 failed
   * jobs): how many there are, and the newest ones.
   */
  failedWork: { total: number; newest: FailedJob[] };
}

/** Failed-work records shown by `newsbrief status`. */
const NEWEST_FAILED = 20;

/** What to watch on a scaled-out bot: queue depth, failed jobs and the Discord budget in use. */
export async function clusterStatus(config: Config): Promise<ClusterStatus> {
  const connection = await connectRedis(config.queue!);
  const store = await openStore(config.store).catch((err: unknown) => {
    connection.disconnect();
    throw err;
  });
  const queues = openQueues(connection);
  try {
    const out: ClusterStatus = {
      queue: redactUrl(config.queue!),
      queues: {} as ClusterStatus['queues'],
      failedJobs: [],
      budget: { perSecond: config.cluster.budgetPerSecond, ...(await discordBudget(connection, config.cluster.budgetPerSecond).usage()) },
      workers: {} as ClusterStatus['workers'],
      failedWork: { total: await store.failedJobs.count(), newest: await store.failedJobs.list(NEWEST_FAILED) },
    };
    for (const name of QUEUE_NAMES) {
      const q = queues[name];
      const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      out.queues[name] = { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
      out.workers[name] = (await q.getWorkersCount().catch(() => 0)) as number;
      for (const j of await q.getFailed(0, 9)) {
        out.failedJobs.push({ queue: name, id: j.id ?? '', name: j.name, data: j.data, reason: j.failedReason, attempts: j.attemptsMade, at: new Date(j.finishedOn ?? j.timestamp).toISOString() });
      }
    }
    return out;
  } finally {
    await queues.close().catch(() => {});
    connection.disconnect();
    await store.close();
  }
}

export function renderStatus(s: ClusterStatus): string {
  const lines = [`queue ${s.queue}`];
  for (const name of QUEUE_NAMES) {
    const q = s.queues[name];
    lines.push(`  ${name.padEnd(9)} waiting ${q.waiting} · active ${q.active} · delayed ${q.delayed} · failed ${q.failed} · workers ${s.workers[name]}`);
  }
  lines.push(`Discord budget ${s.budget.perSecond}/s: ${s.budget.lastSecond} in the last second, ${s.budget.lastMinute} in the last full minute (${(s.budget.lastMinute / 60).toFixed(1)}/s)`);
  if (s.failedJobs.length) {
    lines.push('failed jobs (newest first):');
    for (const f of s.failedJobs) lines.push(`  ${f.queue} ${f.id} ${JSON.stringify(f.data)}: ${f.reason} (${f.attempts} tries, ${f.at})`);
  } else lines.push('no failed jobs');
  const w = s.failedWork;
  if (w.total) {
    lines.push(`failed for good, until the work succeeds again: ${w.total}${w.total > w.newest.length ? ` (newest ${w.newest.length} shown)` : ''}`);
    for (const f of w.newest) lines.push(`  ${f.key}: ${f.error} (${f.attempts} tries, ${f.at})`);
  } else lines.push('no work failed for good');
  return lines.join('\n');
}
