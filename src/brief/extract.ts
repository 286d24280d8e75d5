// Turns quotation spans into attributed quotes: reads the attribution around each span,
// links quotations that run over several paragraphs, lets unattributed follow-on quotes
// inherit the speaker of the quote they continue, and drops scare quotes.
import { cjkAttribution, cjkFullName } from './attribution-cjk.ts';
import { attributionAfter, attributionBefore, inciseIn, isBareTag, mainSubject, type RawAttribution } from './attribution.ts';
import { lexiconFor, type Lexicon } from './lexicon.ts';
import { findQuoteSpans, opensWithMark, tidyQuoteText, type QuoteSpan } from './quotes.ts';
import { splitSentences, wordCount } from './sentences.ts';
import { buildRegistry, resolveSpeaker, type Person, type Registry } from './speakers.ts';

export interface FoundQuote {
  text: string;
  speaker: string | null;
  role?: string;
  person?: Person;
  /** A whole sentence (or more) rather than a phrase inside the writer's sentence. */
  full: boolean;
  /** Document offset of the opening mark. */
  at: number;
  paragraph: number;
  words: number;
}

export interface Located {
  para: number;
  span: QuoteSpan;
  /** Document offsets. */
  start: number;
  end: number;
}

/** The article as one string plus where each paragraph starts, so offsets are comparable. */
export interface Doc {
  text: string;
  paragraphs: string[];
  starts: number[];
  spans: Located[];
  /** The article's language's attribution lexicon. */
  lex: Lexicon;
}

