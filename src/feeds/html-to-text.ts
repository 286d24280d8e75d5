// The project's one HTML-to-text converter: feed bodies, teasers, titles and fetched pages all
// go through it, so an article body has one shape whatever it came from. It runs on
// htmlparser2's tokenizer (attribute values, raw-text elements such as <script> and <style>,
// comments and CDATA are read as a browser reads them) and decodes character references with
// `entities` (legacy names without a semicolon, numeric references to windows-1252 C1 codes).
//
// The result keeps the structure the condenser needs: paragraphs, headings, block quotes, list
// items and captions, each a block of plain text with whitespace collapsed.
import { Parser } from 'htmlparser2';
import { decodeHTML, decodeHTMLStrict } from 'entities';
import type { Block, BlockKind } from './types.ts';

export interface HtmlToTextOptions {
  /**
   * Leave out page furniture marked by its class, id or role (share bars, newsletter boxes,
   * related links, ads, bylines, comments) and by its element (nav, aside, header, footer).
   * On by default; captions are never dropped, only marked as such.
   */
  furniture?: boolean;
}

/** Elements whose content is never reader text. */
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'video', 'audio',
  'canvas', 'map', 'head', 'title', 'button', 'select', 'textarea', 'form', 'nav', 'menu', 'dialog', 'input',
]);

/** Elements that hold page furniture rather than the article, when furniture is dropped. */
const FURNITURE_TAGS = new Set(['aside', 'footer', 'header']);

/** Elements that end the block of text before them. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'table', 'tr', 'pre', 'address', 'hr', 'figure', 'figcaption', 'aside', 'header', 'footer',
  'details', 'summary', 'center', 'caption', 'fieldset', 'legend',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

// Class, id and role words that mark page furniture, matched as whole words of the value.
const FURNITURE_ATTR =
  /(?:^|[\s_-])(share|sharing|social|newsletter|subscribe|subscription|signup|sign-up|promo|advert|advertisement|ad|ads|adslot|sponsor|sponsored|related|recommended|byline|author|bio|dateline|timestamp|breadcrumbs?|nav|navigation|menu|footer|sidebar|comments?|cookie|banner|popup|modal|toolbar|tags|read-more|readmore|more-stories|outbrain|taboola|pullquote|pull-quote|hidden|visually-hidden|sr-only|print-only)(?:$|[\s_-])/i;

// Class and id words that mark a caption or a photo credit: kept, but as a caption block.
const CAPTION_ATTR = /(?:^|[\s_-])(caption|captions|credit|credits|figcaption|photo-credit|image-credit)(?:$|[\s_-])/i;

const MAX_DEPTH = 512;

interface Open {
  name: string;
  /** This element hides its content. */
  skip: boolean;
  /** The kind of the text directly inside this element (its own, or inherited). */
  kind: BlockKind;
}

function attrWords(attribs: Record<string, string>): string {
  return `${attribs.class ?? ''} ${attribs.id ?? ''} ${attribs.role ?? ''} ${attribs['data-component'] ?? ''}`;
}

function hides(name: string, attribs: Record<string, string>, furniture: boolean): boolean {
  if (NEVER_TEXT.has(name)) return true;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true') return true;
  if (!furniture) return false;
  if (FURNITURE_TAGS.has(name)) return true;
  const words = attrWords(attribs);
  return FURNITURE_ATTR.test(words) && !CAPTION_ATTR.test(words);
}

function kindOf(name: string, attribs: Record<string, string>): BlockKind | null {
  if (HEADINGS.has(name)) return 'heading';
  if (name === 'blockquote') return 'quote';
  if (name === 'figcaption' || name === 'figure' || CAPTION_ATTR.test(attrWords(attribs))) return 'caption';
  if (name === 'li' || name === 'dd' || name === 'dt') return 'item';
  return null;
}

/**
 * Collapses whitespace and drops invisible characters (soft hyphens, zero-width spaces, word
 * joiners, stray byte-order marks), so words and sentences split alike. Zero-width (non-)joiners
 * stay: Persian, Indic scripts and emoji need them.
 */
