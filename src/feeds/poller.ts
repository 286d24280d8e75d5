// Polling feeds politely: one feed per call (pollFeed) or many under a global and a per-host
// concurrency limit (pollFeeds). Failures never throw; they come back as human reasons and
// move the feed's state along (backoff, Retry-After, unhealthy).
import { STATUS_CODES } from 'node:http';
import type { Article, FeedSource } from './types.ts';
import { initialState, type FeedState } from './state.ts';
import { decodeBody } from './charset.ts';
import { fetchUrl, type FetchOptions } from './http.ts';
import { parseFeed } from './parse.ts';
import { backoffDelay, parseRetryAfter, spreadDelay, UNHEALTHY_AFTER } from './schedule.ts';
import { enrichWithFullText } from './fulltext.ts';
import { cleanFeedText, stripControls } from './control-chars.ts';
import { runKeyed } from './limiter.ts';
import { hostName } from './normalize.ts';
import { silentLogger, type Logger } from '../util/log.ts';

export interface PollResult {
  url: string;
  ok: boolean;
  notModified: boolean;
  articles: Article[];
  state: FeedState;
  /** Human reason of a failure: "HTTP 404 Not Found", "malformed XML: …", "timed out after 10s". */
  error?: string;
  /** The feed's display name (configured name, else its title, else its host). */
  name?: string;
  /** Wall time of the poll, fetch and parse included. */
  durationMs?: number;
  /** The feed answered from here through permanent redirects only: the caller may update its URL. */
  movedTo?: string;
}

/** Options of one poll beyond the HTTP limits. */
export interface PollOptions extends FetchOptions {
  /** Fetch linked pages for items whose text is short (see fulltext.ts). Off by default. */
  fullText?: boolean;
  fullTextMinWords?: number;
  fullTextConcurrency?: number;
  /**
   * Whether an item is already stored unchanged (same id and content hash); its page is then not
   * fetched again. Without it, every teaser's page is fetched on every poll.
   */
  isKnown?: (article: Article) => boolean | Promise<boolean>;
  logger?: Logger;
  /** Randomness for backoff jitter (tests pass a constant). */
  random?: () => number;
}

export interface PollManyOptions extends PollOptions {
  concurrency: number;
  perHost: number;
  /** Spread poll starts over this many milliseconds by a stable per-URL offset (default: start at once). */
  spreadMs?: number;
  /**
   * Called with each result as soon as it is ready, while the feed still holds its concurrency
   * slot (so a slow consumer slows polling instead of piling results up). Errors are logged.
   */
  onResult?: (result: PollResult) => void | Promise<void>;
  /**
   * false: the returned results carry no articles (they went to onResult). Keeps memory flat
   * over thousands of feeds; a full cycle's articles can be hundreds of megabytes.
   */
  keepArticles?: boolean;
}

function displayName(source: FeedSource, state: FeedState): string {
  return source.name || state.title || hostName(source.url);
}

/** "Example News (https://example.com/feed): HTTP 404 Not Found": a failure as an operator reads it. */
export function describeFailure(result: PollResult): string {
  return `${result.name ?? result.url} (${result.url}): ${result.error ?? 'unknown error'}`;
}

function failed(source: FeedSource, state: FeedState, reason: string, now: Date, options: PollOptions, retryAfterMs: number | null = null): PollResult {
  const failures = state.consecutiveFailures + 1;
  const delay = retryAfterMs ?? backoffDelay(failures, options.random);
  const next: FeedState = {
    ...state,
    lastError: reason,
    lastErrorAt: now.toISOString(),
    consecutiveFailures: failures,
    unhealthy: failures >= UNHEALTHY_AFTER,
    nextPollAt: new Date(now.getTime() + delay).toISOString(),
  };
  const result: PollResult = { url: source.url, ok: false, notModified: false, articles: [], state: next, error: reason, name: displayName(source, next) };
  const log = options.logger ?? silentLogger;
  log.warn({ feed: source.url, failures, nextPollAt: next.nextPollAt, unhealthy: next.unhealthy }, describeFailure(result));
  return result;
}

