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
  /**
   * The same, from a signature already computed (or stored) with `signature()`, and when the story
   * was briefed (ms since the epoch; 0 when it does not matter), for `removeOlderThan`.
   */
  addSignature(id: string, sig: number[], at?: number): void;
  remove(id: string): void;
  has(id: string): boolean;
  /** Forgets the stories added with a time before `at` (ms); returns how many. */
  removeOlderThan(at: number): number;
  /** The stored story most similar to `text`, if it is the same story; else null. */
  findDuplicate(text: string): StoryMatch | null;
  /** The same, for a signature already computed with `signature()` (a caller that also stores it). */
  findBySignature(sig: ArrayLike<number>): StoryMatch | null;
  readonly size: number;
  /** Band entries the lookups so far have walked: what lookups cost, for tests and benchmarks to see. */
  readonly walked: number;
}

/**
 * Stories sharing one band bucket that a lookup compares, newest first. A bucket holds the stories
 * whose two minimum hashes of that band are the same shingles: for a story, that is its copies; for a
 * phrase every outlet writes ("the prime minister said"), thousands of unrelated stories, each of which
 * a lookup would otherwise compare, so that every lookup grew with the stories held. A copy of a story
 * shares about 0.6² of the 48 bands with it (17 on average; a pair at the 0.3 threshold, 4): past the
 * newest BUCKET_CAP stories of a crowded bucket, it is found through its other bands. (At 64, lookups
 * among 190,000 stories of bench:ingest still took 0.5-0.7 ms, the largest cost of an item.)
 */
export const BUCKET_CAP = 16;

/** `next` of a band entry taken out of its chain: past the newest BUCKET_CAP of its bucket, it is never compared. */
const UNLINKED = -2;

/** How often two different hashes agree on the 8 bits of them the index holds. */
const CHANCE_AGREEMENT = 1 / 256;

/** Stories per block of the index's typed arrays. */
const BLOCK = 1024;

/**
 * The index is held compactly, since a first poll of a large feed set puts a hundred thousand
 * stories and more in it: every story has a slot number; its signature, and for each of its band
 * entries (slot × bands + band) the bucket key and the next entry of its hash chain, live in typed
 * arrays allocated a block of stories at a time (growing never copies what is held, nor holds two
 * copies at once). Chain heads are one more array, with up to four entries a chain on average.
 * Several buckets share a chain, so a crowded bucket's entries would lengthen the walk of every
 * lookup landing on its chain, and the more so the more stories are held: an entry pushed past the
 * newest BUCKET_CAP of its bucket is taken out of the chain as the new one is linked. Signatures are
 * kept on the low 8 bits of their hashes (b-bit minwise hashing). About 700
 * bytes a story with its id; a Map per band holding ids took 2.5 KB, and before that a string key and a Set per
 * band and story 13.6 KB.
 */
