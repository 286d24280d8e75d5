// The grammar of "who said it", per language. Each language is one data file in lexicons/
// (speech verbs in their inflected forms, pronouns, titles, honorifics, role nouns, words that
// never belong to a name); the attribution engine is the same for all and reads only the
// compiled form below. Lexicons are compiled once per language and cached, never per article.
import { cs } from './lexicons/cs.ts';
import { de } from './lexicons/de.ts';
import { en } from './lexicons/en.ts';
import { es } from './lexicons/es.ts';
import { fr } from './lexicons/fr.ts';
import { it } from './lexicons/it.ts';
import { ja } from './lexicons/ja.ts';
import { nl } from './lexicons/nl.ts';
import { pt } from './lexicons/pt.ts';
import { zh } from './lexicons/zh.ts';

/** What a language file gives. Lists are lowercase; multi-word verbs are written with one space. */
export interface LexiconData {
  /** BCP 47 primary tag. */
  lang: string;
  /** Chinese and Japanese: no spaces between words, no capitals; names are read by position. */
  cjk?: boolean;
  /** Verbs that introduce or close a direct quotation, every inflected form used in news. */
  speechVerbs: string[];
  /** Third-person pronouns that stand for a person ("he", "er", "elle"). */
  pronouns: string[];
  /** Pronouns (among `pronouns`) and words that mark a woman or a man, for matching he/she. */
  female?: string[];
  male?: string[];
  /** Pronouns that stand for an organisation ("it said in a statement"). */
  orgPronouns?: string[];
  /** First and second person: the quote's own voice, never a speaker. */
  firstPerson: string[];
  /** Words between a subject and its verb that do not change who speaks (auxiliaries, adverbs). */
  aux: string[];
  /** Words that may open a clause before its subject. */
  clauseOpeners: string[];
  /** Lowercase words that show a phrase is a clause, not a subject ("was", "that", "who"). */
  clauseWords?: string[];
  /** Endings of verb forms that cannot sit inside a subject phrase (English "-ed", "-ing"). */
  verbSuffixes?: string[];
  /** Articles and determiners that start a descriptive speaker ("the spokesperson", "der Sprecher"). */
  determiners: string[];
  /** Plural nouns that speak without a determiner ("officials said"). */
  bareSpeakers: string[];
  /** Titles and role nouns that stand before a name or for a person ("Minister", "Sprecher"). */
  titles: string[];
  /** Honorifics: part of how a name is written, not a role ("Mr", "Frau", "M."). */
  honorifics: string[];
  /** Capitalised words that never belong to a person's name. */
  notName: string[];
  /** Adjectives and nouns of nationality ("Chinese", "Portuguese"): never a person's name. */
  demonyms?: string[];
  /** Prepositions: a name right after one is an object or a place, not a speaker. */
  prepositions: string[];
  /** Nouns that make a capitalised run an organisation ("Commission", "Ministerium"), lowercase. */
  orgWords?: string[];
  /** Prepositions of place: a capitalised run right after one is a place ("in São Paulo"). */
  placePrepositions?: string[];
  /** Subject pronouns (among `pronouns`) that show the gender of the person last named ("he", "she"). */
  nominative?: string[];
  /** Participles that hand a quotation to the sentence's subject (", saying", ", ajoutant"). */
  participles?: string[];
  /** Nouns of a written statement that a participle may follow without a comma ("a statement warning that"). */
  statementNouns?: string[];
  /** The main verb of a sentence, for finding its subject: a regular expression whose group 1 is what precedes it. */
  mainVerb?: string;
  /** A circumstance opening a sentence before its subject ("In London, …"): an expression to cut. */
  leadOpener?: string;
  /** Written sources whose author speaks ("a survey by", "a statement from"): an expression to cut before the author. */
  sourceOf?: string;
  /** Relative pronouns opening a clause between commas ("who", "qui"). */
  relativePronouns?: string[];
  /** "according to X" in this language ("selon", "laut", "según"). */
  according?: string[];
  /** Words after an inverted verb that end the speaker's phrase ("… said Smith in a statement"). */
  invertedStop?: string[];
  /** A phrase standing for the person last written about, like a pronoun ("the 20-year-old"). */
  agePattern?: string;
  /** Titles are compounds ("Verkehrsminister", "bondscoach"): a word ending in a title is one. */
  compounds?: boolean;
  /** Case endings that a name takes after its first mention ("Stengers", "Dvořáčka"): stripped to find the person. */
  nameEndings?: string[];
  /** The subject may be left out ("…", dijo.): a verb with no subject stands for the person last speaking. */
  proDrop?: boolean;
  /** Elided articles written with an apostrophe ("l’avocat"). */
  elisions?: string[];
  /** Pronouns joined to an inverted verb by a hyphen ("explique-t-il", "a-t-elle"). */
  hyphenPronouns?: string[];
  /** Definite articles with which a role noun refers back to the person just named ("el instructor"). */
  anaphoricArticles?: string[];
  /**
   * Name particles written in lowercase inside names, alone or in sequence ("van", "van den",
   * "von der", "de la", "el"). A name may hold one of these between its words ("Sanne van den
   * Berg"); written with a capital it opens a surname ("Van den Berg", "El Amrani").
   */
  particles?: string[];
  /** A word of origin before a name describes the person ("de Canadese Emily Carter", "der Franzose Luc Petit"). */
  demonymRoles?: boolean;
  /** Words that join a title to what it is a title of ("Secretary of State", "minister van Financiën"). */
  titleLinks?: string[];
  /**
   * Verb forms that by themselves mark reported speech (German Konjunktiv I: "habe", "sei",
   * "heiße"): a quotation in such a clause is the words of its subject or of the person last
   * written about.
   */
  reportMarkers?: string[];
  /** Separable verb particles that close an inverted attribution ("laat X weten", "fügte X hinzu"). */
  verbParticles?: string[];
}

