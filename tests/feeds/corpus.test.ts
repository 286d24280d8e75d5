// Robustness over our own fixtures and over the shared public corpus (gofeed and feedparser
// test files). Every document must parse or fail with a FeedParseError and a reason, quickly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { decodeBody } from '../../src/feeds/charset.ts';
import { bodyText } from '../../src/feeds/article-body.ts';
import { FeedParseError, parseFeed, type ParsedFeed } from '../../src/feeds/parse.ts';
import { defaultFetchOptions, pollFeed, type PollResult } from '../../src/feeds/index.ts';
import { FIXTURES } from './helpers.ts';
import { startServer, type TestServer } from '../support/http-server.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/feeds-corpus/', import.meta.url));
const PER_FILE_MS = 2000;

type Outcome = { feed: ParsedFeed; reason?: undefined; ms: number } | { feed?: undefined; reason: string; ms: number };

/** Parses bytes the way the poller does; any exception other than FeedParseError escapes. */
function attempt(bytes: Buffer, contentType?: string): Outcome {
  const started = performance.now();
  try {
    const feed = parseFeed(decodeBody(bytes, contentType).text, 'https://corpus.example/feed');
    return { feed, ms: performance.now() - started };
  } catch (e) {
    if (!(e instanceof FeedParseError)) throw e;
    expect(e.message.length).toBeGreaterThan(5);
    return { reason: e.message, ms: performance.now() - started };
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('own fixtures', () => {
  const files = readdirSync(FIXTURES);

  it.each(files)('%s parses or fails with a reason, quickly', (name) => {
    const outcome = attempt(readFileSync(FIXTURES + name));
    expect(outcome.ms).toBeLessThan(PER_FILE_MS);
    if (outcome.feed) for (const a of outcome.feed.articles) expect(a.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads a feed with a huge item', () => {
    const body = `<p>${'word '.repeat(400_000)}</p>`;
    const xml = `<rss version="2.0"><channel><title>Huge</title><item><title>Big</title><description><![CDATA[${body}]]></description></item><item><title>Small</title></item></channel></rss>`;
    const outcome = attempt(Buffer.from(xml));
    expect(outcome.feed!.articles.map((a) => a.title)).toEqual(['Big', 'Small']);
    expect(bodyText(outcome.feed!.articles[0]!.body).length).toBeGreaterThan(1_900_000);
    expect(outcome.ms).toBeLessThan(PER_FILE_MS);
  });

  it('reads a feed with 5,000 items', () => {
    const items = Array.from({ length: 5000 }, (_, i) => `<item><title>T${i} &amp; co</title><link>https://many.example/${i}</link><description>&lt;p&gt;Body ${i}&lt;/p&gt;</description></item>`);
    const outcome = attempt(Buffer.from(`<rss version="2.0"><channel><title>Many</title>${items.join('')}</channel></rss>`));
    expect(outcome.feed!.articles).toHaveLength(5000);
    expect(new Set(outcome.feed!.articles.map((a) => a.id)).size).toBe(5000);
    expect(outcome.ms).toBeLessThan(PER_FILE_MS);
  });
});

describe('hostile documents', () => {
  const channel = (inner: string) => `<rss version="2.0"><channel><title>H</title>${inner}</channel></rss>`;
  it.each([
    ['deep nesting', channel(`<item><title>t</title><description>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}</description></item>`)],
    ['deep unclosed nesting', channel(`<item><title>t</title><description>${'<div>'.repeat(50_000)}</description></item>`)],
    ['100,000 invented entity names', channel(`<item><title>${Array.from({ length: 100_000 }, (_, i) => `&zz${i};`).join('')}</title></item>`)],
    ['a 3 MB attribute', channel(`<item title="${'x'.repeat(3_000_000)}"><title>t</title></item>`)],
    ['200,000 unclosed tags', channel(`<item><title>${'<a '.repeat(200_000)}</title></item>`)],
  ])('%s parses or fails with a reason within 5 s', (_name, xml) => {
    const outcome = attempt(Buffer.from(xml));
    expect(outcome.ms).toBeLessThan(5000);
    if (outcome.reason) expect(outcome.reason).not.toMatch(/call stack/);
  });
});

/** Comment header of a feedparser test file (which is itself UTF-16/32 in such files). */
function feedparserHeader(bytes: Buffer): { contentType?: string; expect: string } {
  let head = '';
  for (const enc of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
    const text = new TextDecoder(enc).decode(bytes.subarray(0, 4000));
    if (text.includes('Expect') || text.includes('Header')) {
      head = text;
      break;
    }
  }
  if (!head) {
    // UTF-32: keep every fourth byte of the ASCII comment.
    const start = bytes[0] === 0 ? 3 : 0;
    head = Array.from({ length: Math.min(1000, bytes.length >> 2) }, (_, i) => String.fromCharCode(bytes[i * 4 + start] ?? 32)).join('');
  }
  return { contentType: /Header:\s*Content-type:\s*(.*)/i.exec(head)?.[1]?.trim(), expect: /Expect:\s*(.*)/.exec(head)?.[1]?.trim() ?? '' };
}

function pyString(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(['"\\])/g, (_, u: string, x: string, c: string) =>
    u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : c,
  );
}

const titlesOf = (feed: ParsedFeed) => [feed.title, ...feed.articles.map((a) => a.title)].join('\n');

describe.skipIf(!existsSync(CORPUS))('shared corpus', () => {
  const all = existsSync(CORPUS) ? walk(CORPUS).filter((f) => f.endsWith('.xml')) : [];
  const outcomes = new Map<string, Outcome>();
  const rate = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(1)}%)`;

  beforeAll(() => {
    for (const file of all) {
      const bytes = readFileSync(file);
      const header = file.includes('/feedparser/') && basename(file).includes('http') ? (feedparserHeader(bytes).contentType ?? 'text/xml') : undefined;
      outcomes.set(file, attempt(bytes, header));
    }
  });

  it('every file parses or fails with a reason, each within the time bound', () => {
    expect(all.length).toBeGreaterThan(600);
    for (const [file, outcome] of outcomes) {
      expect(outcome.feed !== undefined || typeof outcome.reason === 'string', file).toBe(true);
      expect(outcome.ms, file).toBeLessThan(PER_FILE_MS);
    }
    const failed = [...outcomes.values()].filter((o) => o.reason).length;
    console.info(`[corpus] ${all.length} files: ${all.length - failed} parsed, ${failed} failed with a reason`);
  });

  it('agrees with gofeed on item counts', () => {
    let agree = 0;
    let total = 0;
    for (const [file, outcome] of outcomes) {
      if (!file.includes('/gofeed/') || file.includes('/universal/')) continue;
      const json = file.replace(/\.xml$/, '.json');
      if (!existsSync(json)) continue;
      const expected = JSON.parse(readFileSync(json, 'utf8')) as { items?: unknown[]; entries?: unknown[] };
      total++;
      if (outcome.feed && outcome.feed.articles.length === (expected.items ?? expected.entries ?? []).length) agree++;
    }
    console.info(`[corpus] gofeed item-count agreement: ${rate(agree, total)}`);
    expect(total).toBeGreaterThan(400);
    expect(agree / total).toBeGreaterThanOrEqual(0.98);
  });

  it('meets gofeed universal expectations', () => {
    for (const [file, outcome] of outcomes) {
      if (!file.includes('/universal/')) continue;
      if (/(unknown|empty)_feed\.xml$/.test(file)) expect(outcome.reason, file).toBeTypeOf('string');
      else expect(outcome.feed?.title, file).toBe('Feed Title');
    }
  });

  it('decodes feedparser encoding cases without replacement characters', () => {
    let clean = 0;
    let total = 0;
    let titled = 0;
    let titledClean = 0;
    let titledExact = 0;
    for (const [file, outcome] of outcomes) {
      if (!file.includes('/feedparser/')) continue;
      const { expect: expectation } = feedparserHeader(readFileSync(file));
      const title = /(feed\['title'\]|entries\[(\d)\]\['title'\])\s*==\s*u?(['"])(.*?)\3/.exec(expectation);
      if (title && outcome.feed) {
        const want = pyString(title[4]!);
        const got = title[2] ? outcome.feed.articles[Number(title[2])]?.title : outcome.feed.title;
        titled++;
        if (!got?.includes('\uFFFD') || want.includes('\uFFFD')) titledClean++;
        if (got === want) titledExact++;
      }
      // Files made of invalid bytes on purpose cannot decode cleanly.
      if (!file.includes('/encoding/') || file.includes('invalid-bytes')) continue;
      total++;
      if (outcome.feed && !titlesOf(outcome.feed).includes('\uFFFD')) clean++;
      else if (outcome.reason) clean++;
    }
    console.info(`[corpus] feedparser encoding/: titles free of U+FFFD ${rate(clean, total)}`);
    console.info(`[corpus] feedparser title expectations: no U+FFFD ${rate(titledClean, titled)}, exact ${rate(titledExact, titled)} (markup in titles is stripped here on purpose)`);
    expect(total).toBeGreaterThan(70);
    expect(clean / total).toBeGreaterThanOrEqual(0.97);
    expect(titledClean).toBe(titled);
  });

  it('picks the charset feedparser expects, except where RFC 3023 says us-ascii for text/*', () => {
    // feedparser follows RFC 3023: text/xml without a charset is us-ascii even when the prolog
    // says otherwise. Here the prolog wins (what publishers mean); those cases are counted apart.
    const family = (c: string) => ({ 'us-ascii': 'windows-1252', 'iso-8859-1': 'windows-1252', gb2312: 'gb18030' })[c] ?? c;
    let agree = 0;
    let total = 0;
    let rfc3023 = 0;
    for (const file of all.filter((f) => f.includes('/feedparser/'))) {
      const bytes = readFileSync(file);
      const { contentType, expect: expectation } = feedparserHeader(bytes);
      const wanted = /encoding == '([^']+)'/.exec(expectation)?.[1]?.toLowerCase();
      if (!wanted) continue;
      const http = basename(file).includes('http');
      if (http && /^text\//i.test(contentType ?? 'text/xml') && !/charset\s*=/i.test(contentType ?? '')) {
        rfc3023++;
        continue;
      }
      total++;
      if (family(decodeBody(bytes, http ? (contentType ?? 'text/xml') : undefined).charset) === family(wanted)) agree++;
    }
    console.info(`[corpus] feedparser charset agreement: ${rate(agree, total)} (+${rfc3023} RFC 3023 text/* defaults set aside)`);
    expect(agree / total).toBeGreaterThanOrEqual(0.85);
  });

  describe('feedparser http cases over HTTP', () => {
    let server: TestServer;
    const httpFiles = all.filter((f) => f.includes('/feedparser/') && basename(f).includes('http'));
    const results = new Map<string, PollResult>();

    beforeAll(async () => {
      server = await startServer();
      for (const file of httpFiles) {
        const bytes = readFileSync(file);
        const contentType = feedparserHeader(bytes).contentType ?? 'text/xml';
        server.route(`/${basename(file)}`, (_req, res) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(bytes);
        });
      }
      const options = { ...defaultFetchOptions, allowPrivateAddresses: true, timeoutMs: 2000, logger: pino({ level: 'silent' }) };
      for (const file of httpFiles) results.set(file, await pollFeed({ url: server.url(`/${basename(file)}`) }, undefined, options));
    });

    afterAll(() => server.close());

    it('each answers with articles or a reason, and matches the byte path', () => {
      expect(httpFiles.length).toBeGreaterThanOrEqual(45);
      for (const file of httpFiles) {
        const r = results.get(file)!;
        expect(r.ok || typeof r.error === 'string', file).toBe(true);
        const direct = outcomes.get(file)!;
        expect(r.ok, file).toBe(direct.feed !== undefined);
        if (direct.feed) expect(r.articles.map((a) => a.title), file).toEqual(direct.feed.articles.map((a) => a.title));
      }
    });
  });
});
