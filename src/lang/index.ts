// The language of an article: what the page or feed declares, else what a statistical detector
// reads in its headline and opening. The rest of the condenser (sentences, words, topics) keys
// its per-language rules on the BCP 47 primary tag this returns ("de", "zh"), or null.
import { eld } from 'eld/extrasmall';
import { primaryLanguage } from '../feeds/declared-language.ts';

/**
 * How much of the text the detector reads. Its cost grows with the length (about 30 µs at 200
 * characters, 35 at 250, against ~1 ms for a whole condense), and 120 characters already give
 * every page of the real-web set, every fixture in nine languages and every CNN/DM and PolNeAR
 * article tried its right language; 200 leaves a margin for short, mixed openings.
 */
const SAMPLE_CHARS = 200;

/** The language a text is written in, by statistics over its opening; null when too short or unclear to tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (!/\p{L}/u.test(sample)) return null;
  const result = eld.detect(sample);
  if (!result.language || !result.isReliable()) return null;
  return result.language;
}

/** The language of an article: the declared one (page `lang`, `og:locale`, feed `<language>`), else detected from its headline and opening paragraphs. */
export function articleLanguage(declared: string | null | undefined, headline: string, paragraphs: readonly string[]): string | null {
  const tag = primaryLanguage(declared);
  if (tag) return tag;
  let sample = headline;
  for (const p of paragraphs) {
    if (sample.length >= SAMPLE_CHARS) break;
    sample = sample ? `${sample}\n${p}` : p;
  }
  return detectLanguage(sample);
}
