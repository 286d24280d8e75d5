// Name resolution: who "Lavrov", "he" or "the spokesperson" is. News names a person in full
// once ("Russian Foreign Minister Sergei Lavrov") and then by surname, pronoun or role, so
// we collect the people an article names, with their roles, and map later references back.
import { nextWordStart, wordEnd } from './words.ts';
import { isOrgWord, isTitleWord, type Lexicon } from './lexicon.ts';

export interface Person {
  /** Full name as first given. */
  name: string;
  surname: string;
  role?: string;
  /** Known from an honorific or a gendered title ("Mrs", "spokeswoman"); used to match he/she. */
  gender?: 'f' | 'm';
  /** Offsets in the document where the person is named, in order. */
  mentions: number[];
  /** Named like a thing or a place ("the Kismot Killer", "in Puerto Rico"): never the referent of a pronoun. */
  other?: boolean;
}

export interface Registry {
  lex: Lexicon;
  people: Person[];
  /** Every mention (full or surname) that can be the subject of a later pronoun, sorted by offset. */
  subjects: { at: number; person: Person; initial?: boolean }[];
  /** Organisations named in the article ("the Electoral Commission"), by offset: what "it said" refers to. */
  orgs: { at: number; name: string }[];
  /** Each person's surname and name in lowercase (by index in `people`), which resolution compares with every phrase. */
  lowered: { surname: string; name: string }[];
}

export interface ResolvedSpeaker {
  speaker: string | null;
  role?: string;
  person?: Person;
}

interface Tok {
  text: string;
  /** The text lowercased, once: the lexicon lookups below read it many times per token. */
  low: string;
  start: number;
  end: number;
}

const PREFIXED = /^(?:al|el|de|di|da)[-’']\p{Lu}/u;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** Words before a name that make it an object, not a subject ("met with Blinken"). */
const OBJECT_CUES = new Set([
  'with', 'to', 'by', 'for', 'against', 'about', 'from', 'at', 'on', 'between', 'of', 'than', 'like',
  'toward', 'towards', 'under', 'over', 'into', 'among', 'beside', 'versus', 'vs', 'told', 'met', 'called',
  'named', 'thanked', 'praised', 'criticized', 'criticised', 'attacked', 'accused', 'replaced', 'defeated',
  'beat', 'endorsed', 'nominated', 'appointed', 'fired', 'sacked', 'hired', 'elected', 'quoted', 'cited',
]);

const ABBREVIATED = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'capt', 'sgt', 'prof', 'rev', 'st', 'jr', 'sr',
  'hon', 'supt', 'insp', 'det', 'adm', 'maj', 'cmdr', 'cpl', 'pvt', 'del', 'amb', 'atty', 'pres', 'fr', 'msgr',
]);
/** Words that end a role phrase read backwards from a name. */
const ROLE_STOP = new Set([
  'is', 'was', 'are', 'were', 'has', 'have', 'had', 'and', 'or', 'but', 'as', 'that', 'which', 'who', 'when',
  'while', 'if', 'then', 'than', 'says', 'tells', 'asks', 'adds', 'including', 'like', 'says', 'not', 'also',
]);

const EPITHET = /^the\s+(?:[\p{L}\d-]+\s+){0,3}(?:winner|champion|star|veteran|striker|midfielder|defender|forward|goalkeeper|player|singer|actor|actress|rapper|golfer|boxer|driver|rider|sprinter|swimmer|runner|teenager|youngster|pensioner|grandmother|grandfather|mother|father|widow)$/iu;

const ROLE_SYNONYMS: string[][] = [
  ['spokesperson', 'spokesman', 'spokeswoman', 'spokes'],
  ['ambassador', 'envoy', 'diplomat', 'secretary of state', 'foreign minister', 'foreign secretary'],
  ['minister', 'secretary'],
  ['coach', 'manager', 'boss', 'head coach'],
  ['chief executive', 'ceo', 'executive', 'boss', 'head'],
  ['president', 'leader', 'head of state'],
  ['senator', 'sen.', 'lawmaker'],
  ['governor', 'gov.'],
  ['professor', 'researcher', 'scientist', 'academic', 'expert'],
  ['prosecutor', 'attorney', 'lawyer'],
  ['police', 'officer', 'detective', 'inspector', 'sheriff', 'constable'],
  ['mayor'],
  ['chairman', 'chairwoman', 'chair', 'chairperson'],
  ['striker', 'forward', 'player', 'midfielder', 'defender', 'goalkeeper', 'captain', 'skipper'],
];

const lower = (s: string): string => (s.charCodeAt(s.length - 1) === 46 ? s.slice(0, -1) : s).toLowerCase();
/** "Obama's" → "Obama", "Jones'" → "Jones" (by char code: this runs for every name word). */
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;

const isApostropheOrHyphen = (c: number): boolean => c === 45 || isApostrophe(c);

function stripPossessive(s: string): string {
  const n = s.length;
  if (n >= 2 && s.charCodeAt(n - 1) === 115 && isApostrophe(s.charCodeAt(n - 2))) return s.slice(0, n - 2);
  return n >= 1 && isApostrophe(s.charCodeAt(n - 1)) ? s.slice(0, n - 1) : s;
}

function isCapWord(t: string): boolean {
  // Called for every token of the article: ASCII first letters are decided by char code,
  // without allocating a lowercased copy.
  if (t.length === 0) return false;
  const code = t.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return true;
    return code === 97 || code === 101 || code === 100 ? PREFIXED.test(t) : false;
  }
  const c = t[0]!;
  return c !== c.toLowerCase();
}

function isAcronym(t: string): boolean {
  return t.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(t);
}

/** Tokens of a capitalised run are joined only by spaces (or an abbreviation's period). */
function joinable(doc: string, a: Tok, b: Tok, lex: Lexicon): boolean {
  return joinableAt(doc, a, b.start, lex);
}

