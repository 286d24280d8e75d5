// Sentence splitting for news prose. News text is full of titles and initials ("Sen. Ada
// Cole", "Mary J. Lane", "U.S. officials") that end in a period without ending a sentence.
import { isUnspacedCode } from './words.ts';

/** Abbreviations that are followed by a name or number, so a period after them never ends a sentence. */
const NEVER_FINAL_EN = [
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'capt', 'sgt', 'cpl', 'adm',
  'maj', 'cmdr', 'rev', 'fr', 'st', 'mt', 'ft', 'sr', 'hon', 'pres', 'supt', 'insp', 'det', 'no', 'nos', 'vs',
  'v', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'approx', 'est',
  'fig', 'vol', 'pp', 'ed', 'eds', 'dept', 'univ', 'assn', 'bros', 'e.g', 'i.e', 'cf', 'al', 'etc.,', 'del',
  'sens', 'reps', 'gens', 'msgr', 'amb', 'atty', 'ret', 'brig', 'spc', 'pvt', 'cpt', 'asst', 'assoc',
];

/**
 * The same per language: titles before a name ("Sr.", "Mme.", "Dott."), abbreviations before a
 * number or noun ("Nr.", "ca.", "pág."), dotted forms that are not initials ("EE.UU.", "d.h.").
 * Words that often end a sentence ("usw.", "etc.", "ecc.") are left out on purpose.
 */
