// Full text for items whose feed carries only a teaser: fetch the linked page under the same
// limits and address guard as feeds, and extract the main text with Readability on linkedom.
// Any failure (paywall, block page, PDF, timeout) keeps the feed's snippet; the reason is
// logged at debug level, since a missing full text is normal and not worth an operator's time.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Article } from './types.ts';
import { decodeBody } from './charset.ts';
import { FetchError, PAGE_ACCEPT, fetchUrl, type FetchOptions } from './http.ts';
import { htmlToText, wordCount } from './html.ts';
import { createLimiter } from './limiter.ts';
import { silentLogger, type Logger } from '../util/log.ts';

export interface FullTextOptions {
  /** Items with fewer words than this get their page fetched. */
  minWords?: number;
  /** Pages fetched at once (per call). */
  concurrency?: number;
  logger?: Logger;
}

export const FULLTEXT_MIN_WORDS = 120;
const FULLTEXT_CONCURRENCY = 4;
// Readability walks every element; a pathological page must not pin the CPU.
const MAX_ELEMENTS = 30_000;

export interface Readable {
  title: string;
  text: string;
  html: string;
  /** From the page's metadata, when it has them (publishedTime as ISO 8601). */
  siteName?: string;
  byline?: string;
  publishedTime?: string;
}

// Publication dates as pages declare them, beyond the ones Readability reads itself.
const DATE_META = /<meta\s+[^>]*(?:name|property|itemprop)=["'](?:date|pubdate|publishdate|dc\.date|dcterms\.date|article:published_time|og:published_time|datePublished)["'][^>]*>/i;
const CONTENT_ATTR = /content=["']([^"']{4,40})["']/i;
const TIME_TAG = /<time\s+[^>]*datetime=["']([^"']{4,40})["']/i;

function withDate(iso: string | null): { publishedTime?: string } {
  return iso ? { publishedTime: iso } : {};
}

function pageDate(html: string, declared: string | undefined): string | null {
  const meta = DATE_META.exec(html)?.[0];
  for (const candidate of [declared, meta ? CONTENT_ATTR.exec(meta)?.[1] : undefined, TIME_TAG.exec(html)?.[1]]) {
    if (candidate && !Number.isNaN(Date.parse(candidate))) return new Date(candidate).toISOString();
  }
  return null;
}

/** Main text of an HTML page, or null when Readability finds no article in it. Pure. */
export function extractReadable(html: string, url: string): Readable | null {
  const { document } = parseHTML(html);
  // Readability resolves relative links against the document URL.
  try {
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
    Object.defineProperty(document, 'baseURI', { value: url, configurable: true });
  } catch {
    /* read-only in some DOM builds; relative links then stay relative */
  }
  const article = new Readability(document as unknown as Document, { maxElemsToParse: MAX_ELEMENTS }).parse();
  if (!article?.content) return null;
  const text = htmlToText(article.content);
  if (!text) return null;
  return {
    title: article.title ?? '',
    text,
    html: article.content,
    ...(article.siteName ? { siteName: article.siteName } : {}),
    ...(article.byline ? { byline: article.byline } : {}),
    ...withDate(pageDate(html, article.publishedTime ?? undefined)),
  };
}

/** Fetches a page and extracts its readable text; throws an Error with a human reason. */
export async function fetchReadable(url: string, options: FetchOptions): Promise<Readable> {
  const res = await fetchUrl({ url, accept: PAGE_ACCEPT }, options);
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  const type = String(res.headers['content-type'] ?? '');
  if (type && !/html|xml/i.test(type)) throw new Error(`not an HTML page (${type.split(';')[0]})`);
  const { text } = decodeBody(res.body, type);
  let readable: Readable | null;
  try {
    readable = extractReadable(text, res.url);
  } catch (e) {
    throw new Error(`could not extract the page: ${(e as Error).message}`);
  }
  if (!readable) throw new Error('no readable article on the page');
  return readable;
}

/**
 * Returns the articles with `text` replaced by the linked page's text where the feed's text is
 * shorter than `minWords` and the page yields more. Never rejects.
 */
export async function enrichWithFullText(articles: Article[], fetchOptions: FetchOptions, options: FullTextOptions = {}): Promise<Article[]> {
  const minWords = options.minWords ?? FULLTEXT_MIN_WORDS;
  const log = options.logger ?? silentLogger;
  const limiter = createLimiter(options.concurrency ?? FULLTEXT_CONCURRENCY);
  return Promise.all(
    articles.map(async (article) => {
      const words = wordCount(article.text);
      if (!article.link || words >= minWords) return article;
      return limiter.run(async () => {
        try {
          const page = await fetchReadable(article.link, fetchOptions);
          const pageWords = wordCount(page.text);
          if (pageWords <= words) throw new Error(`page text (${pageWords} words) is no longer than the snippet (${words}); paywall?`);
          return { ...article, text: page.text, textSource: 'page' as const };
        } catch (e) {
          const reason = e instanceof FetchError || e instanceof Error ? e.message : String(e);
          log.debug({ link: article.link, feed: article.feedUrl, reason }, `full text unavailable for ${article.link}: ${reason}`);
          return article;
        }
      });
    }),
  );
}
