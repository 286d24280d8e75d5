// One brief per story. Outlets rewrite the same wire copy: new lead, trimmed paragraphs,
// same facts and quotes. Word shingles catch that shared wording; MinHash turns each story
// into a short signature whose agreement estimates shingle-set Jaccard similarity; LSH
// banding finds candidate matches without comparing against every stored story.
// Everything is deterministic (fixed seeds) so that an index saved to disk and loaded again
// gives the same answers.
import type { Brief, BriefSource, Quote } from './types.ts';
import { eachTerm, hasUnspaced } from './words.ts';

export interface DedupeOptions {
  /** Words per shingle. */
  shingle: number;
  /** Signature length; must equal bands × rows. */
  hashes: number;
  bands: number;
  /** Estimated Jaccard similarity at or above which two texts are the same story. */
  threshold: number;
}

// Tuned on tests/fixtures/dedupe: two outlets' rewrites of one story share about 0.6 of their
// 2-word shingles, a later story on the same subject under 0.1, so the threshold sits at 0.3.
// 48 bands of 2 rows make a story at similarity 0.3 a candidate with probability ~0.99
// (1 - (1 - 0.3²)^48); candidates are then checked against the threshold.
export const DEFAULT_DEDUPE: DedupeOptions = { shingle: 2, hashes: 96, bands: 48, threshold: 0.3 };

const STOP = new Set(('a an the and or but of in on at by for with from to into is are was were be been has have had ' +
  'it its this that these those as he she they we i you his her their our not no so than then there which who').split(' '));

/**
 * Lowercase content words, so that rewording with function words changes little. Chinese and
 * Japanese runs, which have no spaces, give their character pairs instead (`eachTerm`), so
 * two rewrites of a story in those scripts share shingles as English ones do.
 */
export function storyWords(text: string): string[] {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  if (!hasUnspaced(text)) return words.filter((w) => w.length > 1 && !STOP.has(w));
  const out: string[] = [];
  for (const w of words) {
    if (!hasUnspaced(w)) {
      if (w.length > 1 && !STOP.has(w)) out.push(w);
    } else eachTerm(w, (t) => out.push(t));
  }
  return out;
}

export function shingles(text: string, size = DEFAULT_DEDUPE.shingle): Set<string> {
  const w = storyWords(text);
  const out = new Set<string>();
  if (w.length < size) {
    if (w.length > 0) out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}

/** 32-bit FNV-1a. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const seedCache = new Map<number, Uint32Array>();

/** Fixed per-hash seeds from a small deterministic generator (never Math.random). */
function seeds(n: number): Uint32Array {
  let s = seedCache.get(n);
  if (s) return s;
  s = new Uint32Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x = (x + 0x6d2b79f5) >>> 0;
    s[i] = mix(x);
  }
  seedCache.set(n, s);
  return s;
}

