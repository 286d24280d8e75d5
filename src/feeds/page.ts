// A single web page read as an article, for `newsbrief condense URL|FILE.html`: the same limits,
// address guard and Readability extraction that full-text polling uses.
import type { Article } from './types.ts';
import { extractReadable, fetchReadable, type Readable } from './fulltext.ts';
import { defaultFetchOptions, type FetchOptions } from './http.ts';
import { articleId, canonicalLink, contentHash } from './article-id.ts';
import { hostName } from './normalize.ts';
import { cleanFeedText } from './control-chars.ts';
import { bodyText } from './article-body.ts';

function toArticle(page: Readable, url: string): Article {
  const link = /^https?:/i.test(url) ? canonicalLink(url) : '';
  const published = page.publishedTime ?? null;
  return cleanFeedText({
    id: articleId('', '', link, page.title, bodyText(page.body)),
    feedUrl: '',
    source: page.siteName || (link ? hostName(link) : ''),
    title: page.title,
    link,
    published,
    author: page.byline ?? null,
    categories: [],
    body: page.body,
    bodySource: 'page',
    contentHash: contentHash(page.title, bodyText(page.body)),
    lang: page.lang,
  });
}

/** Reads an HTML document (already in hand) as an article; throws when it holds no readable text. */
export function articleFromHtml(html: string, url: string): Article {
  const page = extractReadable(html, url);
  if (!page) throw new Error('no readable article in the page');
  return toArticle(page, url);
}

/** Fetches a page and reads it as an article; throws an Error with a human reason. */
export async function fetchArticlePage(url: string, options: Partial<FetchOptions> = {}): Promise<Article> {
  return toArticle(await fetchReadable(url, { ...defaultFetchOptions, ...options }), url);
}
