import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from 'pino';
import { defaultFetchOptions, enrichWithFullText, pollFeed, type Article, type PollOptions } from '../../src/feeds/index.ts';
import { extractReadable, wantsPage } from '../../src/feeds/fulltext.ts';
import { blocksFromText, bodyText } from '../../src/feeds/article-body.ts';
import { serve, startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;
const words = (n: number, word = 'lorem') => Array.from({ length: n }, (_, i) => `${word}${i % 7}`).join(' ');
const page = (body: string) =>
  `<!DOCTYPE html><html><head><title>Story</title></head><body><nav>Home | World | Sport</nav><article><h1>Story</h1>${body}</article><footer>© Site</footer></body></html>`;
const longArticle = page(Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}. ${words(60)}.</p>`).join(''));
const paywalled = page('<p>Subscribe to continue reading this story today.</p>');

const debugLines: string[] = [];
const logger = { debug: () => {}, warn: () => {}, info: (_obj: unknown, msg: string) => debugLines.push(msg) } as unknown as Logger;
const options: PollOptions = { ...defaultFetchOptions, allowPrivateAddresses: true, timeoutMs: 1000, logger };

function article(link: string, text = 'A short teaser.'): Article {
  return { id: 'x', feedUrl: 'f', source: 's', title: 't', link, published: null, author: null, categories: [], body: blocksFromText(text), bodySource: 'feed', contentHash: 'h', lang: null };
}

beforeAll(async () => {
  server = await startServer({
    '/story': serve(longArticle, { 'content-type': 'text/html; charset=utf-8' }),
    '/paywall': serve(paywalled, { 'content-type': 'text/html' }),
    '/pdf': serve('%PDF-1.4', { 'content-type': 'application/pdf' }),
    '/slow': () => {
      /* never answers */
    },
  });
  server.route(
    '/feed',
    serve(
      `<rss version="2.0"><channel><title>Teasers</title>
        <item><title>Short</title><link>${server.url('/story')}</link><description>Teaser only.</description></item>
        <item><title>Long</title><link>${server.url('/story')}</link><description>${words(200)}</description></item>
        <item><title>Walled</title><link>${server.url('/paywall')}</link><description>Teaser of a walled story that is longer than the wall text itself, really.</description></item>
      </channel></rss>`,
    ),
  );
});

afterAll(() => server.close());

describe('full text', () => {
  it('extracts the main text of a page without navigation or footer', () => {
    const readable = extractReadable(longArticle, 'https://site.example/story')!;
    const text = bodyText(readable.body);
    expect(text).toContain('Paragraph 0.');
    expect(text).toContain('\n\nParagraph 1.');
    expect(text).not.toContain('Home | World');
  });

  it('replaces short texts with the page text when fullText is on', async () => {
    const r = await pollFeed({ url: server.url('/feed') }, undefined, { ...options, fullText: true });
    const [short, long, walled] = r.articles;
    expect(short!.bodySource).toBe('page');
    expect(bodyText(short!.body)).toContain('Paragraph 5.');
    expect(long!.bodySource).toBe('feed');
    expect(bodyText(walled!.body)).toBe('Teaser of a walled story that is longer than the wall text itself, really.');
    expect(walled!.bodyNote).toMatch(/no longer than the feed's.*paywalled/);
    expect(debugLines.some((l) => l.includes('/paywall') && l.includes('paywalled'))).toBe(true);
  });

  it('does not fetch pages when fullText is off', async () => {
    const before = server.requests.filter((r) => r.path === '/story').length;
    const r = await pollFeed({ url: server.url('/feed') }, undefined, options);
    expect(bodyText(r.articles[0]!.body)).toBe('Teaser only.');
    expect(server.requests.filter((r) => r.path === '/story').length).toBe(before);
  });

  it.each([
    ['/missing', 'HTTP 404 Not Found'],
    ['/pdf', 'not an HTML page (application/pdf)'],
    ['/slow', 'timed out after 200 ms'],
  ])('keeps the snippet when %s fails, logging why', async (path, reason) => {
    const [a] = await enrichWithFullText([article(server.url(path))], { ...options, timeoutMs: 200 }, { logger });
    expect(bodyText(a!.body)).toBe('A short teaser.');
    expect(a!.bodyNote).toContain(reason);
    expect(debugLines.at(-1)).toContain(reason);
  });

  it('applies the address guard to article links', async () => {
    const [a] = await enrichWithFullText([article(server.url('/story'))], { ...options, allowPrivateAddresses: false }, { logger });
    expect(a!.bodySource).toBe('feed');
    expect(debugLines.at(-1)).toContain('refused: loopback address 127.0.0.1');
  });

  it('bounds concurrency', async () => {
    let active = 0;
    let peak = 0;
    server.route('/counted', (_req, res) => {
      peak = Math.max(peak, ++active);
      setTimeout(() => {
        active--;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(longArticle);
      }, 20);
    });
    const list = Array.from({ length: 10 }, (_, i) => article(server.url(`/counted?i=${i}`)));
    const out = await enrichWithFullText(list, options, { concurrency: 2, logger });
    expect(out.every((a) => a.bodySource === 'page')).toBe(true);
    expect(peak).toBe(2);
  });
});

describe('when a page is fetched', () => {
  const link = 'https://news.example/story';
  it('fetches for teasers: short texts, and longer ones visibly cut short', () => {
    expect(wantsPage(article(link, 'The port closed after a storm.'))).toBe(true);
    expect(wantsPage(article(link, words(200)))).toBe(false);
    expect(wantsPage(article(link, `${words(200)} … Read more`))).toBe(true);
    expect(wantsPage(article(link, `${words(500)} …`))).toBe(false);
  });
  it('never fetches without an http(s) link', () => {
    expect(wantsPage(article(''))).toBe(false);
    expect(wantsPage(article('mailto:desk@news.example'))).toBe(false);
  });
});

describe('captions on fetched pages', () => {
  it('are still marked as captions after Readability has cleaned the page', () => {
    const html = page(`<div class="image"><img src="a.jpg" alt="x"><p class="caption">The minister faced questions from both camps.</p></div>${Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i}. ${words(60)}.</p>`).join('')}`);
    const readable = extractReadable(html, 'https://site.example/story')!;
    expect(readable.body.find((b) => b.text.startsWith('The minister faced'))?.kind).toBe('caption');
    expect(readable.body.filter((b) => b.kind === 'paragraph').length).toBeGreaterThanOrEqual(5);
  });
});
