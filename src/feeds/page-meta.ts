// What a news page says about itself: headline, publication date, language and site name, read
// from its metadata (OpenGraph, JSON-LD, <meta>, <h1>, <title>) before the article text is
// extracted. Pages disagree with themselves: <title> carries the site and section, <h1> may be
// the masthead or carry a kicker, JSON-LD may hold a page ID where the headline belongs. The
// candidates are reconciled here, in one place.
import { decodeHTML } from 'entities';
import { primaryLanguage } from './declared-language.ts';
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

// Separators between a headline and a site or section name: " | ", " - ", " – ", " — ", " :: ",
// " · ", " / ", full-width ones, and "_" as Chinese portals join channel names.
const SEPARATOR = /\s+(?:[|–—·•/»]|-{1,2}|::)\s+|\s*[｜–—]\s*|_(?=[^_]{1,30}(?:_|$))/u;

function withoutSite(title: string, sites: string[]): string {
  let t = title.trim();
  for (let guard = 0; guard < 4; guard++) {
    const parts = t.split(SEPARATOR);
    if (parts.length < 2) break;
    const last = parts[parts.length - 1]!.trim();
    const first = parts[0]!.trim();
    const isSite = (p: string): boolean => sites.some((s) => norm(s) === norm(p) || norm(p).includes(norm(s)) || norm(s).includes(norm(p)));
    if (isSite(last) || (parts.length > 2 && last.split(/\s+/).length <= 4)) t = parts.slice(0, -1).join(' - ').trim();
    else if (isSite(first)) t = parts.slice(1).join(' - ').trim();
    else break;
  }
  // Japanese and Chinese titles put the site in brackets at the end: "…（共同通信）".
  t = t.replace(/\s*[（(【[]\s*([^（）()【】[\]]{1,20})\s*[）)】\]]\s*$/u, (whole, inner: string) => (sites.some((s) => norm(s).includes(norm(inner)) || norm(inner).includes(norm(s))) ? '' : whole));
  return t;
}

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
  const meta = candidates.meta.map((m) => withoutSite(m, sites)).filter(usable);
  const h1 = candidates.h1.map((h) => tidyText(h)).filter(usable);
  const title = candidates.title ? withoutSite(candidates.title, sites) : null;
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

function isoDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  // A bare date is a day, not midnight UTC of it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t}T00:00:00.000Z`;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) {
    const m = /(\d{4})[-/.](\d{2})[-/.](\d{2})/.exec(t);
    return m ? `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z` : null;
  }
  const y = new Date(ms).getUTCFullYear();
  return y >= 1990 && y <= 2100 ? new Date(ms).toISOString() : null;
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
  const published =
    news.map((o) => isoDate(str(o.datePublished))).find(Boolean) ??
    isoDate(metaContent(doc, ['article:published_time', 'og:published_time', 'datePublished', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'DC.date', 'dc.date.issued', 'DC.date.issued', 'dcterms.date', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'originalpublicationdate'])) ??
    (() => {
      const times = doc.querySelectorAll('time[datetime], [itemprop="datePublished"]');
      for (let i = 0; i < times.length && i < 5; i++) {
        const el = times[i]!;
        const d = isoDate(el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent);
        if (d) return d;
      }
      return null;
    })() ??
    news.map((o) => isoDate(str(o.dateCreated))).find(Boolean) ??
    null;

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
