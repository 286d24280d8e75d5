import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Runs `fn` holding a Redis lock with expiry, or returns `{ ok: false }` when another process holds it.
 * The lock is renewed every third of `ttlMs` while `fn` runs, so only a process that died (or stopped
 * answering for `ttlMs`) loses it; it is released only by its own holder (the token check).
 * `fn` gets `held()`, which says whether the lock is still this call's.
 */
export async function withLock<T>(redis: Redis, key: string, ttlMs: number, fn: (held: () => Promise<boolean>) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  const token = randomBytes(12).toString('hex');
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return { ok: false };
  const renew = setInterval(() => void redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => {}), Math.max(100, Math.floor(ttlMs / 3)));
  try {
    // `held` lets `fn` check, before an action that must not happen twice, that the lock did not
    // expire under it (the process was frozen longer than `ttlMs` and another one took over).
    return { ok: true, value: await fn(async () => (await redis.get(key)) === token) };
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => {});
  }
}
