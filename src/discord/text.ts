import { escapeMarkdown } from './markdown.ts';

/**
 * The one home of text safety for anything that came from a feed (headlines, summaries, quotes,
 * context, source names, digest lines): markdown is escaped so the text cannot format anything, every
 * bracket is escaped so no `[label](url)` in it can become a masked link (discord.js's own
 * `escapeMaskedLink` escapes only the first of a line), and mentions are defused so `@everyone` or
 * `<@id>` is shown, never resolved (allowedMentions also blocks pings; this keeps the text inert).
 */
export function safeText(s: string): string {
  return escapeMarkdown(s.replace(/\s+/g, ' ').trim(), { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]]/g, '\\$&')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}

// Characters that could end a markdown link target or open another link after it, percent-encoded.
const URL_UNSAFE = /[\s()[\]<>"'`\\]/g;

/**
 * A link taken from a feed, fit for a markdown link target, a `<url>` or an embed URL: http/https only
 * (null otherwise), normalised by the URL parser, and with every character that could close the target
 * or start a second link percent-encoded (`)[Claim your refund](http://evil` stays one link).
 */
export function safeUrl(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(URL_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[label](url)` for feed text and a feed link, or the label alone when the link is not http/https. */
export function maskedLink(label: string, link: string, max: number): string {
  const url = safeUrl(link);
  return url ? `[${fitEscaped(label, max)}](${url})` : fitEscaped(label, max);
}

/** A link shown as itself, `<url>` (no preview), or `label` when it is not an http/https link. */
export function shownUrl(link: string, label = 'an invalid link'): string {
  const url = safeUrl(link);
  return url ? `<${url}>` : label;
}

/**
 * Shortens plain text to at most `max` characters at a word boundary, adding an ellipsis.
 * Works on plain text, before escaping, so it can never cut a markdown escape or entity in two.
 */
export function truncateWords(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  const cut = s.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  const base = space > max / 3 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/**
 * The longest escaped form of `text` that fits `max`: shortens the plain text word by word until
 * its escaped form fits, since escaping can only make text longer.
 */
export function fitEscaped(text: string, max: number, wrap: (escaped: string) => string = (e) => e): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  // Escaping only adds characters, so the plain text never needs more than `max` of them.
  let budget = Math.min(plain.length, max);
  for (;;) {
    const out = wrap(safeText(truncateWords(plain, budget)));
    if (out.length <= max) return out;
    if (budget <= 1) return '';
    budget = Math.max(1, budget - Math.max(1, out.length - max));
  }
}

/** Joins whole units (lines, sentences) while they fit; never splits one unless the first alone is too long. */
export function joinFitting(units: string[], max: number, sep = '\n'): string {
  let out = '';
  for (const u of units) {
    const next = out ? `${out}${sep}${u}` : u;
    if (next.length > max) break;
    out = next;
  }
  return out;
}
