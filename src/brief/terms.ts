// Content words and their weights, shared by quote ranking and context selection: a sentence
// or quote is central when it shares the words the article keeps coming back to.

import { wordCount } from './sentences.ts';
import { eachTerm, eachWord, hasUnspaced, isUnspacedCode, isWordCode, nextWordStart, wordEnd } from './words.ts';

const STOP = new Set(
  ('a an the and or but if then than that this these those there here of in on at by for with from to into ' +
    'onto over under about after before as is are was were be been being has have had do does did will would ' +
    'can could should may might must shall it its he she they we i you him her them us our their his my your ' +
    'me not no so such also just only very more most some any all each every other which who whom whose what ' +
    'when where why how said says say told according up down out off again new one two year years last ' +
    'while during since until because through between against among per via mr mrs ms dr s t just like ' +
    'get got make made take took would could ' +
    // The function words of the other languages the condenser reads, so that centrality in
    // them rests on what the article is about (words under three letters are dropped anyway;
    // those that are also English content words, such as "war", "die", "van", are not listed).
    'der das den des ein eine einen einem einer eines und oder aber auch wie mit von bei aus nach ' +
    'für auf über unter vor zum zur ist sind waren wird werden wurde wurden haben hatte hatten sein ' +
    'sich nicht noch nur schon sehr mehr sie ihr ihre ihren ihm ihn uns wir ich dass wenn weil dann doch ' +
    'hier dort diese dieser dieses diesen kein keine jetzt sagte sagt heute bereits immer wieder etwa ' +
    'les des une aux dans par pour sur avec sans sous est sont été être avait ont qui que quoi dont elle elles ' +
    'ils nous vous leur leurs ses mais comme tout tous très aussi cette ces ceux selon fait depuis ' +
    'los las del una unos unas por para sobre entre está están fue que qué quien como pero ' +
    'más muy también este esta estos estas ese esa sus ser según dijo tras desde hasta cuando donde ' +
    'uma uns umas com pelo pela pelos pelas não mais muito também este esta isso isto seu sua seus suas ' +
    'foi são ser está estão tem têm quando onde segundo disse após ' +
    'della dello delle degli dei nel nella nelle negli per tra fra sono stato stata essere anche come più ' +
    'questo questa quello quella suo sua suoi sue non che cui dopo secondo detto ' +
    'het een voor aan bij uit naar over niet ook maar dat deze dit zijn was waren wordt werd ' +
    'heeft hebben zij wij hij ons hun haar volgens ' +
    // Chinese pairs that are grammar or filler rather than content.
    '我们 他们 她们 表示 一个 这个 那个 没有 已经 可以 因为 所以 但是 如果 还是 就是 以及 进行 以来 自己 什么 这些 那些 目前 认为').split(/\s+/),
);

/** A function word of one of the languages read ("the", "und", "我们"): never a content word. */
export function isFunctionWord(w: string): boolean {
  return STOP.has(w);
}

/** Lowercase content words of a text; in Chinese and Japanese, character pairs (see `eachTerm`). */
export function contentWords(text: string): string[] {
  return termsOf(text).content;
}

/** Content words of lowercased text with a script written without spaces: its runs give character pairs. */
function unspacedContent(lower: string): string[] {
  const out: string[] = [];
  for (let a = nextWordStart(lower, 0); a < lower.length; ) {
    const b = wordEnd(lower, a, false);
    if (hasUnspaced(lower.slice(a, b))) {
      eachTerm(lower.slice(a, b), (t) => {
        if ((t.length > 2 || hasUnspaced(t)) && !STOP.has(t)) out.push(t);
      });
    } else if (b - a > 2) {
      const w = lower.slice(a, b);
      if (!STOP.has(w)) out.push(w);
    }
    a = nextWordStart(lower, b);
  }
  return out;
}

/** Apostrophe, right single quote or hyphen: the marks `wordEnd` keeps inside a word. */
const isJoinerCode = (c: number): boolean => c === 39 || c === 0x2019 || c === 45;

/**
 * Separators for `wordCount` (sentences.ts), which counts words as runs of anything else:
 * whitespace, the no-break space, curly double quotes and CJK and full-width punctuation.
 */