export function createStoryIndex(options: Partial<DedupeOptions> = {}): StoryIndex {
  const opts: DedupeOptions = { ...DEFAULT_DEDUPE, ...options };
  if (opts.hashes % opts.bands !== 0) throw new Error('hashes must be a multiple of bands');
  const { hashes, bands: nBands } = opts;
  const rows = hashes / nBands;
  const perBlock = BLOCK * nBands;
  const slotOf = new Map<string, number>();
  const ids: (string | undefined)[] = [];
  const free: number[] = [];
  /** Signatures, each hash cut to its low 8 bits: see `findBySignature`. */
  const sigBlocks: Uint8Array[] = [];
  /**
   * Per band entry, side by side so that a step along a chain reads one place in memory: its bucket
   * key, and the next entry in its chain (-1 ends a chain).
   */
  const chainBlocks: Int32Array[] = [];
  /** Slots a lookup has already compared, by lookup number. */
  const markBlocks: Uint32Array[] = [];
  /** When each story was briefed (ms). */
  const atBlocks: Float64Array[] = [];
  let heads = new Int32Array(1 << 14).fill(-1);
  let mask = heads.length - 1;
  let lookup = 0;
  let walked = 0;
  const low = new Uint8Array(hashes);

  /** The bucket key of one band: the band number folded in, so that one chain array serves every band. */
  const keyOf = (sig: ArrayLike<number>, b: number) => mix(bandKey(sig, b, rows) ^ Math.imul(b + 1, 0x9e3779b1)) | 0;
  const keyAt = (e: number) => chainBlocks[(e / perBlock) | 0]![(e % perBlock) * 2]!;
  const nextAt = (e: number) => chainBlocks[(e / perBlock) | 0]![(e % perBlock) * 2 + 1]!;
  const setNext = (e: number, to: number) => (chainBlocks[(e / perBlock) | 0]![(e % perBlock) * 2 + 1] = to);

  const link = (e: number): void => {
    const key = keyAt(e);
    const h = key & mask;
    setNext(e, heads[h]!);
    heads[h] = e;
    // The entry of this bucket that is now one past the newest BUCKET_CAP leaves the chain.
    let inBucket = 1;
    for (let p = e, q = nextAt(e); q >= 0; p = q, q = nextAt(q)) {
      if (keyAt(q) !== key || ++inBucket <= BUCKET_CAP) continue;
      setNext(p, nextAt(q));
      setNext(q, UNLINKED);
      break;
    }
  };
  const addBlock = (): void => {
    sigBlocks.push(new Uint8Array(BLOCK * hashes));
    chainBlocks.push(new Int32Array(perBlock * 2));
    markBlocks.push(new Uint32Array(BLOCK));
    atBlocks.push(new Float64Array(BLOCK));
  };
  /** More chain heads once chains get longer than four entries on average. */
  const rehash = (): void => {
    heads = new Int32Array(heads.length * 4).fill(-1);
    mask = heads.length - 1;
    // Relinked oldest slot first, so the newest stories head their chains again.
    for (let slot = 0; slot < ids.length; slot++) {
      if (ids[slot] === undefined) continue;
      for (let e = slot * nBands; e < (slot + 1) * nBands; e++) if (nextAt(e) !== UNLINKED) link(e);
    }
  };

  const insert = (id: string, signature: ArrayLike<number>, at = 0): void => {
    if (signature.length !== hashes) throw new Error(`a story signature has ${hashes} hashes, not ${signature.length}`);
    if (slotOf.has(id)) remove(id);
    let slot = free.pop();
    if (slot === undefined) {
      if (ids.length === sigBlocks.length * BLOCK) addBlock();
      slot = ids.length;
      ids.push(undefined);
      if (slotOf.size * nBands > heads.length * 4) rehash();
    }
    ids[slot] = id;
    slotOf.set(id, slot);
    atBlocks[(slot / BLOCK) | 0]![slot % BLOCK] = at;
    // Kept cut to 8 bits (a typed array's set truncates); the keys come from the whole hashes.
    sigBlocks[(slot / BLOCK) | 0]!.set(signature, (slot % BLOCK) * hashes);
    const chain = chainBlocks[(slot / BLOCK) | 0]!;
    for (let b = 0; b < nBands; b++) {
      chain[((slot % BLOCK) * nBands + b) * 2] = keyOf(signature, b);
      link(slot * nBands + b);
    }
  };
  const remove = (id: string): void => {
    const slot = slotOf.get(id);
    if (slot === undefined) return;
    for (let b = 0; b < nBands; b++) {
      const e = slot * nBands + b;
      if (nextAt(e) === UNLINKED) continue;
      const h = keyAt(e) & mask;
      if (heads[h] === e) heads[h] = nextAt(e);
      else
        for (let p = heads[h]!; p >= 0; p = nextAt(p)) {
          if (nextAt(p) !== e) continue;
          setNext(p, nextAt(e));
          break;
        }
    }
    slotOf.delete(id);
    ids[slot] = undefined;
    free.push(slot);
  };

  return {
    add: (id, text) => insert(id, signature(text, opts)),
    addSignature: insert,
    remove,
    has: (id) => slotOf.has(id),
    removeOlderThan(at) {
      let removed = 0;
      for (let slot = 0; slot < ids.length; slot++) {
        const id = ids[slot];
        if (id === undefined || atBlocks[(slot / BLOCK) | 0]![slot % BLOCK]! >= at) continue;
        remove(id);
        removed++;
      }
      return removed;
    },
    findDuplicate(text) {
      return slotOf.size === 0 ? null : findBySignature(signature(text, opts));
    },
    findBySignature,
    get size() {
      return slotOf.size;
    },
    get walked() {
      return walked;
    },
  };

  function findBySignature(sig: ArrayLike<number>): StoryMatch | null {
    if (slotOf.size === 0) return null;
    if (sig.length !== hashes) throw new Error(`a story signature has ${hashes} hashes, not ${sig.length}`);
    if (++lookup === 0xffffffff) {
      for (const m of markBlocks) m.fill(0);
      lookup = 1;
    }
    // Compared as held, on their low 8 bits (b-bit minwise hashing, Li and König): two different
    // hashes also agree there once in 256, so a share of agreeing positions p estimates the
    // similarity as (p - 1/256) / (1 - 1/256). A story and its copy keep similarity 1.
    low.set(sig);
    let best: StoryMatch | null = null;
    for (let b = 0; b < nBands; b++) {
      const key = keyOf(sig, b);
      let inBucket = 0;
      for (let e = heads[key & mask]!; e >= 0 && inBucket < BUCKET_CAP; e = nextAt(e)) {
        walked++;
        if (keyAt(e) !== key) continue;
        inBucket++;
        const slot = (e / nBands) | 0;
        const marks = markBlocks[(slot / BLOCK) | 0]!;
        if (marks[slot % BLOCK] === lookup) continue;
        marks[slot % BLOCK] = lookup;
        const held = sigBlocks[(slot / BLOCK) | 0]!;
        let same = 0;
        for (let i = 0, o = (slot % BLOCK) * hashes; i < hashes; i++) if (held[o + i] === low[i]) same++;
        const sim = Math.max(0, (same / hashes - CHANCE_AGREEMENT) / (1 - CHANCE_AGREEMENT));
        if (sim < opts.threshold) continue;
        const id = ids[slot]!;
        // Ties go to the smallest id, so the answer is the same however the index was built.
        if (!best || sim > best.similarity || (sim === best.similarity && id < best.id)) best = { id, similarity: sim };
      }
    }
    return best;
  }
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