export function signature(text: string, opts: DedupeOptions = DEFAULT_DEDUPE): number[] {
  const sd = seeds(opts.hashes);
  const sig = new Array<number>(opts.hashes).fill(0xffffffff);
  for (const sh of shingles(text, opts.shingle)) {
    const base = fnv1a(sh);
    for (let i = 0; i < opts.hashes; i++) {
      const v = mix(base ^ sd[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Share of signature positions that agree: an estimate of Jaccard similarity. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/**
 * A band's rows hashed to one 30-bit number (a small integer to V8, so a Map keyed by it stores
 * no boxed number). Two different bands hashing alike only add a candidate, which is then
 * checked against the threshold like any other.
 */
function bandKey(sig: ArrayLike<number>, band: number, rows: number): number {
  let h = 0x811c9dc5 ^ band;
  for (let r = band * rows; r < (band + 1) * rows; r++) h = mix(Math.imul(h ^ sig[r]!, 0x01000193));
  return h & 0x3fffffff;
}

export interface StoryMatch {
  id: string;
  similarity: number;
}

export interface StoryIndex {
  /** Remembers a briefed story. Adding an id again replaces its text. */
  add(id: string, text: string): void;
  /** The same, from a signature already computed (or stored) with `signature()`. */
  addSignature(id: string, sig: number[]): void;
  remove(id: string): void;
  /** The stored story most similar to `text`, if it is the same story; else null. */
  findDuplicate(text: string): StoryMatch | null;
  readonly size: number;
}

/**
 * The index is held compactly, since a first poll of a large feed set puts a hundred thousand
 * stories in it: each signature is one Uint32Array, and each band has its own Map from the
 * band's hash to the story (or stories) in it, holding the story's id string itself. Before, a
 * string key and a Set per band and story cost about 13.6 KB a story.
 */
export function createStoryIndex(options: Partial<DedupeOptions> = {}, entries: { id: string; sig: number[] }[] = []): StoryIndex {
  const opts: DedupeOptions = { ...DEFAULT_DEDUPE, ...options };
  if (opts.hashes % opts.bands !== 0) throw new Error('hashes must be a multiple of bands');
  const rows = opts.hashes / opts.bands;
  const sigs = new Map<string, Uint32Array>();
  const bands: Map<number, string | string[]>[] = Array.from({ length: opts.bands }, () => new Map());

  const insert = (id: string, signature: number[]): void => {
    if (sigs.has(id)) remove(id);
    const sig = Uint32Array.from(signature);
    sigs.set(id, sig);
    for (let b = 0; b < opts.bands; b++) {
      const key = bandKey(sig, b, rows);
      const held = bands[b]!.get(key);
      if (held === undefined) bands[b]!.set(key, id);
      else if (typeof held === 'string') bands[b]!.set(key, [held, id]);
      else held.push(id);
    }
  };
  const remove = (id: string): void => {
    const sig = sigs.get(id);
    if (!sig) return;
    for (let b = 0; b < opts.bands; b++) {
      const key = bandKey(sig, b, rows);
      const held = bands[b]!.get(key);
      if (held === id) bands[b]!.delete(key);
      else if (Array.isArray(held)) {
        const rest = held.filter((x) => x !== id);
        if (rest.length === 0) bands[b]!.delete(key);
        else bands[b]!.set(key, rest.length === 1 ? rest[0]! : rest);
      }
    }
    sigs.delete(id);
  };
  for (const e of entries) insert(e.id, e.sig);

  return {
    add: (id, text) => insert(id, signature(text, opts)),
    addSignature: insert,
    remove,
    findDuplicate(text) {
      const sig = signature(text, opts);
      const candidates = new Set<string>();
      for (let b = 0; b < opts.bands; b++) {
        const held = bands[b]!.get(bandKey(sig, b, rows));
        if (held === undefined) continue;
        if (typeof held === 'string') candidates.add(held);
        else for (const id of held) candidates.add(id);
      }
      let best: StoryMatch | null = null;
      // Sorted so that ties resolve the same way however the index was built.
      for (const id of [...candidates].sort()) {
        const s = similarity(sigs.get(id)!, sig);
        if (s >= opts.threshold && (!best || s > best.similarity)) best = { id, similarity: s };
      }
      return best;
    },
    get size() {
      return sigs.size;
    },
  };
}

function sourcesOf(b: Brief): BriefSource[] {
  return b.sources && b.sources.length > 0 ? b.sources : [{ name: b.source, link: b.link }];
}

/**
 * One brief for a story carried by two feeds: `a` stays the lead brief (its id, headline,
 * summary and context); sources and key quotes are the union of both.
 */
export function mergeBriefs(a: Brief, b: Brief): Brief {
  const sources: BriefSource[] = [];
  const seenSource = new Set<string>();
  for (const s of [...sourcesOf(a), ...sourcesOf(b)]) {
    const key = s.link ? `l:${s.link}` : `n:${s.name.toLowerCase()}`;
    if (seenSource.has(key)) continue;
    seenSource.add(key);
    sources.push(s);
  }
  const quotes: Quote[] = [];
  // Normalised text: case, marks, punctuation and spacing do not make a quotation different.
  const key = (q: Quote): string => q.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  for (const q of [...a.quotes, ...b.quotes]) {
    const k = key(q);
    // The same quotation trimmed differently by two outlets counts once; keep the fuller one.
    const i = quotes.findIndex((x) => key(x).includes(k) || k.includes(key(x)));
    if (i < 0) quotes.push(q);
    else if (k.length > key(quotes[i]!).length) quotes[i] = { ...q, speaker: q.speaker ?? quotes[i]!.speaker };
    else if (!quotes[i]!.speaker && q.speaker) quotes[i] = { ...quotes[i]!, speaker: q.speaker, ...(q.role ? { role: q.role } : {}) };
  }
  return {
    ...a,
    date: a.date ?? b.date,
    quotes,
    topics: [...new Set([...a.topics, ...b.topics])],
    sources,
  };
}
