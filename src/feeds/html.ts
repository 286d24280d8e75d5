// HTML helpers for feed content: entity decoding and HTML -> plain text. Pure.
//
// Feed bodies are small HTML fragments; a full DOM per item would dominate the cost of a
// 10,000-feed poll, so text extraction is a linear tag scan. Entity names outside the small
// table below are looked up once through linkedom's HTML parser and cached.
import { parseHTML } from 'linkedom';

const COMMON: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019',
  ldquo: '\u201c', rdquo: '\u201d', sbquo: '\u201a', bdquo: '\u201e', laquo: '\u00ab', raquo: '\u00bb',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', euro: '\u20ac', pound: '\u00a3', yen: '\u00a5',
  cent: '\u00a2', sect: '\u00a7', deg: '\u00b0', middot: '\u00b7', bull: '\u2022', times: '\u00d7',
  divide: '\u00f7', shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d', thinsp: '\u2009', ensp: '\u2002',
  emsp: '\u2003', eacute: '\u00e9', egrave: '\u00e8', aacute: '\u00e1', agrave: '\u00e0',
  uuml: '\u00fc', ouml: '\u00f6', auml: '\u00e4', Uuml: '\u00dc', Ouml: '\u00d6', Auml: '\u00c4',
  szlig: '\u00df', ccedil: '\u00e7', ntilde: '\u00f1', iacute: '\u00ed', oacute: '\u00f3', uacute: '\u00fa',
};

// Names resolved through linkedom (value null: not an HTML entity). Bounded: cleared when full.
const looked = new Map<string, string | null>();
const LOOKUP_CACHE_MAX = 20_000;
// Distinct unknown names resolved per text; beyond this they stay literal (hostile input).
const LOOKUP_BATCH_MAX = 5_000;
const NAMED_REF = /&([A-Za-z][A-Za-z0-9]{1,31});/g;

/**
 * Resolves every entity name in `text` that is not known yet with one linkedom parse, so a
 * document full of invented names costs one pass instead of one parse per name.
 */
export function prefetchEntities(text: string): void {
  if (!text.includes('&')) return;
  const wanted = new Set<string>();
  for (const m of text.matchAll(NAMED_REF)) {
    const name = m[1]!;
    if (COMMON[name] === undefined && !looked.has(name)) wanted.add(name);
    if (wanted.size >= LOOKUP_BATCH_MAX) break;
  }
  if (wanted.size === 0) return;
  const names = [...wanted];
  const { document } = parseHTML(`<html><body>${names.map((n) => `<i>&${n};</i>`).join('')}</body></html>`);
  const cells = document.querySelectorAll('i');
  if (looked.size + names.length > LOOKUP_CACHE_MAX) looked.clear();
  names.forEach((name, i) => {
    const text = cells[i]?.textContent ?? '';
    looked.set(name, text === `&${name};` || text === '' ? null : text);
  });
}

/**
 * The text a named entity stands for, or null when HTML does not define it (or it was not
 * prefetched: callers run prefetchEntities over their text first).
 */
export function namedEntity(name: string): string | null {
  return COMMON[name] ?? looked.get(name) ?? null;
}

function codePoint(n: number): string | null {
  // Surrogates, NUL and out-of-range numbers cannot be characters in text.
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
  // Numeric references to C1 controls almost always mean windows-1252 (&#151; for a dash).
  if (n >= 0x80 && n <= 0x9f) {
    const cp1252 = Buffer.from([n]).toString('latin1');
    const mapped = new TextDecoder('windows-1252').decode(Buffer.from([n]));
    return mapped !== cp1252 ? mapped : null;
  }
  return String.fromCodePoint(n);
}

/** Decodes HTML character references; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  prefetchEntities(s);
  return s.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return codePoint(n) ?? '';
    }
    return namedEntity(ref) ?? whole;
  });
}

/** True when the string contains something that looks like an HTML tag or entity. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote',
  'pre', 'table', 'tr', 'section', 'article', 'header', 'footer', 'aside', 'figure', 'figcaption',
  'hr', 'main', 'nav', 'address', 'details', 'summary', 'center',
]);
// Elements whose content is never reader text.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title']);

// Sticky, and bounded so a '<' without a closing '>' cannot make the scan quadratic.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]{0,2048}>/y;

/**
 * Plain text of an HTML fragment: paragraphs separated by one blank line, whitespace inside a
 * paragraph collapsed, entities decoded, scripts and styles dropped.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let i = 0;
  const n = html.length;
  let skipUntil: string | null = null;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      if (!skipUntil) out.push(html.slice(i));
      break;
    }
    if (lt > i && !skipUntil) out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      if (!skipUntil) out.push(html.slice(lt + 9, end === -1 ? n : end).replace(/&/g, '&amp;'));
      i = end === -1 ? n : end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) {
      // A lone '<' (as in "a < b") is text.
      if (!skipUntil) out.push('&lt;');
      i = lt + 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    i = lt + m[0].length;
    if (skipUntil) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (!closing && SKIP.has(name) && !m[0].endsWith('/>')) {
      skipUntil = name;
      continue;
    }
    if (name === 'br') out.push('\n');
    else if (BLOCK.has(name)) out.push('\n\n');
    else if (name === 'td' || name === 'th') out.push(' ');
  }
  return normalizeText(decodeEntities(out.join('')));
}

/** Collapses whitespace: single newlines become spaces unless doubled; blank lines separate paragraphs. */
export function normalizeText(text: string): string {
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const out: string[] = [];
  // A blank line (possibly holding spaces or no-break spaces) separates paragraphs.
  for (const para of unix.split(/\n[^\S\n]*\n/)) {
    const flat = para.replace(/\s+/g, ' ').trim();
    if (flat) out.push(flat);
  }
  return out.join('\n\n');
}

/** Number of words in plain text (for the full-text threshold). */
export function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}
