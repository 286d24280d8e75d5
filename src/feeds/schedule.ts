// When to poll a feed next: backoff after failures, Retry-After, unhealthy feeds, spreading.
// Pure: every function takes the clock (and randomness) as input.
import { createHash } from 'node:crypto';
import type { FeedState } from './state.ts';

/** First retry delay after one failure; doubles per further failure. */
export const BACKOFF_BASE_MS = 5 * 60_000;
/** Longest backoff, and the poll interval of an unhealthy feed. */
export const BACKOFF_CAP_MS = 6 * 3600_000;
/** Consecutive failures after which a feed counts as unhealthy. */
export const UNHEALTHY_AFTER = 5;
/** Longest Retry-After honoured as given (a server asking for a week gets a day). */
export const RETRY_AFTER_MAX_MS = 24 * 3600_000;

/**
 * Delay before retrying a feed that failed `failures` times in a row: exponential from
 * BACKOFF_BASE_MS, capped, with ±20% jitter so feeds that failed together do not retry together.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exp = BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 20));
  const capped = failures >= UNHEALTHY_AFTER ? BACKOFF_CAP_MS : Math.min(BACKOFF_CAP_MS, exp);
  return Math.round(capped * (0.8 + 0.4 * random()));
}

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP date), or null if unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (!Number.isFinite(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(0, ms), RETRY_AFTER_MAX_MS);
}

/**
 * Whether a feed should be polled at `now`. A feed without state is due; one with a
 * nextPollAt (backoff, Retry-After, unhealthy) waits for it. The regular interval between
 * polls of a healthy feed is the caller's schedule.
 */
export function isDue(state: FeedState | undefined, now: Date): boolean {
  if (!state) return true;
  if (state.nextPollAt) {
    const at = Date.parse(state.nextPollAt);
    if (Number.isFinite(at)) return at <= now.getTime();
  }
  // Unhealthy without a usable nextPollAt (hand-edited state): poll at most every cap period.
  if (state.unhealthy && state.lastErrorAt) {
    const last = Date.parse(state.lastErrorAt);
    if (Number.isFinite(last)) return now.getTime() - last >= BACKOFF_CAP_MS;
  }
  return true;
}

/**
 * A stable offset in [0, intervalMs) for a feed, so a cycle's polls spread evenly over the
 * interval instead of all firing at its start, and each feed keeps its slot across restarts.
 */
export function spreadDelay(url: string, intervalMs: number): number {
  if (intervalMs <= 0) return 0;
  const h = createHash('sha1').update(url).digest().readUInt32BE(0);
  return Math.floor((h / 0x1_0000_0000) * intervalMs);
}
