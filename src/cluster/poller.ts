import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.ts';
import { recentStories, runCycle } from '../pipeline/index.ts';
import { failedJobKey, type Store, type StoredBrief } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { briefsOfFeedSince, channelsFor } from './archive.ts';
import { enqueueDeliveries, workerOptions, type PollJob, type Queues } from './queues.ts';

/** How long a poller's index of recent stories goes without reading what other pollers added. */
const STORIES_REFRESH_MS = 10_000;

/**
 * The poller role: takes poll jobs, fetches, parses, condenses and stores through the pipeline's own
 * cycle (one feed per job), then adds a delivery job for every channel a new or changed brief may go to.
 *
 * A job that fails storing is retried with backoff; a poller killed mid-job leaves a stalled job that
 * another poller takes. Items already stored are then seen (no second brief), and the briefs the dead
 * poller stored since the job began get their delivery jobs from the retry, so nothing is lost. A
 * feed that does not answer is not a failed job: it is the feed's health (`newsbrief feeds`), and the
 * scheduler polls it again when its backoff is over.
 */
export function startPoller(deps: { config: Config; store: Store; queues: Queues; connection: Redis; log: Logger }) {
  const { config, store, queues, connection, log } = deps;
  // One index for every job, refreshed as a job starts at most every STORIES_REFRESH_MS.
  const stories = recentStories(store, config.brief.mergeWindowHours, { refreshEveryMs: STORIES_REFRESH_MS });

  const worker = new Worker<PollJob>(
    'poll',
    async (job: Job<PollJob>) => {
      const { url, name, added } = job.data;
      // The briefs this job stores, as each is committed (the report keeps only their ids): one feed's, so few.
      const records: StoredBrief[] = [];
      const onBrief = (record: StoredBrief) => void records.push(record);
      const report = await runCycle({ config, store, log, only: [{ url, ...(name ? { name } : {}), added }], stories, onBrief });
      const storeFailure = report.failed.find((f) => f.error.startsWith('could not store'));
      if (storeFailure) throw new Error(storeFailure.error);
      // A re-run (after a crash or a failed try) also hands on what the earlier try stored.
      if (job.attemptsMade > 0 || job.stalledCounter > 0) records.push(...(await briefsOfFeedSince(store, url, new Date(job.timestamp))));
      const channels = await enqueueDeliveries(queues, config, await channelsFor(store, records));
      await store.failedJobs.clear(failedJobKey.poll(url));
      log.info({ feed: url, newBriefs: report.newBriefIds, updated: report.updatedBriefIds.length, channels }, 'poller: feed polled');
      return { newBriefs: report.newBriefIds.length, updated: report.updatedBriefIds.length, channels, failed: report.failed.length };
    },
    workerOptions(connection, config, config.cluster.concurrency),
  );
  worker.on('error', (err) => log.error({ err }, 'poller: worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || Boolean(job.finishedOn);
    log.error({ feed: job.data.url, attempt: job.attemptsMade, final, err: err.message }, final ? 'poller: poll job failed for good' : 'poller: poll job failed, retrying');
    if (!final) return;
    const failure = { key: failedJobKey.poll(job.data.url), error: err.message, attempts: job.attemptsMade, at: new Date().toISOString() };
    store.failedJobs.record(failure).catch((e: unknown) => log.error({ err: e, failure }, 'poller: could not record the failed job in the store'));
  });
  return {
    worker,
    async stop() {
      await worker.close();
    },
  };
}
