import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Runs `fn` holding a Redis lock with expiry, or returns `{ ok: false }` when another process holds it.
 * The lock is renewed every third of `ttlMs` while `fn` runs, so only a process that died (or stopped
 * answering for `ttlMs`) loses it; it is released only by its own holder (the token check).
 */
export async function withLock<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  const token = randomBytes(12).toString('hex');
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return { ok: false };
  const renew = setInterval(() => void redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => {}), Math.max(100, Math.floor(ttlMs / 3)));
  try {
    return { ok: true, value: await fn() };
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => {});
  }
}
