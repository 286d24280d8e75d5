// What a news page says about itself: headline, publication date, language and site name, read
// from its metadata (OpenGraph, JSON-LD, <meta>, <h1>, <title>) before the article text is
// extracted. Pages disagree with themselves: <title> carries the site and section, <h1> may be
// the masthead or carry a kicker, JSON-LD may hold a page ID where the headline belongs. The
// candidates are reconciled here, in one place.
import { decodeHTML } from 'entities';
import { primaryLanguage } from './declared-language.ts';
import { cleanHeadline } from './headline.ts';
import { tidyText } from './html-to-text.ts';

export interface PageMeta {
  headline: string;
  /** ISO 8601 publication time, or null. */
  published: string | null;
  lang: string | null;
  siteName: string | null;
  author: string | null;
}

/** The parts of a DOM that metadata reading needs (linkedom's document provides them). */
interface MetaDocument {
  querySelectorAll(selector: string): ArrayLike<MetaElement>;
  documentElement?: MetaElement | null;
}
interface MetaElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

const NEWS_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle)$/;

function metaContent(doc: MetaDocument, names: string[]): string | null {
  for (const name of names) {
    const els = doc.querySelectorAll(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    for (let i = 0; i < els.length; i++) {
      const v = els[i]!.getAttribute('content');
      if (v && v.trim()) return tidyText(decodeHTML(v));
    }
  }
  return null;
}

/** Every JSON-LD object on the page, @graph members included. */
function jsonLd(doc: MetaDocument): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || out.length > 50 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    out.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
    if (o.mainEntity) visit(o.mainEntity, depth + 1);
  };
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    try {
      visit(JSON.parse(scripts[i]!.textContent ?? ''), 0);
    } catch {
      /* a broken JSON-LD block is common and carries nothing we can use */
    }
  }
  return out;
}

function isNewsObject(o: Record<string, unknown>): boolean {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && NEWS_TYPES.test(x));
}

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return tidyText(decodeHTML(v));
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') return str((v as Record<string, unknown>).name);
  return null;
}

/** An identifier or slug where a headline belongs ("a1b2c3", "story-123456", "20191119-0042"). */
function looksLikeId(s: string): boolean {
  return !/\s/.test(s) && (/\d/.test(s) || /^[a-z0-9_-]+$/.test(s));
}