function succeeded(source: FeedSource, state: FeedState, now: Date, articles: Article[], notModified: boolean): PollResult {
  // A success clears any backoff: the caller's schedule applies again.
  const { nextPollAt: _cleared, ...rest } = state;
  const next: FeedState = {
    ...rest,
    lastSuccess: now.toISOString(),
    consecutiveFailures: 0,
    unhealthy: false,
    itemsSeen: state.itemsSeen + articles.length,
  };
  return { url: source.url, ok: true, notModified, articles, state: next, name: displayName(source, next) };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Polls one feed: conditional GET, decode, parse. Never rejects. */
export async function pollFeed(source: FeedSource, previous: FeedState | undefined, options: PollOptions, now: Date = new Date()): Promise<PollResult> {
  const started = performance.now();
  const result = await pollOnce(source, previous, options, now);
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

async function pollOnce(source: FeedSource, previous: FeedState | undefined, options: PollOptions, now: Date): Promise<PollResult> {
  const state: FeedState = { ...(previous ?? initialState(source.url)), url: source.url };
  let res;
  try {
    res = await fetchUrl({ url: source.url, etag: state.etag, lastModified: state.lastModified }, options);
  } catch (e) {
    return failed(source, state, (e as Error).message, now, options);
  }
  if (res.status === 304) return succeeded(source, state, now, [], true);
  if (res.status < 200 || res.status >= 300) {
    const reason = `HTTP ${res.status} ${res.statusText || STATUS_CODES[res.status] || ''}`.trim();
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], now) : null;
    return failed(source, state, reason, now, options, retryAfter);
  }
  let parsed;
  try {
    const { text } = decodeBody(res.body, header(res.headers['content-type']));
    parsed = parseFeed(text, source.url, { baseUrl: res.url, sourceName: source.name, now });
  } catch (e) {
    return failed(source, state, (e as Error).message, now, options);
  }
  const withValidators: FeedState = { ...state, title: stripControls(parsed.title) || state.title };
  // Validators belong to the representation just received; stale ones would make the server
  // answer 304 for content we never saw.
  delete withValidators.etag;
  delete withValidators.lastModified;
  const etag = header(res.headers.etag);
  const lastModified = header(res.headers['last-modified']);
  if (etag) withValidators.etag = etag;
  if (lastModified) withValidators.lastModified = lastModified;
  let articles = parsed.articles;
  if (options.fullText) {
    const isKnown = options.isKnown;
    const known = isKnown ? await Promise.all(articles.map(async (a) => (await isKnown(a)) === true)) : articles.map(() => false);
    const fresh = articles.filter((_, i) => !known[i]);
    const enriched = await enrichWithFullText(fresh, options, {
      minWords: options.fullTextMinWords,
      concurrency: options.fullTextConcurrency,
      logger: options.logger,
    });
    // Known items keep their place in the feed's order; only their page fetch is skipped.
    let next = 0;
    articles = articles.map((a, i) => (known[i] ? a : enriched[next++]!));
  }
  // Feed text enters here: what is stored, posted and printed never carries control or bidi characters.
  articles = articles.map(cleanFeedText);
  const result = succeeded(source, withValidators, now, articles, false);
  if (res.movedPermanently) result.movedTo = res.url;
  return result;
}

function hostKey(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * Polls every source (callers filter with isDue first) under a global concurrency limit and a
 * per-host limit. Results come back in the order of `sources`. Never rejects: a feed that
 * fails, even in an unexpected way, becomes a failed result and the others carry on.
 */
export async function pollFeeds(
  sources: FeedSource[],
  states: Map<string, FeedState>,
  options: PollManyOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<PollResult[]> {
  const results: PollResult[] = new Array(sources.length);
  const started = Date.now();
  let done = 0;
  const pollOne = async (source: FeedSource, index: number): Promise<void> => {
    let result: PollResult;
    try {
      result = await pollFeed(source, states.get(source.url), options);
    } catch (e) {
      // pollFeed does not reject; this is the belt to its braces.
      result = failed(source, states.get(source.url) ?? initialState(source.url), `internal error: ${(e as Error).message}`, new Date(), options);
    }
    // Inside the slot: a slow consumer slows polling instead of piling results up.
    try {
      await options.onResult?.(result);
    } catch (e) {
      (options.logger ?? silentLogger).error({ feed: source.url, err: e }, `result handler failed for ${source.url}`);
    }
    results[index] = options.keepArticles === false ? { ...result, articles: [] } : result;
    done++;
    try {
      onProgress?.(done, sources.length);
    } catch {
      /* a faulty progress callback must not fail the poll */
    }
  };
  const spreadMs = options.spreadMs ?? 0;
  await runKeyed(
    sources,
    (s) => hostKey(s.url),
    { concurrency: options.concurrency, perKey: options.perHost },
    pollOne,
    spreadMs > 0 ? (s) => started + spreadDelay(s.url, spreadMs) : undefined,
  );
  return results;
}
