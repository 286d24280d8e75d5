// Quote ranking: whole sentences before fragments, named speakers before anonymous ones,
// quotes about the story's subject before asides.
import type { FoundQuote } from './extract.ts';
import { centrality } from './terms.ts';

export function quoteScore(q: FoundQuote, weights: Map<string, number>): number {
  const form = q.full ? 3 : 0;
  const who = q.person ? 2 : q.speaker ? 1 : 0;
  const length = Math.min(q.words, 30) / 30;
  return form + who + length + centrality(q.text, weights);
}

/** Most important first; ties keep article order. */
export function rankQuotes(quotes: FoundQuote[], weights: Map<string, number>): FoundQuote[] {
  return quotes
    .map((q, i) => ({ q, i, s: quoteScore(q, weights) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.q);
}
