// Fast word scanning. Tokenising is the condenser's hottest loop (every article is scanned
// for names and content words), so it walks character codes instead of running a Unicode
// property regex, falling back to the regex only for non-ASCII characters.

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** ASCII letters and digits, by char code: one array read instead of three range tests. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;

/** Letter, digit or combining mark. */
export function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1;
  return NON_ASCII_WORD.test(text[i]!);
}

/** Apostrophe, right single quote or hyphen: inside a word ("O'Brien") or closing it ("players'"). */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45;
}

/** Where the next word starts, at or after `i` (the text's length when there is none). */
export function nextWordStart(text: string, i: number): number {
  const n = text.length;
  while (i < n && !isWordCode(text, i)) i++;
  return i;
}

/**
 * Where the word starting at `start` ends: a run of letters and digits, which may also hold
 * inner apostrophes and hyphens when `inner` is set ("O'Brien", "Smith-Jones").
 */
export function wordEnd(text: string, start: number, inner: boolean): number {
  const n = text.length;
  let i = start + 1;
  for (;;) {
    while (i < n && isWordCode(text, i)) i++;
    if (inner && i < n && isJoiner(text.charCodeAt(i))) {
      i++;
      if (i < n && isWordCode(text, i)) continue;
    }
    return i;
  }
}

/**
 * Calls `visit(start, end)` for each word (see wordEnd). The hottest scans (names, content
 * words) loop over nextWordStart and wordEnd themselves, so that no callback is called per word.
 */
export function eachWord(text: string, inner: boolean, visit: (start: number, end: number) => void): void {
  for (let a = nextWordStart(text, 0); a < text.length; ) {
    const b = wordEnd(text, a, inner);
    visit(a, b);
    a = nextWordStart(text, b);
  }
}

/**
 * Han (with its compatibility and extension blocks), Hiragana and Katakana: scripts written
 * without spaces, where a run of letters is a whole clause rather than a word.
 */
export function isUnspacedCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9d);
}

const isKana = (c: number): boolean => c >= 0x3040 && c <= 0x309f;

/**
 * Terms of one word for counting and comparing: the word itself, except that a run of an
 * unspaced script gives its overlapping character pairs (北京市政府 → 北京 京市 市政 政府), the
 * usual stand-in for words where no dictionary is at hand. Pairs of Hiragana alone are Japanese
 * grammar (particles, endings), not content, and are left out.
 */
export function eachTerm(word: string, visit: (term: string) => void): void {
  let plain = -1;
  let run = -1;
  const flushRun = (end: number) => {
    if (run < 0) return;
    for (let k = run; k + 1 < end; k++) if (!(isKana(word.charCodeAt(k)) && isKana(word.charCodeAt(k + 1)))) visit(word.slice(k, k + 2));
    if (end - run === 1 && !isKana(word.charCodeAt(run))) visit(word[run]!);
    run = -1;
  };
  for (let i = 0; i < word.length; i++) {
    if (isUnspacedCode(word.charCodeAt(i))) {
      if (plain >= 0) {
        visit(word.slice(plain, i));
        plain = -1;
      }
      if (run < 0) run = i;
    } else {
      flushRun(i);
      if (plain < 0) plain = i;
    }
  }
  flushRun(word.length);
  if (plain >= 0) visit(plain === 0 ? word : word.slice(plain));
}

/** Whether a text holds any character of an unspaced script (a cheap test before the slower paths). */
export function hasUnspaced(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3040 && isUnspacedCode(c)) return true;
  }
  return false;
}
