// Keyword matching for topics. A topic means what a story is about, not a word it happens to
// use: one keyword in the headline or lead (or the feed's own categories) is enough, but in the
// rest of the brief it takes two distinct keywords, and an excluded word rules the topic out.
import type { Keywords, Topic } from './types.ts';

/** Where a brief's words stand: the headline, lead and feed categories weigh more than the body. */
export interface TopicText {
  /** Headline, summary and the feed item's categories. */
  lead: string;
  /** Context sentences and quotes. */
  body: string;
  /** BCP 47 primary tag of the text, or null when unknown (then every language's keywords apply). */
  lang: string | null;
}

/** Distinct keywords the body needs when the lead names none. */
export const BODY_HITS = 2;

const ALL = '*';

/** A topic compiled once: its keyword regexes per language ('*' for every language). */
export interface CompiledTopic {
  name: string;
  include: Map<string, RegExp[]>;
  exclude: Map<string, RegExp[]>;
}

// Scripts written without spaces between words: a keyword in them matches as a character
// sequence, since there are no word boundaries to test.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * Inflections a keyword may take, per language, on its last word: plurals and the commonest
 * endings, so lists hold lemmas rather than every form. Irregular plurals (German umlauts,
 * Dutch "soldaat" → "soldaten") are listed as keywords of their own.
 */
function inflect(last: string, lang: string): string {
  const stem = (n: number) => last.slice(0, last.length - n);
  switch (lang) {
    case 'en':
      return /[^aeiou]y$/i.test(last) ? `(?:${last}|${stem(1)}ies)` : `${last}(?:s|es)?`;
    case 'de':
      return `${last}(?:e|en|es|n|s|ns)?`;
    case 'nl':
      return `${last}(?:s|en|n|'s)?`;
    case 'fr':
      if (/al$/i.test(last)) return `${stem(2)}(?:al|aux)`;
      if (/eau$/i.test(last)) return `${last}x?`;
      return `${last}(?:s|x)?`;
    case 'es':
      // elección → elecciones, sanción → sanciones: the accent goes in the plural.
      if (/ión$/i.test(last)) return `${stem(3)}(?:ión|iones)`;
      if (/z$/i.test(last)) return `${stem(1)}(?:z|ces)`;
      return `${last}(?:s|es)?`;
    case 'pt':
      if (/ção$/i.test(last)) return `${stem(3)}(?:ção|ções)`;
      if (/ão$/i.test(last)) return `${stem(2)}(?:ão|ões|ães|ãos)`;
      if (/l$/i.test(last)) return `${stem(1)}(?:l|is)`;
      if (/m$/i.test(last)) return `${stem(1)}(?:m|ns)`;
      return `${last}(?:s|es)?`;
    case 'it':
      // Italian plurals change the final vowel: ministro → ministri, banca → banche, elezione → elezioni.
      if (/[cg]a$/i.test(last)) return `${stem(1)}(?:a|he)`;
      if (/[cg]o$/i.test(last)) return `${stem(1)}(?:o|i|hi)`;
      if (/o$/i.test(last)) return `${stem(1)}[oi]`;
      if (/a$/i.test(last)) return `${stem(1)}[ae]`;
      if (/e$/i.test(last)) return `${stem(1)}[ei]`;
      return last;
    default:
      return last;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]");
}

/**
 * One keyword as a pattern: on word boundaries, inflected per language; a trailing `*` matches
 * every word that starts with it (German compounds: "Klima*" for Klimawandel, Klimaschutz);
 * in Chinese and Japanese, which have no spaces, a keyword matches as a character sequence.
 */
function keywordPattern(keyword: string, lang: string): string {
  if (UNSPACED.test(keyword)) return escapeRegExp(keyword.replace(/\*$/, ''));
  const prefix = keyword.endsWith('*');
  const words = (prefix ? keyword.slice(0, -1) : keyword).split(/\s+/).map(escapeRegExp);
  const last = words.pop()!;
  // Only the last word of a phrase is inflected: "interest rates", not "interests rate".
  const body = [...words, prefix ? `${last}[\\p{L}\\p{N}]*` : inflect(last, lang)].join('[\\s\\-]+');
  return `(?<![\\p{L}\\p{N}])${body}(?:'s|’s)?(?![\\p{L}\\p{N}])`;
}

/**
 * Regexes for one keyword list: case-insensitive, except that a keyword written in capitals
 * ("UN", "AI", "WHO") matches case-sensitively, because its lower-case form is an ordinary word.
 * A list without a language inflects as English.
 */
