// Content words and their weights, shared by quote ranking and context selection: a sentence
// or quote is central when it shares the words the article keeps coming back to.

import { eachWord } from './words.ts';

const STOP = new Set(
  ('a an the and or but if then than that this these those there here of in on at by for with from to into ' +
    'onto over under about after before as is are was were be been being has have had do does did will would ' +
    'can could should may might must shall it its he she they we i you him her them us our their his my your ' +
    'me not no so such also just only very more most some any all each every other which who whom whose what ' +
    'when where why how said says say told according up down out off again new one two year years last ' +
    'while during since until because through between against among per via mr mrs ms dr s t just like ' +
    'get got make made take took would could').split(/\s+/),
);

/** Lowercase content words of a text. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  eachWord(lower, false, (a, b) => {
    if (b - a > 2) {
      const w = lower.slice(a, b);
      if (!STOP.has(w)) out.push(w);
    }
  });
  return out;
}

/** Term frequencies over the article (paragraph texts, or content words already extracted), with the headline counted extra (it names the story). */
export function termWeights(parts: (string | string[])[], headline: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const p of parts) for (const w of typeof p === 'string' ? contentWords(p) : p) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const w of contentWords(headline)) tf.set(w, (tf.get(w) ?? 0) + 3);
  return tf;
}

const SMALL = 24;

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
    if (f > 1) sum += Math.log(f);
  }
  return sum / Math.sqrt(words.length + 4);
}