/** `joinable` with the next word given by where it starts. */
function joinableAt(doc: string, a: Tok, bStart: number, lex: Lexicon): boolean {
  // Only spaces (no line break) or an abbreviation's period followed by spaces.
  let i = a.end;
  let dot = false;
  if (doc[i] === '.') {
    dot = true;
    i++;
  }
  // "U.S.": initials run together with no space.
  if (i >= bStart) return dot && /^\p{Lu}$/u.test(a.text);
  for (; i < bStart; i++) {
    const c = doc[i];
    if (c !== ' ' && c !== '\t' && c !== '\u00a0') return false;
  }
  if (!dot) return true;
  // Only initials and abbreviated titles ("J.", "Sen.", "Dr.") carry a period inside a name.
  return /^\p{Lu}$/u.test(a.text) || ABBREVIATED.has(a.low) || lex.honorifics.has(a.low);
}

/** Splits a capitalised run into its title part and the person's name ("US Secretary of State" + "Antony Blinken"). */
export function splitTitle(tokens: string[], lex: Lexicon): { role: string[]; name: string[] } {
  let k = -1;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    const l = lower(t);
    // "de Canadese Emily Carter": a word of origin opening the run describes the person.
    // A link counts only right after a title ("Secretary of State"; not "Jan van Dijk").
    const link = lex.titleLinks.has(l) && i > 0 && k === i - 1;
    if (isTitleWord(lex, t) || /[’']s$/.test(t) || link || (lex.demonymRoles && i === k + 1 && lex.demonyms.has(l))) k = i;
    // "Secretary of State", "Minister van Economische Zaken": what a title's link governs belongs
    // to the title; the name is the last words of the run.
    if (link && i + 1 < tokens.length - 1) {
      k = Math.max(i + 1, trailingNameStart(tokens, i + 2, lex) - 1);
      break;
    }
  }
  return { role: tokens.slice(0, k + 1), name: tokens.slice(k + 1) };
}

/**
 * Where a person's name starts at the end of a run whose start is something else (a
 * department): a first name and a surname, with the surname's particles ("Mirjam van Leeuwen").
 */
function trailingNameStart(tokens: readonly string[], from: number, lex: Lexicon): number {
  let s = tokens.length - 2;
  while (s > from && lex.particle.test(tokens[s]!)) s--;
  return Math.max(from, s);
}

/** Words of a name that are a particle opening its surname ("Van den Berg" → 2), or 0. */
function leadingParticles(name: readonly string[], lex: Lexicon): number {
  const n = lex.particleRun(name, 0);
  return n > 0 && name.length === n + 1 && isCapWord(name[n]!) ? n : 0;
}

function cleanName(name: string[], lex: Lexicon): string[] {
  const out = name.slice();
  while (out.length > 0 && (lex.honorifics.has(lower(out[0]!)) || lex.notName.has(lower(out[0]!))) && leadingParticles(out, lex) === 0) out.shift();
  while (out.length > 0 && SUFFIXES.has(lower(out[out.length - 1]!))) out.pop();
  if (out.length > 0) out[out.length - 1] = stripPossessive(out[out.length - 1]!);
  return out;
}

function looksLikePersonName(name: string[], lex: Lexicon): boolean {
  if (name.length === 0 || name.length > 4) return false;
  if (name.length === 1 && isTitleWord(lex, name[0]!)) return false;
  if (!name.some((t) => stripPossessive(t).length > 1)) return false;
  // Words of nationality ("the Portuguese boss", "Chinese Academy") are never part of a name.
  const bare = name.map((t) => lower(stripPossessive(t)));
  if (bare.some((b) => lex.demonyms.has(b))) return false;
  // An organisation's word ("Stichting Wadkust") makes the run an organisation.
  if (bare.some((b) => lex.orgWords.has(b))) return false;
  const lead = leadingParticles(name, lex);
  // Every word a capitalised word or a particle, neither a known non-name nor an acronym; an
  // initial ("J") always passes. A particle may open a surname ("Van den Berg") or sit inside
  // a name, also capitalised ("Jean-Yves Le Goff", "Bart De Smet"), though it is a common word
  // of the language. Cheapest tests first: this runs for every capitalised run.
  return name.every((t, k) => {
    if (t.length <= 2 && /^\p{Lu}$/u.test(t)) return true;
    if (k < lead || (k > 0 && k < name.length - 1 && lex.particle.test(bare[k]!))) return true;
    return isCapWord(t) && !lex.notName.has(bare[k]!) && !isAcronym(stripPossessive(t));
  });
}

function surnameOf(name: string[]): string {
  return stripPossessive(name[name.length - 1] ?? '');
}

function roleBefore(doc: string, tok: (k: number) => Tok | undefined, i: number, lex: Lexicon): string | undefined {
  // "Kremlin spokesman Dmitry Peskov": a lowercase title right before the name.
  const prev = tok(i - 1);
  if (!prev || !isTitleWord(lex, prev.text) || /^\p{Lu}/u.test(prev.text) || !joinable(doc, prev, tok(i)!, lex)) return undefined;
  let j = i - 1;
  // Walk back over capitalised words, titles and adjectives ("Democratic presidential nominee"),
  // stopping at verbs and determiners ("Lee praised …", "said radio host …").
  const roleWord = (t: string): boolean => isCapWord(t) || isTitleWord(lex, t) || (/^\p{Ll}[\p{Ll}-]*$/u.test(t) && !/ed$/.test(t) && !ROLE_STOP.has(t));
  while (j > 0 && i - j < 5 && joinable(doc, tok(j - 1)!, tok(j)!, lex) && roleWord(tok(j - 1)!.text) && !lex.determiners.has(tok(j - 1)!.low) && !OBJECT_CUES.has(tok(j - 1)!.low) && !lex.speechWords.has(tok(j - 1)!.low)) j--;
  return doc.slice(tok(j)!.start, prev.end);
}

const APPOSITIVE = /^,\s+((?:the|a|an|\p{Lu}[\p{L}’'-]*[’']s|\p{Lu}[\p{L}’'-]*)\s[^,.;:“”"]{2,80}?),/u;
/** An appositive opening with a role noun, bare or after an article ("guide à Chamonix", "son adjoint à …"). */
const ROLE_APPOSITIVE = /^,\s+((\p{Ll}[\p{L}’'-]*)(?:\s+(\p{Ll}[\p{L}’'-]*))?[^,.;:“”"«»]{0,80}?),/u;

function appositiveAfter(doc: string, end: number, lex: Lexicon): string | undefined {
  // "Sergei Ryabkov, Russia's Deputy Foreign Minister, said": the role between commas.
  if (doc.charCodeAt(end) !== 44) return undefined;
  const window = doc.slice(end, end + 120);
  let m = APPOSITIVE.exec(window);
  if (!m) {
    const r = ROLE_APPOSITIVE.exec(window);
    if (r && (isTitleWord(lex, r[2]!) || (lex.determiners.has(r[2]!) && r[3] !== undefined && isTitleWord(lex, r[3])))) m = r;
  }
  if (!m) return undefined;
  const role = m[1]!.trim().replace(/\s+(?:who|which|that|where|when)\b.*$/i, '');
  if (/^(?:who|which|that|where|when)\b/i.test(role)) return undefined;
  if (!/\b(?:\p{L}+)\b/u.test(role) || role.split(/\s+/).length > 10) return undefined;
  return role;
}

// Word offsets of the document being read, reused from article to article so that a long
// article does not grow two arrays word by word (buildRegistry runs to the end before the next).
let wordStarts = new Int32Array(2048);
let wordEnds = new Int32Array(2048);
function growWordOffsets(): void {
  const starts = new Int32Array(wordStarts.length * 2);
  const ends = new Int32Array(wordEnds.length * 2);
  starts.set(wordStarts);
  ends.set(wordEnds);
  wordStarts = starts;
  wordEnds = ends;
}

/** Collects the people an article names. `doc` is the cleaned article; `quoted` marks offsets inside quotations. */
export function buildRegistry(doc: string, quoted: (at: number) => boolean, lex: Lexicon): Registry {
  // Word offsets only: most words are lowercase and never looked at again, so their Tok (text
  // and lowercased copy) is made the first time something reads it.
  let count = 0;
  for (let a = nextWordStart(doc, 0); a < doc.length; ) {
    const b = wordEnd(doc, a, true);
    if (count === wordStarts.length) growWordOffsets();
    wordStarts[count] = a;
    wordEnds[count++] = b;
    a = nextWordStart(doc, b);
  }
  const starts = wordStarts;
  const ends = wordEnds;
  const made: (Tok | undefined)[] = new Array<Tok | undefined>(count);
  const tok = (k: number): Tok | undefined => {
    if (k < 0 || k >= count) return undefined;
    let t = made[k];
    if (!t) {
      const text = doc.slice(starts[k], ends[k]);
      made[k] = t = { text, low: text.toLowerCase(), start: starts[k]!, end: ends[k]! };
    }
    return t;
  };
  /** A word's text, without making its Tok. */
  const textAt = (k: number): string | undefined => (k < 0 || k >= count ? undefined : (made[k]?.text ?? doc.slice(starts[k], ends[k])));
  // isCapWord on the document itself: a word starting with an ASCII letter other than a
  // capital, or an "al-"/"el-"/"de-"/"di-"/"da-" prefix, is decided without making its Tok.
  const capAt = (k: number): boolean => {
    const at = starts[k]!;
    const code = doc.charCodeAt(at);
    if (code >= 65 && code <= 90) return true;
    if (code < 128 && (code !== 97 && code !== 101 && code !== 100 || ends[k]! - at < 4)) return false;
    // "al-", "el-", "de-": the mark comes third ("after", "during" are decided here too).
    if (code < 128 && !isApostropheOrHyphen(doc.charCodeAt(at + 2))) return false;
    return isCapWord(tok(k)!.text);
  };

  const people: Person[] = [];
  const bySurname = new Map<string, Person[]>();
  const singles: { tok: Tok; index: number }[] = [];
  const subjects: { at: number; person: Person; initial?: boolean }[] = [];
  // A mention opening its sentence: the topic a left-out subject refers to.
  const opensSentence = (at: number): boolean => {
    let k = at - 1;
    while (k >= 0 && doc[k] === ' ') k--;
    return k < 0 || /[.!?\n:"”»]/.test(doc[k]!);
  };

  const isObject = (i: number): boolean => {
    const prev = tok(i - 1);
    return prev !== undefined && (OBJECT_CUES.has(prev.low) || lex.prepositions.has(prev.low)) && joinable(doc, prev, tok(i)!, lex);
  };
  // Things and places come after an article or a preposition of place ("the Pinot Noir",
  // "in São Paulo"); people rarely do.
  const isPlaceLike = (i: number): boolean => {
    const prev = tok(i - 1);
    if (!prev || !joinable(doc, prev, tok(i)!, lex)) return false;
    const w = prev.low;
    // "the restaurant’s Kismot Killer dish": a possessive before a name that has no title.
    return lex.determiners.has(w) || lex.placePrepositions.has(w) || /\p{Ll}[’']s$/u.test(prev.text);
  };
  // "the Electoral Commission", "Tottenham Hotspur FC", "the US military": a capitalised run
  // holding an organisation's word, or followed by one written in lowercase.
  const noteOrg = (from: number, to: number): void => {
    let start = from;
    while (start <= to && lex.notName.has(tok(start)!.low) && !lex.orgWords.has(tok(start)!.low)) start++;
    if (start > to || quoted(tok(start)!.start)) return;
    let end = to;
    let isOrg = false;
    for (let k = start; k <= to && !isOrg; k++) isOrg = lex.orgWords.has(tok(k)!.low);
    // The words around the run are read as text: a Tok is made only for an organisation's noun.
    const next = isOrg ? undefined : textAt(to + 1);
    if (next && /^\p{Ll}/u.test(next) && lex.orgWords.has(next) && joinableAt(doc, tok(to)!, starts[to + 1]!, lex)) {
      isOrg = true;
      end = to + 1;
    }
    // "de rechtbank Noord-Holland", "de gemeente Lindeburg": the organisation's noun before its name.
    const prevText = !isOrg && start === from ? textAt(start - 1) : undefined;
    const prev = prevText !== undefined && lex.orgWords.has(prevText) ? tok(start - 1) : undefined;
    if (prev && joinable(doc, prev, tok(start)!, lex)) {
      let titled = false;
      for (let k = start; k <= to && !titled; k++) titled = isTitleWord(lex, tok(k)!.text);
      if (!titled) {
        isOrg = true;
        start--;
      }
    }
    if (isOrg) orgs.push({ at: tok(start)!.start, name: stripPossessive(doc.slice(tok(start)!.start, tok(end)!.end)) });
  };
  const firstToken = new Map<Person, number>();
  const mentionAt = new Map<number, Person>();
  const orgs: { at: number; name: string }[] = [];

  // Lowercase particles inside a name ("van den" in "Sanne van den Berg"): how many tokens from
  // `at` to skip to the name's next capitalised word, or 0. Particle sequences are at most three words.
  const particlesAt = (at: number, text: string): number => {
    if (!lex.particle.test(text)) return 0;
    const n = lex.particleRun([at, at + 1, at + 2].map((k) => tok(k)?.text ?? ''), 0);
    const after = tok(at + n);
    // "Lena Hoffstädt von der Universität Göttingen": an organisation after the particles ends the name.
    if (n === 0 || !after || !isCapWord(after.text) || isAcronym(after.text) || lex.notName.has(lower(after.text)) || lex.orgWords.has(lower(after.text))) return 0;
    for (let k = at; k < at + n; k++) if (!joinable(doc, tok(k)!, tok(k + 1)!, lex)) return 0;
    return n;
  };
  let i = 0;
  while (i < count) {
    if (!capAt(i)) {
      i++;
      continue;
    }
    let j = i;
    // The word after the run is usually lowercase and ends it: it is read without making its Tok.
    while (j + 1 < count && joinableAt(doc, tok(j)!, starts[j + 1]!, lex)) {
      if (capAt(j + 1)) j++;
      else {
        const next = textAt(j + 1)!;
        const particles = particlesAt(j + 1, next);
        if (particles > 0) j += particles;
        else if (lex.titleLinks.has(next) && isTitleWord(lex, tok(j)!.text) && isCapWord(tok(j + 2)?.text ?? '')) j++;
        else break;
      }
      if (/[’']s$/.test(tok(j)!.text) && !isTitleWord(lex, tok(j + 1)?.text ?? '')) break;
    }
    noteOrg(i, j);
    // "Wethouder Pieter Jongsma (Sociale Zaken)", "(N-VA)": a capitalised run in parentheses is
    // an affiliation, never a person.
    if (doc[starts[i]! - 1] === '(' && doc[ends[j]!] === ')') {
      i = j + 1;
      continue;
    }
    // "minister van Economische Zaken Ingrid Schouten": after a lowercase title and its link,
    // the run opens with what the title governs; the person is named by its last words.
    let governed: string | undefined;
    // "le ministre de la Santé Roman Prymula": an article may stand between the link and the run.
    const hop = j - i >= 2 && lex.titleLinks.size > 0 && lex.determiners.has(tok(i - 1)?.low ?? '') ? 1 : 0;
    const linkTok = j - i >= 2 && lex.titleLinks.size > 0 ? tok(i - 1 - hop) : undefined;
    const titleTok = linkTok && lex.titleLinks.has(linkTok.text) ? tok(i - 2 - hop) : undefined;
    if (linkTok && titleTok && !isCapWord(titleTok.text) && isTitleWord(lex, titleTok.text) && joinable(doc, titleTok, linkTok, lex) && joinable(doc, linkTok, tok(i - hop)!, lex)) {
      const start = i + trailingNameStart(Array.from({ length: j - i + 1 }, (_, k) => tok(i + k)!.text), 1, lex);
      governed = doc.slice(titleTok.start, ends[start - 1]!);
      i = start;
    }
    // Most capitalised singletons open a sentence ("The", "After"): nothing to register.
    if (j === i && lex.notName.has(tok(i)!.low)) {
      i++;
      continue;
    }
    // Any other single word has no title, so it is never registered as a person here
    // (a person needs two name words or a title): it can only be a surname mention.
    if (j === i) {
      singles.push({ tok: tok(i)!, index: i });
      i++;
      continue;
    }
    const run: Tok[] = [];
    for (let k = i; k <= j; k++) run.push(tok(k)!);
    const words = run.map((t) => t.text);
    const { role, name: rawName } = splitTitle(words, lex);
    const name = cleanName(rawName, lex);
    let off = role.length;
    while (off < words.length && name.length > 0 && words[off] !== name[0] && stripPossessive(words[off]!) !== name[0]) off++;
    // A title, or an honorific dropped from the name ("Mr Hale"); a dropped article ("The
    // Portuguese …") is no title.
    const hasTitle = role.length > 0 || governed !== undefined || rawName.some((w) => lex.honorifics.has(lower(w)));
    const suffixes = rawName.length - (rawName.findIndex((w) => w === name[0] || stripPossessive(w) === name[0]) + name.length);
    // Honorifics ("Dr.", "Mr") are part of how a name is written, not a role.
    let dropped = 0;
    while (dropped < role.length && lex.honorifics.has(lower(role[dropped]!))) dropped++;
    const roleText = (): string | undefined => {
      let text: string | undefined;
      if (governed) text = governed;
      else if (role.length > dropped) {
        const last = run[role.length - 1]!;
        // Keep an abbreviation's period ("Rep.", "Sen.").
        const end = doc[last.end] === '.' && isTitleWord(lex, last.text) ? last.end + 1 : last.end;
        text = doc.slice(run[dropped]!.start, end);
      } else {
        text = roleBefore(doc, tok, i, lex) ?? appositiveAfter(doc, run[run.length - 1]!.end, lex);
      }
      text = text?.replace(/^(?:the|a|an)\s+/i, '');
      // "Advocaat mr. Nadia el Amrani": the honorific belongs to how the name is written.
      const lastWord = text?.split(/\s+/).pop();
      if (text && lastWord && text.includes(' ') && lex.honorifics.has(lower(lastWord))) text = text.slice(0, text.length - lastWord.length).trim();
      // A bare possessive ("NBC’s") is not a role.
      return text && !/^\S+[’']s$/.test(text) ? text : undefined;
    };
    // The name as the article writes it, initials' periods included ("Charles B. Rangel").
    const asWritten = (): string => {
      const first = run[off];
      // "James Kennedy Jr.": the suffix is part of the name as written.
      const withSuffix = Math.max(0, suffixes);
      const last = run[off + name.length - 1 + withSuffix] ?? run[off + name.length - 1];
      if (!first || !last) return name.join(' ');
      const text = stripPossessive(doc.slice(first.start, last.end)).replace(/\s+/g, ' ');
      return text.split(' ').length === name.length + withSuffix || text.split(' ').length === name.length ? text : name.join(' ');
    };
    // "Van den Berg", "El Amrani", "De Smets": a surname with its particle, capitalised when no
    // first name comes before it; like a surname alone, it refers to someone named in full.
    const lead = leadingParticles(name, lex);
    const lastKey = stripPossessive(name[name.length - 1] ?? '').toLowerCase();
    // "Aerolíneas del Pacífico anunció …": a particle inside a run that opens a sentence with no
    // title or role may be a company's or a place's name; a person is introduced with one
    // ("gedeputeerde Marten de Wit") or named inside a sentence ("…, Daan van Houten, werd").
    const innerParticle = lead === 0 && name.some((t, k) => k > 0 && k < name.length - 1 && lex.particle.test(t) && lex.notName.has(t));
    // Unknown, it is still no new person when its particle is also an everyday word ("La Virtus",
    // "De Linde"); "Di Li" is.
    if (lead > 0 && !hasTitle && (lex.notName.has(lower(name[0]!)) || bySurname.has(lastKey) || declined(bySurname, lastKey, lex))) {
      const at = i + off + lead;
      if (at <= j) singles.push({ tok: tok(at)!, index: at });
    } else if (innerParticle && !hasTitle && opensSentence(run[0]!.start) && !roleText()) {
      for (let k = i; k <= j; k++) singles.push({ tok: tok(k)!, index: k });
    } else if (looksLikePersonName(name, lex) && (name.length >= 2 || hasTitle)) {
      const surname = surnameOf(name);
      const key = surname.toLowerCase();
      const at = (run[off] ?? run[0]!).start;
      if (!quoted(at)) {
        const written = name.join(' ').toLowerCase();
        const known = (bySurname.get(key) ?? []).find((p) => name.length === 1 || lead > 0 || p.name.split(' ')[0] === name[0] || p.name.split(' ').length === 1 || p.name.toLowerCase().endsWith(` ${written}`));
        let person = known;
        if (!person) {
          const r = roleText();
          // Gender from the role's own words, not from what it governs ("ministre de la Santé").
          const roleWords = (r ?? '').split(/\s+/);
          const governedAt = roleWords.findIndex((w, k) => k > 0 && (lex.titleLinks.has(lower(w)) || lex.prepositions.has(lower(w))));
          const g = genderOf([...words.slice(0, off), ...(governedAt > 0 ? roleWords.slice(0, governedAt) : roleWords)], lex);
          person = { name: asWritten(), surname, mentions: [], ...(r ? { role: r } : {}), ...(g ? { gender: g } : {}) };
          firstToken.set(person, j);
          people.push(person);
          bySurname.set(key, [...(bySurname.get(key) ?? []), person]);
        } else if (person.name.split(' ').length < name.length) {
          person.name = asWritten();
        }
        // "Former Mayor Hale" could be any Hale: a surname alone gives no role.
        if (!person.role && name.length >= 2) {
          const r = roleText();
          if (r) person.role = r;
        }
        if (!hasTitle && !person.gender && !person.role && isPlaceLike(i)) person.other = true;
        person.mentions.push(at);
        mentionAt.set(i, person);
        if (!isObject(i) && !person.other) subjects.push({ at, person, initial: opensSentence(run[0]!.start) });
      }
    } else {
      for (let k = i; k <= j; k++) singles.push({ tok: tok(k)!, index: k });
    }
    i = j + 1;
  }
  // Surname-only mentions ("As Lavrov warned") of people named in full somewhere. They are
  // added after the scan so that mention lists stay sorted while nearestBefore searches them.
  const later: { person: Person; at: number }[] = [];
  for (const { tok, index } of singles) {
    const key = stripPossessive(tok.text).toLowerCase();
    const found = bySurname.get(key) ?? declined(bySurname, key, lex);
    if (!found || quoted(tok.start)) continue;
    const person = nearestBefore(found, tok.start) ?? found[0]!;
    later.push({ person, at: tok.start });
    mentionAt.set(index, person);
    if (!person.gender && !person.role && isPlaceLike(index)) person.other = true;
    // "Carlineo’s attorney": a possessive names someone else as the subject.
    if (!isObject(index) && !/[’']s$/.test(tok.text)) subjects.push({ at: tok.start, person, initial: opensSentence(tok.start) });
  }
  for (const { person, at } of later) person.mentions.push(at);
  for (const p of people) p.mentions.sort((a, b) => a - b);
  // A person whose gender no title gives takes it from the first he/she after their first
  // mention, unless someone else is named before it ("Curie Kim was so ill … she said").
  const nominativeMax = Math.max(0, ...[...lex.nominative].map((w) => w.length));
  for (const [person, from] of firstToken) {
    if (person.gender || person.other) continue;
    for (let k = from + 1; k < Math.min(count, from + 40); k++) {
      const other = mentionAt.get(k);
      if (other && other !== person) break;
      if (ends[k]! - starts[k]! > nominativeMax) continue;
      const w = made[k]?.low ?? doc.slice(starts[k], ends[k]).toLowerCase();
      if (!lex.nominative.has(w)) continue;
      if (lex.female.has(w)) person.gender = 'f';
      else if (lex.male.has(w)) person.gender = 'm';
      if (person.gender) break;
    }
  }
  subjects.sort((a, b) => a.at - b.at);
  const personSubjects = subjects.filter((x) => !x.person.other);
  orgs.sort((a, b) => a.at - b.at);
  return { lex, people, subjects: personSubjects, orgs, lowered: people.map((p) => ({ surname: p.surname.toLowerCase(), name: p.name.toLowerCase() })) };
}

/**
 * People whose surname a declined form stands for: "Stengers" (German genitive), "Dvořáčka",
 * "Sedláčkovi" (Czech cases, with the mobile e of -ek dropped). Only endings the language lists.
 */
function declined(bySurname: Map<string, Person[]>, key: string, lex: Lexicon): Person[] | undefined {
  for (const ending of lex.nameEndings) {
    if (key.length - ending.length < 3 || !key.endsWith(ending)) continue;
    const stem = key.slice(0, -ending.length);
    const direct = bySurname.get(stem);
    if (direct) return direct;
    for (const [surname, people] of bySurname) {
      if (surname.length < stem.length || surname.length > stem.length + 2) continue;
      // "novák" + "a", "prymula" → "prymul" + "y", "dvořáček" → "dvořáčk" + "a", "hrubý" → "hrub" + "ého".
      if (surname.startsWith(stem) || surname.replace(/e(\p{L})$/u, '$1') === stem) return people;
    }
  }
  return undefined;
}

/** Index of the last element of a sorted array that is <= at, or -1. */
function lastAtOrBefore(sorted: number[], at: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function nearestBefore(people: Person[], at: number): Person | undefined {
  let best: Person | undefined;
  let bestAt = -1;
  for (const p of people) {
    // Mentions are appended in document order while the registry is built, so stay sorted.
    const i = lastAtOrBefore(p.mentions, at);
    if (i >= 0 && p.mentions[i]! > bestAt) {
      best = p;
      bestAt = p.mentions[i]!;
    }
  }
  return best;
}


function genderOf(words: string[], lex: Lexicon): 'f' | 'm' | undefined {
  const ws = words.map(lower);
  if (ws.some((w) => lex.female.has(w))) return 'f';
  if (ws.some((w) => lex.male.has(w))) return 'm';
  return undefined;
}

const compatible = (p: Person, g: 'f' | 'm' | undefined): boolean => !g || !p.gender || p.gender === g;

function nearestInitialSubject(reg: Registry, at: number): { at: number; person: Person } | undefined {
  for (let i = reg.subjects.length - 1; i >= 0; i--) {
    const x = reg.subjects[i]!;
    if (x.at < at && x.initial) return x;
  }
  return undefined;
}

function nearestSubject(reg: Registry, at: number, gender?: 'f' | 'm'): Person | undefined {
  let lo = 0;
  let hi = reg.subjects.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (reg.subjects[mid]!.at < at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // The nearest subject whose known gender does not contradict the pronoun.
  for (let i = found; i >= 0 && i > found - 30; i--) {
    const p = reg.subjects[i]!.person;
    if (compatible(p, gender)) return p;
  }
  return undefined;
}

/**
 * Whether a person's role fits a descriptive phrase ("the spokesperson"). Built once per
 * phrase: it is tested against every person of the article, and the phrase's own work
 * (lowercasing, its head word, its synonym groups) does not depend on the person.
 */
function roleMatcher(phrase: string, lex: Lexicon): (person: Person) => boolean {
  const p = phrase.toLowerCase();
  // The role noun of the phrase ("el instructor del caso" → instructor), else its last word.
  const ws = p.split(/\s+/);
  const head = ws.find((w) => isTitleWord(lex, w)) ?? ws[ws.length - 1] ?? '';
  const groups = ROLE_SYNONYMS.filter((group) => group.some((g) => p.includes(g)));
  return (person) => {
    if (!person.role) return false;
    const role = person.role.toLowerCase();
    if (head.length > 2 && role.includes(head)) return true;
    return groups.some((group) => group.some((g) => role.includes(g)));
  };
}

function fromPerson(person: Person, role?: string): ResolvedSpeaker {
  // An age ("25") or other bare number beside a name is not a role.
  const given = role && /\p{L}/u.test(role) ? role : undefined;
  const r = given ?? (person.role && /\p{L}/u.test(person.role) ? person.role : undefined);
  return r ? { speaker: person.name, role: r, person } : { speaker: person.name, person };
}

/**
 * Maps a raw speaker phrase at document offset `at` to a person. `lastSpeaker` is the person
 * who spoke the previous quotation, the usual referent of "he added".
 */
/** `text` ends with `tail` as its last words: "Rival Ada Cole" ends with "Ada Cole" (a space before it). */
function endsWithWord(text: string, tail: string): boolean {
  return text.length > tail.length && text.endsWith(tail) && text.charCodeAt(text.length - tail.length - 1) === 32;
}

/** The lowercase surname and name of `reg.people[k]`. */
const lowerOf = (reg: Registry, k: number): { surname: string; name: string } => reg.lowered[k]!;

export function resolveSpeaker(reg: Registry, phrase: string, at: number, role?: string, lastSpeaker?: { person: Person; at: number }): ResolvedSpeaker {
  const lex = reg.lex;
  const text = phrase.trim().replace(/^(?:the|a|an)\s+(?=\p{Lu})/u, '');
  let words = text.split(/\s+/);
  // "l’avocat du prévenu": the elided article as a word of its own.
  const elided = lex.elision?.exec(words[0] ?? '');
  if (elided) words = [words[0]!.slice(0, words[0]!.length - elided[1]!.length - 1), elided[1]!, ...words.slice(1)];
  // "Jordan Kim of Mercer Ridge Capital": the name ends where its affiliation starts.
  const cut = words.findIndex((w, i) => i > 0 && /^(?:of|at|from|for|with|in|on)$/.test(w) && !isTitleWord(lex, words[i - 1]!));
  if (cut > 0 && /^\p{Lu}/u.test(text)) words = words.slice(0, cut);
  const first = lower(words[0] ?? '');
  const cleanRole = role?.replace(/^(?:the|a|an)\s+/i, '');
  // A pronoun, or a verb whose subject the language leaves out ("…", añadió).
  if (text === '') {
    // "…", disse.: the subject left out is the topic of a sentence just before, the name that
    // opened it, unless the last quotation's speaker was named more recently.
    const topic = nearestInitialSubject(reg, at);
    if (topic && at - topic.at < 500 && (!lastSpeaker || topic.at > lastSpeaker.at)) return fromPerson(topic.person, cleanRole);
  }
  if (text === '' || (words.length === 1 && lex.pronouns.has(first))) {
    const gender = lex.male.has(first) ? 'm' : lex.female.has(first) ? 'f' : undefined;
    const nearest = nearestSubject(reg, at, gender);
    const nearestAt = nearest ? nearest.mentions[lastAtOrBefore(nearest.mentions, at - 1)] ?? -1 : -1;
    // The previous speaker wins unless someone else has been named as a subject since.
    const last = lastSpeaker && compatible(lastSpeaker.person, gender) ? lastSpeaker : undefined;
    const person = last && (!nearest || nearestAt <= last.at || nearest === last.person) ? last.person : nearest;
    return person ? fromPerson(person, cleanRole) : { speaker: null };
  }
  // "it said in a statement", "the statement said": the organisation named just before.
  if ((words.length === 1 && lex.orgPronouns.has(first)) || /^(?:the|a|its|their)\s+(?:statement|release|communiqu[eé]|press release)$/i.test(text)) {
    const org = nearestOrg(reg, at);
    return org ? { speaker: org } : { speaker: null };
  }
  if (words.length === 1 && lex.firstPerson.has(first)) return { speaker: null };
  // A surname alone, even one that is also a word of the lexicon ("Doctor said").
  const single = words.length === 1 ? stripPossessive(words[0]!).toLowerCase() : '';
  if (single && /^\p{Lu}/u.test(text)) {
    let found = reg.people.filter((p, k) => !p.other && lowerOf(reg, k).surname === single && p.name.includes(' '));
    if (found.length === 0 && lex.nameEndings.length) {
      const bySurname = new Map<string, Person[]>();
      for (const p of reg.people) if (!p.other && p.name.includes(' ')) bySurname.set(p.surname.toLowerCase(), [...(bySurname.get(p.surname.toLowerCase()) ?? []), p]);
      found = declined(bySurname, single, lex) ?? [];
    }
    const person = nearestBefore(found, at);
    if (person) return fromPerson(person, cleanRole);
    // "disse Kauã", "explica Fernanda": a first name alone, when it is one person's only.
    if (found.length === 0) {
      const byFirst = reg.people.filter((p) => !p.other && p.name.includes(' ') && p.name.slice(0, p.name.indexOf(' ')).toLowerCase() === single);
      if (byFirst.length === 1 && byFirst[0]!.mentions[0]! < at) return fromPerson(byFirst[0]!, cleanRole);
    }
  }
  // "de Decker" is a name; "de Canadese" (a word of origin) is a description.
  // A particle that is also an article ("der Förster", "de Canadese") opens a name only when
  // that name is someone's.
  const particleName = lex.particle.test(first) && words.length > 1 && /^\p{Lu}/u.test(words[words.length - 1]!) && !lex.demonyms.has(lower(words[words.length - 1]!))
    && (!lex.determiners.has(first) || knownParticleName(reg, words));
  if ((/^\p{Lu}/u.test(text) && !lex.determiners.has(first)) || particleName) {
    const { role: titleWords, name: rawName } = splitTitle(words, lex);
    const name = cleanName(rawName, lex);
    const titleWordsKept = titleWords.filter((w) => !lex.honorifics.has(lower(w)));
    const titleRole = titleWordsKept.length ? titleWordsKept.join(' ') : undefined;
    // "Rival Ada Cole": a known full name at the end of a longer phrase; "Van Der Beek": the
    // end of a known full name.
    const joined = words.join(' ');
    // Particles compare without case: "Van den Berg" is the end of "Sanne van den Berg".
    const joinedLower = joined.toLowerCase();
    const known = reg.people.find((p) => p.name.includes(' ') && (joined === p.name || endsWithWord(joined, p.name)))
      ?? (words.length >= 2 ? reg.people.find((_, k) => endsWithWord(lowerOf(reg, k).name, joinedLower)) : undefined);
    if (known) return fromPerson(known, cleanRole ?? titleRole);
    if (name.length > 0 && looksLikePersonName(name, lex)) {
      const key = surnameOf(name).toLowerCase();
      const surnameOnly = name.length === 1 || leadingParticles(name, lex) > 0;
      let candidates = reg.people.filter((p, k) => lowerOf(reg, k).surname === key && (surnameOnly || p.name.split(' ')[0] === name[0]));
      if (candidates.length === 0 && surnameOnly && name.length > 1 && lex.nameEndings.length) {
        // "Van Houtens": a declined surname with its particle.
        const bySurname = new Map<string, Person[]>();
        for (const p of reg.people) if (!p.other && p.name.includes(' ')) bySurname.set(p.surname.toLowerCase(), [...(bySurname.get(p.surname.toLowerCase()) ?? []), p]);
        candidates = declined(bySurname, key, lex) ?? [];
      }
      const person = nearestBefore(candidates, at) ?? candidates[0];
      if (person) return fromPerson(person, cleanRole ?? titleRole);
      const r = cleanRole ?? titleRole;
      return r ? { speaker: name.join(' '), role: r } : { speaker: name.join(' ') };
    }
    // An organisation or a capitalised description ("The New York Post", "Russian news outlets").
    return cleanRole ? { speaker: text, role: cleanRole } : { speaker: text };
  }
  // "the 20-year-old said", "the former champion said": an age or an epithet stands for the
  // person just written about, like a pronoun.
  // "de 49-jarige bewindsvrouw": a gendered noun after the age narrows the referent.
  if (lex.age?.test(text) || (EPITHET.test(text) && !reg.people.some(roleMatcher(text, lex)))) {
    const person = nearestSubject(reg, at, genderOf(words.slice(1), lex));
    return person ? fromPerson(person, cleanRole) : { speaker: text };
  }
  if (lex.determiners.has(first) || lex.bareSpeakers.has(first)) {
    // "la sindaca Rosaria De Santis": a description ending in a known full name.
    const named = words.length >= 3 ? reg.people.find((p) => p.name.includes(' ') && text.endsWith(` ${p.name}`)) : undefined;
    if (named) return fromPerson(named, cleanRole);
    // "the 14th-ranked Schwartzman": a description ending in a known surname.
    const lastWord = stripPossessive(words[words.length - 1]!);
    if (words.length >= 2 && /^\p{Lu}/u.test(lastWord)) {
      const person = nearestBefore(reg.people.filter((p) => p.surname === lastWord && !p.other), at);
      if (person) return fromPerson(person, cleanRole);
    }
    // "teilte das Bundesgesundheitsministerium mit": an organisation's name, never a person's role.
    if (words.length === 2 && /^\p{Lu}/u.test(words[1]!) && isOrgWord(lex, words[1]!)) return { speaker: words[1]! };
    // "the spokesperson", "the chief US ambassador": the nearest person with that role.
    const candidates = reg.people.filter(roleMatcher(text, lex));
    const person = nearestBefore(candidates, at);
    if (person) return fromPerson(person, cleanRole);
    const roleNoun = words.slice(1, 3).some((w) => isTitleWord(lex, w));
    // "laat de stichting weten", "schrijft de rechtbank": an organisation's noun with an article
    // of reference is the organisation named before with that noun.
    if (lex.anaphoric.has(first) && !roleNoun && words.length <= 3) {
      const noun = words.slice(1).map(lower).find((w) => lex.orgWords.has(w));
      const org = noun ? nearestOrg(reg, at, noun) : undefined;
      if (org) return { speaker: org };
    }
    // "dijo el instructor del caso", "zegt de akkerbouwer": in languages whose news refers back
    // this way, a definite role noun stands for the person just named as a subject, else for the
    // person just named at all ("Op het land van Jacob Verhulst … zegt de akkerbouwer").
    if (lex.anaphoric.has(first) && roleNoun) {
      const gender = genderOf(words.slice(1), lex);
      const near = nearestSubject(reg, at, gender);
      const nearAt = near ? near.mentions[lastAtOrBefore(near.mentions, at - 1)] ?? -1 : -1;
      if (near && at - nearAt < 250) return fromPerson(near, cleanRole);
      const named = nearestBefore(reg.people.filter((p) => !p.other && p.name.includes(' ') && compatible(p, gender)), at);
      const namedAt = named ? named.mentions[lastAtOrBefore(named.mentions, at - 1)] ?? -1 : -1;
      if (named && namedAt > nearAt && at - namedAt < 250) return fromPerson(named, cleanRole);
    }
    return cleanRole ? { speaker: text, role: cleanRole } : { speaker: text };
  }
  return { speaker: null };
}

/** Whether "de Decker" (a lowercase particle, then a surname) ends the name of someone the article names. */
function knownParticleName(reg: Registry, words: string[]): boolean {
  const tail = ` ${words.join(' ').toLowerCase()}`;
  const surname = stripPossessive(words[words.length - 1]!).toLowerCase();
  return reg.people.some((_, k) => lowerOf(reg, k).surname === surname && lowerOf(reg, k).name.endsWith(tail));
}

/** The organisation named last before `at`, within a few paragraphs; with `noun`, one whose name holds it. */
function nearestOrg(reg: Registry, at: number, noun?: string): string | undefined {
  let best: string | undefined;
  for (const o of reg.orgs) {
    if (o.at >= at) break;
    if (at - o.at <= 1500 && (!noun || o.name.toLowerCase().split(/[\s-]+/).includes(noun))) best = o.name;
  }
  return best;
}
