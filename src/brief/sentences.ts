// Sentence splitting for news prose. News text is full of titles and initials ("Sen. Ada
// Cole", "Mary J. Lane", "U.S. officials") that end in a period without ending a sentence.

/** Abbreviations that are followed by a name or number, so a period after them never ends a sentence. */
const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'capt', 'sgt', 'cpl', 'adm',
  'maj', 'cmdr', 'rev', 'fr', 'st', 'mt', 'ft', 'sr', 'hon', 'pres', 'supt', 'insp', 'det', 'no', 'nos', 'vs',
  'v', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'approx', 'est',
  'fig', 'vol', 'pp', 'ed', 'eds', 'dept', 'univ', 'assn', 'bros', 'e.g', 'i.e', 'cf', 'al', 'etc.,', 'del',
  'sens', 'reps', 'gens', 'msgr', 'amb', 'atty', 'ret', 'brig', 'spc', 'pvt', 'cpt', 'asst', 'assoc',
]);

/** Words that usually start a sentence; after an abbreviation like "U.S." they signal a real end. */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'but', 'and', 'in', 'on', 'at', 'this', 'that',
  'there', 'his', 'her', 'their', 'its', 'our', 'if', 'when', 'while', 'as', 'after', 'before', 'for',
  'some', 'many', 'most', 'no', 'yet', 'so', 'still', 'meanwhile', 'however', 'officials', 'last', 'earlier',
]);

const CLOSERS = '"”’\')]»›';
const OPENERS = '"“‘\'(«‹[„';

function isUpperStart(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{Lu}\p{N}]/u.test(ch);
}

/** Splits one paragraph into sentences, keeping their punctuation and quote marks. */
export function splitSentences(paragraph: string): string[] {
  const text = paragraph.trim();
  const out: string[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    let j = i + 1;
    while (j < n && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    while (j < n && CLOSERS.includes(text[j]!)) j++;
    if (j >= n) break;
    if (!/\s/.test(text[j]!)) continue;
    let k = j;
    while (k < n && /\s/.test(text[k]!)) k++;
    let first = text[k];
    let m = k;
    while (m < n && OPENERS.includes(text[m]!)) m++;
    if (m > k) first = text[m];
    if (!isUpperStart(first)) continue;
    if (ch === '.' && j === i + 1 && !endsSentence(text, i, k)) continue;
    out.push(text.slice(start, j).trim());
    start = k;
    i = k - 1;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

function endsSentence(text: string, dot: number, next: number): boolean {
  let w = dot;
  while (w > 0 && /[\p{L}\p{N}.'’-]/u.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot);
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  // A single capital letter is an initial ("Mary J. Lane").
  if (/^\p{Lu}$/u.test(word)) return false;
  // Dotted abbreviations ("U.S.", "D.C.") end a sentence only before a typical sentence opener.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    const nextWord = /^[\p{L}]+/u.exec(text.slice(next).replace(/^[“‘"'(]+/, ''))?.[0]?.toLowerCase() ?? '';
    return SENTENCE_STARTERS.has(nextWord);
  }
  return true;
}

/** Whitespace-separated word count. */
export function wordCount(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160 || c === 12 || c === 11;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * The text up to the end of its first sentence (without the final mark). Unlike
 * splitSentences it does not need a capital after the stop, so it suits fragments such as
 * the words after a quotation ("said Mr. Hale, director of …. More text").
 */
export function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // Periods inside parentheses ("(D-Ore.)") never end the sentence.
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (ch === ';' || ch === '!' || ch === '?') return text.slice(0, i);
    if (ch !== '.') continue;
    const next = text[i + 1];
    if (next !== undefined && !/[\s"”’')]/.test(next)) continue;
    let w = i;
    while (w > 0 && /[\p{L}\p{N}.'’-]/u.test(text[w - 1]!)) w--;
    const word = text.slice(w, i);
    if (NEVER_FINAL.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word) || /^\p{Lu}[\p{L}-]*\.\p{Lu}$/u.test(word)) continue;
    return text.slice(0, i);
  }
  return text;
}
