// The language of an article: what the page or feed declares, else what a statistical detector
// reads in its headline and opening. The rest of the condenser (sentences, words, topics) keys
// its per-language rules on the BCP 47 primary tag this returns ("de", "zh"), or null.
import { eld } from 'eld/extrasmall';

/**
 * How much of the text the detector reads. Its cost grows with the length (about a tenth of a
 * condense at 250 characters, a sixth at 600), and 200 characters already give every page of the
 * real-web set and every CNN/DM article its right language.
 */
const SAMPLE_CHARS = 250;

/**
 * The primary language subtag of a BCP 47 tag or a locale ("en-US", "pt_BR", "zh-Hans-CN" →
 * "en", "pt", "zh"), lower-cased; null for anything that is not one ("", "x-default", "*").
 */
export function primaryTag(tag: string | null | undefined): string | null {
  const m = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(tag ?? '');
  if (!m) return null;
  const primary = m[1]!.toLowerCase();
  // "und" is the tag for an undetermined language, "mul" for several, "zxx" for none.
  return primary === 'und' || primary === 'mul' || primary === 'zxx' ? null : primary;
}

/** The language a text is written in, by statistics over its opening; null when too short or unclear to tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (!/\p{L}/u.test(sample)) return null;
  const result = eld.detect(sample);
  if (!result.language || !result.isReliable()) return null;
  return result.language;
}

/** The language of an article: the declared one (page `lang`, `og:locale`, feed `<language>`), else detected from its headline and text. */
export function articleLanguage(declared: string | null | undefined, headline: string, text: string): string | null {
  return primaryTag(declared) ?? detectLanguage(headline ? `${headline}\n${text.slice(0, SAMPLE_CHARS)}` : text);
}