/** `lang` is the article's language (BCP 47); English when absent. */
/** "— Dave Schukin (@schukin) July 3, 2019": the line that signs an embedded post. */
const POST_SIGNATURE = /^[—–-]\s*([^(@]{2,60}?)\s*\(@\w{1,30}\)/;

/**
 * The block quotes of an article's body, by text, with the name that signs each run of them
 * (an embedded post's "— Name (@handle) date" line, read before cleaning drops it as furniture).
 */
export function blockQuotesOf(paragraphs: readonly string[], kinds: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let run: string[] = [];
  const close = (signer?: string): void => {
    for (const p of run) out.set(p, signer);
    run = [];
  };
  paragraphs.forEach((p, i) => {
    if (kinds[i] !== 'quote') return close();
    const signer = POST_SIGNATURE.exec(p);
    if (signer) close(signer[1]!.trim());
    else run.push(p);
  });
  close();
  return out;
}

/**
 * `lang` is the article's language (BCP 47); English when absent. `blockQuotes` (from
 * blockQuotesOf) marks the paragraphs the page set as block quotes: without quote marks of
 * their own they are read as someone's words when a signature or a lead-in says whose.
 */
export function buildDoc(paragraphs: string[], lang?: string | null, blockQuotes?: ReadonlyMap<string, string | undefined>): Doc {
  const lex = lexiconFor(lang);
  const starts: number[] = [];
  let pos = 0;
  for (const p of paragraphs) {
    starts.push(pos);
    pos += p.length + 2;
  }
  const spans: Located[] = [];
  let open = false;
  const blockSpan = new Map<number, QuoteSpan>();
  if (blockQuotes?.size) {
    const prose = paragraphs.filter((p) => !blockQuotes.has(p));
    paragraphs.forEach((p, i) => {
      if (!blockQuotes.has(p) || /["“”„«»「]/.test(p)) return;
      // A pull quote repeats the article's own sentence: not a quotation of its own.
      if (prose.some((x) => x.includes(p.slice(0, 60)))) return;
      const signer = blockQuotes.get(p);
      blockSpan.set(i, { start: 0, textStart: 0, textEnd: p.length, end: p.length, closed: true, block: true, ...(signer ? { signedBy: signer } : {}) });
    });
  }
  paragraphs.forEach((p, para) => {
    const block = blockSpan.get(para);
    if (block) {
      spans.push({ para, span: block, start: starts[para]!, end: starts[para]! + block.end });
      open = false;
      return;
    }
    const found = findQuoteSpans(p, open);
    for (const span of found) {
      // « A, a reconnu X, et B. »: the incise is the writer's, between two parts of one quotation.
      const incise = lex.cjk ? null : inciseIn(p.slice(span.textStart, span.textEnd), lex);
      if (incise) {
        const cut = span.textStart + incise.cut;
        const resume = span.textStart + incise.resume;
        spans.push({ para, span: { ...span, textEnd: cut, end: cut, closed: true }, start: starts[para]! + span.start, end: starts[para]! + cut });
        spans.push({ para, span: { start: resume, textStart: resume, textEnd: span.textEnd, end: span.end, closed: span.closed }, start: starts[para]! + resume, end: starts[para]! + span.end });
        continue;
      }
      spans.push({ para, span, start: starts[para]! + span.start, end: starts[para]! + span.end });
    }
    const last = found[found.length - 1];
    open = last !== undefined && !last.closed;
  });
  return { text: paragraphs.join('\n\n'), paragraphs, starts, spans, lex };
}

/** True when the document offset lies inside a quotation. */
export function insideQuote(doc: Doc, at: number): boolean {
  let lo = 0;
  let hi = doc.spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.spans[mid]!;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return true;
  }
  return false;
}

const SENTENCE_BREAK = /[.!?]["”’)]*\s+(?=["“‘'(\p{Lu}]|$)/gu;
const TITLE_DOT = /\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Prof|Rev|Jr|[A-Z])$/;

/** The part of `text` after its last sentence break: the start of the sentence a quote sits in. */
function lastSentencePart(text: string): string {
  let cut = 0;
  SENTENCE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_BREAK.exec(text)) !== null) {
    // TITLE_DOT only looks at the last word before the stop (at most four letters and the
    // boundary before them), so a short window gives the same answer without copying the
    // whole prefix for every break.
    if (TITLE_DOT.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    cut = m.index + m[0].length;
  }
  return text.slice(cut);
}

interface Draft {
  loc: Located;
  inner: string;
  attr: RawAttribution | null;
  full: boolean;
  /** Index of the draft this one continues (multi-paragraph quotation). */
  continues?: number;
}

function draftFor(doc: Doc, k: number, prevDraft: Draft | undefined): Draft {
  const loc = doc.spans[k]!;
  const p = doc.paragraphs[loc.para]!;
  const prev = doc.spans[k - 1];
  const next = doc.spans[k + 1];
  const prevBound = prev && prev.para === loc.para ? prev.span.end : 0;
  const nextBound = next && next.para === loc.para ? next.span.start : p.length;
  const inner = p.slice(loc.span.textStart, loc.span.textEnd);
  if (loc.span.block) {
    // An embedded post: its signature, else a lead-in paragraph ending in a colon
    // ("Omar wrote on Twitter:"), says whose words the block quote is.
    let attr: RawAttribution | null = loc.span.signedBy ? { phrase: loc.span.signedBy, side: 'after' } : null;
    let q = loc.para - 1;
    while (!attr && q >= 0 && doc.spans.some((s) => s.para === q && s.span.block)) q--;
    const lead = q >= 0 ? doc.paragraphs[q]! : '';
    if (!attr && /:\s*$/.test(lead)) attr = attributionBefore(lastSentencePart(lead), doc.lex);
    return { loc, inner, attr: attr?.needsSubject ? null : attr, full: true };
  }
  if (doc.lex.cjk) {
    const attr = cjkAttribution(p.slice(prevBound, loc.span.start), p.slice(loc.span.end, nextBound), doc.lex);
    const t = tidyQuoteText(inner);
    return { loc, inner, attr, full: /[。！？!?]$/.test(t) || t.length >= 8 };
  }
  const before = lastSentencePart(p.slice(prevBound, loc.span.start));
  const after = p.slice(loc.span.end, nextBound);
  const endsSentence = /[.!?…]\s*$/.test(inner.trim());
  let attr = loc.span.closed || loc.span.end < p.length ? attributionAfter(after, doc.lex) : null;
  // After a complete quoted sentence, only a tag ("Smith said.") belongs to it; "Officials
  // said the talks …" is new reporting.
  if (attr && endsSentence && !isBareTag(after, doc.lex)) attr = null;
  if (!attr) attr = attributionBefore(before, doc.lex);
  if (!attr && loc.span.start === 0 && loc.para > 0) {
    // "Moreno said:" ending one paragraph introduces the quotation opening the next.
    const prevPara = doc.paragraphs[loc.para - 1]!;
    if (/:\s*$/.test(prevPara)) {
      const a = attributionBefore(lastSentencePart(prevPara), doc.lex);
      if (a && !a.needsSubject) attr = a;
    }
  }
  if (attr?.needsSubject) {
    // A second verb of the same sentence ("He said he was “…” and warned that “…”") shares
    // the subject of the quote before it.
    const sameSentence = prev && prev.para === loc.para && before.length === loc.span.start - prevBound;
    const prevAttr = sameSentence ? prevDraft?.attr ?? null : null;
    if (prevAttr && !prevAttr.needsSubject) attr = prevAttr;
    else {
      // "Gordon Mackenzie branded the event a “shambles” and said: “…”": the sentence's subject.
      const whole = lastSentencePart(p.slice(0, loc.span.start));
      const subject = mainSubject(whole.slice(0, Math.max(0, whole.search(/\s(?:and|but|then)\s+\S*\s*$/))) || whole, doc.lex);
      attr = subject ? { ...subject, side: 'before' } : null;
    }
  }
  const tidy = tidyQuoteText(inner);
  const startsUpper = /^[\p{Lu}\p{N}]/u.test(tidy);
  const lead = before.trim();
  const full = startsUpper && (lead === '' || /[:,—–-]$/.test(lead) || attr?.side === 'before');
  return { loc, inner, attr, full };
}

const MINOR_WORDS = /^(?:a|an|the|of|in|on|at|to|for|and|or|but|is|are|with|by|from|as|vs\.?|my|your|our|its|it)$/i;

/** A quoted title ("Songs of the Open Road", "Make Your Garden Grow"): title case, short. */
export function isTitleLike(text: string): boolean {
  // Punctuation inside settles most quotations before they are split into words.
  if (/[,;:]/.test(text)) return false;
  const w = text.replace(/[.!?]$/, '').split(/\s+/).filter(Boolean);
  if (w.length === 0 || w.length > 9) return false;
  const major = w.filter((x) => !MINOR_WORDS.test(x));
  return major.length >= 2 && major.every((x) => /^[\p{Lu}\p{N}(]/u.test(x));
}

/**
 * "Cummings called him a master dealmaker. “He showed again and again …”": a quotation with
 * no tag of its own, right after a sentence about a named person, is that person's. Only a
 * name the article has introduced counts, so a stray capitalised word never becomes a speaker.
 */
function subjectOfSentenceBefore(doc: Doc, d: Draft, reg: Registry): { speaker: string | null; role?: string; person?: Person } | undefined {
  const p = doc.paragraphs[d.loc.para]!;
  const before = p.slice(0, d.loc.span.start);
  if (before.trim() === '' || lastSentencePart(before).trim() !== '' || /["“”«»]/.test(before)) return undefined;
  const sentences = splitSentences(before);
  const last = sentences[sentences.length - 1] ?? '';
  const m = /^(?:[^,]{0,60},\s*)?((?:\p{Lu}[\p{L}’'.-]*\s+){0,4}\p{Lu}[\p{L}’'-]*)/u.exec(last);
  const who = m ? resolveSpeaker(reg, m[1]!, d.loc.start) : undefined;
  if (who?.person) return who;
  // "…, berichtet de Decker. “…”", "It’s easy, she says, for people to …. “…”": the sentence
  // before reports someone's words; the quotation goes on with them.
  const hits = doc.lex.verbs(last);
  const hit = hits[hits.length - 1];
  if (!hit) return undefined;
  const tag = attributionAfter(last.slice(hit.index), doc.lex) ?? attributionBefore(last.slice(0, hit.end).replace(/,\s*$/, ''), doc.lex);
  if (!tag || tag.needsSubject) return undefined;
  const tagged = resolveSpeaker(reg, tag.phrase, d.loc.start, tag.role);
  return tagged.person ? tagged : undefined;
}

/** A Chinese or Japanese speaker phrase as a name: pronouns and omitted subjects are the last speaker. */
function resolveCjk(doc: Doc, attr: RawAttribution, last: { speaker: string; role?: string } | undefined): { speaker: string | null; role?: string } {
  if (attr.phrase === '' || doc.lex.pronouns.has(attr.phrase)) return last ?? { speaker: null };
  const speaker = cjkFullName(doc.text, attr.phrase, doc.lex);
  return attr.role ? { speaker, role: attr.role } : { speaker };
}

/** Finds and attributes every direct quotation in the cleaned paragraphs. */
export function extractQuotes(doc: Doc, registry?: Registry): FoundQuote[] {
  if (doc.spans.length === 0) return [];
  const reg = registry ?? buildRegistry(doc.text, (at) => insideQuote(doc, at), doc.lex);
  const drafts: Draft[] = [];
  for (let k = 0; k < doc.spans.length; k++) drafts.push(draftFor(doc, k, drafts[k - 1]));

  // Link quotations running over paragraphs: an unclosed span at a paragraph's end continues
  // into a following paragraph that opens with a mark.
  for (let k = 1; k < drafts.length; k++) {
    const prev = drafts[k - 1]!;
    const cur = drafts[k]!;
    if (prev.loc.span.closed || cur.loc.para !== prev.loc.para + 1) continue;
    if (cur.loc.span.start !== 0 || !(cur.loc.span.carried || opensWithMark(doc.paragraphs[cur.loc.para]!))) continue;
    cur.continues = prev.continues ?? k - 1;
    cur.full = true;
  }
  // A chain shares the first attribution found among its parts.
  const chainAttr = new Map<number, RawAttribution>();
  drafts.forEach((d, k) => {
    const head = d.continues ?? k;
    if (d.attr && !chainAttr.has(head)) chainAttr.set(head, d.attr);
  });

  // Follow-on quotes: same paragraph, or a quote-only paragraph right after an attributed one.
  const attrOf = (k: number): RawAttribution | null => chainAttr.get(drafts[k]!.continues ?? k) ?? null;
  const inherited = new Map<number, number>();
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    if (attrOf(k) || !d.full) continue;
    // Only a few quotes back: a follow-on quote sits right after the one it continues.
    for (let j = k - 1; j >= Math.max(0, k - 8); j--) {
      const o = drafts[j]!;
      if (o.loc.para < d.loc.para - 1) break;
      if (o.loc.para === d.loc.para - 1 && d.loc.span.start !== 0) break;
      if (attrOf(j) && (o.full || o.loc.para === d.loc.para)) {
        inherited.set(k, j);
        break;
      }
    }
    if (!inherited.has(k)) {
      const o = drafts[k + 1];
      if (o && o.loc.para === d.loc.para && attrOf(k + 1)) inherited.set(k, k + 1);
    }
  }

  const out: FoundQuote[] = [];
  const resolved = new Map<number, FoundQuote>();
  let lastSpeaker: { person: Person; at: number } | undefined;
  let lastCjk: { speaker: string; role?: string } | undefined;
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const text = tidyQuoteText(d.inner);
    // Without spaces, two characters count as a word.
    const words = doc.lex.cjk ? Math.max(wordCount(text), Math.round(text.length / 2)) : wordCount(text);
    const head = d.continues ?? k;
    if (d.continues !== undefined) {
      const q = resolved.get(head);
      if (q) {
        q.text = `${q.text} ${text}`.trim();
        q.words += words;
        continue;
      }
    }
    const source = inherited.has(k) ? inherited.get(k)! : k;
    const attr = attrOf(source);
    let who: { speaker: string | null; role?: string; person?: Person } = { speaker: null };
    if (attr) {
      const earlier = resolved.get(drafts[source]!.continues ?? source);
      if (source !== k && earlier) who = earlier;
      else if (doc.lex.cjk) who = resolveCjk(doc, attr, lastCjk);
      else who = resolveSpeaker(reg, attr.phrase, d.loc.start, attr.role, lastSpeaker);
    } else if (d.full && d.continues === undefined) {
      who = subjectOfSentenceBefore(doc, d, reg) ?? who;
    }
    // “We are here in good faith,” she said, “and we expect the same.”: one sentence broken by
    // its tag is one quotation.
    const prevDraft = drafts[k - 1];
    const prevQ = prevDraft ? resolved.get(prevDraft.continues ?? k - 1) : undefined;
    // A quotation cut at its incise (« A, a reconnu X, et B », «A —recuerda— b»): the first
    // part ends with no closing mark, and the second goes on with it, whatever the tag's length.
    const para = doc.paragraphs[d.loc.para]!;
    const between = prevDraft ? para.slice(prevDraft.loc.span.end, d.loc.span.start) : '';
    const sameQuote = prevDraft !== undefined && prevDraft.loc.para === d.loc.para && /^\s*[,—–]/.test(between) && !/["“”„‟«»‘’'」』]/.test(para[prevDraft.loc.span.end - 1] ?? '');
    if (prevDraft && prevQ && prevDraft.loc.para === d.loc.para && /^\p{Ll}/u.test(text) && out[out.length - 1] === prevQ) {
      const tagged = /,\s*$/.test(prevDraft.inner) && prevQ.speaker === who.speaker && wordCount(between) <= 10
        && !/[.!?]/.test(between.replace(/\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|[A-Z])\./g, ''));
      if (sameQuote || tagged) {
        prevQ.text = `${prevQ.text}${/^\s*[—–]/.test(between) ? ' ' : ', '}${text}`;
        prevQ.words += words;
        resolved.set(head, prevQ);
        continue;
      }
    }
    // Scare quotes and labels: one or two words, or a phrase nobody is said to have spoken.
    if (words < 2 || (words < 3 && !(d.full && who.speaker))) continue;
    if (isTitleLike(text)) continue;
    // A block quote nobody is said to have written may be a pull quote or page furniture.
    if (d.loc.span.block && !attrOf(source)) continue;
    if (!d.full && !attr) continue;
    const q: FoundQuote = {
      text,
      speaker: who.speaker,
      ...(who.role ? { role: who.role } : {}),
      ...(who.person ? { person: who.person } : {}),
      full: d.full,
      at: d.loc.start,
      paragraph: d.loc.para,
      words,
    };
    resolved.set(head, q);
    out.push(q);
    if (who.person) lastSpeaker = { person: who.person, at: d.loc.start };
    if (doc.lex.cjk && who.speaker) lastCjk = { speaker: who.speaker, ...(who.role ? { role: who.role } : {}) };
  }
  return out;
}
