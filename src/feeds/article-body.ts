// Working with an article's body (its blocks of text) without knowing where it came from.
import type { Block } from './types.ts';
import { tidyText } from './html-to-text.ts';

/**
 * Blocks of a plain-text body: paragraphs separated by blank lines (or, in a text that has no
 * blank line but several line breaks, by single line breaks, as some feeds write them).
 */
export function blocksFromText(text: string): Block[] {
  const t = text.replace(/\r\n?/g, '\n');
  const breaks = /\n[^\S\n]*\n/.test(t) ? /\n[^\S\n]*\n/ : (t.match(/\n/g) ?? []).length >= 2 ? /\n/ : /\n[^\S\n]*\n/;
  return t
    .split(breaks)
    .map((p) => tidyText(p))
    .filter((p) => p.length > 0)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}

/** The body as plain text, blocks separated by blank lines (captions left out). */
export function bodyText(body: readonly Block[]): string {
  return body.filter((b) => b.kind !== 'caption').map((b) => b.text).join('\n\n');
}

/** Words of running text in the body (captions left out), for full-text decisions. */
export function bodyWords(body: readonly Block[]): number {
  let n = 0;
  for (const b of body) if (b.kind !== 'caption') n += b.text.match(/\S+/g)?.length ?? 0;
  return n;
}
