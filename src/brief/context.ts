// Summary and background. The summary is the sentence that says what happened, which news
// writing puts first; context is the background a reader needs (history, numbers, causes),
// chosen by how central a sentence is plus words that mark background, never a quotation.
import type { Doc } from './extract.ts';
import type { QuoteSpan } from './quotes.ts';
import { splitSentences, wordCount } from './sentences.ts';
import { centrality, contentWords, termsOf } from './terms.ts';
import { eachWord } from './words.ts';
import { DATE_WORDS } from './date-words.ts';

export interface Sentence {
  text: string;
  para: number;
  /** Order in the article. */
  index: number;
  /** Share of the sentence's characters inside quotation marks. */
  quoted: number;
  /** Words inside the longest quotation of the sentence. */
  longestQuote: number;
  /** Words in the sentence (`wordCount`), counted once for the summary and context tests. */
  wordCount: number;
  /** Content words, extracted once and shared by term weights and scoring. */
  words: string[];
  /** Lowercase words as written (see `termsOf`), for the background cues. */
  tokens: string[];
}

/** Opening and closing quote marks in a sentence (straight marks count as both). */
function countMarks(text: string): { opens: number; closes: number } {
  let opens = 0;
  let closes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      opens++;
      closes++;
    } else if (c === '“' || c === '‘' || c === '«' || c === '„') opens++;
    else if (c === '”' || c === '’' || c === '»') closes++;
    else if (c === "'") {
      const prev = text[i - 1];
      const next = text[i + 1];
      if (prev === undefined || prev === ' ') opens++;
      if (next === undefined || next === ' ') closes++;
    }
  }
  return { opens, closes };
}