function compileList(keywords: readonly string[], lang: string): RegExp[] {
  const exact: string[] = [];
  const folded: string[] = [];
  const inflectAs = lang === ALL ? 'en' : lang;
  for (const raw of keywords) {
    const kw = raw.trim();
    if (!kw) continue;
    // One group per keyword, so a match tells which keyword it was (distinct keywords count).
    if (/^[A-Z0-9]{2,5}$/.test(kw)) exact.push(`(${keywordPattern(kw, inflectAs)})`);
    else folded.push(`(${keywordPattern(kw, inflectAs)})`);
  }
  const out: RegExp[] = [];
  if (folded.length) out.push(new RegExp(folded.join('|'), 'giu'));
  if (exact.length) out.push(new RegExp(exact.join('|'), 'gu'));
  return out;
}

function compileKeywords(keywords: Keywords | undefined): Map<string, RegExp[]> {
  const out = new Map<string, RegExp[]>();
  if (!keywords) return out;
  const entries: [string, readonly string[]][] = Array.isArray(keywords) ? [[ALL, keywords]] : Object.entries(keywords);
  for (const [lang, list] of entries) out.set(lang, compileList(list, lang));
  return out;
}

export function compileTopic(topic: Topic): CompiledTopic {
  return { name: topic.name, include: compileKeywords(topic.keywords), exclude: compileKeywords(topic.exclude) };
}

// Configured topics are the same objects on every call; guild topics come fresh from the store,
// so they are also remembered by content (bounded: a server cannot grow it without limit).
const byObject = new WeakMap<Topic, CompiledTopic>();
const byContent = new Map<string, CompiledTopic>();
const MAX_BY_CONTENT = 2000;

export function compiled(topic: Topic): CompiledTopic {
  let c = byObject.get(topic);
  if (c) return c;
  const key = JSON.stringify([topic.name, topic.keywords, topic.exclude ?? null]);
  c = byContent.get(key);
  if (!c) {
    if (byContent.size >= MAX_BY_CONTENT) byContent.clear();
    byContent.set(key, (c = compileTopic(topic)));
  }
  byObject.set(topic, c);
  return c;
}

/** The regexes that apply to a text in `lang`: every-language lists plus that language's (all when unknown). */
function regexesFor(map: Map<string, RegExp[]>, lang: string | null): RegExp[] {
  if (lang === null) return [...map.values()].flat();
  return [...(map.get(ALL) ?? []), ...(map.get(lang) ?? [])];
}

function anyMatch(res: readonly RegExp[], text: string): boolean {
  for (const re of res) {
    re.lastIndex = 0;
    if (re.test(text)) return true;
  }
  return false;
}

/**
 * Distinct keywords found (the keyword's group in its regex tells them apart), up to `enough`. The
 * compiled regexes are run themselves (`exec`): `matchAll` makes a copy of its regex on every call
 * (a third slower over the fixture articles, whatever the heap holds).
 */
function distinctHits(res: readonly RegExp[], text: string, enough: number): number {
  const seen = new Set<string>();
  for (let r = 0; r < res.length && seen.size < enough; r++) {
    const re = res[r]!;
    re.lastIndex = 0;
    for (let m = re.exec(text); m && seen.size < enough; m = re.exec(text)) {
      if (!m[0]) re.lastIndex++;
      seen.add(`${r}:${m.findIndex((g, i) => i > 0 && g !== undefined)}`);
    }
  }
  return seen.size;
}

/** Whether a text is about a compiled topic. */
export function isAbout(text: TopicText, topic: CompiledTopic): boolean {
  const include = regexesFor(topic.include, text.lang);
  if (include.length === 0) return false;
  const exclude = regexesFor(topic.exclude, text.lang);
  if (exclude.length && (anyMatch(exclude, text.lead) || anyMatch(exclude, text.body))) return false;
  if (anyMatch(include, text.lead)) return true;
  return distinctHits(include, text.body, BODY_HITS) >= BODY_HITS;
}

/** Names of the topics a text is about, in the order the topics are listed. */
export function matchTopics(text: TopicText, topics: readonly Topic[]): string[] {
  const names: string[] = [];
  for (const topic of topics) if (isAbout(text, compiled(topic))) names.push(topic.name);
  return names;
}

/** Every keyword of a topic, whatever its language, for listing: English first (the bot speaks English), then every-language words, then the rest. */
export function keywordList(keywords: Keywords): string[] {
  if (Array.isArray(keywords)) return [...keywords];
  const rank = (lang: string) => (lang === 'en' ? 0 : lang === ALL ? 1 : 2);
  const langs = Object.keys(keywords).sort((a, b) => rank(a) - rank(b));
  return [...new Set(langs.flatMap((l) => keywords[l] ?? []))];
}
