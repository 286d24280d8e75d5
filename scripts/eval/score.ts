// Scoring a brief against reviewed expectations (the `.expected.json` format of the shared
// fixtures and eval sets) and ROUGE for summaries. One implementation, used by the golden
// test, the eval test and `npm run eval`, so the rules cannot drift apart.
import type { Brief, Quote } from '../../src/brief/index.ts';

export interface QuoteExpectation {
  contains: string;
  speaker: string | null;
}

export interface ForbiddenQuote {
  contains: string;
  exact?: boolean;
  why?: string;
}

export interface Expectation {
  /** ISO 639-1 language of the article (real-web and per-language sets). */
  lang?: string;
  kind?: string;
  headline?: string;
  /** Other acceptable headlines (the headline with its kicker, the metadata's alternative title). */
  headline_any?: string[];
  date?: string | null;
  /** A summary that says what happened contains one of these phrases. */
  summary_should_include_one_of?: string[];
  quotes_required?: QuoteExpectation[];
  quotes_optional?: QuoteExpectation[];
  quotes_forbidden?: ForbiddenQuote[];
  quote_text_must_not_contain?: string[];
  context_should_include_one_of?: string[];
  brief_must_not_contain?: string[];
  min_words?: number;
}

/** Curly and straight marks alike, whitespace collapsed, case ignored. */
export function normalize(s: string): string {
  return s
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function trimEdges(s: string): string {
  return normalize(s).replace(/^[\s"'.,;:!?—–-]+|[\s"'.,;:!?—–-]+$/g, '');
}

export function wordsIn(s: string): number {
  const t = s.trim();
  return t ? t.split(/\s+/).length : 0;
}

export function textMatches(q: Quote, e: QuoteExpectation): boolean {
  return normalize(q.text).includes(normalize(e.contains));
}

export function speakerMatches(q: Quote, e: QuoteExpectation): boolean {
  if (e.speaker === null) return true;
  return q.speaker !== null && normalize(q.speaker).includes(normalize(e.speaker));
}

export interface QuoteScore {
  required: number;
  /** Required quotes found with the right speaker. */
  found: number;
  /** Required quotes whose text was found, and of those, how many with the right speaker (named speakers only). */
  textFound: number;
  speakerChecked: number;
  speakerRight: number;
  /** Produced quotes that count (at least min_words words), and how many matched an entry. */
  produced: number;
  correct: number;
  missed: QuoteExpectation[];
  wrong: Quote[];
}

export function scoreQuotes(brief: Brief, exp: Expectation): QuoteScore {
  const required = exp.quotes_required ?? [];
  const optional = exp.quotes_optional ?? [];
  const minWords = exp.min_words ?? 0;
  const counted = brief.quotes.filter((q) => wordsIn(q.text) >= minWords);
  const s: QuoteScore = {
    required: required.length, found: 0, textFound: 0, speakerChecked: 0, speakerRight: 0,
    produced: counted.length, correct: 0, missed: [], wrong: [],
  };
  for (const e of required) {
    const withText = brief.quotes.filter((q) => textMatches(q, e));
    const ok = withText.some((q) => speakerMatches(q, e));
    if (ok) s.found++;
    else s.missed.push(e);
    if (withText.length > 0) {
      s.textFound++;
      if (e.speaker !== null) {
        s.speakerChecked++;
        if (ok) s.speakerRight++;
      }
    }
  }
  for (const q of counted) {
    if ([...required, ...optional].some((e) => textMatches(q, e) && speakerMatches(q, e))) s.correct++;
    else s.wrong.push(q);
  }
  return s;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(correct: number, produced: number, found: number, required: number): Prf {
  const precision = produced === 0 ? 1 : correct / produced;
  const recall = required === 0 ? 1 : found / required;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Every text field of a brief, for must-not-contain checks. */
export function briefTexts(brief: Brief): string[] {
  return [
    brief.headline, brief.summary, ...brief.context,
    ...brief.quotes.flatMap((q) => [q.text, q.speaker ?? '', q.role ?? '']),
  ];
}

/**
 * Checks a brief against every rule of an expectation; returns one message per failure
 * (an empty list means the brief passes).
 */
export function checkBrief(brief: Brief, exp: Expectation): string[] {
  const failures: string[] = [];
  const qs = scoreQuotes(brief, exp);
  for (const e of qs.missed) {
    const text = brief.quotes.find((q) => textMatches(q, e));
    failures.push(text
      ? `quote "${e.contains}" found but speaker is ${JSON.stringify(text.speaker)}, expected ${JSON.stringify(e.speaker)}`
      : `required quote missing: "${e.contains}" (${e.speaker ?? 'no speaker'})`);
  }
  for (const q of qs.wrong) failures.push(`produced quote matches no expectation: "${q.text}" (${q.speaker ?? 'no speaker'})`);
  for (const f of exp.quotes_forbidden ?? []) {
    const hit = brief.quotes.find((q) => (f.exact ? trimEdges(q.text) === trimEdges(f.contains) : normalize(q.text).includes(normalize(f.contains))));
    if (hit) failures.push(`forbidden quote produced: "${hit.text}"${f.why ? ` (${f.why})` : ''}`);
  }
  for (const bad of exp.quote_text_must_not_contain ?? []) {
    // Raw comparison: these entries are often the very marks normalisation would erase.
    const hit = brief.quotes.find((q) => q.text.includes(bad) || (!/^[“”‘’"']$/.test(bad) && normalize(q.text).includes(normalize(bad))));
    if (hit) failures.push(`quote text contains "${bad}": "${hit.text}"`);
  }
  if (!contextMatches(brief, exp)) {
    failures.push(`context includes none of: ${(exp.context_should_include_one_of ?? []).map((c) => `"${c}"`).join(', ')}`);
  }
  for (const bad of furnitureFound(brief, exp)) failures.push(`brief contains "${bad}"`);
  if (exp.headline !== undefined && !headlineMatches(brief, exp)) {
    failures.push(`headline is "${brief.headline}", expected "${exp.headline}"`);
  }
  return failures;
}

/** The brief's headline equals the expected one or one of its alternatives, after normalisation. */
export function headlineMatches(brief: Brief, exp: Expectation): boolean {
  const got = normalize(brief.headline);
  return [exp.headline ?? '', ...(exp.headline_any ?? [])].some((h) => h !== '' && normalize(h) === got);
}

/** The summary contains one of the expected key-fact phrases (true when none are given). */
export function summaryMatches(brief: Brief, exp: Expectation): boolean {
  const phrases = exp.summary_should_include_one_of ?? [];
  if (phrases.length === 0) return true;
  const got = normalize(brief.summary);
  return phrases.some((p) => got.includes(normalize(p)));
}

/** The context sentences together contain one of the expected phrases (true when none are given). */
export function contextMatches(brief: Brief, exp: Expectation): boolean {
  const phrases = exp.context_should_include_one_of ?? [];
  if (phrases.length === 0) return true;
  const joined = normalize(brief.context.join(' '));
  return phrases.some((c) => joined.includes(normalize(c)));
}

/** Page furniture (`brief_must_not_contain`) found anywhere in the brief. */
export function furnitureFound(brief: Brief, exp: Expectation): string[] {
  const texts = briefTexts(brief).map(normalize);
  return (exp.brief_must_not_contain ?? []).filter((bad) => texts.some((t) => t.includes(normalize(bad))));
}

/** Lowercase alphanumeric tokens, the tokenizer used for every ROUGE figure. */
export function rougeTokens(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** ROUGE-N F1 with clipped n-gram counts. */
export function rougeN(candidate: string, reference: string, n: number): number {
  const c = ngrams(rougeTokens(candidate), n);
  const r = ngrams(rougeTokens(reference), n);
  let overlap = 0;
  let cTotal = 0;
  let rTotal = 0;
  for (const v of c.values()) cTotal += v;
  for (const [g, v] of r) {
    rTotal += v;
    overlap += Math.min(v, c.get(g) ?? 0);
  }
  if (overlap === 0 || cTotal === 0 || rTotal === 0) return 0;
  const p = overlap / cTotal;
  const rec = overlap / rTotal;
  return (2 * p * rec) / (p + rec);
}

/** The brief's first three sentences: the summary, then context. */
export function briefLead(brief: Brief): string {
  return [brief.summary, ...brief.context].filter(Boolean).slice(0, 3).join(' ');
}

export interface SetReport {
  articles: number;
  quotes: Prf & { correct: number; produced: number; found: number; required: number };
  /** Share of required quotes with a named speaker, found by text, whose speaker is right. */
  speakerAccuracy: number;
  headlineRight: number;
  headlineChecked: number;
  summaryHits: number;
  summaryChecked: number;
  contextHits: number;
  contextChecked: number;
  /** Articles with a stated date, and how many briefs carry it. */
  dateRight: number;
  dateChecked: number;
  /** Articles whose brief holds none of their page furniture. */
  clean: number;
  /** Articles whose brief breaks a must-not-contain, forbidden or headline rule. */
  hardFailures: { name: string; failures: string[] }[];
}

/** Aggregates quote and brief checks over a set of articles with expectations. */
export function evaluateExpectations(cases: { name: string; brief: Brief; expected: Expectation }[]): SetReport {
  let correct = 0;
  let produced = 0;
  let found = 0;
  let required = 0;
  let speakerChecked = 0;
  let speakerRight = 0;
  let headlineRight = 0;
  let headlineChecked = 0;
  let contextHits = 0;
  let contextChecked = 0;
  let summaryHits = 0;
  let summaryChecked = 0;
  let dateRight = 0;
  let dateChecked = 0;
  let clean = 0;
  const hardFailures: { name: string; failures: string[] }[] = [];
  for (const { name, brief, expected } of cases) {
    const q = scoreQuotes(brief, expected);
    correct += q.correct;
    produced += q.produced;
    found += q.found;
    required += q.required;
    speakerChecked += q.speakerChecked;
    speakerRight += q.speakerRight;
    if (expected.headline !== undefined) {
      headlineChecked++;
      if (headlineMatches(brief, expected)) headlineRight++;
    }
    if ((expected.summary_should_include_one_of ?? []).length > 0) {
      summaryChecked++;
      if (summaryMatches(brief, expected)) summaryHits++;
    }
    if ((expected.context_should_include_one_of ?? []).length > 0) {
      contextChecked++;
      if (contextMatches(brief, expected)) contextHits++;
    }
    if (expected.date) {
      dateChecked++;
      if (brief.date?.startsWith(expected.date)) dateRight++;
    }
    if (furnitureFound(brief, expected).length === 0) clean++;
    const hard = checkBrief(brief, { ...expected, quotes_required: [], quotes_optional: [], min_words: Number.MAX_SAFE_INTEGER, context_should_include_one_of: [] });
    if (hard.length > 0) hardFailures.push({ name, failures: hard });
  }
  return {
    articles: cases.length,
    quotes: { ...prf(correct, produced, found, required), correct, produced, found, required },
    speakerAccuracy: speakerChecked === 0 ? 1 : speakerRight / speakerChecked,
    headlineRight, headlineChecked, summaryHits, summaryChecked, contextHits, contextChecked, dateRight, dateChecked, clean, hardFailures,
  };
}

export interface RougeReport {
  articles: number;
  rouge1: number;
  rouge2: number;
  lead3Rouge1: number;
  lead3Rouge2: number;
}

/** Mean ROUGE-1/2 F1 of each brief's first three sentences and of Lead-3, same tokenizer. */
export function evaluateSummaries(cases: { brief: Brief; reference: string; lead3: string }[]): RougeReport {
  let r1 = 0;
  let r2 = 0;
  let l1 = 0;
  let l2 = 0;
  for (const { brief, reference, lead3 } of cases) {
    const lead = briefLead(brief);
    r1 += rougeN(lead, reference, 1);
    r2 += rougeN(lead, reference, 2);
    l1 += rougeN(lead3, reference, 1);
    l2 += rougeN(lead3, reference, 2);
  }
  const n = Math.max(cases.length, 1);
  return { articles: cases.length, rouge1: r1 / n, rouge2: r2 / n, lead3Rouge1: l1 / n, lead3Rouge2: l2 / n };
}
