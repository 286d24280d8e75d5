// Feed text -> Articles. Pure: no network, no clock except the optional `now` for date sanity.
//
// XML goes through rss-parser's own XML parser and format builders, called synchronously
// (its public parseString is promise-only, and parsing needs no I/O). Before that the text is
// repaired (see repair.ts) and the parsed tree is sanitised where rss-parser would throw on
// real-world input (invalid Atom dates, <link> elements without attributes, <rss> without a
// channel). JSON Feed is handled by jsonfeed.ts.
import RssParser from 'rss-parser';
import type { Article } from './types.ts';
import { repairXml, reserializeLeniently } from './repair.ts';
import { readJsonFeed } from './jsonfeed.ts';
import { parseDate } from './dates.ts';
import { primaryLanguage } from './declared-language.ts';
import { nestingDepth } from './html-to-text.ts';

// Feeds nest a handful of levels; thousands is an attack or a broken generator.
const MAX_XML_DEPTH = 2000;
import { cleanTitle, hostName, resolveLink, toArticle, type RawItem } from './normalize.ts';

export type FeedFormat = 'rss2' | 'rss1' | 'rss0.9' | 'atom' | 'json';

export interface ParsedFeed {
  title: string;
  articles: Article[];
  format: FeedFormat;
  /** The site the feed belongs to, when it says. */
  link: string;
  /** Repairs applied to the text before parsing (for debug logs). */
  repairs: string[];
}

export interface ParseOptions {
  /** URL the body was actually fetched from (after redirects); relative links resolve against it. */
  baseUrl?: string;
  /** Display name for Article.source; defaults to the feed title, else the host name. */
  sourceName?: string;
  /** Reference time for rejecting implausible future dates. */
  now?: Date;
}

/** A feed that cannot be read; the message is the human reason. */
export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

type XmlNode = Record<string, unknown>;

interface RssItemOut {
  title?: unknown;
  link?: unknown;
  pubDate?: unknown;
  date?: unknown;
  creator?: unknown;
  author?: unknown;
  'content:encoded'?: unknown;
  content?: unknown;
  summary?: unknown;
  guid?: unknown;
  id?: unknown;
  categories?: unknown[];
  rawCategories?: unknown[];
}

interface RssFeedOut {
  title?: unknown;
  link?: unknown;
  language?: unknown;
  items: RssItemOut[];
}

// rss-parser's synchronous internals (present in 3.13; see node_modules/rss-parser/lib/parser.js).
interface RssParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: unknown) => void): unknown };
  buildAtomFeed(tree: XmlNode): RssFeedOut;
  buildRSS2(tree: XmlNode): RssFeedOut;
  buildRSS1(tree: XmlNode): RssFeedOut;
  buildRSS0_9(tree: XmlNode): RssFeedOut;
}

function newParser(): RssParserInternals {
  const parser = new RssParser({
    defaultRSS: 2,
    customFields: { item: [['category', 'rawCategories', { keepArray: true }]] as unknown as string[] },
  });
  return parser as unknown as RssParserInternals;
}

/** Text of an xml2js value: a string, {_: text, $: attrs}, or nested markup (collected). */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') {
    const node = value as XmlNode;
    if (typeof node._ === 'string') return node._;
    const attrs = node.$ as Record<string, unknown> | undefined;
    const parts = Object.entries(node)
      .filter(([k]) => k !== '$')
      .map(([, v]) => textOf(v))
      .filter(Boolean);
    if (parts.length) return parts.join(' ');
    if (attrs) return String(attrs.label ?? attrs.term ?? '');
  }
  return '';
}

function describeXmlError(err: Error): string {
  const lines = err.message.split('\n');
  const line = /Line: (\d+)/.exec(err.message)?.[1];
  const col = /Column: (\d+)/.exec(err.message)?.[1];
  return `malformed XML: ${lines[0]}${line ? ` (line ${Number(line) + 1}, column ${col})` : ''}`;
}

function parseXmlTree(xml: string): XmlNode {
  const parser = newParser();
  let error: Error | null = null;
  let tree: unknown = null;
  parser.xmlParser.parseString(xml, (err, result) => {
    error = err;
    tree = result;
  });
  if (error) throw new FeedParseError(describeXmlError(error));
  if (!tree || typeof tree !== 'object') throw new FeedParseError('malformed XML: no root element');
  return tree as XmlNode;
}

function asNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (v && typeof v === 'object' ? (v as XmlNode) : ({ _: String(v ?? '') } as XmlNode)));
}

/** rss-parser reads `link.$.href`; give attribute-less Atom links (`<link>url</link>`) that shape. */
function fixAtomLinks(node: XmlNode): void {
  if (!Array.isArray(node.link)) return;
  node.link = (node.link as unknown[]).map((l) => {
    if (l && typeof l === 'object' && (l as XmlNode).$) return l;
    return { $: { href: textOf(l).trim() } };
  });
}

function firstString(node: XmlNode, keys: string[]): string | null {
  for (const key of keys) {
    const v = node[key];
    if (Array.isArray(v) && v.length) {
      const s = textOf(v[0]).trim();
      if (s) return s;
    }
  }
  return null;
}

function xmlBase(node: XmlNode, base: string): string {
  const attr = (node.$ as Record<string, unknown> | undefined)?.['xml:base'];
  return typeof attr === 'string' && attr ? resolveLink(attr, base) || base : base;
}

interface Extracted {
  format: FeedFormat;
  title: string;
  link: string;
  /** The feed's declared language (RSS <language>, Atom xml:lang, JSON Feed language), as written. */
  language?: string;
  items: (RawItem & { base: string })[];
}

function extractAtom(tree: XmlNode, base: string): Extracted {
  const feed = (tree.feed && typeof tree.feed === 'object' ? tree.feed : {}) as XmlNode;
  tree.feed = feed;
  const feedBase = xmlBase(feed, base);
  fixAtomLinks(feed);
  const entries = asNodes(feed.entry);
  feed.entry = entries;
  const raw = entries.map((entry) => {
    fixAtomLinks(entry);
    // Atom 0.3 names its dates issued/modified/created.
    const date = firstString(entry, ['published', 'issued', 'created', 'updated', 'modified']);
    // rss-parser calls new Date(x).toISOString() on these, which throws on a bad date.
    delete entry.published;
    delete entry.updated;
    return { date, base: xmlBase(entry, feedBase) };
  });
  const out = newParser().buildAtomFeed(tree);
  return {
    format: 'atom',
    title: textOf(out.title),
    link: textOf(out.link),
    language: textOf((feed.$ as Record<string, unknown> | undefined)?.['xml:lang']),
    items: out.items.map((item, i) => ({
      guid: textOf(item.id),
      title: textOf(item.title),
      link: textOf(item.link),
      date: raw[i]?.date ?? null,
      author: textOf(item.author) || null,
      categories: (item.rawCategories ?? []).map(textOf),
      bodies: [textOf(item.content), textOf(item.summary)],
      base: raw[i]?.base ?? feedBase,
    })),
  };
}

function extractRss(tree: XmlNode, base: string): Extracted {
  const parser = newParser();
  let format: FeedFormat;
  let out: RssFeedOut;
  if (tree['rdf:RDF']) {
    const rdf = (typeof tree['rdf:RDF'] === 'object' ? tree['rdf:RDF'] : {}) as XmlNode;
    tree['rdf:RDF'] = rdf;
    if (!Array.isArray(rdf.channel)) rdf.channel = [{}];
    format = 'rss1';
    out = parser.buildRSS1(tree);
  } else {
    const rss = (typeof tree.rss === 'object' && tree.rss ? tree.rss : {}) as XmlNode;
    tree.rss = rss;
    // An <rss> with no channel is an empty feed, not a crash.
    if (!Array.isArray(rss.channel)) rss.channel = [{}];
    const channel = rss.channel as unknown[];
    if (!channel[0] || typeof channel[0] !== 'object') channel[0] = {};
    const version = String((rss.$ as Record<string, unknown> | undefined)?.version ?? '');
    format = /^0\.9/.test(version) ? 'rss0.9' : 'rss2';
    out = format === 'rss0.9' ? parser.buildRSS0_9(tree) : parser.buildRSS2(tree);
  }
  return {
    format,
    title: textOf(out.title),
    link: textOf(out.link),
    language: textOf(out.language),
    items: out.items.map((item) => ({
      guid: textOf(item.guid),
      title: textOf(item.title),
      link: textOf(item.link),
      date: textOf(item.pubDate) || textOf(item.date) || null,
      author: textOf(item.creator) || textOf(item.author) || null,
      categories: (item.rawCategories ?? item.categories ?? []).map(textOf),
      bodies: [textOf(item['content:encoded']), textOf(item.content), textOf(item.summary)],
      base,
    })),
  };
}

