import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.ts';
import { pruneArchive, type Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { dueFeeds } from './archive.ts';
import { digestJob, pollJob, workerOptions, type Queues } from './queues.ts';

/**
 * The scheduler role. The ticks are BullMQ job schedulers (the poll schedule in its time zone, and a
 * digest tick each minute) kept in Redis, and each tick is one job: however many scheduler processes
 * run, every tick is handled by exactly one of them, and when that one dies in the middle, the stalled
 * tick goes to another after `cluster.lockSeconds`. A tick adds one poll job per due feed (ids name the
 * feed and the tick, so a tick handled twice adds nothing twice) and one digest job. The archive's
 * retention runs here too, on the embedded bot's prune schedule (`pruneSchedule`), once per prune tick
 * for the cluster.
 */
export async function startScheduler(deps: { config: Config; store: Store; queues: Queues; connection: Redis; log: Logger; pruneSchedule: string }) {
  const { config, store, queues, connection, log } = deps;
  await queues.schedule.upsertJobScheduler('poll', { pattern: config.schedule.poll, tz: config.schedule.timezone }, { name: 'poll-tick' });
  await queues.schedule.upsertJobScheduler('digest', { pattern: '0 * * * * *', tz: 'UTC' }, { name: 'digest-tick' });
  await queues.schedule.upsertJobScheduler('prune', { pattern: deps.pruneSchedule, tz: 'UTC' }, { name: 'prune-tick' });

  const worker = new Worker(
    'schedule',
    async (job: Job) => {
      const at = tickTime(job);
      if (job.name === 'digest-tick') {
        const d = digestJob(config, at);
        await queues.deliver.add(d.name, d.data, d.opts);
        return { digest: at.toISOString() };
      }
      if (job.name === 'prune-tick') return pruneArchive(store, config.store.retention, at, { feeds: config.feeds.map((f) => f.url) });
      const due = await dueFeeds(config, store, at);
      const jobs = due.map((f) => pollJob(config, f, at));
      // In slices, so a tick of tens of thousands of feeds is not one huge Redis call.
      for (let i = 0; i < jobs.length; i += 500) await queues.poll.addBulk(jobs.slice(i, i + 500));
      log.info({ tick: at.toISOString(), due: jobs.length }, 'scheduler: poll jobs added');
      return { due: jobs.length };
    },
    workerOptions(connection, config, 1),
  );
  worker.on('error', (err) => log.error({ err }, 'scheduler: worker error'));
  worker.on('failed', (job, err) => log.error({ tick: job?.id, err: err.message }, 'scheduler: tick failed'));
  return {
    async stop() {
      await worker.close();
    },
  };
}

/** The instant a tick stands for: job scheduler jobs are named `repeat:<id>:<millis>`. */
export function tickTime(job: Pick<Job, 'id' | 'timestamp'>): Date {
  const m = /:(\d{10,})$/.exec(job.id ?? '');
  return new Date(m ? Number(m[1]) : job.timestamp);
}
