// Who a quotation belongs to, read from the words around it with the patterns of news
// writing: “…,” X said / “…,” said X, the role / X said: “…” / X warned that “…” /
// according to X / Y quoted X as saying. The result is the raw speaker phrase; speakers.ts
// turns it into a name.
import { firstSentence } from './sentences.ts';
import { isTitleWord, type Lexicon } from './lexicon.ts';

export interface RawAttribution {
  /** The speaker as written: a name, a pronoun, or a description ("the spokesperson"). */
  phrase: string;
  /** An appositive role given right beside the speaker ("Russia's Deputy Foreign Minister"). */
  role?: string;
  /** Where the attribution sits relative to the quote. */
  side: 'after' | 'before';
  /** A speech verb introduces the quote but its subject lies further back ("He said … and warned that"). */
  needsSubject?: boolean;
  /** A verb with its subject left out ("…", añadió.): the person last speaking, like a pronoun. */
  implicit?: boolean;
}

const CAP = /^[\p{Lu}]/u;

function words(s: string): string[] {
  const t = s.trim();
  return t ? t.split(/\s+/) : [];
}

function stripAux(s: string, fromEnd: boolean, lex: Lexicon): string {
  const w = words(s);
  if (fromEnd) {
    while (w.length > 0 && (lex.aux.has(w[w.length - 1]!.toLowerCase()) || /ly$/.test(w[w.length - 1]!))) w.pop();
  } else {
    while (w.length > 0 && lex.aux.has(w[0]!.toLowerCase())) w.shift();
  }
  return w.join(' ');
}