export interface VerbHit {
  index: number;
  end: number;
  verb: string;
}

/** A lexicon compiled for look-ups: sets, and a verb scanner. */
export interface Lexicon {
  lang: string;
  cjk: boolean;
  speechWords: Set<string>;
  pronouns: Set<string>;
  female: Set<string>;
  male: Set<string>;
  orgPronouns: Set<string>;
  firstPerson: Set<string>;
  aux: Set<string>;
  clauseOpeners: Set<string>;
  clauseWords: Set<string>;
  verbSuffix: RegExp | null;
  determiners: Set<string>;
  bareSpeakers: Set<string>;
  titles: Set<string>;
  honorifics: Set<string>;
  notName: Set<string>;
  demonyms: Set<string>;
  prepositions: Set<string>;
  orgWords: Set<string>;
  placePrepositions: Set<string>;
  nominative: Set<string>;
  /** Matches "according to X" at the start of a phrase; group 1 is X. */
  accordingAfter: RegExp | null;
  /** "according to X," at the end of a lead-in; group 1 is X. */
  accordingBefore: RegExp | null;
  /** "According to X, …" opening a sentence; group 1 is X. */
  accordingLead: RegExp | null;
  invertedStop: RegExp;
  sourceOf: RegExp | null;
  participle: RegExp | null;
  mainVerb: RegExp | null;
  leadOpener: RegExp | null;
  /** A relative clause between commas, to cut from a lead-in. */
  relative: RegExp | null;
  age: RegExp | null;
  /** Any word of a name particle ("van", "den", "von"), lowercase. */
  particle: RegExp;
  /** How many words from `from` form the longest name particle ("van den" → 2), case-insensitively; 0 if none. */
  particleRun: (words: readonly string[], from: number) => number;
  titleLinks: Set<string>;
  demonymRoles: boolean;
  verbParticles: Set<string>;
  reportMarkers: Set<string>;
  /** Whether a phrase holds a particle word after its first word (a cheap test before reading it word by word). */
  particleIn: RegExp | null;
  /** A particle followed by a lowercase word ("van de provincie") is a preposition: cuts an inverted speaker there. */
  particleStop: RegExp | null;
  compounds: boolean;
  /** Case endings, longest first. */
  nameEndings: string[];
  proDrop: boolean;
  /** An elided article at the start of a word ("l’"); group 1 is the rest. */
  elision: RegExp | null;
  anaphoric: Set<string>;
  /** The hyphen (and euphonic t) joining a pronoun to its verb, to be read as a space. */
  hyphenPronoun: RegExp | null;
  verbs: (s: string) => VerbHit[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const NON_ASCII_LETTER = /\p{L}/u;

function isLetterAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c);
  return NON_ASCII_LETTER.test(s[i]!);
}

/**
 * A word-scan verb finder: words are maximal runs of letters, looked up in sets, and a length
 * test rejects most words before any lowercased copy is made. The condenser calls this for
 * every quotation, so it must stay cheap.
 */
