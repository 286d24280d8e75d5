// Turning a raw feed item into an Article: identity, links, text. Pure.
import { createHash } from 'node:crypto';
import type { Article, Block } from './types.ts';
import { blocksFromText, bodyText } from './article-body.ts';
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

// Query parameters that identify a campaign or a click, never the article.
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ocid|cmpid|ncid|sr_share|at_medium|at_campaign|spm)$/i;

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

/** The link without tracking parameters and fragment, so the same story has one identity. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) {
      if (TRACKING.test(key)) url.searchParams.delete(key);
    }
    if (url.search === '?') url.search = '';
    return url.href;
  } catch {
    return link;
  }
}

function sha12(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 12);
}

/**
 * Stable 12-hex id. A guid is scoped by the feed URL (guids such as "1" repeat across feeds);
 * a link is global (the same URL from two feeds is one story); otherwise title and text.
 */
export function articleId(feedUrl: string, guid: string, link: string, title: string, text: string): string {
  if (guid) return sha12(`guid\n${feedUrl}\n${guid}`);
  if (link) return sha12(`link\n${canonicalLink(link)}`);
  return sha12(`content\n${title}\n${text}`);
}

/** Hash of an item's title and text: what decides whether a seen item changed. */
export function contentHash(title: string, text: string): string {
  return createHash('sha1').update(title).update('\n').update(text).digest('hex').slice(0, 16);
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
  let title = cleanTitle(raw.title);
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