/** A phrase that can be the subject of a speech verb: a name, a pronoun or a description. */
export function isSpeakerPhrase(phrase: string, lex: Lexicon): boolean {
  const w = words(phrase);
  if (w.length === 0 || w.length > 14) return false;
  if (w.length > 9 && !lex.determiners.has(w[0]!.toLowerCase())) return false;
  const first = w[0]!.replace(/[’']s$/, '');
  // "l’avocat": an elided article is a determiner.
  const lower = lex.elision?.test(first) ? first.split(/[’']/)[0]!.toLowerCase() : first.toLowerCase();
  if (w.length === 1 && (lex.pronouns.has(lower) || lex.orgPronouns.has(lower) || lex.firstPerson.has(lower))) return true;
  // An article alone ("klinkt het bij de fractie") names no one.
  if (w.length === 1 && lex.determiners.has(lower)) return false;
  if (/[“”"«»‘]/.test(phrase)) return false;
  // "de Decker", "van der Berg": a name may open with its lowercase particle.
  const particleName = lex.particle.test(lower) && w.length > 1 && CAP.test(w[w.length - 1]!);
  if (!CAP.test(first) && !lex.determiners.has(lower) && !lex.bareSpeakers.has(lower) && !particleName) return false;
  // "Van Leeuwen", "De Smet": a capitalised particle opening a surname is no preposition.
  const particleLed = lex.particleRun(w, 0) > 0 && w.length > 1 && CAP.test(w[w.length - 1]!);
  if (CAP.test(first) && !particleLed && (lex.clauseOpeners.has(lower) || lex.prepositions.has(lower) || lex.firstPerson.has(lower))) return false;
  if (lex.verbs(phrase).length > 0) return false;
  // A subject is a noun phrase: no finite verbs, no clause inside it, no dangling conjunction.
  if (/^(?:and|or|but|of|to|in|on|at|for|with|by|the|a|an)$/i.test(w[w.length - 1]!) && w.length > 1) return false;
  return !w.slice(1).some((x) => /^\p{Ll}/u.test(x) && (lex.clauseWords.has(x.toLowerCase()) || lex.verbSuffix?.test(x) === true));
}

const SAYING_WORD = /saying|telling|writing|tweeting|asking/;
const NAME_LIKE = /^(?:\p{Lu}[\p{L}’'.-]*\s+){0,3}\p{Lu}[\p{L}’'-]*$/u;

/** "the group's chairman, Peter Lowe": the description comes first, the name second. */
function nameFirst(phrase: string, role: string | undefined, lex: Lexicon): { phrase: string; role?: string } {
  if (role && NAME_LIKE.test(role.trim()) && !NAME_LIKE.test(phrase.trim()) && isSpeakerPhrase(phrase, lex)) return { phrase: role.trim(), role: phrase.trim() };
  return role ? { phrase, role } : { phrase };
}

/** Splits "Name, appositive," into the name and its role. */
function splitAppositive(s: string, lex: Lexicon): { phrase: string; role?: string } {
  const t = s.trim().replace(/,\s*$/, '');
  const comma = t.indexOf(',');
  if (comma < 0) return { phrase: t };
  const phrase = t.slice(0, comma).trim();
  const role = t.slice(comma + 1).trim();
  if (!role || /^(?:who|which|that|when|where|adding|as|in|at|on|after|before|while)\b/i.test(role)) return { phrase };
  if (words(role).length > 12) return { phrase, role: role.split(/\s+/).slice(0, 12).join(' ').replace(/\s+(?:and|of|the|a|at|in)$/, '') };
  return nameFirst(phrase, role, lex);
}

/** "was called", "so-called": not someone speaking. */
function isPassive(s: string, index: number): boolean {
  return /(?:\b(?:was|were|is|are|be|been|being|get|got)\s+|so-)$/i.test(s.slice(Math.max(0, index - 8), index));
}

/** The first speech verb of `s` that is not passive, wherever it sits. */
function firstActiveVerb(s: string, lex: Lexicon): { index: number; end: number; verb: string } | null {
  return lex.verbs(s).find((h) => !isPassive(s, h.index)) ?? null;
}

/** The first speech verb, if no more than `maxWords` words precede it. */
function withinWords(s: string, hit: { index: number; end: number; verb: string } | null, maxWords: number): { index: number; end: number; verb: string } | null {
  return hit && words(s.slice(0, hit.index)).length <= maxWords ? hit : null;
}

function firstVerb(s: string, maxWords: number, lex: Lexicon): { index: number; end: number; verb: string } | null {
  return withinWords(s, firstActiveVerb(s, lex), maxWords);
}

function lastVerb(s: string, lex: Lexicon): { index: number; end: number; verb: string } | null {
  const hits = lex.verbs(s).filter((h) => !isPassive(s, h.index));
  return hits[hits.length - 1] ?? null;
}

/**
 * The phrase up to its first stop word ("… sagte Müller am Montag"), where a name particle
 * followed by a capitalised word is no stop ("sagte von der Leyen"). The first word never is.
 */
function cutAtStop(phrase: string, lex: Lexicon): string {
  if (!lex.particleIn?.test(phrase)) return phrase.replace(lex.invertedStop, '');
  const ws = words(phrase);
  for (let k = 0; k < ws.length; k++) {
    const n = lex.particleRun(ws, k);
    if (n > 0 && CAP.test(ws[k + n] ?? '')) {
      k += n;
      continue;
    }
    if (k > 0 && lex.invertedStop.test(` ${ws[k]}`)) return ws.slice(0, k).join(' ');
  }
  return phrase;
}

/**
 * "ha detto in Aula la relatrice", "sagte am Montag der Minister", "said at the meeting the
 * mayor": a circumstance between the verb and its subject. The subject starts at the first
 * article after the circumstance's own noun.
 */
function pastCircumstance(phrase: string, lex: Lexicon): string {
  const ws = words(phrase);
  if (ws.length < 3 || !lex.prepositions.has(ws[0]!.toLowerCase())) return phrase;
  for (let k = 2; k < Math.min(ws.length - 1, 6); k++) {
    if (lex.determiners.has(ws[k]!.toLowerCase()) && !lex.determiners.has(ws[k - 1]!.toLowerCase())) return ws.slice(k).join(' ');
  }
  return phrase;
}

/** The speaker named after a verb ("said Sergei Ryabkov, Russia's deputy foreign minister"). */
function invertedSpeaker(rest: string, lex: Lexicon): { phrase: string; role?: string } | null {
  // "according to a 2018 survey by Penelope Muse Abernathy": the author of the source.
  const sentence = lex.sourceOf ? firstSentence(rest).replace(lex.sourceOf, '') : firstSentence(rest);
  const parts = sentence.replace(/\s*\([^)]{0,40}\)/g, '').split(',');
  // Trimmed first: an article opening the phrase ("sagte der 48-Jährige") is no stop.
  let head = cutAtStop(pastCircumstance((parts[0] ?? '').trim(), lex), lex).trim();
  // "zegt gedeputeerde Marten de Wit van de provincie": a particle before a lowercase word is a preposition.
  if (lex.particleStop) head = head.replace(lex.particleStop, '');
  // "laat woordvoerder Femke Dijkstra weten", "fügte sie hinzu": the verb's separable particle.
  const hw = words(head);
  if (hw.length > 1 && lex.verbParticles.has(hw[hw.length - 1]!.toLowerCase())) head = hw.slice(0, -1).join(' ');
  // "zegt hij lachend", "sagte sie lächelnd": a pronoun right after the verb is the speaker.
  const first = words(head)[0] ?? '';
  // Not a pronoun that is also a possessive ("said her husband").
  if (lex.pronouns.has(first) && !lex.determiners.has(first)) return { phrase: first };
  // "heißt es in einer Mitteilung der Stadtwerke Ohrstedt": the statement's author, not "es".
  if (lex.orgPronouns.has(first) && lex.sourceOf) {
    const rest = sentence.slice(sentence.indexOf(first) + first.length).trim();
    const source = lex.sourceOf.exec(rest);
    const author = source ? cutAtStop(rest.slice(source[0].length).split(',')[0]!.replace(/[.!?]\s*$/, '').trim(), lex) : '';
    if (author && isSpeakerPhrase(author, lex)) return { phrase: author };
  }
  if (head && !isSpeakerPhrase(head, lex)) {
    // "said flood survivor Ann Price": the name at the end of a descriptive run.
    const run = /((?:\p{Lu}[\p{L}’'.-]*\s+){0,3}\p{Lu}[\p{L}’'-]*)$/u.exec(head);
    head = run ? run[1]! : '';
  }
  if (!head || !isSpeakerPhrase(head, lex)) return null;
  const w0 = words(head)[0]!.toLowerCase();
  if (lex.pronouns.has(w0) && words(head).length === 1) return { phrase: head };
  const appos = (parts[1] ?? '').trim();
  if (appos && /^(?:the|a|an|\p{Lu}[\p{L}’'-]*(?:[’']s)?)\b/u.test(appos) && !/^(?:who|which|adding)\b/i.test(appos) && words(appos).length <= 12) {
    if (CAP.test(head) || NAME_LIKE.test(appos)) return nameFirst(head, appos, lex);
  }
  // "afirmou o relator do projeto, deputado Jorge Albuquerque", "afirmó el director general, el
  // ingeniero Raúl Castañeda": a lowercase title (after its article) before the name.
  const aw = words(appos);
  while (aw.length > 2 && lex.determiners.has(aw[0]!)) aw.shift();
  if (!CAP.test(head) && aw.length >= 2 && aw.length <= 6 && isTitleWord(lex, aw[0]!)) {
    const k = aw.findIndex((w) => CAP.test(w));
    const name = k > 0 ? aw.slice(k).join(' ') : '';
    if (name && NAME_LIKE.test(name) && aw.slice(0, k).every((w) => !CAP.test(w))) return { phrase: name, role: head };
  }
  return { phrase: head };
}

const DASH_INCISE = /^\s?[—–]\s*([^—–«»“”"]{2,100}?)\s*[—–],?\s*/u;

/**
 * « A, a reconnu la présidente, Hélène Marchetti, lors d'une conférence, et B. »: an incise
 * inside one pair of marks. Returns where the first part ends (its comma) and where the quotation
 * resumes, when a verb-first tag with a speaker sits between commas and the quotation goes on
 * with a clause of its own (a conjunction or a first-person word after the comma).
 */
export function inciseIn(inner: string, lex: Lexicon): { cut: number; resume: number } | null {
  // «La primera vez que vine —recuerda— el hielo …»: a tag between dashes.
  const em = inner.indexOf('—');
  const dash = em >= 0 ? em : inner.indexOf('–');
  if (dash > 0) {
    const m = DASH_INCISE.exec(inner.slice(dash - 1));
    if (m && words(inner.slice(0, dash)).length >= 1 && words(inner.slice(dash - 1 + m[0].length)).length >= 2) {
      const tag = attributionAfter(`${m[1]!}.`, lex);
      if (tag && (tag.phrase || tag.implicit)) return { cut: dash - (inner[dash - 1] === ' ' ? 1 : 0), resume: dash - 1 + m[0].length };
    }
  }
  const first = inner.indexOf(', ');
  if (first < 0 || inner.indexOf(', ', first + 2) < 0) return null;
  // Only the words just after a comma can open an incise: look for its verb there.
  for (let c = first; c >= 0; c = inner.indexOf(', ', c + 2)) {
    const near = inner.slice(c + 1, c + 40);
    const hit = lex.verbs(near)[0];
    if (!hit || words(inner.slice(0, c)).length < 3) continue;
    const h = { index: c + 1 + hit.index, end: c + 1 + hit.end };
    const lead = words(inner.slice(c + 1, h.index));
    if (lead.length > 2 || !lead.every((w) => lex.aux.has(w.toLowerCase()) || w.includes('-'))) continue;
    let r = inner.indexOf(',', h.end);
    while (r >= 0) {
      const span = inner.slice(c, r);
      if (words(span).length > 25) break;
      const next = /^,\s*(\p{L}+)/u.exec(inner.slice(r))?.[1]?.toLowerCase() ?? '';
      if (next && (lex.clauseOpeners.has(next) || lex.firstPerson.has(next))) {
        const tag = attributionAfter(`${span}.`, lex);
        if (tag && tag.phrase && !tag.implicit && words(inner.slice(r + 1)).length >= 2) {
          const resume = r + 1 + (/^\s*/.exec(inner.slice(r + 1))?.[0].length ?? 0);
          return { cut: c, resume };
        }
        break;
      }
      r = inner.indexOf(',', r + 1);
    }
  }
  return null;
}

/** Attribution in the words that follow a quotation, up to the end of its sentence. */
export function attributionAfter(after: string, lex: Lexicon): RawAttribution | null {
  let a = after.replace(/^[\s,;:—–-]+/, '');
  if (lex.hyphenPronoun) a = a.replace(lex.hyphenPronoun, ' ');
  if (!a) return null;
  const sentence = firstSentence(a).replace(/\s*\([^)]{0,40}\)/g, '');
  // "“…” ― Maria Lopez": a dash and a name sign the quotation.
  const signed = /^[―—–-]{1,2}\s*(\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*){0,3})\s*(?:,.*)?$/u.exec(sentence);
  if (signed) return { phrase: signed[1]!.replace(/\.$/, ''), side: 'after' };
  const quoted = /^(.{0,80}?)\b(?:quoted|cited)\s+(.{1,60}?)\s+as\s+(?:saying|telling|stating|writing)\b/i.exec(sentence);
  if (quoted) {
    const phrase = quoted[2]!.trim();
    if (isSpeakerPhrase(phrase, lex)) return { phrase, side: 'after' };
  }
  const passive = /^(.{1,80}?)\s+(?:was|is|were|has been)\s+quoted\s+as\s+saying\b/i.exec(sentence);
  if (passive && isSpeakerPhrase(splitAppositive(passive[1]!, lex).phrase, lex)) return { ...splitAppositive(passive[1]!, lex), side: 'after' };
  const according = lex.accordingAfter?.exec(sentence);
  if (according) {
    const inv = invertedSpeaker(according[1]!, lex);
    if (inv) return { ...inv, side: 'after' };
  }
  // A subject may carry a long appositive between commas ("Ruth E. Kemp, director of …, said").
  // A subject may carry a long appositive ("Erik van Sebille, a physical oceanographer at …
  // told Reuters"), closed by a comma or not.
  const hit = firstActiveVerb(sentence, lex);
  const lead = sentence.slice(0, withinWords(sentence, hit, 40)?.index ?? 0);
  const v = withinWords(sentence, hit, /^[^,]{1,60},.*,\s*(?:\S+\s+)?$/.test(lead) || /^\p{Lu}[^,]{1,40},\s*\p{Ll}{1,3}\s/u.test(lead) ? 40 : 14);
  if (!v) return null;
  // Auxiliaries on both sides: "a déclaré", "ha detto", "hat … gesagt".
  const subject = stripAux(stripAux(sentence.slice(0, v.index), true, lex), false, lex);
  if (!subject) {
    const inv = invertedSpeaker(sentence.slice(v.end), lex);
    if (inv) return { ...inv, side: 'after' };
    return lex.proDrop ? { phrase: '', side: 'after', implicit: true } : null;
  }
  const { phrase, role } = splitAppositive(subject, lex);
  if (isSpeakerPhrase(phrase, lex)) return role ? { phrase, role, side: 'after' } : { phrase, side: 'after' };
  // "committee Chairman Rep. Dan Ortiz said": a lowercase description before the name.
  if (!/[,;]/.test(subject) && words(subject).length <= 8 && !lex.clauseOpeners.has(words(subject)[0]!.toLowerCase())) {
    const t = trailingSubject(subject, lex);
    if (t && /^\p{Lu}/u.test(t.phrase)) return { ...t, side: 'after' };
  }
  // "“…” of the budget, Mr. Ortiz said.": a tag closing the sentence.
  const tag = /,\s*([^,]{1,60}?)\s*$/.exec(subject);
  if (tag && (sentence.slice(v.end).trim() === '' || circumstances(sentence.slice(v.end).trim(), lex))) {
    const t = trailingSubject(tag[1]!, lex);
    if (t) return { ...t, side: 'after' };
  }
  return null;
}

/**
 * The subject of a sentence's main verb, read from the sentence's start ("In a reflection of
 * the confusion, the Electoral Commission issued …" → the Electoral Commission).
 */
export function mainSubject(head: string, lex: Lexicon): { phrase: string; role?: string } | null {
  const h = lex.leadOpener ? head.replace(lex.leadOpener, '') : head;
  const main = lex.mainVerb?.exec(h);
  const verb = firstVerb(h, 30, lex);
  const cut = Math.min(main ? main[1]!.length : Infinity, verb ? verb.index : Infinity);
  const subject = Number.isFinite(cut) ? trailingSubject(h.slice(0, cut).replace(/,[^,]{1,120},\s*$/, ''), lex) : null;
  if (!subject) return null;
  const first = subject.phrase.split(/\s+/, 1)[0]!;
  const ok = /^\p{Lu}/u.test(first) || lex.pronouns.has(first.toLowerCase()) || (lex.determiners.has(first.toLowerCase()) && /\s\p{Lu}/u.test(subject.phrase));
  return ok ? subject : null;
}

/**
 * "Er habe jetzt Zugang »zu …«", "Aber das heiße nicht, »dass …«": a clause in the mood of
 * reported speech (German Konjunktiv I) with no verb of saying reports someone's words, and a
 * quotation inside it is theirs: the clause's own subject when it names one, else the person
 * last written about, like a left-out subject.
 */
function reportedSpeech(before: string, lex: Lexicon): RawAttribution | null {
  if (lex.reportMarkers.size === 0) return null;
  const ws = words(before);
  const m = ws.findIndex((w) => lex.reportMarkers.has(w.toLowerCase()));
  if (m < 0) return null;
  const pre = ws.slice(0, m);
  while (pre.length > 0 && lex.clauseOpeners.has(pre[0]!.toLowerCase())) pre.shift();
  const subject = pre.join(' ');
  if (pre.length === 1 && lex.nominative.has(subject.toLowerCase())) return { phrase: subject, side: 'before' };
  if (pre.length > 0 && CAP.test(subject) && NAME_LIKE.test(subject) && isSpeakerPhrase(subject, lex)) return { phrase: subject, side: 'before' };
  // "Jetzt habe er …": the subject after the verb.
  const next = ws[m + 1] ?? '';
  if (lex.nominative.has(next.toLowerCase())) return { phrase: next, side: 'before' };
  return pre.length <= 3 ? { phrase: '', side: 'before', implicit: true } : null;
}

/** Words after a verb that only say where, when or how ("in the campaign's announcement"). */
function circumstances(post: string, lex: Lexicon): boolean {
  const w = post.split(/\s+/, 1)[0]!.toLowerCase();
  return lex.prepositions.has(w) || lex.invertedStop.test(` ${w}`);
}

/** After a complete quoted sentence, a following "X said …" is its tag only when nothing but circumstances follow the verb. */
export function isBareTag(after: string, lex: Lexicon): boolean {
  const a = after.replace(/^[\s,;:—–-]+/, '');
  if (!/^\p{Lu}/u.test(a)) return true;
  const sentence = firstSentence(a);
  // "… gebouwd.” Volgens de vereniging gaat het om …": a new sentence reporting a claim.
  if (lex.accordingAfter?.test(sentence)) return words(sentence).length <= 6;
  const v = firstVerb(sentence, 40, lex);
  if (!v) return true;
  const post = sentence.slice(v.end).trim();
  if (post === '' || post.startsWith(',')) return true;
  if (/^(?:told|tells|asked|asks)$/.test(v.verb)) return words(post).length <= 5 && !/\bthat\b/.test(post);
  return /^(?:in|on|at|of|after|before|during|to|from|when|while|as|via|with|about|for|last|this|earlier|later|yesterday|today|tonight|recently|afterwards?|again|\p{Lu}\w*day)\b/u.test(post) && !/\bthat\b/.test(post);
}

/** The trailing noun phrase of a clause, as a speaker ("After …, Russian Foreign Minister Sergei Lavrov"). */
function trailingSubject(clause: string, lex: Lexicon): { phrase: string; role?: string } | null {
  let c = stripAux(clause, true, lex).trim();
  if (!c) return null;
  if (c.endsWith(',')) {
    // "Sergei Ryabkov, Russia's Deputy Foreign Minister," — a name with its appositive.
    const body = c.slice(0, -1);
    // "Ann Price, 59, of Ashton, Md.," — a chain of appositives: the name is the first
    // segment that reads as one, the role the first that starts like a description.
    const segments = body.split(',').map((x) => x.trim());
    if (segments.length >= 3) {
      const at = segments.findIndex((x) => NAME_LIKE.test(x) && isSpeakerPhrase(x, lex));
      if (at >= 0 && at < segments.length - 1) {
        const role = segments.slice(at + 1).find((x) => /^(?:the|a|an|\p{Lu}[\p{L}-]*[’']s)\s/iu.test(x));
        return role ? { phrase: segments[at]!, role } : { phrase: segments[at]! };
      }
    }
    const lastComma = body.lastIndexOf(',');
    if (lastComma > 0) {
      const role = body.slice(lastComma + 1).trim();
      const head = trailingSubject(body.slice(0, lastComma), lex);
      if (head && words(role).length <= 12) return nameFirst(head.phrase, role, lex);
    }
    c = body;
  }
  const pieces = c.split(/[,;:()—–―]|\s--?\s/);
  let tail = (pieces[pieces.length - 1] ?? '').trim();
  const w = words(tail);
  while (w.length > 0 && lex.clauseOpeners.has(w[0]!.toLowerCase())) w.shift();
  tail = w.join(' ');
  if (isSpeakerPhrase(tail, lex)) return { phrase: tail };
  // "In a second post he": a pronoun right before the verb.
  const lastWord = w[w.length - 1]?.toLowerCase() ?? '';
  if (lex.pronouns.has(lastWord)) return { phrase: lastWord };
  // The last run of capitalised words ("… in Stockholm on Friday Smith").
  const run = /((?:\p{Lu}[\p{L}’'.-]*\s+){0,3}\p{Lu}[\p{L}’'-]*)$/u.exec(tail);
  // Not when the run is the object of a preposition ("at Pine Bay", "on Mondays").
  const beforeRun = run ? (tail.slice(0, run.index).trim().split(/\s+/).pop() ?? '').toLowerCase() : '';
  if (run && isSpeakerPhrase(run[1]!, lex) && !lex.clauseOpeners.has(run[1]!.split(/\s+/)[0]!.toLowerCase()) && !lex.prepositions.has(beforeRun) && !lex.determiners.has(beforeRun)) return { phrase: run[1]! };
  // A description from its last determiner ("… and a senior official").
  for (let i = w.length - 2; i >= 0; i--) {
    if (lex.determiners.has(w[i]!.toLowerCase()) && w[i]!.toLowerCase() !== 'that') {
      const rest = w.slice(i + 1);
      const phrase = w.slice(i).join(' ');
      const plain = rest.length <= 5 && !rest.some((x) => /^(?:and|or|but|to|in|on|with|by|into|about|than|as)$/i.test(x));
      return plain && isSpeakerPhrase(phrase, lex) ? { phrase } : null;
    }
  }
  return null;
}

/**
 * Attribution in the words before a quotation, within its sentence: "X said:", "X said in a
 * statement:", "X warned that the", "according to X,". The verb must sit close to the quote;
 * otherwise the quote is not what the verb introduces.
 */
export function attributionBefore(before: string, lex: Lexicon): RawAttribution | null {
  // Parentheses ("Sen. Michael Doherty (R-Warren)") and relative clauses ("McCormick, who has
  // split from …, told") sit between a subject and its verb without changing who speaks.
  // (Tested before replacing: these run for nearly every quotation's lead-in.)
  const trimmed = before.trimEnd();
  let b = trimmed.length < before.length ? `${trimmed} ` : before;
  if (b.includes('(')) b = b.replace(/\s*\([^)]{0,40}\)/g, '');
  if (lex.relative) b = b.replace(lex.relative, ',');
  const according = lex.accordingBefore?.exec(b);
  if (according) {
    const inv = invertedSpeaker(according[1]!, lex);
    if (inv) return { ...inv, side: 'before' };
  }
  const quoted = /\b(?:quoted|cited)\s+(.{1,60}?)\s+as\s+(?:saying|telling\s+\S+|writing)\s*[:,]?\s*(?:that\s+)?$/i.exec(b);
  if (quoted && isSpeakerPhrase(quoted[1]!, lex)) return { phrase: quoted[1]!.trim(), side: 'before' };
  const passive = /^(.{1,120}?)\s+(?:was|is|were|has been)\s+quoted\b.{0,80}?\bas\s+(?:saying|telling\s+\S+)\s*[:,]?\s*(?:that\s+)?(?:\S+\s+){0,3}$/i.exec(b);
  if (passive) {
    const subject = trailingSubject(passive[1]!, lex);
    if (subject) return { ...subject, side: 'before' };
  }
  // "According to Brooks, the group is “…”": the whole sentence is attributed.
  const lead = lex.accordingLead?.exec(b);
  if (lead) {
    const inv = invertedSpeaker(lead[1]!, lex);
    if (inv) return { ...inv, side: 'before' };
  }
  // "Hale attacked the plan …, saying, “…”", "the Commission issued a statement warning that
  // “…”": the participle's subject opens the sentence.
  const participle = lex.participle?.exec(b);
  if (participle) {
    const subject = mainSubject(b.slice(0, participle.index), lex);
    if (subject) return { ...subject, side: 'before' };
  }
  // "footage of Hale saying during the debate, “…”": a name and its participle.
  // The participle is a literal the pattern needs; checking for it first spares the costly
  // unanchored name search on most lead-ins.
  const saying = SAYING_WORD.test(b) && /((?:\p{Lu}[\p{L}’'.-]*\s+){0,3}\p{Lu}[\p{L}’'-]*)\s+(?:saying|telling\s+\S+|writing|tweeting|asking)\b[^“”"]{0,50}?[:,]?\s*$/u.exec(b);
  if (saying && isSpeakerPhrase(saying[1]!, lex) && !lex.clauseOpeners.has(saying[1]!.split(/\s+/)[0]!.toLowerCase())) return { phrase: saying[1]!, side: 'before' };
  if (/:\s*$/.test(b)) {
    // "The Daily Ledger reports:", "Moreno made the following comment:": a colon-ended
    // lead-in whose subject opens the sentence.
    const lead = /^\s*((?:the\s+)?(?:\p{Lu}[\p{L}’'.-]*\s+){0,4}\p{Lu}[\p{L}’'-]*|he|she|they)\s+(?:\p{Ll}+\s+)?(?:reports|notes|states|tweets|posts|remarks|comments|claims|writes|(?:made|issued|gave|released|posted|offered|sent|put out)\s+(?:the\s+following|this|a|an|these)\s+(?:\p{Ll}+\s+)?(?:comments?|statements?|remarks?|tweets?|messages?|posts?|letters?|responses?|notes?))\b[^“”"]{0,40}:\s*$/u.exec(b);
    if (lead && isSpeakerPhrase(lead[1]!, lex)) return { phrase: lead[1]!, side: 'before' };
  }
  const v = lastVerb(b, lex);
  if (!v) return reportedSpeech(b, lex);
  const tail = b.slice(v.end).trim();
  const tailWords = words(tail);
  // The verb must introduce the quote: a colon-ended tag, or a short reported clause.
  // Only the last "that" can start a short enough clause: test from there, not from every word.
  const thatAt = tail.toLowerCase().lastIndexOf('that');
  const thatClause = thatAt >= 0 && !/\p{L}/u.test(tail[thatAt - 1] ?? '') ? /^that\s+((?:\S+\s*){0,8})$/i.exec(tail.slice(thatAt)) : null;
  if (tail && tailWords.length > (thatClause ? 16 : 10)) return null;
  if (/^(?:by|for)\b/i.test(tail) && /\b(?:called|described)$/.test(v.verb)) return null;
  if (/[.!?]/.test(tail.replace(/\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|[A-Z])\./g, ''))) return null;
  // "… and warned that": the verb shares the subject of an earlier clause.
  if (/\b(?:and|but|then)\s+(?:\p{Ll}+ly\s+|also\s+|later\s+|then\s+)?$/u.test(b.slice(0, v.index))) return { phrase: '', side: 'before', needsSubject: true };
  // "In der Nacht … schickt sie Relotius eine Nachricht:": after a fronted circumstance the
  // subject follows the verb (verb-second languages).
  const pre = words(b.slice(0, v.index));
  const fronted = pre.length > 0 && lex.prepositions.has(pre[0]!.toLowerCase());
  if (fronted && !/,\s*$/.test(b.slice(0, v.index))) {
    const next = words(tail)[0]?.replace(/[,:]$/, '') ?? '';
    if (lex.pronouns.has(next.toLowerCase())) return { phrase: next, side: 'before' };
  }
  // "Op de persconferentie zei Van Leeuwen:", "In seinem letzten Wort sagte der 47-Jährige:",
  // "Auf die Frage, ob …, entgegnete die 56-Jährige:": after a fronted phrase or clause the
  // speaker follows the verb and the colon closes it.
  if (fronted && /:\s*$/.test(tail)) {
    const inv = invertedSpeaker(tail.replace(/[:,]\s*$/, ''), lex);
    const w0 = inv ? words(inv.phrase)[0]! : '';
    if (inv && (/^\p{Lu}/u.test(w0) || (lex.determiners.has(w0) && words(inv.phrase).length > 1))) return { ...inv, side: 'before' };
  }
  const subject = trailingSubject(b.slice(0, v.index), lex);
  // "Er habe den Mitarbeitern versichert:": in a verb-final clause the subject is the pronoun
  // before its auxiliary, not the object just before the participle.
  const pronounFirst = pre.length >= 3 && lex.nominative.has(pre[0]!.toLowerCase()) && lex.aux.has(pre[1]!.toLowerCase());
  if (pronounFirst && (!subject || lex.determiners.has(words(subject.phrase)[0]!.toLowerCase()))) return { phrase: pre[0]!, side: 'before' };
  if (subject) return { ...subject, side: 'before' };
  // "…, said Smith: “…”" — the speaker named after the verb.
  const inv = /^that\b/i.test(tail) ? null : invertedSpeaker(tail.replace(/[:,]\s*$/, ''), lex);
  if (inv) return { ...inv, side: 'before' };
  // "Explicó: «…»": a verb opening the sentence, its subject left out.
  if (lex.proDrop && /^\s*$/.test(stripAux(b.slice(0, v.index), true, lex)) && /[:,]\s*$/.test(tail || b)) return { phrase: '', side: 'before', implicit: true };
  return null;
}