function wordVerbScanner(verbs: string[]): (s: string) => VerbHit[] {
  const single = new Set(verbs.filter((v) => !v.includes(' ')));
  const phrasal = new Set(verbs.filter((v) => v.includes(' ')));
  // A phrasal verb ("pointed out", "a déclaré") is found from its first word.
  const heads = new Map<string, string[]>();
  for (const v of phrasal) {
    const head = v.split(' ')[0]!;
    heads.set(head, [...(heads.get(head) ?? []), v.slice(head.length + 1)]);
  }
  const lengths = [...single, ...heads.keys()].map((w) => w.length);
  const min = Math.min(...lengths);
  const max = Math.max(...lengths);
  // ASCII letters some verb starts with: a word opening with any other ASCII letter is passed
  // over without a lowercased copy (non-ASCII openings always take the full lookup).
  const asciiFirst = new Uint8Array(128);
  for (const w of [...single, ...heads.keys()]) {
    const c = w.charCodeAt(0);
    if (c < 128) asciiFirst[c] = 1;
  }
  return (s) => {
    const hits: VerbHit[] = [];
    const n = s.length;
    let i = 0;
    while (i < n) {
      while (i < n && !isLetterAt(s, i)) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && isLetterAt(s, i)) i++;
      const len = i - start;
      if (len < min || len > max) continue;
      const c0 = s.charCodeAt(start);
      if (c0 < 128 && asciiFirst[c0 >= 65 && c0 <= 90 ? c0 + 32 : c0] === 0) continue;
      const w = s.slice(start, i).toLowerCase();
      const tails = heads.get(w);
      if (tails) {
        const rest = s.slice(i, i + 24).toLowerCase();
        const tail = tails.find((t) => rest.startsWith(` ${t}`) && !isLetterAt(rest, t.length + 1));
        if (tail) {
          const end = i + tail.length + 1;
          hits.push({ index: start, end, verb: `${w} ${tail}` });
          i = end;
          continue;
        }
      }
      if (single.has(w)) hits.push({ index: start, end: i, verb: w });
    }
    return hits;
  };
}

/** Chinese and Japanese: verbs are found as substrings (there are no spaces), longest first. */
function substringVerbScanner(verbs: string[]): (s: string) => VerbHit[] {
  const re = new RegExp([...verbs].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  return (s) => {
    const hits: VerbHit[] = [];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) hits.push({ index: m.index, end: m.index + m[0].length, verb: m[0] });
    return hits;
  };
}

/** Name particles as word sequences, looked up from their first word, longest first. */
function particleRunner(phrases: string[]): (words: readonly string[], from: number) => number {
  const byHead = new Map<string, string[][]>();
  for (const phrase of phrases) {
    const ws = phrase.toLowerCase().split(' ');
    byHead.set(ws[0]!, [...(byHead.get(ws[0]!) ?? []), ws].sort((a, b) => b.length - a.length));
  }
  return (words, from) => {
    const first = words[from];
    const options = first === undefined ? undefined : byHead.get(first.toLowerCase());
    if (!options) return 0;
    for (const ws of options) {
      if (ws.every((w, k) => k === 0 || words[from + k]?.toLowerCase() === w)) return ws.length;
    }
    return 0;
  };
}

function alternation(words: string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map((w) => escape(w).replace(/ /g, '\\s+')).join('|');
}

