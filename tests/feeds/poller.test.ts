import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { pino } from 'pino';
import { defaultFetchOptions, describeFailure, isDue, pollFeed, pollFeeds, type FeedState, type PollOptions } from '../../src/feeds/index.ts';
import { backoffDelay, parseRetryAfter, spreadDelay, BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../src/feeds/schedule.ts';
import { createLimiter } from '../../src/feeds/limiter.ts';
import { fixture } from './helpers.ts';
import { rss, serve, startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;
const silent = pino({ level: 'silent' });
const options: PollOptions = { ...defaultFetchOptions, allowPrivateAddresses: true, timeoutMs: 1000, connectTimeoutMs: 500, logger: silent, random: () => 0.5 };
const now = new Date('2024-05-01T12:00:00Z');
const plus = (ms: number) => new Date(now.getTime() + ms).toISOString();

beforeAll(async () => {
  server = await startServer({
    '/news': serve(rss('News', ['A', 'B'])),
    '/etag': (req, res) => {
      if (req.headers['if-none-match'] === '"abc"') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { etag: '"abc"', 'content-type': 'application/rss+xml' });
      res.end(rss('Etagged'));
    },
    '/lastmod': (req, res) => {
      if (req.headers['if-modified-since'] === 'Tue, 30 Apr 2024 10:00:00 GMT') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { 'last-modified': 'Tue, 30 Apr 2024 10:00:00 GMT' });
      res.end(rss('Dated'));
    },
    // A 304 carrying a body: it must not be read or parsed.
    '/etag-junk-304': (req, res) => {
      res.writeHead(req.headers['if-none-match'] ? 304 : 200, { etag: '"j"' });
      res.end(req.headers['if-none-match'] ? '' : rss('Junk'));
    },
    '/old-home': serve('', { location: '/news' }, 301),
    '/temporary': serve('', { location: '/news' }, 302),
    '/limited': serve('slow down', { 'retry-after': '120' }, 429),
    '/unavailable': serve('maintenance', { 'retry-after': 'Wed, 01 May 2024 13:00:00 GMT' }, 503),
    // Beyond the lenient retry too: the root element itself is unreadable.
    '/broken': serve('<?xml version="1.0"?>\n<<rss version="2.0"><channel><title>Broken</title></channel></rss>'),
    '/html': serve('<!DOCTYPE html><html><body>hi</body></html>', { 'content-type': 'text/html' }),
    '/cp1251': serve(iconv.encode(rss('Новости'), 'windows-1251'), { 'content-type': 'text/xml; charset=windows-1251' }),
    '/bomb': serve(fixture('billion-laughs.xml')),
    '/xxe': serve(fixture('xxe.xml')),
    '/slow': (_req, res) => {
      setTimeout(() => res.end(rss('Slow')), 2000).unref();
    },
  });
});

afterAll(() => server.close());

