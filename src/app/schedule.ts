import cron from 'node-cron';
import type { Config } from '../config/index.ts';
import { pruneArchive, type Store } from '../store/index.ts';

interface Runner {
  /** Stops future runs and waits for the one in flight. */
  stop(): Promise<void>;
  /** Runs now (unless a run is in flight, which it then waits for). */
  runNow(): Promise<void>;
}

/** How often the archive is pruned (`store.retention`), a few small batches each time. */
export const PRUNE_SCHEDULE = '*/10 * * * *';
/** Digest times are local to each subscription (its own time zone); a tick each minute posts those due. */
export const DIGEST_SCHEDULE = '* * * * *';

/**
 * Runs `job` on a node-cron schedule, never two at once: a run that is still going when the next
 * tick comes makes that tick a no-op, so a slow cycle cannot pile up behind itself.
 */
function scheduleJob(expression: string, timezone: string, job: () => Promise<void>, onError: (err: unknown) => void): Runner {
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (stopped) return Promise.resolve();
    if (!inFlight) {
      inFlight = job()
        .catch(onError)
        .finally(() => {
          inFlight = null;
        });
    }
    return inFlight;
  };
  const task = cron.schedule(expression, () => void run(), { timezone });
  return {
    runNow: run,
    async stop() {
      stopped = true;
      await task.stop();
      await inFlight;
    },
  };
}

export type ScheduledJob = 'poll' | 'digest' | 'prune';

export interface Schedule {
  /** Polls now (or waits for the poll in flight). */
  pollNow(): Promise<void>;
  /** Stops every job and waits for those in flight. */
  stop(): Promise<void>;
}

/**
 * The one process's schedule (a scaled-out bot has the cluster's scheduler role instead): `poll` on
 * `schedule.poll` in `schedule.timezone`, `digest` each minute when given, and the archive's
 * retention every ten minutes. A failed run is handed to `onError` and the schedule carries on.
 */
export function startSchedule(opts: {
  config: Config;
  store: Store;
  now?: () => Date;
  poll: () => Promise<unknown>;
  digest?: (at: Date) => Promise<unknown>;
  onError: (job: ScheduledJob, err: unknown) => void;
}): Schedule {
  const { config, store, digest, onError } = opts;
  const now = opts.now ?? (() => new Date());
  const jobs: Runner[] = [];
  const poll = scheduleJob(config.schedule.poll, config.schedule.timezone, async () => void (await opts.poll()), (err) => onError('poll', err));
  jobs.push(poll);
  if (digest) jobs.push(scheduleJob(DIGEST_SCHEDULE, 'UTC', async () => void (await digest(now())), (err) => onError('digest', err)));
  jobs.push(scheduleJob(PRUNE_SCHEDULE, 'UTC', async () => void (await pruneArchive(store, config.store.retention, now(), { feeds: config.feeds.map((f) => f.url) })), (err) => onError('prune', err)));
  return {
    pollNow: () => poll.runNow(),
    async stop() {
      for (const j of jobs) await j.stop();
    },
  };
}