function separatesWords(c: number): boolean {
  if (c < 128) return c === 32 || (c <= 13 && c >= 9);
  return c === 160 || c === 0x201c || c === 0x201d
    || (c >= 0x3000 && (c <= 0x303f || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)));
}

/** What `termsOf` gives. */
export interface Terms {
  /** Lowercase words as written, inner apostrophes and hyphens kept ("long-running", "o'brien"). */
  tokens: string[];
  /** Content words: the parts between inner marks, three letters or more, no function words. */
  content: string[];
  /** The word count (`wordCount`). */
  words: number;
}

/**
 * One scan for what a sentence is read for: its lowercase words as written (the words the
 * background cues look at), its content words (the parts between the inner marks, three
 * letters or more, no function words) and its word count (`wordCount`). Every
 * sentence of an article goes through here, so its characters are read once, not once per
 * use. Text without spaces between words keeps the rules of its own.
 */
export function termsOf(text: string): Terms {
  const lower = text.toLowerCase();
  const n = lower.length;
  const tokens: string[] = [];
  const content: string[] = [];
  let words = 0;
  // Whether the last character separated words, for the word count.
  let apart = true;
  for (let i = 0; i < n; ) {
    const c = lower.charCodeAt(i);
    if (c >= 0x3040 && isUnspacedCode(c)) return unspacedTerms(text, lower);
    if (!isWordCode(lower, i)) {
      if (separatesWords(c)) apart = true;
      else if (apart) {
        words++;
        apart = false;
      }
      i++;
      continue;
    }
    if (apart) {
      words++;
      apart = false;
    }
    // A word as `wordEnd` reads it with inner marks, noting the parts between them as it goes.
    const a = i;
    let from = a;
    let end = -1;
    let parts = 0;
    i++;
    while (end < 0) {
      while (i < n && isWordCode(lower, i)) {
        const d = lower.charCodeAt(i);
        if (d >= 0x3040 && isUnspacedCode(d)) return unspacedTerms(text, lower);
        i++;
      }
      const joined = i < n && isJoinerCode(lower.charCodeAt(i));
      if (i - from > 2 && (joined || parts > 0)) {
        const part = lower.slice(from, i);
        if (!STOP.has(part)) content.push(part);
      }
      if (joined) {
        parts++;
        i++;
        from = i;
        if (i < n && isWordCode(lower, i)) continue;
      }
      end = i;
    }
    const w = lower.slice(a, end);
    tokens.push(w);
    // A word without inner marks is its own single part.
    if (parts === 0 && end - a > 2 && !STOP.has(w)) content.push(w);
  }
  return { tokens, content, words };
}

/** `termsOf` for text with a script written without spaces: each measure by its own rule. */
function unspacedTerms(text: string, lower: string): Terms {
  const tokens: string[] = [];
  eachWord(lower, true, (a, b) => tokens.push(lower.slice(a, b)));
  return { tokens, content: unspacedContent(lower), words: wordCount(text) };
}

/** Term frequencies over the article (paragraph texts, or content words already extracted), with the headline counted extra (it names the story). */
export function termWeights(parts: (string | string[])[], headline: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const p of parts) for (const w of typeof p === 'string' ? contentWords(p) : p) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const w of contentWords(headline)) tf.set(w, (tf.get(w) ?? 0) + 3);
  return tf;
}

const SMALL = 24;
/** Natural logarithms of the small counts most words have, looked up rather than computed per word. */
const LOGS = Float64Array.from({ length: 256 }, (_, i) => Math.log(i));

/** How much a text is about what the article is about, independent of its length. */
export function centrality(text: string | string[], weights: Map<string, number>): number {
  const words = typeof text === 'string' ? contentWords(text) : text;
  if (words.length === 0) return 0;
  let sum = 0;
  // Each distinct word counts once. A sentence has a few dozen content words at most, where
  // looking back with indexOf is cheaper than building a Set; long quotes still get one.
  const seen = words.length > SMALL ? new Set<string>() : null;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (seen ? seen.has(w) : words.indexOf(w) < k) continue;
    seen?.add(w);
    const f = weights.get(w) ?? 0;
    // Words seen once are this sentence's own; only repeated words show centrality.
    if (f > 1) sum += f < LOGS.length ? LOGS[f]! : Math.log(f);
  }
  return sum / Math.sqrt(words.length + 4);
}