const norm = (s: string): string => s.toLowerCase().replace(/[\s\u00a0]+/g, ' ').replace(/[′’‘`]/g, "'").replace(/[“”„″]/g, '"').trim();

function hostWords(url: string): string[] {
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    const label = host.split('.').slice(-2, -1)[0] ?? host;
    return [host, label];
  } catch {
    return [];
  }
}

/**
 * Picks the headline among the page's candidates. A candidate two sources agree on wins; the
 * article's own <h1> is preferred when it agrees with the metadata; otherwise the metadata's
 * headline, then a single <h1>, then the <title>. Never the site's name, never an ID.
 */
function reconcileHeadline(candidates: { h1: string[]; meta: string[]; title: string | null }, sites: string[]): string {
  const isSiteName = (s: string): boolean => sites.some((site) => norm(site) === norm(s)) || s.split(/\s+/).length < 2 && sites.some((site) => norm(site).includes(norm(s)));
  const usable = (s: string | null | undefined): s is string => !!s && s.length >= 4 && !looksLikeId(s) && !isSiteName(s);
  const meta = candidates.meta.map((m) => cleanHeadline(m, sites)).filter(usable);
  const h1 = candidates.h1.map((h) => tidyText(h)).filter(usable);
  const title = candidates.title ? cleanHeadline(candidates.title, sites) : null;
  for (const h of h1) {
    if (meta.some((m) => norm(m) === norm(h)) || (title && norm(title) === norm(h))) return h;
  }
  // An <h1> that glues the headline to the masthead or a kicker contains the metadata headline.
  for (const m of meta) if (h1.some((h) => norm(h).includes(norm(m)))) return m;
  if (meta[0]) return meta[0];
  if (h1.length === 1 && (!title || norm(title).includes(norm(h1[0]!)) || !usable(title))) return h1[0]!;
  if (usable(title)) return title;
  return h1[0] ?? '';
}

const plausibleYear = (y: number): boolean => y >= 1990 && y <= 2100;

/**
 * An ISO 8601 time for a date as a page writes it. A time with an offset keeps it, so the
 * date part stays the publisher's own day (a story of 20:00 in Los Angeles is not dated the
 * next day); a bare day stays that day.
 */
export function isoDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) return plausibleYear(Number(day[1])) ? `${t}T00:00:00.000Z` : null;
  const withOffset = /^(\d{4})-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(t);
  if (withOffset && plausibleYear(Number(withOffset[1])) && !Number.isNaN(Date.parse(t.replace(' ', 'T')))) {
    return t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) {
    const m = /(\d{4})[-/.](\d{2})[-/.](\d{2})/.exec(t);
    return m && plausibleYear(Number(m[1])) ? `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z` : null;
  }
  return plausibleYear(new Date(ms).getUTCFullYear()) ? new Date(ms).toISOString() : null;
}

/** The day a story's URL names (".../2019/11/19/...", ".../2019-11-19/..."), or null. */
function urlDay(url: string | null): string | null {
  const m = url ? /\/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?:\/|[-_]|$)/.exec(url) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

// Meta names that hold a publication date, beyond the common ones listed by name.
const PUBLISHED_NAME = /(?:pub|post|publish|release|issue)[\w.:-]*date|date[\w.:-]*(?:pub|post|publish|issue)/i;

function looseDateMeta(doc: MetaDocument): string | null {
  const els = doc.querySelectorAll('meta[name], meta[property]');
  for (let i = 0; i < els.length; i++) {
    const name = els[i]!.getAttribute('name') ?? els[i]!.getAttribute('property') ?? '';
    if (!PUBLISHED_NAME.test(name) || /modif|updat|expir/i.test(name)) continue;
    const d = isoDate(els[i]!.getAttribute('content'));
    if (d) return d;
  }
  return null;
}

function timeElement(doc: MetaDocument, selector: string): string | null {
  const els = doc.querySelectorAll(selector);
  for (let i = 0; i < els.length && i < 5; i++) {
    const el = els[i]!;
    const d = isoDate(el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent);
    if (d) return d;
  }
  return null;
}

/** Reads the page's metadata; call before anything modifies the document. */
export function readPageMeta(doc: MetaDocument, url: string): PageMeta {
  const ld = jsonLd(doc);
  const news = ld.filter(isNewsObject);
  const siteName =
    metaContent(doc, ['og:site_name', 'application-name', 'twitter:site']) ??
    news.map((o) => str((o.publisher as Record<string, unknown> | undefined)?.name)).find(Boolean) ??
    null;
  const sites = [siteName?.replace(/^@/, ''), ...hostWords(url)].filter((s): s is string => !!s && s.length >= 2);
  const h1s: string[] = [];
  const h1Els = doc.querySelectorAll('h1');
  for (let i = 0; i < h1Els.length && i < 4; i++) {
    const t = tidyText(h1Els[i]!.textContent ?? '');
    if (t) h1s.push(t);
  }
  const metaTitles = [
    ...news.map((o) => str(o.headline)).filter((s): s is string => !!s),
    metaContent(doc, ['og:title']),
    metaContent(doc, ['twitter:title']),
    metaContent(doc, ['headline', 'title', 'dc.title', 'DC.title', 'sailthru.title', 'parsely-title']),
  ].filter((s): s is string => !!s);
  const titleEl = doc.querySelectorAll('title')[0];
  const headline = reconcileHeadline({ h1: h1s, meta: metaTitles, title: titleEl ? tidyText(titleEl.textContent ?? '') : null }, sites);

  // Publication before modification: a page updated today was still published when it was.
  let published =
    news.map((o) => isoDate(str(o.datePublished))).find(Boolean) ??
    isoDate(metaContent(doc, ['article:published_time', 'og:published_time', 'datePublished', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'DC.date', 'dc.date.issued', 'DC.date.issued', 'dcterms.date', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'originalpublicationdate'])) ??
    timeElement(doc, '[itemprop~="datePublished"]') ??
    looseDateMeta(doc) ??
    timeElement(doc, 'time[datetime]') ??
    news.map((o) => isoDate(str(o.dateCreated))).find(Boolean) ??
    null;
  // A date in the story's own URL is the newsroom's day; metadata written in UTC or without an
  // offset can fall on the next day. Trusted only when the two agree within a day.
  const canonical = doc.querySelectorAll('link[rel="canonical"]')[0]?.getAttribute('href') ?? metaContent(doc, ['og:url']) ?? url;
  const day = urlDay(canonical);
  if (day && (!published || Math.abs(Date.parse(`${day}T12:00:00Z`) - Date.parse(published)) <= 36 * 3600_000)) {
    if (!published?.startsWith(day)) published = `${day}T00:00:00.000Z`;
  }

  const lang =
    primaryLanguage(doc.documentElement?.getAttribute('lang')) ??
    primaryLanguage(doc.documentElement?.getAttribute('xml:lang')) ??
    primaryLanguage(metaContent(doc, ['og:locale', 'content-language', 'language', 'dc.language', 'DC.language'])) ??
    primaryLanguage(news.map((o) => str(o.inLanguage)).find(Boolean)) ??
    (() => {
      const eq = doc.querySelectorAll('meta[http-equiv]');
      for (let i = 0; i < eq.length; i++) {
        if ((eq[i]!.getAttribute('http-equiv') ?? '').toLowerCase() === 'content-language') return primaryLanguage(eq[i]!.getAttribute('content'));
      }
      return null;
    })();

  const author = news.map((o) => str(o.author)).find(Boolean) ?? metaContent(doc, ['author', 'article:author', 'byl']) ?? null;
  return { headline, published, lang, siteName, author };
}
