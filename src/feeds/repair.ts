// Textual repair of feed XML before the strict XML parser sees it. Pure.
//
// The XML layer under rss-parser is strict: one bare '&' ("AT&T"), one control character or
// an entity it does not know rejects the whole feed. Publishers produce all three daily, so
// they are repaired here. A DOCTYPE is removed outright: feeds never need one, and an internal
// subset is where entity bombs ("billion laughs") and external entities (file:///etc/passwd)
// live. With it gone, references to its entities are left as literal text: nothing expands
// and nothing is read.
import { DOMParser } from 'linkedom';
import { namedEntity } from './html-to-text.ts';

export interface Repaired {
  xml: string;
  /** What was changed, for debugging logs ("removed DOCTYPE with entity declarations", ...). */
  repairs: string[];
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Index just past the end of a DOCTYPE starting at `start`, honouring its internal subset and quotes. */
function doctypeEnd(xml: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start + 9; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return i + 1;
  }
  return xml.length;
}

/**
 * Removes DOCTYPEs from the prolog: the run of processing instructions, comments and
 * whitespace before the root element. Text that merely looks like a DOCTYPE inside a comment
 * or CDATA section is content and stays.
 */
function removeDoctypes(xml: string, repairs: string[]): string {
  const before = repairs.length;
  const kept: string[] = [];
  let i = 0;
  for (;;) {
    const ws = /^\s*/.exec(xml.slice(i, i + 4096))![0].length;
    kept.push(xml.slice(i, i + ws));
    i += ws;
    if (xml.startsWith('<?', i) || xml.startsWith('<!--', i)) {
      const close = xml.startsWith('<?', i) ? '?>' : '-->';
      const end = xml.indexOf(close, i + 2);
      const next = end === -1 ? xml.length : end + close.length;
      kept.push(xml.slice(i, next));
      i = next;
    } else if (xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const end = doctypeEnd(xml, i);
      repairs.push(/<!ENTITY/i.test(xml.slice(i, end)) ? 'removed DOCTYPE with entity declarations' : 'removed DOCTYPE');
      i = end;
    } else {
      return repairs.length === before ? xml : kept.join('') + xml.slice(i);
    }
  }
}

// Characters XML 1.0 forbids anywhere (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// An '&' that does not start one of XML's five entities or a numeric reference.
const NEEDS_ENTITY_FIX = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);)/;

function fixEntities(segment: string): string {
  return segment.replace(/&(#[xX][0-9a-fA-F]+;|#[0-9]+;|([A-Za-z_][\w.-]*);)?/g, (whole, ref: string | undefined, name: string | undefined) => {
    if (!ref) return '&amp;'; // bare ampersand
    if (name === undefined) {
      // Numeric reference: keep it unless it names a character XML forbids.
      const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const allowed = n === 9 || n === 10 || n === 13 || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
      return allowed ? whole : '';
    }
    if (XML_ENTITIES.has(name)) return whole;
    // HTML names become numeric references the XML parser accepts; unknown ones become text.
    const text = namedEntity(name);
    if (text === null) return `&amp;${name};`;
    return Array.from(text, (ch) => `&#${ch.codePointAt(0)};`).join('');
  });
}

/** Applies `fix` to the markup outside CDATA sections, comments and processing instructions. */
function outsideLiterals(xml: string, fix: (s: string) => string): string {
  const parts: string[] = [];
  const literal = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)/g;
  let last = 0;
  for (let m = literal.exec(xml); m; m = literal.exec(xml)) {
    parts.push(fix(xml.slice(last, m.index)), m[0]);
    last = m.index + m[0].length;
    if (m[0].length === 0) literal.lastIndex++;
  }
  parts.push(fix(xml.slice(last)));
  return parts.join('');
}

/**
 * Atom `type="xhtml"` text constructs hold markup inline. The XML-to-object layer separates an
 * element's text from its children ("<p>a <b>b</b> c</p>" comes back as "a  c" plus "b"), so
 * the markup is wrapped in CDATA first and reaches us as one HTML string in document order.
 */
function wrapXhtmlConstructs(xml: string, repairs: string[]): string {
  if (!/type\s*=\s*["']xhtml["']/i.test(xml)) return xml;
  let wrapped = 0;
  const out = xml.replace(
    /<((?:atom:)?(?:content|summary|title|subtitle|rights))(\s[^>]*?type\s*=\s*["']xhtml["'][^>]*)>([\s\S]*?)<\/\1>/gi,
    (whole, tag: string, attrs: string, inner: string) => {
      if (inner.includes(']]>') || inner.includes('<![CDATA[')) return whole;
      wrapped++;
      return `<${tag}${attrs}><![CDATA[${inner}]]></${tag}>`;
    },
  );
  if (wrapped) repairs.push(`wrapped ${wrapped} xhtml constructs in CDATA`);
  return out;
}

export function repairXml(text: string): Repaired {
  const repairs: string[] = [];
  let xml = text;
  // BOM and anything before the first '<' (whitespace, stray bytes from a PHP include).
  const first = xml.indexOf('<');
  if (first > 0) {
    repairs.push('removed leading junk');
    xml = xml.slice(first);
  } else if (first === -1) {
    return { xml: '', repairs };
  }
  if (xml.search(FORBIDDEN) !== -1) {
    repairs.push('removed control characters');
    xml = xml.replace(FORBIDDEN, '');
  }
  xml = removeDoctypes(xml, repairs);
  xml = wrapXhtmlConstructs(xml, repairs);
  // Most feeds have no reference that needs fixing; skip rebuilding the whole text for them.
  if (!NEEDS_ENTITY_FIX.test(xml)) return { xml, repairs };
  const fixed = outsideLiterals(xml, fixEntities);
  if (fixed !== xml) repairs.push('escaped stray ampersands / converted HTML entities');
  return { xml: fixed, repairs };
}

/**
 * Last resort for XML the strict parser rejects (mismatched or missing end tags, truncation):
 * let a lenient XML parser build a tree, auto-closing what is open, and serialise it back as
 * well-formed XML. Returns null when nothing usable comes out.
 */
export function reserializeLeniently(xml: string): string | null {
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    if (!doc.documentElement) return null;
    return doc.toString();
  } catch {
    return null;
  }
}