describe('pollFeed', () => {
  it('returns articles and records success', async () => {
    const r = await pollFeed({ url: server.url('/news') }, undefined, options, now);
    expect(r).toMatchObject({ ok: true, notModified: false, name: 'News' });
    expect(r.articles.map((a) => a.title)).toEqual(['A', 'B']);
    expect(r.state).toMatchObject({ title: 'News', consecutiveFailures: 0, unhealthy: false, itemsSeen: 2, lastSuccess: now.toISOString() });
  });

  it('reports a feed that moved permanently, and not one that moved temporarily', async () => {
    const moved = await pollFeed({ url: server.url('/old-home') }, undefined, options, now);
    expect(moved.movedTo).toBe(server.url('/news'));
    expect(moved.articles[0]!.feedUrl).toBe(server.url('/old-home'));
    const temporary = await pollFeed({ url: server.url('/temporary') }, undefined, options, now);
    expect(temporary.ok).toBe(true);
    expect(temporary.movedTo).toBeUndefined();
  });

  it('uses the configured name as source', async () => {
    const r = await pollFeed({ url: server.url('/news'), name: 'My News' }, undefined, options, now);
    expect(r.articles[0]!.source).toBe('My News');
  });

  it('answers a 304 by ETag without parsing', async () => {
    const first = await pollFeed({ url: server.url('/etag') }, undefined, options, now);
    expect(first.state.etag).toBe('"abc"');
    const second = await pollFeed({ url: server.url('/etag') }, first.state, options, now);
    expect(second).toMatchObject({ ok: true, notModified: true, articles: [] });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"abc"');
    expect(second.state.etag).toBe('"abc"');
  });

  it('answers a 304 by Last-Modified', async () => {
    const first = await pollFeed({ url: server.url('/lastmod') }, undefined, options, now);
    expect(first.state.lastModified).toBe('Tue, 30 Apr 2024 10:00:00 GMT');
    const second = await pollFeed({ url: server.url('/lastmod') }, first.state, options, now);
    expect(second.notModified).toBe(true);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const r = await pollFeed({ url: server.url('/limited') }, undefined, options, now);
    expect(r).toMatchObject({ ok: false, error: 'HTTP 429 Too Many Requests' });
    expect(r.state.nextPollAt).toBe(plus(120_000));
    expect(isDue(r.state, new Date(now.getTime() + 119_000))).toBe(false);
    expect(isDue(r.state, new Date(now.getTime() + 120_000))).toBe(true);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    const r = await pollFeed({ url: server.url('/unavailable') }, undefined, options, now);
    expect(r.error).toBe('HTTP 503 Service Unavailable');
    expect(r.state.nextPollAt).toBe('2024-05-01T13:00:00.000Z');
  });

  it('backs off exponentially, turns unhealthy after 5 failures, and recovers on success', async () => {
    let state: FeedState | undefined;
    const delays: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const r = await pollFeed({ url: server.url('/missing') }, state, options, now);
      expect(r.error).toBe('HTTP 404 Not Found');
      state = r.state;
      delays.push(Date.parse(state.nextPollAt!) - now.getTime());
      expect(state.consecutiveFailures).toBe(i);
      expect(state.unhealthy).toBe(i >= 5);
    }
    expect(delays.slice(0, 4)).toEqual([1, 2, 4, 8].map((k) => k * BACKOFF_BASE_MS));
    expect(delays[4]).toBe(BACKOFF_CAP_MS);
    expect(isDue(state, new Date(now.getTime() + 3600_000))).toBe(false);
    const healed = await pollFeed({ url: server.url('/news') }, { ...state!, url: server.url('/news') }, options, now);
    expect(healed.state).toMatchObject({ consecutiveFailures: 0, unhealthy: false, lastError: 'HTTP 404 Not Found' });
    expect(healed.state.nextPollAt).toBeUndefined();
    expect(isDue(healed.state, now)).toBe(true);
  });

  it.each([
    ['/broken', /^malformed XML: Unencoded < \(line 2, column 2\)$/],
    ['/html', /^not a feed: got an HTML page$/],
    ['/slow', /^timed out after 300 ms$/],
  ])('reports %s with a human reason', async (path, reason) => {
    const r = await pollFeed({ url: server.url(path) }, undefined, { ...options, timeoutMs: 300 }, now);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(reason);
  });

  it('decodes a charset given only in Content-Type', async () => {
    const r = await pollFeed({ url: server.url('/cp1251') }, undefined, options, now);
    expect(r.state.title).toBe('Новости');
  });

  it('neither expands entity bombs nor reads external entities over HTTP', async () => {
    const bomb = await pollFeed({ url: server.url('/bomb') }, undefined, options, now);
    expect(bomb.articles[0]!.title).toBe('&lol9;');
    const xxe = await pollFeed({ url: server.url('/xxe') }, undefined, options, now);
    expect(JSON.stringify(xxe)).not.toContain('root:');
  });

  it('refuses a private address when not allowed, naming the feed', async () => {
    const r = await pollFeed({ url: server.url('/news'), name: 'Local' }, undefined, { ...options, allowPrivateAddresses: false }, now);
    expect(r.error).toBe('refused: loopback address 127.0.0.1');
    expect(describeFailure(r)).toBe(`Local (${server.url('/news')}): refused: loopback address 127.0.0.1`);
  });
});

