import { randomBytes } from 'node:crypto';
import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import type { Redis } from 'ioredis';
import { PREFIX } from './redis.ts';

/**
 * One Discord request budget shared by every deliverer, kept in Redis as a sliding window: the
 * instants of the requests let through in the last window, on Redis's clock. A request is let through
 * only while fewer than `perSecond` were let through in the window, so no window of that length, on
 * any boundary, carries more (a fixed per-second counter lets up to twice as many through across a
 * boundary). The window is a little longer than Discord's second: a request reaches Discord some
 * milliseconds after it is let through, and those delays vary from one request to the next.
 */
export const WINDOW_MS = 1000;
export const GUARD_MS = 100;

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  local minute = KEYS[2] .. ':' .. math.floor(now / 60000)
  redis.call('INCR', minute)
  redis.call('EXPIRE', minute, 7200)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
`;

export interface Budget {
  readonly perSecond: number;
  /** Resolves when a request may be made (and counts it). */
  take(): Promise<void>;
  /** Requests let through in the last second and in the last full minute. */
  usage(): Promise<{ lastSecond: number; lastMinute: number }>;
}

export function discordBudget(redis: Redis, perSecond: number): Budget {
  const windowKey = `${PREFIX}:budget:window`;
  const minuteKey = `${PREFIX}:budget:minute`;
  const self = randomBytes(6).toString('hex');
  let n = 0;
  return {
    perSecond,
    async take() {
      for (;;) {
        const wait = Number(await redis.eval(TAKE, 2, windowKey, minuteKey, String(perSecond), String(WINDOW_MS + GUARD_MS), `${self}:${++n}`));
        if (wait <= 0) return;
        // A little jitter so deliverers waiting for the same slot do not all ask at once.
        await new Promise((r) => setTimeout(r, wait + Math.floor(Math.random() * 5)));
      }
    },
    async usage() {
      const [sec, usec] = await redis.time();
      const now = Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
      const lastSecond = await redis.zcount(windowKey, now - WINDOW_MS, '+inf');
      const lastMinute = Number((await redis.get(`${minuteKey}:${Math.floor(now / 60000) - 1}`)) ?? 0);
      return { lastSecond, lastMinute };
    },
  };
}

/**
 * discord.js's HTTP call, taking from the budget first. It is the last step before the request goes on
 * the wire, after discord.js's own per-route queues, so what is counted is what Discord receives
 * (discord.js's retries after a 429 or a 5xx included).
 */
export function budgetedRequest(budget: Budget): RESTOptions['makeRequest'] {
  return async (url, init) => {
    await budget.take();
    return DefaultRestOptions.makeRequest(url, init);
  };
}
