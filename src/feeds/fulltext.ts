// Full text for items whose feed carries only a teaser: fetch the linked page under the same
// limits and address guard as feeds, and extract the main text with Readability on linkedom.
// Any failure (paywall, block page, PDF, timeout) keeps the feed's snippet; the reason is
// logged at debug level, since a missing full text is normal and not worth an operator's time.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Article, Block } from './types.ts';
import { bodyWords } from './article-body.ts';
import { decodeBody } from './charset.ts';
import { primaryLanguage } from './declared-language.ts';
import { FetchError, PAGE_ACCEPT, fetchUrl, type FetchOptions } from './http.ts';
import { htmlToBlocks } from './html-to-text.ts';
import { readPageMeta } from './page-meta.ts';
import { createLimiter } from './limiter.ts';
import { silentLogger, type Logger } from '../util/log.ts';

export interface FullTextOptions {
  /** Items with fewer words than this get their page fetched. */
  minWords?: number;
  /** Pages fetched at once (per call). */
  concurrency?: number;
  logger?: Logger;
}

export const FULLTEXT_MIN_WORDS = 150;
const FULLTEXT_CONCURRENCY = 4;
// Readability strips class names; these stay, so that captions and photo credits are still known
// for what they are when the article's HTML is turned into text (their text stays out of briefs).
const CAPTION_CLASSES = [
  'caption', 'captions', 'credit', 'credits', 'figcaption', 'image-caption', 'img-caption', 'photo-caption', 'media-caption',
  'caption-text', 'article-caption', 'inline-caption', 'wp-caption', 'wp-caption-text', 'photo-credit', 'image-credit',
  'media-credit', 'credit-text', 'picture-caption', 'pic-caption', 'caption-credit',
];
// Readability walks every element; a pathological page must not pin the CPU.
const MAX_ELEMENTS = 30_000;

export interface Readable {
  /** The reconciled headline (see page-meta.ts). */
  title: string;
  body: Block[];
  siteName?: string;
  byline?: string;
  /** ISO 8601. */
  publishedTime?: string;
  lang: string | null;
}

/** Main text of an HTML page, or null when Readability finds no article in it. Pure. */
export function extractReadable(html: string, url: string): Readable | null {
  const { document } = parseHTML(html);
  // Readability rewrites the document, so the page's own metadata is read first.
  const meta = readPageMeta(document as unknown as Parameters<typeof readPageMeta>[0], url);
  // Readability resolves relative links against the document URL.
  try {
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
    Object.defineProperty(document, 'baseURI', { value: url, configurable: true });
  } catch {
    /* read-only in some DOM builds; relative links then stay relative */
  }
  const article = new Readability(document as unknown as Document, { maxElemsToParse: MAX_ELEMENTS, classesToPreserve: CAPTION_CLASSES }).parse();
  if (!article?.content) return null;
  const body = htmlToBlocks(article.content);
  if (body.length === 0) return null;
  const published = meta.published ?? (article.publishedTime && !Number.isNaN(Date.parse(article.publishedTime)) ? new Date(article.publishedTime).toISOString() : null);
  const siteName = meta.siteName ?? article.siteName ?? null;
  const byline = meta.author ?? article.byline ?? null;
  return {
    title: meta.headline || (article.title ?? ''),
    body,
    lang: meta.lang ?? primaryLanguage(article.lang),
    ...(siteName ? { siteName } : {}),
    ...(byline ? { byline } : {}),
    ...(published ? { publishedTime: published } : {}),
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

// A teaser that ends like this was cut short by the feed, whatever its length.
const TRUNCATED = /(?:…|\.\.\.|\[(?:…|\.\.\.)\]|\b(?:read more|continue reading|read the full (?:story|article)|more\s*»)\W*)$/i;
// Under this many words a truncated teaser is still worth replacing with its page.
const TRUNCATED_MAX_WORDS = 400;

/**
 * Whether an item's page should be fetched: it has a link and its own text is a teaser, i.e.
 * shorter than `minWords` words of running text, or visibly cut short ("…", "Read more").
 */
export function wantsPage(article: Article, minWords = FULLTEXT_MIN_WORDS): boolean {
  if (!/^https?:\/\//i.test(article.link)) return false;
  const words = bodyWords(article.body);
  if (words < minWords) return true;
  const last = article.body[article.body.length - 1]?.text ?? '';
  return words < TRUNCATED_MAX_WORDS && TRUNCATED.test(last);
}

/**
 * The article with the page's body when the page says more than the feed did: more words of
 * running text than the teaser. Otherwise the teaser stays, with the reason in `bodyNote`.
 */
export function withPage(article: Article, page: Readable): Article {
  const teaserWords = bodyWords(article.body);
  const pageWords = bodyWords(page.body);
  if (pageWords <= teaserWords) {
    return { ...article, bodyNote: `the page's text (${pageWords} words) is no longer than the feed's (${teaserWords}); paywalled or not an article page` };
  }
  const { bodyNote: _dropped, ...rest } = article;
  return {
    ...rest,
    body: page.body,
    bodySource: 'page',
    // The feed's own title and date are kept: they are the item's; the page fills what is missing.
    title: article.title || page.title,
    published: article.published ?? page.publishedTime ?? null,
    author: article.author ?? page.byline ?? null,
    lang: page.lang ?? article.lang,
  };
}

/**
 * Returns the articles with their linked page's body where the feed carries only a teaser (see
 * `wantsPage` and `withPage`). A page that cannot be fetched or read leaves the teaser, with the
 * reason in `bodyNote` and logged. Never rejects.
 */
export async function enrichWithFullText(articles: Article[], fetchOptions: FetchOptions, options: FullTextOptions = {}): Promise<Article[]> {
  const minWords = options.minWords ?? FULLTEXT_MIN_WORDS;
  const log = options.logger ?? silentLogger;
  const limiter = createLimiter(options.concurrency ?? FULLTEXT_CONCURRENCY);
  return Promise.all(
    articles.map(async (article) => {
      if (!wantsPage(article, minWords)) return article;
      return limiter.run(async () => {
        let result: Article;
        try {
          result = withPage(article, await fetchReadable(article.link, fetchOptions));
        } catch (e) {
          const reason = e instanceof FetchError || e instanceof Error ? e.message : String(e);
          result = { ...article, bodyNote: `the page could not be used: ${reason}` };
        }
        if (result.bodyNote) log.info({ link: article.link, feed: article.feedUrl, reason: result.bodyNote }, `full text not used for ${article.link}: ${result.bodyNote}`);
        return result;
      });
    }),
  );
}
