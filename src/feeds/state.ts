// The per-feed state the caller persists between polls (JSON-serialisable).

export interface FeedState {
  url: string;
  title?: string;
  etag?: string;
  lastModified?: string;
  /** ISO time of the last poll that got a feed (or a 304). */
  lastSuccess?: string;
  /** Human reason of the last failure ("HTTP 404 Not Found"). */
  lastError?: string;
  lastErrorAt?: string;
  consecutiveFailures: number;
  /** ISO; not polled before this (backoff, Retry-After, unhealthy). */
  nextPollAt?: string;
  /** Failing UNHEALTHY_AFTER times in a row; polled rarely until it succeeds again. */
  unhealthy: boolean;
  /** Articles returned by successful polls, all time. */
  itemsSeen: number;
}

export function initialState(url: string): FeedState {
  return { url, consecutiveFailures: 0, unhealthy: false, itemsSeen: 0 };
}
