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

// Each quote already taken from the same speaker costs this much, so the few quotes a message
// shows give several voices when the article has them; it is less than the whole-sentence bonus,
// so a second full sentence from one speaker still beats another speaker's fragment.
const REPEAT_SPEAKER_PENALTY = 1.5;
// Past this many quotes the greedy pick (quadratic) gives way to a plain sort.
const DIVERSIFY_LIMIT = 200;

/** Most important first, speakers interleaved where that costs little importance; ties keep article order. */
export function rankQuotes(quotes: FoundQuote[], weights: Map<string, number>): FoundQuote[] {
  const scored = quotes.map((q, i) => ({ q, i, s: quoteScore(q, weights) })).sort((a, b) => b.s - a.s || a.i - b.i);
  if (scored.length > DIVERSIFY_LIMIT) return scored.map((x) => x.q);
  const taken = new Map<string, number>();
  const out: FoundQuote[] = [];
  const left = [...scored];
  while (left.length) {
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < left.length; k++) {
      const x = left[k]!;
      const adjusted = x.s - REPEAT_SPEAKER_PENALTY * (x.q.speaker ? (taken.get(x.q.speaker) ?? 0) : 0);
      if (adjusted > bestScore) {
        bestScore = adjusted;
        best = k;
      }
    }
    const [pick] = left.splice(best, 1);
    out.push(pick!.q);
    if (pick!.q.speaker) taken.set(pick!.q.speaker, (taken.get(pick!.q.speaker) ?? 0) + 1);
  }
  return out;
}