/** Sentences of the cleaned article with how much of each is quotation. */
export function sentencesOf(doc: Doc, lang: string | null = null): Sentence[] {
  const out: Sentence[] = [];
  const byPara: QuoteSpan[][] = doc.paragraphs.map(() => []);
  for (const s of doc.spans) byPara[s.para]!.push(s.span);
  doc.paragraphs.forEach((p, para) => {
    const spans = byPara[para]!;
    let from = 0;
    let cursor = 0;
    for (const text of splitSentences(p, lang)) {
      const start = p.indexOf(text, from);
      const s = start < 0 ? from : start;
      const e = s + text.length;
      from = e;
      let inQuote = 0;
      let longest = 0;
      // Spans are sorted: skip those that end before this sentence, stop at those after it.
      while (cursor < spans.length && spans[cursor]!.textEnd <= s) cursor++;
      for (let k = cursor; k < spans.length && spans[k]!.textStart < e; k++) {
        const sp = spans[k]!;
        const a = Math.max(s, sp.textStart);
        const b = Math.min(e, sp.textEnd);
        if (b > a) {
          inQuote += b - a;
          longest = Math.max(longest, wordCount(p.slice(a, b)));
        }
      }
      let quoted = text.length ? inQuote / text.length : 0;
      // Pieces of a quotation whose marks fall in other sentences (or other paragraphs):
      // a sentence ending in a closing mark it never opened, or opening one it never closes.
      // Marks are counted only when the sentence ends or opens with one, which few do.
      const endsQuoted = /[.!?,…]["”’']\s*$/.test(text);
      const opensQuoted = /^["“‘'«„]/.test(text);
      if (endsQuoted || opensQuoted) {
        const { opens, closes } = countMarks(text);
        if ((endsQuoted && opens === 0) || (opensQuoted && closes === 0)) quoted = 1;
      }
      const terms = termsOf(text);
      const count = terms.words;
      out.push({ text, para, index: out.length, quoted, longestQuote: quoted === 1 ? count : longest, wordCount: count, words: terms.content, tokens: terms.tokens });
    }
  });
  return out;
}

const norm = (s: string): string => contentWords(s).join(' ');

/**
 * Picture captions that survive as text: "Day to remember: The couple …" (a short label and
 * a colon, usually repeating a sentence of the story), or a sentence pointing at a picture.
 */
export function isCaptionLike(text: string): boolean {
  if (!text.includes(':') && !text.includes('(') && !/\b(?:pictured|seen)\b/i.test(text)) return false;
  // A caption glued into a sentence: "… after the crash Lucky escape: The driver …".
  if (/\p{Ll} (?:\p{Lu}[\p{Ll}'’-]*)(?: [\p{L}'’-]+){0,4}: \p{Lu}/u.test(text) && !SPEECH.test(text.slice(0, text.indexOf(':')))) return true;
  const label = /^([\p{Lu}][^:.!?“”"]{0,40}):\s+\S/u.exec(text);
  if (label) {
    const w = label[1]!.trim().split(/\s+/);
    if (w.length <= 6 && !SPEECH.test(label[1]!)) return true;
  }
  return /\((?:pictured|file photo|stock (?:photo|image)|left|right|centre|center|top|bottom|above|below|inset)\b[^)]*\)/i.test(text)
    || /\b(?:pictured|seen) (?:here|above|below|left|right)\b/i.test(text);
}

const SPEECH = /\b(?:said|says|told|tweeted|wrote|added|asked|stated|warned|posted|declared|announced|explained|insisted)\b/i;

/** Share of a sentence's content words already said by earlier chosen text. */
function overlap(w: string[], seen: Set<string>): number {
  if (w.length === 0) return 1;
  return w.filter((x) => seen.has(x)).length / w.length;
}

/** The last headline normalised: every sentence of an article is compared with the same one. */
let lastHeadline = '';
let lastHeadlineNorm = '';

function sameAsHeadline(s: Sentence, headline: string): boolean {
  // Cheap length test first: most sentences are nowhere near the headline's length.
  if (!headline || s.text.length > headline.length * 1.6 + 40) return false;
  if (headline !== lastHeadline) {
    lastHeadline = headline;
    lastHeadlineNorm = norm(headline);
  }
  const b = lastHeadlineNorm;
  const a = s.words.join(' ');
  return a === b || (b.length > 0 && a.startsWith(b) && a.length - b.length < 12);
}

/**
 * Keys of content words for comparing a sentence with its headline: stems (the first five
 * letters, so "switched" meets "switching"). Content words hold no hyphens: the parts of
 * "long-running" are words of their own.
 */
function headlineKeys(words: string[]): Set<string> {
  return new Set(words.map((w) => w.slice(0, 5)));
}

/** Ends as a sentence does; captions, credits, datelines and standfirsts often do not. */
const TERMINATED = /[.!?…。！？]["”’'»)\]]*\s*$/u;

/** A timestamp line: dates, times and "updated" words with next to no other words. */
function isDateLine(text: string): boolean {
  if (!/\d/.test(text)) return false;
  // A run of Han or kana is prose: these scripts have no spaces for the word count below.
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{4}/u.test(text)) return false;
  const lower = text.toLowerCase();
  let other = 0;
  let stop = false;
  eachWord(lower, false, (a, b) => {
    if (stop) return;
    const w = lower.slice(a, b);
    if (isDigit(w.charCodeAt(0)) || DATE_WORDS.has(w) || (w.length === 3 && w.endsWith('t'))) return;
    if (++other >= 3) stop = true;
  });
  return !stop;
}

/** A sentence opening with a connective leans on the one before it and reads badly alone. */
const DEPENDENT = /^(?:But|And|However|Yet|Still|Meanwhile|So|Also|Instead|Then)\b/;

/** First person outside quotation: a reporter's scene or a column's voice, not the news. */
const FIRST_PERSON = /(?<![\p{L}\p{N}'’-])(?:I|I'm|I’m|I've|I’ve|my|My|me)(?![\p{L}\p{N}'’-])/u;

/**
 * The summary: the sentence that says what happened. News puts it first, so the lead wins
 * unless it is furniture (a caption, credit, dateline, promo or standfirst without sentence
 * punctuation), a quotation, a question, or the headline again. Features and analysis often
 * open with a scene; the sentence that says what the story is about (its "nut graf") repeats
 * the headline's words, so a later sentence of the opening wins when it says clearly more of
 * the headline than the lead does. Position still weighs, so ties go to the earlier sentence.
 */
export function pickSummary(sentences: Sentence[], headline: string): Sentence | undefined {
  const early = sentences.slice(0, 12);
  const usable = (s: Sentence): boolean => s.wordCount >= 6 && !sameAsHeadline(s, headline) && !/[?？]\s*$/.test(s.text) && !isCaptionLike(s.text);
  // A sentence that opens with a quote mark is a quotation with its tag, not a report of events.
  const reporting = (s: Sentence): boolean => s.quoted < 0.35 && !/^["“‘'«„]/.test(s.text);
  // Cheapest tests first: this runs on every sentence of the opening.
  const news = (s: Sentence): boolean => reporting(s) && TERMINATED.test(s.text) && !isDateLine(s.text) && usable(s);
  const reported = early.filter(news);
  const thirdPerson = reported.filter((s) => !FIRST_PERSON.test(s.text));
  const candidates = thirdPerson.length > 0 ? thirdPerson : reported;
  if (candidates.length === 0) return early.find((s) => usable(s) && reporting(s)) ?? early.find(usable) ?? sentences[0];
  // At most 31 keys, so that the keys a sentence holds fit in the bits of one number.
  const keys = [...headlineKeys(contentWords(headline))].slice(0, 31);
  // Too few headline words to tell a scene from the news ("Ein Albtraum"): the lead it is.
  if (keys.length < 3) return candidates[0];
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  // How many sentences of the opening repeat each headline key (the first 30 are sample enough).
  const counts = new Array<number>(keys.length).fill(0);
  const held = new Map<Sentence, number>();
  // The first two letters of every key (keys and words have three or more): most words share
  // no key's opening and are passed over without cutting their stem.
  const heads = new Set(keys.map((k) => k.charCodeAt(0) * 65536 + k.charCodeAt(1)));
  for (const s of sentences.slice(0, 30)) {
    let mask = 0;
    for (const w of s.words) {
      if (!heads.has(w.charCodeAt(0) * 65536 + w.charCodeAt(1))) continue;
      mask |= 1 << (keyIndex.get(w.length > 5 ? w.slice(0, 5) : w) ?? 31);
    }
    mask &= 0x7fffffff;
    for (let i = 0; i < keys.length; i++) if (mask & (1 << i)) counts[i]!++;
    if (s.index < early.length) held.set(s, mask);
  }
  const weights = counts.map((n) => Math.log1p(n));
  const total = weights.reduce((a, b) => a + b, 0);
  const cover = (s: Sentence): number => {
    const mask = held.get(s) ?? 0;
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (mask & (1 << i)) n += weights[i]!;
    return total > 0 ? n / total : 0;
  };
  const lead = candidates[0]!;
  const leadCover = cover(lead);
  let best = lead;
  // A later sentence must say clearly more of the headline than the lead: a quarter of its
  // weight more, and twice what the lead says.
  let bestScore = Math.max(leadCover + 0.25, 2 * leadCover);
  candidates.forEach((s, rank) => {
    if (rank === 0 || DEPENDENT.test(s.text)) return;
    const score = cover(s) - 0.03 * rank;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  });
  return best;
}

/** Words that mark background: dates, history, figures, causes. */
const CUE_WORDS = new Set([
  'previously', 'since', 'history', 'annexed', 'background', 'million', 'billion', 'thousand', 'thousands',
  'hundreds', 'because', 'following', 'amid', 'long-running', 'ongoing', 'never', 'former', 'percent', 'ago',
  // The same cues in the other languages the bot reads: magnitudes, shares, "since", "former".
  'millionen', 'milliarden', 'prozent', 'seit', 'damals', 'ehemalige', 'ehemaligen', 'früher',
  'millions', 'milliards', 'depuis', 'ancien', 'ancienne', 'auparavant',
  'millones', 'millón', 'desde', 'antiguo', 'antigua', 'anteriormente',
  'milioni', 'miliardi', 'milhões', 'bilhões', 'anni', 'anos', 'años', 'jahren', 'années',
]);
const HAS_CUES = new Set(['claimed', 'killed', 'left', 'cost', 'been', 'seen', 'become']);
const WAS_CUES = new Set(['negotiated', 'signed', 'agreed', 'introduced', 'founded', 'established', 'built', 'elected', 'appointed', 'launched']);
const PERIODS = new Set(['year', 'month', 'week', 'season']);
const SPANS = new Set(['weeks', 'months', 'years', 'decades']);
/** Each cue word with what must follow it (most need nothing): "has claimed", "was signed", "last year", "for decades". */
const CUE_TESTS = new Map<string, (next: string, after: string) => boolean>([
  ...[...CUE_WORDS].map((w) => [w, () => true] as [string, () => boolean]),
  ['has', (next, after) => HAS_CUES.has(next) || (next === 'already' && HAS_CUES.has(after))],
  ['had', (next, after) => next === 'been' || ((next === 'already' || next === 'previously') && after === 'been')],
  ['was', (next) => WAS_CUES.has(next)],
  ['earlier', (next, after) => next === 'this' && PERIODS.has(after)],
  ['last', (next) => PERIODS.has(next)],
  ['first', (next) => next === 'time'],
  ['per', (next) => next === 'cent'],
  ['due', (next) => next === 'to'],
  ['for', (next) => SPANS.has(next)],
]);

/** "1998", "2024": four digits starting 19 or 20, tested by char code for every word. */
function isYear(w: string): boolean {
  if (w.length !== 4) return false;
  const a = w.charCodeAt(0);
  const b = w.charCodeAt(1);
  return ((a === 49 && b === 57) || (a === 50 && b === 48)) && isDigit(w.charCodeAt(2)) && isDigit(w.charCodeAt(3));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A figure other than a year: two digits or more, or digits with a decimal or thousands mark. */
function isFigure(w: string): boolean {
  if (!isDigit(w.charCodeAt(0))) return false;
  let digits = 0;
  for (let i = 0; i < w.length; i++) if (isDigit(w.charCodeAt(i))) digits++;
  return digits >= 2 && !isYear(w);
}

/**
 * Counts background cues (at most 3) over the sentence's words, for every candidate
 * sentence, and tells whether the sentence holds a figure other than a year ("530 hectares",
 * "4.5 million", "27.662").
 */
export function backgroundScore(s: Pick<Sentence, 'text' | 'tokens'>): { cues: number; figure: boolean } {
  const t = s.tokens;
  const text = s.text;
  let n = 0;
  let figure = false;
  for (let i = 0; i < t.length && n < 3; i++) {
    const w = t[i]!;
    if (isYear(w)) {
      n++;
      continue;
    }
    // One look-up settles most words: they are no cue and need no word after them.
    const cue = CUE_TESTS.get(w);
    if (cue === undefined) {
      if (!figure && isFigure(w)) figure = true;
      continue;
    }
    const next = t[i + 1] ?? '';
    if (!cue(next, t[i + 2] ?? '')) continue;
    n++;
    // "since 1998" is one cue.
    if (w === 'since' && isYear(next)) i++;
  }
  for (let i = text.indexOf('%'); i >= 0 && n < 3; i = text.indexOf('%', i + 1)) n++;
  return { cues: n, figure };
}

/**
 * 2-4 background sentences in article order: 2 (short articles) or 3 chosen mostly by
 * position, then centrality and background cues; then one more from after them, chosen mostly
 * by background cues (figures, years, history, causes). Quotations, captions, standfirsts and
 * the summary are excluded, and no sentence repeats what is already chosen.
 */
export function pickContext(sentences: Sentence[], summary: Sentence | undefined, weights: Map<string, number>, headline: string): string[] {
  const total = sentences.length;
  // Before the summary, a paragraph that ends without sentence punctuation is a standfirst or
  // a caption, and so is every sentence of it.
  const unterminated = new Set<number>();
  for (const s of sentences) {
    if (summary === undefined || s.index >= summary.index) break;
    if (!TERMINATED.test(s.text) && sentences[s.index + 1]?.para !== s.para) unterminated.add(s.para);
  }
  const candidates = sentences.filter((s) => {
    if (s === summary) return false;
    const wc = s.wordCount;
    const furniture = summary !== undefined && s.index < summary.index && unterminated.has(s.para);
    return wc >= 7 && wc <= 70 && s.longestQuote < 3 && s.quoted <= 0.25 && !furniture;
  });
  const base = candidates.map((s) => {
    const position = 1 - Math.min(s.index, 30) / 30;
    // Reported speech is news of the day, not background.
    const reported = /\b(?:said|says|told|added|according to)\b/i.test(s.text) ? 0.6 : 0;
    const dependent = DEPENDENT.test(s.text) ? 0.5 : 0;
    const bg = backgroundScore(s);
    return { s, position, rest: centrality(s.words, weights) - reported - dependent, cues: bg.cues, wide: Math.min(3, bg.cues + (bg.figure ? 1 : 0)) };
  });
  const want = total > 6 ? 3 : 2;
  // Captions and standfirsts often repeat the story's sentences; never say the same thing twice.
  const seen = new Set(summary?.words ?? []);
  const chosen: Sentence[] = [];
  const pass = (kp: number, kc: number, figures: boolean, upTo: number, after: number): void => {
    const scored = base.filter((b) => b.s.index > after).map((b) => ({ s: b.s, score: kp * b.position + b.rest + kc * (figures ? b.wide : b.cues) }));
    scored.sort((a, b) => b.score - a.score || a.s.index - b.s.index);
    // The remaining tests are dearer, so they run in score order, only until enough are chosen.
    for (const { s: c } of scored) {
      if (chosen.length >= upTo) break;
      if (chosen.includes(c) || !isBackgroundCandidate(c, headline) || overlap(c.words, seen) > 0.7) continue;
      chosen.push(c);
      for (const w of c.words) seen.add(w);
    }
  };
  // The first ones follow the lead (news front-loads what matters). One more comes from
  // further on, where background sits: there figures, history and causes weigh over position.
  pass(3, 0.35, false, want, -1);
  pass(1, 1.5, true, want + 1, Math.max(-1, ...chosen.map((c) => c.index)));
  return chosen.sort((a, b) => a.index - b.index).map((s) => s.text);
}

function isBackgroundCandidate(s: Sentence, headline: string): boolean {
  if (/\?\s*$/.test(s.text) || sameAsHeadline(s, headline)) return false;
  // A sentence left dangling open by a quotation mark is part of a quotation.
  if (/^["“‘'«]/.test(s.text)) return false;
  // First person outside quote marks is a quotation whose marks were lost.
  if (/(?<![\p{L}\p{N}'’-])(?:I|I'm|I’m|I've|I’ve|we|We|my|My|our|Our|us)(?![\p{L}\p{N}'’-])/u.test(s.text)) return false;
  return !isCaptionLike(s.text);
}