/** Feed URLs an HTML page advertises with <link rel="alternate" type="application/rss+xml">. */
function advertisedFeeds(html: string, base: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/rel\s*=\s*["']?alternate/i.test(tag) || !/type\s*=\s*["']?application\/(rss|atom|feed)\+(xml|json)/i.test(tag)) continue;
    const href = /href\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    const url = href ? resolveLink(href, base) : '';
    if (url) found.push(url);
    if (found.length >= 3) break;
  }
  return found;
}

function htmlPageError(text: string, base: string): FeedParseError {
  const feeds = advertisedFeeds(text.slice(0, 100_000), base);
  return new FeedParseError(`not a feed: got an HTML page${feeds.length ? ` (it advertises a feed at ${feeds[0]})` : ''}`);
}

function extract(body: string, base: string): Extracted & { repairs: string[] } {
  const trimmed = body.replace(/^[\uFEFF\s]+/, '');
  if (!trimmed) throw new FeedParseError('empty document');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw new FeedParseError(`malformed JSON: ${(e as Error).message}`);
    }
    let feed;
    try {
      feed = readJsonFeed(value);
    } catch (e) {
      throw new FeedParseError((e as Error).message);
    }
    return {
      format: 'json',
      title: feed.title,
      link: feed.homePage ?? '',
      language: feed.language ?? '',
      items: feed.items.map((i) => ({ ...i, base })),
      repairs: feed.rejected ? [`dropped ${feed.rejected} invalid JSON Feed items`] : [],
    };
  }
  if (!trimmed.startsWith('<')) throw new FeedParseError('not a feed: the document is neither XML nor JSON');
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!doctype[^>]*>\s*)*<html[\s>]/i.test(trimmed)) throw htmlPageError(trimmed, base);
  const { xml, repairs } = repairXml(trimmed);
  let tree: XmlNode;
  try {
    tree = parseXmlTree(xml);
  } catch (strictError) {
    // Publishers' mismatched and unclosed tags: retry once through a lenient parser, and report
    // the strict parser's complaint if that does not yield a tree either.
    // The lenient parser's element stack costs the depth on every tag: absurd nesting is refused.
    if (nestingDepth(xml) > MAX_XML_DEPTH) throw new FeedParseError('unreadable feed: elements nested too deeply');
    const lenient = reserializeLeniently(xml);
    if (!lenient) throw strictError;
    try {
      tree = parseXmlTree(lenient);
    } catch {
      throw strictError;
    }
    repairs.push(`recovered from ${(strictError as Error).message}`);
  }
  const root = Object.keys(tree)[0] ?? '';
  let extracted: Extracted;
  try {
    if (root === 'feed') extracted = extractAtom(tree, base);
    else if (root === 'rss' || root === 'rdf:RDF') extracted = extractRss(tree, base);
    else if (root.toLowerCase() === 'html') throw htmlPageError(trimmed, base);
    else throw new FeedParseError(`not a feed: root element is <${root}>, expected <rss>, <feed> or <rdf:RDF>`);
  } catch (e) {
    if (e instanceof FeedParseError) throw e;
    // Recursive builders in rss-parser/xml2js overflow on absurd nesting.
    const reason = e instanceof RangeError && /call stack/i.test(e.message) ? 'elements nested too deeply' : (e as Error).message;
    throw new FeedParseError(`unreadable ${root} feed: ${reason}`);
  }
  return { ...extracted, repairs };
}

/**
 * Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x text into Articles.
 * Throws FeedParseError with a human reason when the text is not a readable feed.
 */
export function parseFeed(body: string, feedUrl: string, options: ParseOptions = {}): ParsedFeed {
  const base = options.baseUrl ?? feedUrl;
  const now = options.now ?? new Date();
  const extracted = extract(body, base);
  const title = cleanTitle(extracted.title);
  const source = options.sourceName || title || hostName(feedUrl);
  const toDate = (s: string): string | null => parseDate(s, now);
  const lang = primaryLanguage(extracted.language);
  const articles = extracted.items.map((item) => ({ ...toArticle(item, feedUrl, item.base, source, toDate), lang }));
  return { title, articles, format: extracted.format, link: resolveLink(extracted.link, base), repairs: extracted.repairs };
}
