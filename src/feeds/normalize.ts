// Turning a raw feed item into an Article: identity, links, text. Pure.
import { articleId, contentHash } from './article-id.ts';
import type { Article, Block } from './types.ts';
import { blocksFromText, bodyText } from './article-body.ts';
import { cleanHeadline } from './headline.ts';
import { htmlToBlocks, htmlToInline, looksLikeHtml } from './html-to-text.ts';

/** Fields read from an item in any feed format, before normalisation. */
export interface RawItem {
  guid?: string | null;
  title?: string | null;
  link?: string | null;
  /** Raw date string as the feed wrote it. */
  date?: string | null;
  /** Already-parsed ISO date (JSON Feed / Atom after validation). */
  published?: string | null;
  author?: string | null;
  categories?: string[];
  /** Body candidates, richest first (content:encoded, content, description, summary). */
  bodies: (string | null | undefined)[];
  /** True when the body is known to be plain text (JSON Feed content_text). */
  bodyIsText?: boolean;
}

/** Absolute URL for a link found in a feed, or '' when it cannot be one (or is not http/https). */
export function resolveLink(link: string | null | undefined, base: string): string {
  const raw = (link ?? '').trim();
  if (!raw) return '';
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

/** Text of a title: tags removed, entities decoded (also double-encoded ones like "&amp;amp;"). */
export function cleanTitle(title: string | null | undefined): string {
  return title ? htmlToInline(title) : '';
}

/** The item's body: its richest non-empty content, as blocks. */
function bodyOf(raw: RawItem): Block[] {
  for (const body of raw.bodies) {
    if (typeof body !== 'string' || !body.trim()) continue;
    const blocks = raw.bodyIsText || !looksLikeHtml(body) ? blocksFromText(body) : htmlToBlocks(body);
    if (blocks.length > 0) return blocks;
  }
  return [];
}

export function toArticle(raw: RawItem, feedUrl: string, baseUrl: string, source: string, parseDate: (s: string) => string | null): Article {
  const link = resolveLink(raw.link, baseUrl);
  const body = bodyOf(raw);
  const text = bodyText(body);
  let title = cleanHeadline(cleanTitle(raw.title), [source, hostName(link || baseUrl)]);
  // Items without a title (allowed in RSS) get the start of their text, so a brief can name them.
  if (!title && text) title = text.length > 100 ? `${text.slice(0, 97).trimEnd()}…` : text;
  const guid = (raw.guid ?? '').trim();
  const published = raw.published ?? (raw.date ? parseDate(raw.date) : null);
  const author = cleanTitle(raw.author) || null;
  const categories = [...new Set((raw.categories ?? []).map((c) => cleanTitle(c)).filter(Boolean))];
  return {
    id: articleId(feedUrl, guid, link, title, text),
    feedUrl,
    source,
    title,
    link,
    published,
    author,
    categories,
    body,
    bodySource: 'feed',
    contentHash: contentHash(title, text),
    lang: null,
  };
}

/** Host name of a URL for use as a source name ("www." dropped), or the URL itself. */
export function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
