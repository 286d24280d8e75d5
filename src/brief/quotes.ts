// Finding quotation spans in a paragraph. Real feeds mix straight, curly, single (British),
// doubled-apostrophe and guillemet marks, and often get them wrong: a closing mark typed as an
// opening one, or no closing mark at the end of a paragraph. Direction of a double mark is
// therefore not trusted; double marks pair up in order of appearance.

export interface QuoteSpan {
  /** Offset of the opening mark. */
  start: number;
  /** Offset of the first character inside the marks. */
  textStart: number;
  /** Offset just past the last character inside the marks. */
  textEnd: number;
  /** Offset just past the closing mark (paragraph end when unclosed). */
  end: number;
  closed: boolean;
  /** Continues a quotation left open at the end of the previous paragraph, without a new opening mark. */
  carried?: boolean;
  /** A block quote without marks: the whole paragraph is someone's words (an embedded post, testimony). */
  block?: boolean;
  /** For a block quote: who signs it ("— Dave Schukin (@schukin) July 3, 2019"), when its run is signed. */
  signedBy?: string;
}

// Two apostrophes typed for a double mark ("''", "’’" at AP) count as one double mark.
const DOUBLE_RE = /["“”„‟″]|''|``|’’|‘‘/g;
const LETTER = /[\p{L}\p{N}]/u;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

function isSpaceOrStart(ch: string | undefined): boolean {
  return ch === undefined || /[\s([{—–\-/"“”«»]/.test(ch);
}

/** Double marks (", “, ”, „, '' and ``) paired in order. */
function doubleSpans(p: string): QuoteSpan[] {
  const marks: { at: number; len: number }[] = [];
  DOUBLE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DOUBLE_RE.exec(p)) !== null) marks.push({ at: m.index, len: m[0].length });
  const spans: QuoteSpan[] = [];
  for (let k = 0; k < marks.length; k += 2) {
    const open = marks[k]!;
    const close = marks[k + 1];
    spans.push({
      start: open.at,
      textStart: open.at + open.len,
      textEnd: close ? close.at : p.length,
      end: close ? close.at + close.len : p.length,
      closed: close !== undefined,
    });
  }
  return spans;
}

/** Guillemets: « » (and German » «), paired in order. */
function guillemetSpans(p: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  if (!/[«»‹›]/.test(p)) return spans;
  let open = -1;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch !== '«' && ch !== '»' && ch !== '‹' && ch !== '›') continue;
    if (open < 0) open = i;
    else {
      spans.push({ start: open, textStart: open + 1, textEnd: i, end: i + 1, closed: true });
      open = -1;
    }
  }
  if (open >= 0) spans.push({ start: open, textStart: open + 1, textEnd: p.length, end: p.length, closed: false });
  return spans;
}

/** Corner brackets 「…」 and 『…』 (Chinese and Japanese), paired by direction with nesting. */
function cornerSpans(p: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  if (!/[「『]/.test(p)) return spans;
  const stack: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '「' || ch === '『') stack.push(i);
    else if ((ch === '」' || ch === '』') && stack.length) {
      const open = stack.pop()!;
      spans.push({ start: open, textStart: open + 1, textEnd: i, end: i + 1, closed: true });
    }
  }
  if (stack.length) spans.push({ start: stack[0]!, textStart: stack[0]! + 1, textEnd: p.length, end: p.length, closed: false });
  // Outer spans first, so that the ones nested inside them are dropped as nested quotes.
  return spans.sort((a, b) => a.start - b.start);
}

function isSingleOpener(p: string, i: number): boolean {
  const ch = p[i];
  if (ch !== '‘' && ch !== "'" && ch !== '‚') return false;
  if (p[i + 1] === "'" || p[i - 1] === "'") return false;
  return isSpaceOrStart(p[i - 1]) && p[i + 1] !== undefined && !/\s/.test(p[i + 1]!);
}

function isSingleCloser(p: string, i: number): boolean {
  const ch = p[i];
  if (ch !== '’' && ch !== "'") return false;
  if (p[i + 1] === "'" || p[i - 1] === "'") return false;
  const before = p[i - 1];
  const after = p[i + 1];
  if (before === undefined || /\s/.test(before)) return false;
  // Apostrophes inside words (couldn't, O'Brien) are not marks.
  if (isLetter(before) && isLetter(after)) return false;
  return after === undefined || !isLetter(after);
}

/** A plural possessive ("passengers' bags") looks like a closing mark; prefer a later closer. */
function looksPossessive(p: string, i: number): boolean {
  return (p[i - 1] === 's' || p[i - 1] === 'S') && p[i + 1] === ' ' && /[\p{Ll}\p{N}]/u.test(p[i + 2] ?? '');
}

