// Content words and their weights, shared by quote ranking and context selection: a sentence
// or quote is central when it shares the words the article keeps coming back to.

const STOP = new Set(
  ('a an the and or but if then than that this these those there here of in on at by for with from to into ' +
    'onto over under about after before as is are was were be been being has have had do does did will would ' +
    'can could should may might must shall it its he she they we i you him her them us our their his my your ' +
    'me not no so such also just only very more most some any all each every other which who whom whose what ' +
    'when where why how said says say told according up down out off again new one two year years last ' +
    'while during since until because through between against among per via mr mrs ms dr s t just like ' +
    'get got make made take took would could').split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+/gu;
const cache = new Map<string, string[]>();

/** Lowercase content words of a text (memoised for the last few hundred texts: sentences are scored several times). */
export function contentWords(text: string): string[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const out: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const w = m[0];
    if (w.length > 2 && !STOP.has(w)) out.push(w);
  }
  if (cache.size > 512) cache.clear();
  cache.set(text, out);
  return out;
}

/** Term frequencies over the article, with the headline counted extra (it names the story). */
export function termWeights(paragraphs: string[], headline: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const p of paragraphs) for (const w of contentWords(p)) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const w of contentWords(headline)) tf.set(w, (tf.get(w) ?? 0) + 3);
  return tf;
}

/** How much a text is about what the article is about, independent of its length. */
export function centrality(text: string, weights: Map<string, number>): number {
  const words = contentWords(text);
  if (words.length === 0) return 0;
  let sum = 0;
  const seen = new Set<string>();
  for (const w of words) {
    if (seen.has(w)) continue;
    seen.add(w);
    const f = weights.get(w) ?? 0;
    // Words seen once are this sentence's own; only repeated words show centrality.
    if (f > 1) sum += Math.log(f);
  }
  return sum / Math.sqrt(words.length + 4);
}
