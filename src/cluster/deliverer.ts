import { DelayedError, Worker, type Job } from 'bullmq';
import { REST, Routes } from 'discord.js';
import type { Redis } from 'ioredis';
import { ConfigError, type Config } from '../config/index.ts';
import { discordDelivery } from '../discord/index.ts';
import { failedJobKey, type Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { budgetedRequest, discordBudget } from './budget.ts';
import { withLock } from './lock.ts';
import { PREFIX } from './redis.ts';
import { workerOptions, type DeliverJob } from './queues.ts';

/** How far behind its reading time a channel's delivery cursor stays (see `cursorLagMs`). */
const CURSOR_LAG_MS = 5 * 60_000;

/**
 * The deliverer role: posts through Discord's REST API only (no gateway connection), every request
 * taken from the one budget all deliverers share. A channel job runs the delivery pass of that channel
 * under the channel's lock, so its posts keep their order whichever deliverer runs it; the pass uses
 * the ledger protocol (nonce, `sending`/`sent`, look-up of an earlier post), so a job re-run after a
 * deliverer was killed mid-post posts nothing twice. A pass with posts that did not go out fails the
 * job, which BullMQ retries with backoff; a job that keeps failing is recorded for `newsbrief status`.
 */
export async function startDeliverer(deps: { config: Config; store: Store; connection: Redis; log: Logger; token: string; apiUrl?: string }) {
  const { config, store, connection, log } = deps;
  const budget = discordBudget(connection, config.cluster.budgetPerSecond);
  const rest = new REST({ ...(deps.apiUrl ? { api: deps.apiUrl.replace(/\/+$/, '') } : {}), makeRequest: budgetedRequest(budget) }).setToken(deps.token);
  const me = (await rest.get(Routes.user()).catch((err: { status?: number }) => {
    if (err.status === 401) throw new ConfigError('the environment', ['DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot → Reset Token)']);
    throw err;
  })) as { id: string };
  // Pollers on other machines store briefs out of stamp order (and their clocks may differ a little).
  const delivery = discordDelivery({ store, config, rest, botUserId: () => me.id, log, cursorLagMs: CURSOR_LAG_MS });
  const lockMs = config.cluster.lockSeconds * 1000;

  /** Another deliverer holds the lock: look again shortly, without using up a try. */
  async function later(job: Job, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 300), token);
    throw new DelayedError();
  }

  const worker = new Worker<DeliverJob>(
    'deliver',
    async (job: Job<DeliverJob>, token?: string) => {
      if ('digestAt' in job.data) {
        const at = new Date(job.data.digestAt);
        const r = await withLock(connection, `${PREFIX}:lock:digest`, lockMs, () => delivery.digestTick(at));
        if (!r.ok) return later(job, token);
        await store.failedJobs.clear(failedJobKey.digest);
        return { digests: r.value };
      }
      const { channelId } = job.data;
      const r = await withLock(connection, `${PREFIX}:lock:channel:${channelId}`, lockMs, (held) => delivery.passChannel(channelId, held));
      if (!r.ok) return later(job, token);
      if (r.value.held) throw new Error(`${r.value.held} post(s) to channel ${channelId} did not go out`);
      await store.failedJobs.clear(failedJobKey.deliver(channelId));
      return r.value;
    },
    workerOptions(connection, config, config.cluster.concurrency),
  );
  worker.on('error', (err) => log.error({ err }, 'deliverer: worker error'));
  worker.on('failed', (job, err) => {
    if (!job || err instanceof DelayedError) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || Boolean(job.finishedOn);
    const what = 'channelId' in job.data ? { channelId: job.data.channelId } : { digest: job.data.digestAt };
    log.error({ ...what, attempt: job.attemptsMade, final, err: err.message }, final ? 'deliverer: job failed for good' : 'deliverer: job failed, retrying');
    if (final) {
      const key = 'channelId' in job.data ? failedJobKey.deliver(job.data.channelId) : failedJobKey.digest;
      const failure = { key, error: err.message, attempts: job.attemptsMade, at: new Date().toISOString() };
      store.failedJobs.record(failure).catch((e: unknown) => log.error({ err: e, failure }, 'deliverer: could not record the failed job in the store'));
    }
  });
  return {
    worker,
    budget,
    async stop() {
      await worker.close();
      await delivery.stop();
    },
  };
}