const NEVER_FINAL_BY_LANG: Record<string, string[]> = {
  de: ['nr', 'bzw', 'ca', 'vgl', 'ggf', 'evtl', 'inkl', 'zzgl', 'hr', 'fr', 'frl', 'str', 'abs', 'abt', 'bd', 'bspw', 'jh', 'jhd',
    'mio', 'mrd', 'tel', 'z.b', 'd.h', 'u.a', 's.o', 'o.ä', 'sog', 'geb', 'gest', 'dipl', 'ing', 'med', 'dr', 'prof', 'st',
    'jan', 'feb', 'mär', 'apr', 'aug', 'sept', 'okt', 'nov', 'dez'],
  fr: ['mm', 'mme', 'mmes', 'mlle', 'mlles', 'me', 'mgr', 'dr', 'pr', 'st', 'ste', 'av', 'bd', 'env', 'p.ex', 'cf', 'art',
    'janv', 'févr', 'avr', 'juil', 'sept', 'oct', 'nov', 'déc'],
  es: ['sr', 'sra', 'srta', 'sres', 'dr', 'dra', 'dña', 'ud', 'uds', 'lic', 'ing', 'arq', 'gral', 'pág', 'núm', 'art', 'avda', 'av',
    'tel', 'aprox', 'ee.uu', 'ene', 'feb', 'abr', 'ago', 'sept', 'oct', 'nov', 'dic'],
  pt: ['sr', 'sra', 'srs', 'srta', 'dr', 'dra', 'prof', 'profa', 'av', 'pág', 'tel', 'dep', 'sen', 'gov', 'ltda', 'art',
    'jan', 'fev', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  it: ['sig', 'sigg', 'sig.ra', 'dott', 'dott.ssa', 'prof', 'ing', 'avv', 'geom', 'rag', 'sen', 'dr', 'pag', 'tel', 'art',
    'gen', 'feb', 'apr', 'mag', 'giu', 'lug', 'ago', 'sett', 'ott', 'nov', 'dic'],
  nl: ['dhr', 'mevr', 'mr', 'dr', 'drs', 'ir', 'ing', 'prof', 'bijv', 'bv', 'd.w.z', 'o.a', 'm.b.t', 'nr', 'ca', 'jl', 'incl', 'resp', 'zgn',
    'jan', 'feb', 'mrt', 'apr', 'aug', 'sept', 'okt', 'nov', 'dec'],
};

/** Words that usually start a sentence; after a dotted abbreviation like "U.S." or "S.A." they signal a real end. */
const STARTERS_EN = [
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'but', 'and', 'in', 'on', 'at', 'this', 'that',
  'there', 'his', 'her', 'their', 'its', 'our', 'if', 'when', 'while', 'as', 'after', 'before', 'for',
  'some', 'many', 'most', 'no', 'yet', 'so', 'still', 'meanwhile', 'however', 'officials', 'last', 'earlier',
];
const STARTERS_BY_LANG: Record<string, string[]> = {
  de: ['der', 'die', 'das', 'ein', 'eine', 'er', 'sie', 'es', 'wir', 'ich', 'aber', 'und', 'doch', 'in', 'im', 'am', 'auf', 'bei',
    'nach', 'seit', 'diese', 'dieser', 'dieses', 'als', 'wenn', 'auch', 'so', 'da', 'dann', 'denn', 'noch'],
  fr: ['le', 'la', 'les', 'un', 'une', 'il', 'elle', 'ils', 'elles', 'nous', 'on', 'mais', 'et', 'en', 'dans', 'ce', 'cette', 'ces',
    'pour', 'selon', 'après', 'avant', 'depuis', 'si', 'lorsque', 'quand'],
  es: ['el', 'la', 'los', 'las', 'un', 'una', 'él', 'ella', 'ellos', 'pero', 'y', 'en', 'este', 'esta', 'estos', 'para', 'según',
    'tras', 'desde', 'si', 'cuando', 'también'],
  pt: ['o', 'a', 'os', 'as', 'um', 'uma', 'ele', 'ela', 'eles', 'mas', 'e', 'em', 'no', 'na', 'este', 'esta', 'para', 'segundo',
    'após', 'desde', 'se', 'quando'],
  it: ['il', 'lo', 'la', 'i', 'gli', 'le', 'un', 'una', 'lui', 'lei', 'loro', 'ma', 'e', 'in', 'nel', 'nella', 'questo', 'questa',
    'per', 'secondo', 'dopo', 'da', 'se', 'quando'],
  nl: ['de', 'het', 'een', 'hij', 'zij', 'ze', 'wij', 'we', 'maar', 'en', 'in', 'op', 'dit', 'deze', 'die', 'dat', 'volgens', 'na',
    'sinds', 'als', 'toen'],
};

/** Languages that write ordinals with a period ("am 3. Oktober", "3. května"): a short number before a period is no end. */
const ORDINAL_DOT = new Set(['de', 'cs', 'sk', 'pl', 'sl', 'hr', 'sr', 'bs', 'hu', 'da', 'no', 'nb', 'nn', 'fi', 'et', 'lv', 'lt', 'is', 'tr']);

interface Rules {
  neverFinal: Set<string>;
  starters: Set<string>;
  ordinalDot: boolean;
}

function buildRules(lang: string | null): Rules {
  // English rules always apply (English titles and "U.S." turn up everywhere). Other
  // languages' lists apply only to their own text: merged, their months ("set.", "ago.")
  // would stop English sentences from ending.
  const langs = lang === null ? [] : [lang];
  return {
    neverFinal: new Set([...NEVER_FINAL_EN, ...langs.flatMap((l) => NEVER_FINAL_BY_LANG[l] ?? [])]),
    starters: new Set([...STARTERS_EN, ...langs.flatMap((l) => STARTERS_BY_LANG[l] ?? [])]),
    ordinalDot: lang !== null && ORDINAL_DOT.has(lang),
  };
}

const rulesCache = new Map<string | null, Rules>();
function rulesFor(lang: string | null): Rules {
  let r = rulesCache.get(lang);
  if (!r) rulesCache.set(lang, (r = buildRules(lang)));
  return r;
}

const CLOSERS = '"”’\')]»›」』）】〉》';
const OPENERS = '"“‘\'(«‹[„「『（【〈《';
/** Sentence stops of Chinese and Japanese, which need no space or capital after them. */
const CJK_STOPS = '。！？';

function isUpperStart(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{Lu}\p{N}]/u.test(ch);
}

/** Change in quotation depth over a stretch of text: CJK brackets and curly marks opened minus closed. */
function depthChange(text: string, from: number, end: number, depth: number): number {
  for (let i = from; i < end; i++) {
    const c = text[i]!;
    if (c === '「' || c === '『' || c === '“' || c === '（') depth++;
    else if ((c === '」' || c === '』' || c === '”' || c === '）') && depth > 0) depth--;
  }
  return depth;
}

/**
 * Where a sentence ended by a CJK stop at `i` ends (after its closing marks), or -1 when it
 * goes on: a stop inside a quotation that continues, or one whose quotation is followed by its
 * attribution (“……。”他说。), does not end the sentence. `depth` is the quotation depth at `i`.
 */
function cjkEnd(text: string, i: number, depth: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n && (CJK_STOPS.includes(text[j]!) || text[j] === '!' || text[j] === '?')) j++;
  const closeFrom = j;
  while (j < n && CLOSERS.includes(text[j]!)) j++;
  if (j >= n) return n;
  if (depth > 0) {
    if (j - closeFrom < depth) return -1;
    const next = text[j]!;
    if (!/\s/.test(next) && !OPENERS.includes(next)) return -1;
  }
  return j;
}

