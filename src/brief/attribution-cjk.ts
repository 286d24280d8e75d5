// Attribution in Chinese and Japanese, where words are not separated and names have no
// capitals: the speaker is read by position. Chinese puts the speaker before the verb
// (X表示：“…” / X指出，…，“…”) or after the quote (“…”X说。); Japanese makes the speaker the
// topic before the quote and closes it with と and a verb (Xは「…」と述べた), or names the
// speaker between と and the verb (「…」と山田社長は話した). The same lexicon data (verbs,
// titles, pronouns, honorifics) drives both.
import type { RawAttribution } from './attribution.ts';
import type { Lexicon } from './lexicon.ts';

/** Clause boundaries: a speaker phrase never crosses one. */
const BOUNDARY = /[。！？!?；;，,、：:「」『』“”"（）()\n]/;
const SENTENCE_END = /[。！？!?]/;
/** Where a circumstance starts inside a Chinese subject ("陈立群在发布会上" → 陈立群). */
const ZH_CIRCUMSTANCE = /(?:在|于|於|对|對|向|接受|通过|透過|据|據|就|昨天|今天|昨日|今日|当天|當天|周[一二三四五六日]|星期[一二三四五六日])/;

function lastClause(text: string): string {
  let i = text.length;
  while (i > 0 && !BOUNDARY.test(text[i - 1]!)) i--;
  return text.slice(i);
}

/** The text of the sentence before `end` (from the last sentence end). */
function sentenceBefore(text: string): string {
  let i = text.length;
  while (i > 0 && !SENTENCE_END.test(text[i - 1]!)) i--;
  return text.slice(i);
}

function stripAux(s: string, lex: Lexicon): string {
  let t = s;
  for (let changed = true; changed && t;) {
    changed = false;
    for (const a of lex.aux) {
      if (t.length > a.length && t.endsWith(a)) {
        t = t.slice(0, -a.length);
        changed = true;
      }
    }
  }
  for (const c of lex.clauseOpeners) if (t.startsWith(c) && t.length > c.length + 1) t = t.slice(c.length);
  return t;
}

/** A speaker phrase as written ("省卫生健康委副主任陈立群") split into role and name. */
function speakerPhrase(raw: string, lex: Lexicon): { phrase: string; role?: string } | null {
  let s = raw.trim();
  if (lex.lang === 'zh') {
    const m = ZH_CIRCUMSTANCE.exec(s);
    if (m && m.index >= 2) s = s.slice(0, m.index);
  } else {
    // "就任2年目の中村誠二監督": the name after the last の.
    const no = s.lastIndexOf('の');
    if (no >= 0 && no < s.length - 2) s = s.slice(no + 1);
  }
  s = stripAux(s, lex).trim();
  if (s.length === 0 || s.length > 20 || /\d{3,}/.test(s)) return null;
  if (lex.firstPerson.has(s)) return null;
  if (lex.pronouns.has(s)) return { phrase: s };
  // The role ends at the last title word; what follows (two to five characters) is the name.
  let cut = -1;
  for (const t of lex.titles) {
    const at = s.lastIndexOf(t);
    if (at >= 0 && at + t.length > cut) cut = at + t.length;
  }
  if (cut > 0 && s.length - cut >= 2 && s.length - cut <= 6) return { phrase: s.slice(cut), role: s.slice(0, cut) };
  // A title after the name (Japanese "中村誠二監督", "田中氏").
  for (const t of [...lex.honorifics, ...lex.titles]) {
    if (s.endsWith(t) && s.length - t.length >= 2) return { phrase: s.slice(0, -t.length), ...(lex.honorifics.has(t) ? {} : { role: t }) };
  }
  return { phrase: s };
}

/** Attribution of a quotation in Chinese or Japanese text. `before` and `after` are the paragraph around it. */
export function cjkAttribution(before: string, after: string, lex: Lexicon): RawAttribution | null {
  const sentence = sentenceBefore(before);
  if (lex.lang === 'ja') {
    const topicOf = (text: string): RawAttribution | null => {
      // "判決後、妻の田村由紀さん（36）が…": the first clause with a topic or subject marker.
      for (const chunk of text.replace(/（[^）]{0,8}）|\([^)]{0,8}\)/g, '').split(/[、,]/)) {
        const t = /^(.{2,16}?)(?:は|が)/.exec(chunk);
        const p = t ? speakerPhrase(t[1]!, lex) : null;
        if (p) return { ...p, side: 'before' };
      }
      return null;
    };
    // 「…」と(X は)…話した: the quotative と closes an attributed quotation.
    const to = /^\s*[、,]?\s*と[、,]?/.exec(after);
    if (to) {
      const rest = after.slice(to[0].length);
      const end = rest.search(/[。！？!?、,]/);
      const clause = end >= 0 ? rest.slice(0, end) : rest;
      const inner = /^(.{2,14}?)(?:は|が)/.exec(clause);
      if (inner && !/[「」]/.test(inner[1]!)) {
        const p = speakerPhrase(inner[1]!, lex);
        if (p) return { ...p, side: 'after' };
      }
      return topicOf(sentence) ?? { phrase: '', side: 'after', implicit: true };
    }
    // 「…」。石川さんは当時をこう振り返る。 / 石川さんはこう語った。「…」: "thus" points at the quote.
    const next = /^\s*。([^。！？]{2,60}[。！？])/.exec(after);
    if (next && /(?:こう|そう)/.test(next[1]!)) return topicOf(next[1]!);
    if (sentence === '') {
      const prevSentence = /([^。！？]{2,60})[。：:]\s*$/.exec(before);
      if (prevSentence && /(?:こう|次のように)/.test(prevSentence[1]!)) return topicOf(prevSentence[1]!);
    }
    // 「…」。closing a sentence whose topic is the speaker ("23歳は「…」。").
    if (/^\s*[。]/.test(after) || /^\s*$/.test(after)) return topicOf(sentence);
    return null;
  }
  // Chinese, after the quote: “…”陈立群回答说。 / “…”，他说。
  const a = after.replace(/^\s*[，,]?\s*/, '');
  const clauseEnd = a.search(BOUNDARY);
  const clause = clauseEnd >= 0 ? a.slice(0, clauseEnd) : a;
  const hitAfter = lex.verbs(clause)[0];
  if (hitAfter && hitAfter.index <= 16) {
    if (hitAfter.index === 0) return { phrase: '', side: 'after', implicit: true };
    const p = speakerPhrase(clause.slice(0, hitAfter.index), lex);
    if (p) return { ...p, side: 'after' };
  }
  // Before the quote: X表示：“…” / X指出，…，“…” — the speaker opens the sentence with the verb.
  const hitBefore = lex.verbs(sentence)[0];
  if (hitBefore) {
    const head = lastClause(sentence.slice(0, hitBefore.index));
    if (head === '') return { phrase: '', side: 'before', implicit: true };
    const p = speakerPhrase(head, lex);
    if (p) return { ...p, side: 'before' };
  }
  // "据X介绍，“…”": according to X.
  return null;
}

