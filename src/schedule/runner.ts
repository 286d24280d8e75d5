import cron from 'node-cron';

export interface Runner {
  /** Stops future runs and waits for the one in flight. */
  stop(): Promise<void>;
  /** Runs now (unless a run is in flight, which it then waits for). */
  runNow(): Promise<void>;
}

/** How often the archive is pruned (`store.retention`), a few small batches each time. */
export const PRUNE_SCHEDULE = '*/10 * * * *';

/**
 * Runs `job` on a node-cron schedule, never two at once: a run that is still going when the next
 * tick comes makes that tick a no-op, so a slow cycle cannot pile up behind itself.
 */
export function scheduleJob(expression: string, timezone: string, job: () => Promise<void>, onError: (err: unknown) => void): Runner {
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