export function compileLexicon(d: LexiconData): Lexicon {
  const set = (xs: string[] | undefined): Set<string> => new Set((xs ?? []).map((x) => x.toLowerCase()));
  const acc = d.according?.length ? alternation(d.according) : '';
  const stop = d.invertedStop?.length ? d.invertedStop : d.prepositions;
  const particleWords = [...new Set((d.particles ?? []).flatMap((p) => p.split(' ')))];
  return {
    lang: d.lang,
    cjk: d.cjk === true,
    speechWords: set(d.speechVerbs),
    pronouns: set(d.pronouns),
    female: set(d.female),
    male: set(d.male),
    orgPronouns: set(d.orgPronouns),
    firstPerson: set(d.firstPerson),
    aux: set(d.aux),
    clauseOpeners: set(d.clauseOpeners),
    clauseWords: set(d.clauseWords),
    verbSuffix: d.verbSuffixes?.length ? new RegExp(`(?:${alternation(d.verbSuffixes)})$`) : null,
    determiners: set(d.determiners),
    bareSpeakers: set(d.bareSpeakers),
    titles: set(d.titles),
    honorifics: set(d.honorifics),
    notName: set(d.notName),
    demonyms: set(d.demonyms),
    prepositions: set(d.prepositions),
    orgWords: set(d.orgWords),
    placePrepositions: set(d.placePrepositions),
    nominative: set(d.nominative),
    accordingAfter: acc ? new RegExp(`^(?:${acc})\\s+(.+)$`, 'iu') : null,
    accordingBefore: acc ? new RegExp(`(?:^|[\\s(])(?:${acc})\\s+([^,;:]{1,80}),?\\s*$`, 'iu') : null,
    accordingLead: acc ? new RegExp(`^\\s*(?:${acc})\\s+([^,;:]{1,60}),`, 'iu') : null,
    invertedStop: new RegExp(`\\s(?:${alternation(stop)})(?![\\p{L}]).*$`, 'iu'),
    participle: d.participles?.length
      ? new RegExp(`(?:,\\s*|\\s(?:${alternation(d.statementNouns ?? ['\u0000'])})\\s+)(?:${alternation(d.participles)})(?![\\p{L}])(?:\\s+\\S+){0,7}?\\s*[:,]?\\s*$`, 'iu')
      : null,
    sourceOf: d.sourceOf ? new RegExp(d.sourceOf, 'iu') : null,
    mainVerb: d.mainVerb ? new RegExp(d.mainVerb, 'u') : null,
    leadOpener: d.leadOpener ? new RegExp(d.leadOpener, 'iu') : null,
    relative: d.relativePronouns?.length ? new RegExp(`,\\s*(?:${alternation(d.relativePronouns)})\\s[^,;:“”"«»„]{1,160},`, 'giu') : null,
    age: d.agePattern ? new RegExp(d.agePattern, 'iu') : null,
    particle: new RegExp(`^(?:${alternation(particleWords)})$`),
    particleRun: particleRunner(d.particles ?? []),
    titleLinks: set(d.titleLinks),
    demonymRoles: d.demonymRoles === true,
    verbParticles: set(d.verbParticles),
    reportMarkers: set(d.reportMarkers),
    particleIn: particleWords.length ? new RegExp(`\\s(?:${alternation(particleWords)})\\s`, 'i') : null,
    particleStop: particleWords.length
      ? new RegExp(`\\s(?:${alternation(particleWords)})(?:\\s+(?:${alternation(particleWords)})(?![\\p{L}]))*\\s+(?!(?:${alternation(particleWords)})(?![\\p{L}]))(?=\\p{Ll}).*$`, 'u')
      : null,
    compounds: d.compounds === true,
    nameEndings: [...(d.nameEndings ?? [])].sort((a, b) => b.length - a.length),
    proDrop: d.proDrop === true,
    elision: d.elisions?.length ? new RegExp(`^(?:${alternation(d.elisions)})[’'](\\p{L}.*)$`, 'iu') : null,
    anaphoric: set(d.anaphoricArticles),
    hyphenPronoun: d.hyphenPronouns?.length ? new RegExp(`-(?:t-)?(?=(?:${alternation(d.hyphenPronouns)})(?![\\p{L}]))`, 'giu') : null,
    verbs: d.cjk ? substringVerbScanner(d.speechVerbs) : wordVerbScanner(d.speechVerbs),
  };
}

const DATA: Record<string, LexiconData> = { en, de, fr, es, pt, it, nl, cs, zh, ja };
const compiled = new Map<string, Lexicon>();

/** Languages with a lexicon of their own. */
export const LEXICON_LANGS = Object.keys(DATA);

/**
 * The lexicon for a BCP 47 language tag ("de", "pt-BR", "zh-Hans"); English when the language
 * is unknown or has no lexicon, since English is the default of the project's feeds.
 */
export function lexiconFor(lang?: string | null): Lexicon {
  const primary = (lang ?? '').toLowerCase().split(/[-_]/)[0] || 'en';
  const key = DATA[primary] ? primary : 'en';
  let lex = compiled.get(key);
  if (!lex) {
    lex = compileLexicon(DATA[key]!);
    compiled.set(key, lex);
  }
  return lex;
}

/**
 * Whether a word is a title or role noun ("minister", "Verkehrsminister", "Flixbus-Manager").
 * Languages that write compounds as one word have their titles at the end of the word.
 */
export function isTitleWord(lex: Lexicon, word: string): boolean {
  const w = (word.charCodeAt(word.length - 1) === 46 ? word.slice(0, -1) : word).toLowerCase();
  if (lex.titles.has(w)) return true;
  const dash = w.lastIndexOf('-');
  if (dash > 0 && lex.titles.has(w.slice(dash + 1))) return true;
  if (!lex.compounds) return false;
  for (let k = 1; k <= w.length - 4; k++) if (lex.titles.has(w.slice(k))) return true;
  return false;
}

/** Whether a word is an organisation's noun ("stichting", "Bundesgesundheitsministerium" in languages of compounds). */
export function isOrgWord(lex: Lexicon, word: string): boolean {
  const w = word.toLowerCase();
  if (lex.orgWords.has(w)) return true;
  if (!lex.compounds) return false;
  for (let k = 1; k <= w.length - 5; k++) if (lex.orgWords.has(w.slice(k))) return true;
  return false;
}
