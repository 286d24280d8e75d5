// Turning a raw feed item into an Article: identity, links, text. Pure.
import { articleId } from './article-id.ts';
import type { Article } from './types.ts';
import { decodeEntities, htmlToText, looksLikeHtml, normalizeText } from './html.ts';

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
  if (!title) return '';
  let t = title;
  if (/<[a-zA-Z/]/.test(t)) t = htmlToText(t);
  for (let i = 0; i < 2 && /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(t); i++) t = decodeEntities(t);
  return t.replace(/\s+/g, ' ').trim();
}

function bodyOf(raw: RawItem): { text: string; html: string | null } {
  for (const body of raw.bodies) {
    if (typeof body !== 'string' || !body.trim()) continue;
    if (raw.bodyIsText || !looksLikeHtml(body)) return { text: normalizeText(body), html: null };
    const text = htmlToText(body);
    if (text) return { text, html: body };
  }
  return { text: '', html: null };
}

export function toArticle(raw: RawItem, feedUrl: string, baseUrl: string, source: string, parseDate: (s: string) => string | null): Article {
  const link = resolveLink(raw.link, baseUrl);
  const { text, html } = bodyOf(raw);
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
    text,
    html,
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
