import { createHash } from 'node:crypto';
import { Queue, type JobsOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.ts';
import { PREFIX } from './redis.ts';

/**
 * The three BullMQ queues of a scaled-out bot:
 *   schedule: the ticks of the job schedulers (poll schedule, digest minute), taken by a scheduler;
 *   poll:     one job per due feed, taken by pollers;
 *   deliver:  one job per channel with briefs to post (and the digest ticks), taken by deliverers.
 */
export const QUEUE_NAMES = ['schedule', 'poll', 'deliver'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface PollJob {
  url: string;
  name?: string;
  /** Added by a server admin: never allowed to reach private addresses. */
  added: boolean;
  /** The scheduler tick that found it due (ISO). */
  due: string;
}

export type DeliverJob = { channelId: string } | { digestAt: string };

export interface Queues {
  schedule: Queue;
  poll: Queue<PollJob>;
  deliver: Queue<DeliverJob>;
  close(): Promise<void>;
}

export function openQueues(connection: Redis): Queues {
  const schedule = new Queue('schedule', { connection, prefix: PREFIX });
  const poll = new Queue<PollJob>('poll', { connection, prefix: PREFIX });
  const deliver = new Queue<DeliverJob>('deliver', { connection, prefix: PREFIX });
  for (const q of [schedule, poll, deliver]) q.on('error', () => {});
  return {
    schedule,
    poll,
    deliver,
    async close() {
      await Promise.all([schedule.close(), poll.close(), deliver.close()]);
    },
  };
}

/** A short stable key for a feed URL (BullMQ job ids may not contain ':'). */
export const feedKey = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 20);

/** Retries with exponential backoff (1 s, 2 s, 4 s ...); failed jobs are kept for `newsbrief status`. */
function retrying(config: Config): JobsOptions {
  return { attempts: config.cluster.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { count: 1000 } };
}

/**
 * A poll job: its id names the feed and the tick that found it due (a scheduler that re-runs a tick
 * after taking over adds nothing new), and while a job of the feed is waiting, running or waiting for
 * a retry, the deduplication id keeps any later tick from adding another: a feed is never polled twice
 * at once.
 */
export function pollJob(config: Config, feed: { url: string; name?: string; added: boolean }, due: Date) {
  const key = feedKey(feed.url);
  return {
    name: 'poll',
    data: { url: feed.url, ...(feed.name ? { name: feed.name } : {}), added: feed.added, due: due.toISOString() } satisfies PollJob,
    opts: { ...retrying(config), jobId: `poll-${key}-${due.getTime()}`, deduplication: { id: `poll-${key}` } } satisfies JobsOptions,
  };
}

/**
 * A delivery job for one channel. With `keepLastIfActive`, a channel has at most one job running and
 * one waiting: briefs stored while its job runs make the waiting one, which posts them after it, in
 * order; never two deliverers on one channel (the channel lock guards the rare rest, such as a retry).
 */
export function deliverJob(config: Config, channelId: string) {
  return {
    name: 'channel',
    data: { channelId } satisfies DeliverJob,
    opts: { ...retrying(config), deduplication: { id: `ch-${channelId}`, keepLastIfActive: true } } satisfies JobsOptions,
  };
}

export function digestJob(config: Config, at: Date) {
  return {
    name: 'digest',
    data: { digestAt: at.toISOString() } satisfies DeliverJob,
    opts: { ...retrying(config), jobId: `digest-${at.getTime()}` } satisfies JobsOptions,
  };
}

export async function enqueueDeliveries(queues: Queues, config: Config, channelIds: Iterable<string>): Promise<number> {
  const jobs = [...new Set(channelIds)].map((c) => deliverJob(config, c));
  if (jobs.length) await queues.deliver.addBulk(jobs);
  return jobs.length;
}

/**
 * Worker settings: a worker that dies loses its job lock after `lockSeconds`, and the stalled-job check
 * (every `lockSeconds`) hands the job to another worker; a job may stall twice before it counts as failed.
 */
export function workerOptions(connection: Redis, config: Config, concurrency: number): WorkerOptions {
  const ms = config.cluster.lockSeconds * 1000;
  return { connection, prefix: PREFIX, concurrency, lockDuration: ms, stalledInterval: ms, maxStalledCount: 2 };
}