const NAME_CHAR = /[\u4e00-\u9fff\u30a0-\u30ff]/;

/**
 * The full name first given for a short reference ("山下" → "山下蓮"): the earliest place the
 * reference is followed by one or two more name characters and then a delimiter or a title.
 */
export function cjkFullName(text: string, short: string, lex: Lexicon): string {
  if (short.length > 2 || short.length === 0) return short;
  let from = 0;
  for (;;) {
    const at = text.indexOf(short, from);
    if (at < 0) return short;
    let end = at + short.length;
    let extra = 0;
    while (extra < 2 && NAME_CHAR.test(text[end] ?? '')) {
      end++;
      extra++;
    }
    const next = text.slice(end, end + 10).split(/[、，,。（(「]/)[0]!;
    const delimited = /^[（(、，,はがも]/.test(text.slice(end, end + 1)) || [...lex.titles, ...lex.honorifics].some((t) => next.includes(t));
    if (extra > 0 && delimited) return text.slice(at, end);
    // A given name used alone ("由紀さん"): the family name written before it, after の or a boundary.
    if (extra === 0 && at >= 2 && NAME_CHAR.test(text[at - 1]!) && NAME_CHAR.test(text[at - 2]!) && (at === 2 || /[の、，,。\s]/.test(text[at - 3]!))) return text.slice(at - 2, at + short.length);
    from = at + 1;
  }
}
