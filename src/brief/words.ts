// Fast word scanning. Tokenising is the condenser's hottest loop (every article is scanned
// for names and content words), so it walks character codes instead of running a Unicode
// property regex, falling back to the regex only for non-ASCII characters.

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** Letter, digit or combining mark. */
export function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return NON_ASCII_WORD.test(text[i]!);
}

/** Apostrophe, right single quote or hyphen: inside a word ("O'Brien") or closing it ("players'"). */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45;
}

/**
 * Calls `visit(start, end)` for each word: a run of letters and digits, which may also hold
 * inner apostrophes and hyphens when `inner` is set ("O'Brien", "Smith-Jones").
 */
export function eachWord(text: string, inner: boolean, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordCode(text, i)) i++;
    if (i >= n) break;
    const start = i;
    i++;
    for (;;) {
      while (i < n && isWordCode(text, i)) i++;
      if (inner && i < n && isJoiner(text.charCodeAt(i))) {
        i++;
        if (i < n && isWordCode(text, i)) continue;
      }
      break;
    }
    visit(start, i);
  }
}