describe('pollFeeds', () => {
  it('reports a malformed and a missing feed by name while the others give articles', async () => {
    const sources = [
      { url: server.url('/news'), name: 'Good One' },
      { url: server.url('/broken'), name: 'Broken Feed' },
      { url: server.url('/gone'), name: 'Gone Feed' },
      { url: server.url('/etag') },
    ];
    const progress: number[] = [];
    const results = await pollFeeds(sources, new Map(), { ...options, concurrency: 2, perHost: 2 }, (done) => progress.push(done));
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[0]!.articles).toHaveLength(2);
    expect(results[3]!.articles).toHaveLength(1);
    expect(describeFailure(results[1]!)).toMatch(/^Broken Feed \(http:\/\/127\.0\.0\.1:\d+\/broken\): malformed XML: /);
    expect(describeFailure(results[2]!)).toMatch(/^Gone Feed \(.*\/gone\): HTTP 404 Not Found$/);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('keeps to the global and per-host limits', async () => {
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    let activeAll = 0;
    let peakAll = 0;
    server.route('/counted', (req, res) => {
      const host = req.headers.host!.split(':')[0]!;
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host)!));
      peakAll = Math.max(peakAll, ++activeAll);
      setTimeout(() => {
        active.set(host, active.get(host)! - 1);
        activeAll--;
        res.end(rss('Counted'));
      }, 30);
    });
    const hosts = ['a.test', 'b.test', 'c.test'];
    const sources = Array.from({ length: 24 }, (_, i) => ({ url: `http://${hosts[i % 3]}:${server.port}/counted?i=${i}` }));
    const results = await pollFeeds(sources, new Map(), {
      ...options,
      concurrency: 4,
      perHost: 2,
      guard: { resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peakAll).toBeLessThanOrEqual(4);
    expect(peakAll).toBeGreaterThanOrEqual(3);
    for (const host of hosts) expect(peak.get(host)).toBeLessThanOrEqual(2);
  });

  it('never rejects, even when the progress callback throws', async () => {
    const results = await pollFeeds([{ url: 'not a url' }, { url: server.url('/news') }], new Map(), { ...options, concurrency: 2, perHost: 1 }, () => {
      throw new Error('boom');
    });
    expect(results[0]).toMatchObject({ ok: false, error: 'invalid URL: not a url' });
    expect(results[1]!.ok).toBe(true);
  });

  it('uses stored state for conditional requests', async () => {
    const first = await pollFeed({ url: server.url('/etag') }, undefined, options, now);
    const [r] = await pollFeeds([{ url: server.url('/etag') }], new Map([[server.url('/etag'), first.state]]), { ...options, concurrency: 1, perHost: 1 });
    expect(r!.notModified).toBe(true);
  });

  it('spreads starts over the interval', async () => {
    const started = Date.now();
    const url = server.url('/news');
    await pollFeeds([{ url }], new Map(), { ...options, concurrency: 1, perHost: 1, spreadMs: 400 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(spreadDelay(url, 400) - 5);
  });
});

describe('schedule helpers', () => {
  it('computes a stable spread offset within the interval', () => {
    const a = spreadDelay('https://a.example/feed', 300_000);
    expect(spreadDelay('https://a.example/feed', 300_000)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(300_000);
    const offsets = new Set(Array.from({ length: 100 }, (_, i) => Math.floor(spreadDelay(`https://f${i}.example/`, 10) )));
    expect(offsets.size).toBeGreaterThan(5);
  });

  it('jitters backoff by ±20% and caps it', () => {
    expect(backoffDelay(1, () => 0)).toBe(0.8 * BACKOFF_BASE_MS);
    expect(backoffDelay(1, () => 1)).toBe(1.2 * BACKOFF_BASE_MS);
    expect(backoffDelay(30, () => 0.5)).toBe(BACKOFF_CAP_MS);
  });

  it('reads Retry-After forms and clamps them', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('9999999', now)).toBe(24 * 3600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('treats a missing state as due', () => {
    expect(isDue(undefined, now)).toBe(true);
  });

  it('limits concurrency exactly', async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
