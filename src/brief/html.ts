// A small HTML-to-text converter for article bodies. Feed HTML is rarely valid, so this is a
// single forward scan over tags with a stack, not a DOM: it never backtracks and stays linear.
// Unlike the feed reader's faithful conversion (src/feeds/html.ts), this one is part of cleaning:
// it drops page furniture (navigation, captions, share bars, newsletter boxes) before condensing.
import { decodeEntities as decodeFeedEntities } from '../feeds/html.ts';

/** Elements whose whole content is never article prose. */
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'video', 'audio',
  'figure', 'figcaption', 'nav', 'aside', 'footer', 'header', 'form', 'button', 'select', 'textarea',
  'menu', 'dialog', 'canvas', 'picture', 'map', 'head', 'title',
]);

/** Elements whose content the browser would not render as text at all (raw text). */
const RAW_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);

const VOID_TAGS = new Set([
  'br', 'img', 'hr', 'input', 'meta', 'link', 'source', 'track', 'wbr', 'area', 'base', 'col', 'embed', 'param',
]);

/** Elements that end a paragraph. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'table', 'tr', 'td', 'th', 'pre', 'address', 'hr', 'br',
]);

// Class and id words that mark page furniture (share bars, newsletter boxes, captions, bylines,
// related links, ads). Matched as whole words inside the attribute value.
const CLUTTER_ATTR =
  /(?:^|[\s_-])(share|sharing|social|newsletter|subscribe|subscription|signup|sign-up|promo|advert|advertisement|ad|ads|sponsor|sponsored|related|recommended|caption|credit|byline|author|dateline|timestamp|breadcrumb|breadcrumbs|nav|navigation|menu|footer|header|sidebar|comments?|cookie|banner|popup|modal|toolbar|tags|read-more|readmore|more-stories|outbrain|taboola)(?:$|[\s_-])/i;

/**
 * Character references decoded as feed ingestion decodes them (one table for the project), then
 * the invisible ones dropped and no-break spaces made plain, so words and sentences split alike.
 */
export function decodeEntities(s: string): string {
  return decodeFeedEntities(s).replace(/[\u00ad\u200b\u200c\u200d]/g, '').replace(/\u00a0/g, ' ');
}

function isClutter(tag: string, attrs: string, byClass: boolean): boolean {
  if (SKIP_TAGS.has(tag)) return true;
  if (!byClass) return false;
  if (/\baria-hidden\s*=\s*["']?true/i.test(attrs) || /\bhidden\b(?!\s*=\s*["']?false)/i.test(attrs.replace(/"[^"]*"|'[^']*'/g, ''))) return true;
  const classes = /\b(?:class|id|role|data-component)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  let m: RegExpExecArray | null;
  while ((m = classes.exec(attrs)) !== null) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    if (CLUTTER_ATTR.test(value)) return true;
  }
  return false;
}

/**
 * Turns an article body's HTML into plain text: paragraphs separated by blank lines, with
 * scripts, figures, captions, navigation and page furniture left out and entities decoded.
 */
export function htmlToText(html: string): string {
  const text = toText(html);
  // Some feeds escape their HTML twice: after decoding, the text is markup again.
  return /<\/?(?:p|div|br|span|a|b|i|em|strong|ul|li|h[1-6])\b[^>]*>/i.test(text) ? toText(text) : text;
}

function toText(html: string): string {
  const strict = convert(html, true);
  // Class names are only a hint: a page whose article container happens to carry a
  // furniture-like class ("story ad-free") would lose its whole body. Then trust tags alone.
  if (strict.length < 200) {
    const lenient = convert(html, false);
    if (lenient.length > 4 * Math.max(strict.length, 100)) return lenient;
  }
  return strict;
}

function convert(html: string, byClass: boolean): string {
  const out: string[] = [];
  // Names of open elements; skipDepth > 0 while inside something we drop.
  const stack: { tag: string; skip: boolean }[] = [];
  let skipDepth = 0;
  let i = 0;
  const n = html.length;
  const tagRe = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/y;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i && skipDepth === 0) out.push(html.slice(i, textEnd));
    if (lt === -1) break;
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      const end = html.indexOf('>', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    tagRe.lastIndex = i;
    const m = tagRe.exec(html);
    if (!m) {
      if (skipDepth === 0) out.push('<');
      i += 1;
      continue;
    }
    i = tagRe.lastIndex;
    const closing = m[1] === '/';
    const tag = (m[2] ?? '').toLowerCase();
    const attrs = m[3] ?? '';
    if (BLOCK_TAGS.has(tag) && skipDepth === 0) out.push(tag === 'br' ? '\n' : '\n\n');
    if (closing) {
      // Pop to the matching element; unmatched closers are ignored, as browsers do.
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k]!.tag === tag) {
          for (let j = stack.length - 1; j >= k; j--) if (stack[j]!.skip) skipDepth--;
          stack.length = k;
          break;
        }
      }
      continue;
    }
    if (VOID_TAGS.has(tag) || attrs.trimEnd().endsWith('/')) continue;
    if (RAW_TAGS.has(tag)) {
      const closer = new RegExp(`</${tag}`, 'gi');
      closer.lastIndex = i;
      const found = closer.exec(html);
      if (!found) break;
      const end = found.index;
      const gt = html.indexOf('>', end);
      i = gt === -1 ? n : gt + 1;
      continue;
    }
    const skip = isClutter(tag, attrs, byClass);
    if (skip) skipDepth++;
    stack.push({ tag, skip });
  }
  const text = decodeEntities(out.join(''));
  return text
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}