/** British single quotes, with apostrophes and possessives told apart from marks. */
const SINGLE_OPENER_RE = /['‘‚]/g;

function singleSpans(p: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let i = 0;
  while (i < p.length) {
    // Jump to the next candidate mark instead of testing every character.
    SINGLE_OPENER_RE.lastIndex = i;
    const next = SINGLE_OPENER_RE.exec(p);
    if (!next) break;
    i = next.index;
    if (!isSingleOpener(p, i)) {
      i++;
      continue;
    }
    const open = i;
    let close = -1;
    let fallback = -1;
    for (let j = open + 2; j < p.length; j++) {
      // A new quotation opening after a possessive-looking closer means that closer was real.
      if (fallback >= 0 && isSingleOpener(p, j)) break;
      if (!isSingleCloser(p, j)) continue;
      if (looksPossessive(p, j)) {
        if (fallback < 0) fallback = j;
        continue;
      }
      close = j;
      break;
    }
    if (close < 0) close = fallback;
    if (close >= 0) {
      spans.push({ start: open, textStart: open + 1, textEnd: close, end: close + 1, closed: true });
      i = close + 1;
    } else {
      // An unclosed single mark only counts when it opens a sentence (a quote running on).
      if (open === 0 || /[.!?:]["”’']?\s$/.test(p.slice(Math.max(0, open - 3), open))) spans.push({ start: open, textStart: open + 1, textEnd: p.length, end: p.length, closed: false });
      break;
    }
  }
  return spans;
}

/**
 * All top-level quotation spans of a paragraph, in order. Spans nested inside another (a
 * quote within a quote) are left out, as are spans that cross one another.
 */
export function findQuoteSpans(p: string, carried = false): QuoteSpan[] {
  // Double marks are trusted most, then guillemets, then single marks (which share their
  // character with the apostrophe). A span that crosses a more trusted one is dropped; a span
  // that encloses others replaces them, because the enclosed ones are nested quotes.
  let body = p;
  let carriedSpan: QuoteSpan | undefined;
  if (carried && !opensWithMark(p)) {
    // The previous paragraph left a quotation open and this one does not reopen it: sloppy
    // copy runs the quotation on and closes it here. The first mark that can only be a
    // closer (after sentence punctuation, before a space) ends it.
    const m = /[.!?,…](["”’']|'')(?=\s|$)/.exec(p);
    let first = -1;
    for (let i = 0; i < p.length && first < 0; i++) {
      if ('"“”„«»‘’\''.includes(p[i]!) && !(isLetter(p[i - 1]) && isLetter(p[i + 1]))) first = i;
    }
    if (m && first === m.index + 1) {
      const at = m.index + 1;
      const len = m[1]!.length;
      carriedSpan = { start: 0, textStart: 0, textEnd: at, end: at + len, closed: true, carried: true };
      body = ' '.repeat(at + len) + p.slice(at + len);
    }
  }
  const all = [...(carriedSpan ? [carriedSpan] : []), ...doubleSpans(body), ...guillemetSpans(body), ...cornerSpans(body), ...singleSpans(body)];
  // `kept` stays sorted by start and free of overlaps, so neighbours found by binary search
  // are the only spans a new one can touch: linear-logarithmic even for thousands of marks.
  const kept: QuoteSpan[] = [];
  for (const s of all) {
    if (s.textEnd <= s.textStart) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < s.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    if (before && before.end > s.start) {
      // Inside an earlier span (nested) or crossing it: either way the earlier one wins.
      continue;
    }
    let j = lo;
    while (j < kept.length && kept[j]!.end <= s.end) j++;
    // A span starting inside this one but ending after it crosses it: the kept one wins.
    if (j < kept.length && kept[j]!.start < s.end) continue;
    kept.splice(lo, j - lo, s);
  }
  return kept;
}

/** True when the paragraph opens with a quote mark (a continued quotation starts this way). */
export function opensWithMark(p: string): boolean {
  return /^["“”„«»‘'‚`]/.test(p);
}

const EDGE = new Set([...' \t\n\r\u00a0"“”„‘’\'«»‹›`,;:—–-「」『』，、：　']);

/** Cleans quoted text for output: no marks at the edges, no dangling punctuation. */
export function tidyQuoteText(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && EDGE.has(s[a]!)) a++;
  while (b > a && EDGE.has(s[b - 1]!)) b--;
  const t = s.slice(a, b);
  return /\s\s|[\t\n\r\u00a0]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}
