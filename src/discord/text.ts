import { escapeMarkdown } from './markdown.ts';

/**
 * Text safety for anything that came from a feed: markdown is escaped so a headline cannot
 * format or hide links, and mentions are defused so `@everyone` or `<@id>` in an article is shown,
 * never resolved (allowedMentions also blocks pings; this keeps the text itself inert).
 */
export function safeText(s: string): string {
  return escapeMarkdown(s.replace(/\s+/g, ' ').trim(), { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
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