export function tidyText(s: string): string {
  return s.replace(/\u00ad|\u200b|\u2060|\ufeff/g, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

function convert(html: string, furniture: boolean): Block[] {
  const blocks: Block[] = [];
  const stack: Open[] = [];
  let hidden = 0;
  let buf = '';
  // A <br> right after another (or after a block's start) separates paragraphs, as feeds
  // that write "one<br><br>two" mean it.
  let lastWasBr = false;

  const currentKind = (): BlockKind => stack[stack.length - 1]?.kind ?? 'paragraph';
  // The innermost element that gives a kind decides, except that a caption anywhere around the
  // text wins: a quotation inside a figure caption is still caption text. Kept per element, so
  // deep nesting costs no walk up the stack.
  const inherit = (own: BlockKind | null): BlockKind => {
    const outer = currentKind();
    return outer === 'caption' ? 'caption' : (own ?? outer);
  };
  const flush = (): void => {
    const text = tidyText(buf);
    buf = '';
    if (text) blocks.push({ kind: currentKind(), text });
  };

  // Elements nested deeper than this are read as text only: real pages never nest so deep, and
  // hostile ones must not make every tag cost a walk of a huge stack.
  let overflow = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (stack.length >= MAX_DEPTH) {
          overflow++;
          return;
        }
        const skip = hidden > 0 || hides(name, attribs, furniture);
        if (hidden === 0) {
          if (name === 'br') {
            if (lastWasBr) flush();
            else buf += ' ';
            lastWasBr = true;
          } else if (BLOCK_TAGS.has(name)) {
            flush();
          } else if (name === 'td' || name === 'th') {
            buf += ' ';
          }
          if (name !== 'br') lastWasBr = false;
        }
        stack.push({ name, skip, kind: inherit(kindOf(name, attribs)) });
        if (skip) hidden++;
      },
      ontext(text) {
        if (hidden > 0) return;
        buf += text;
        if (/\S/.test(text)) lastWasBr = false;
      },
      onclosetag(name) {
        if (overflow > 0) {
          overflow--;
          return;
        }
        const top = stack[stack.length - 1];
        if (!top || top.name !== name) return;
        if (hidden === 0 && BLOCK_TAGS.has(name)) flush();
        stack.pop();
        if (top.skip) hidden--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  stack.length = 0;
  flush();
  return blocks;
}

const textLength = (blocks: Block[]): number => blocks.reduce((n, b) => n + b.text.length, 0);

// Markup left in the text after decoding: the feed escaped its HTML twice.
const ESCAPED_MARKUP = /<\/?(?:p|div|br|span|a|b|i|em|strong|ul|li|h[1-6]|blockquote|figure|img)\b[^<]*>/i;

/**
 * The blocks of text of an HTML document or fragment. Never throws: malformed HTML is read the
 * way htmlparser2 recovers from it.
 */
export function htmlToBlocks(html: string, options: HtmlToTextOptions = {}): Block[] {
  const furniture = options.furniture ?? true;
  if (nestingDepth(html) > MAX_DEPTH) return flatBlocks(html);
  let blocks = convert(html, furniture);
  // Class names are only a hint: a body whose container happens to carry a furniture-like
  // class ("story ad-free") would lose everything. Then elements alone decide.
  if (furniture) {
    const strict = textLength(blocks);
    if (strict < 200) {
      const lenient = convert(html, false);
      if (textLength(lenient) > 4 * Math.max(strict, 100)) blocks = lenient;
    }
  }
  if (blocks.some((b) => ESCAPED_MARKUP.test(b.text))) {
    const again = convert(blocks.map((b) => b.text).join('\n<p>'), furniture);
    if (textLength(again) > 0) blocks = again;
  }
  return blocks;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** ASCII letters, and the characters of a tag name after its first letter (letters, digits, "_", ":", "-"). */
const isTagStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isTagNameCode = (c: number): boolean => isTagStart(c) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45;

/**
 * How deep the document's elements nest at most, estimated from its tags in one pass: a tag is
 * `<name …>` or `</name …>` with no `<` or `>` inside, and void elements and `<… />` open
 * nothing. It runs on every page and feed before the parser, so it reads character codes.
 */
export function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  const n = html.length;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    let j = i + 1;
    const closing = html.charCodeAt(j) === 47;
    if (closing) j++;
    if (!isTagStart(html.charCodeAt(j))) continue;
    const nameStart = j;
    while (++j < n && isTagNameCode(html.charCodeAt(j)));
    const nameEnd = j;
    while (j < n && html.charCodeAt(j) !== 62 && html.charCodeAt(j) !== 60) j++;
    // No ">" before the next "<": not a tag; the next "<" is tried next.
    if (j >= n || html.charCodeAt(j) === 60) continue;
    const selfClosing = j > nameEnd && html.charCodeAt(j - 1) === 47;
    if (selfClosing || (nameEnd - nameStart <= 6 && VOID.has(html.slice(nameStart, nameEnd).toLowerCase()))) continue;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

/**
 * Text of a document nested too deeply for a tree (hostile input: htmlparser2's open-element
 * stack makes each tag cost the depth): scripts and styles removed, block tags as paragraph
 * breaks, the rest of the markup dropped.
 */
function flatBlocks(html: string): Block[] {
  const text = html
    .replace(/<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(?:p|div|li|h[1-6]|blockquote|section|article|tr|table|ul|ol)\b[^<>]*>|<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
    .replace(/<[^<>]*>/g, ' ');
  return text
    .split(/\n\n+/)
    .map((p) => tidyText(decodeHTML(p)))
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}

/** One line of text from an HTML fragment (titles, author names, categories). */
export function htmlToInline(html: string): string {
  if (!/[<&]/.test(html)) return tidyText(html);
  let text = tidyText(htmlToBlocks(html, { furniture: false }).map((b) => b.text).join(' '));
  // Titles are often entity-encoded twice ("Rates &amp;amp; taxes").
  if (/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(text)) text = tidyText(decodeHTML(text));
  return text;
}

/** True when the string holds something that looks like an HTML tag or character reference. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

/** The text an HTML named character reference stands for (`name` without & and ;), or null when HTML defines none. */
export function namedEntity(name: string): string | null {
  const ref = `&${name};`;
  const text = decodeHTMLStrict(ref);
  return text === ref ? null : text;
}