/** Splits one paragraph into sentences, keeping their punctuation and quote marks. `lang` picks the abbreviations that never end one. */
export function splitSentences(paragraph: string, lang: string | null = null): string[] {
  const rules = rulesFor(lang);
  const text = paragraph.trim();
  const out: string[] = [];
  let start = 0;
  const n = text.length;
  // Quotation depth since the sentence start, kept up to `scanned` so long text stays linear.
  let depth = 0;
  let scanned = 0;
  for (let i = 0; i < n; i++) {
    // Only . ! ? … and the CJK stops can end a sentence: every other character is skipped by
    // its code, without building a one-character string (this loop sees every character).
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63 && c !== 0x2026 && c !== 0x3002 && c !== 0xff01 && c !== 0xff1f) continue;
    const ch = text[i]!;
    if (CJK_STOPS.includes(ch)) {
      if (scanned < start) {
        depth = 0;
        scanned = start;
      }
      depth = depthChange(text, scanned, i, depth);
      scanned = i;
      const j = cjkEnd(text, i, depth);
      if (j < 0) continue;
      if (j >= n) break;
      out.push(text.slice(start, j).trim());
      let k = j;
      while (k < n && /\s/.test(text[k]!)) k++;
      start = k;
      i = k - 1;
      continue;
    }
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
    if (ch === '.' && j === i + 1 && !endsSentence(text, i, k, rules)) continue;
    out.push(text.slice(start, j).trim());
    start = k;
    i = k - 1;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

function endsSentence(text: string, dot: number, next: number, rules: Rules): boolean {
  let w = dot;
  while (w > 0 && /[\p{L}\p{N}.'’-]/u.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot);
  const lower = word.toLowerCase();
  if (rules.neverFinal.has(lower)) return false;
  // A single letter is an initial ("Mary J. Lane", "M. Macron") or part of one ("z. B.", "d. h.").
  if (/^\p{L}$/u.test(word)) return false;
  if (rules.ordinalDot && /^\d{1,3}$/.test(word)) return false;
  // Dotted abbreviations ("U.S.", "D.C.", "S.A.") end a sentence only before a typical sentence opener.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    const nextWord = /^[\p{L}]+/u.exec(text.slice(next).replace(/^[“‘"'(«„]+/, ''))?.[0]?.toLowerCase() ?? '';
    return rules.starters.has(nextWord);
  }
  return true;
}

/**
 * Word count: whitespace-separated words, and for Chinese and Japanese, written without
 * spaces, one word per two characters (their words average under two characters), so length
 * rules ("a summary of six words or more") mean the same in every script. With a `limit`, counting
 * stops once past it (the result is then some number above the limit).
 */
export function wordCount(s: string, limit = Infinity): number {
  let n = 0;
  let inWord = false;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && run === 0) {
      // ASCII, the common case: only the space and \t \n \v \f \r separate words.
      if (c === 32 || (c <= 13 && c >= 9)) inWord = false;
      else if (!inWord) {
        inWord = true;
        if (++n > limit) return n;
      }
      continue;
    }
    if (c >= 0x3040 && isUnspacedCode(c)) {
      run++;
      inWord = false;
      continue;
    }
    if (run) {
      n += (run + 1) >> 1;
      run = 0;
    }
    // CJK and full-width punctuation and double curly quotes sit against the words without a
    // space; they separate words and are none themselves.
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160 || c === 12 || c === 11 || c === 0x201c || c === 0x201d
      || (c >= 0x3000 && (c <= 0x303f || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)));
    if (!space && !inWord && ++n > limit) return n;
    inWord = !space;
  }
  return n + ((run + 1) >> 1);
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
    if (ch === ';' || ch === '!' || ch === '?' || ch === '；' || CJK_STOPS.includes(ch)) return text.slice(0, i);
    if (ch !== '.') continue;
    const next = text[i + 1];
    if (next !== undefined && !/[\s"”’')]/.test(next)) continue;
    let w = i;
    while (w > 0 && /[\p{L}\p{N}.'’-]/u.test(text[w - 1]!)) w--;
    const word = text.slice(w, i);
    if (rulesFor(null).neverFinal.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word) || /^\p{Lu}[\p{L}-]*\.\p{Lu}$/u.test(word)) continue;
    return text.slice(0, i);
  }
  return text;
}
