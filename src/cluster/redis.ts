import { Redis } from 'ioredis';
import { StoreError } from '../store/index.ts';
import { redactUrl } from '../util/redact-url.ts';

/** Every key newsbrief writes to the queue's Redis starts with this (BullMQ's queues too). */
export const PREFIX = 'newsbrief';

/**
 * A connection to the queue's Redis. It is probed first with no retries, so a wrong URL or a server
 * that is down fails start-up with a clear message instead of retrying in silence; once up, the
 * connection reconnects by itself (BullMQ needs `maxRetriesPerRequest: null` for its blocking calls).
 */
export async function connectRedis(url: string): Promise<Redis> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new StoreError(`cannot reach the queue's Redis at ${redactUrl(url)}: ${(err as Error).message || String(err)}; check "queue" in the config and that the server is running`);
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => {});
  return redis;
}
