import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { BUCKET_CAP, createStoryIndex, DEFAULT_DEDUPE, mergeBriefs, signature, similarity } from '../../src/brief/dedupe.ts';
import { repoRoot } from '../../scripts/eval/sets.ts';
import type { Brief } from '../../src/brief/types.ts';

const read = (name: string): string => readFileSync(resolve(repoRoot, 'tests/fixtures/dedupe', name), 'utf8');
const outletA = read('bridge-closure-outlet-a.txt');
const outletB = read('bridge-closure-outlet-b.txt');
const laterStory = read('bridge-reopening-other-story.txt');
const unrelated = readFileSync(resolve(repoRoot, 'tests/fixtures/articles/wire-port-strike-2024-03-14.txt'), 'utf8');

describe('near-duplicate detection', () => {
  it('is deterministic', () => {
    expect(signature(outletA)).toEqual(signature(outletA));
  });

  it('scores two outlets\' versions of one story far above a different story on the same subject', () => {
    const a = signature(outletA);
    expect(similarity(a, signature(outletB))).toBeGreaterThan(0.45);
    expect(similarity(a, signature(laterStory))).toBeLessThan(0.2);
    expect(similarity(a, signature(unrelated))).toBeLessThan(0.1);
  });

  it('finds the story already briefed, and only that one', () => {
    const index = createStoryIndex();
    index.add('a', outletA);
    index.add('port', unrelated);
    expect(index.findDuplicate(outletB)?.id).toBe('a');
    expect(index.findDuplicate(laterStory)).toBeNull();
    index.remove('a');
    expect(index.findDuplicate(outletB)).toBeNull();
  });

  it('keeps every story that shares a band, through removals and re-adds', () => {
    // The same text under three ids fills the same bucket of every band.
    const index = createStoryIndex();
    for (const id of ['a1', 'a2', 'a3']) index.add(id, outletA);
    expect(index.size).toBe(3);
    expect(index.findDuplicate(outletB)?.id).toBe('a1');
    index.remove('a1');
    expect(index.findDuplicate(outletB)?.id).toBe('a2');
    index.remove('a2');
    expect(index.findDuplicate(outletB)?.id).toBe('a3');
    // Adding an id again replaces its story: a3 no longer stands for the bridge closure.
    index.add('a3', unrelated);
    expect(index.size).toBe(1);
    expect(index.findDuplicate(outletB)).toBeNull();
    expect(index.findDuplicate(unrelated)?.id).toBe('a3');
  });

  it('compares only the newest stories of a crowded bucket, so a lookup costs the same however many share it', () => {
    // Every one of these shares every bucket with outletA: a lookup may compare only the newest BUCKET_CAP.
    const index = createStoryIndex();
    const sig = signature(outletA);
    const ids = Array.from({ length: BUCKET_CAP + 40 }, (_, i) => `s${String(i).padStart(4, '0')}`);
    for (const id of ids) index.addSignature(id, sig);
    // Ties go to the smallest id among those compared: the oldest 40 were not.
    expect(index.findDuplicate(outletA)).toEqual({ id: ids[40], similarity: 1 });
  });

  it('still finds a copy pushed out of crowded buckets through its other bands', () => {
    const index = createStoryIndex();
    const sig = signature(outletA);
    index.addSignature('copy', sig);
    // Newer stories that share the first ten bands with it (20 of 96 hashes: below the threshold) crowd
    // it out of those ten buckets, as a phrase every outlet writes would.
    const rows = DEFAULT_DEDUPE.hashes / DEFAULT_DEDUPE.bands;
    for (let i = 0; i < BUCKET_CAP * 3; i++) index.addSignature(`crowd${i}`, sig.map((v, k) => (k < 10 * rows ? v : (v ^ (i + 1) * 2654435761) >>> 0)));
    expect(index.findDuplicate(outletB)?.id).toBe('copy');
    expect(index.findDuplicate(laterStory)).toBeNull();
  });

  it('does not lengthen the lookups of other stories with a crowded bucket', () => {
    // Buckets share hash chains: 20,000 stories alike in every band would otherwise sit in 48 chains,
    // walked by every lookup of another story whose bucket lands on one of them.
    const words = (i: number) => Array.from({ length: 40 }, (_, k) => `w${(i * 7919 + k * 104729) % 1_000_003}x${k}`).join(' ');
    const plain = createStoryIndex();
    const crowded = createStoryIndex();
    for (let i = 0; i < 3000; i++) {
      plain.add(`t${i}`, words(i));
      crowded.add(`t${i}`, words(i));
    }
    const sig = signature(outletA);
    for (let i = 0; i < 20_000; i++) crowded.addSignature(`same${i}`, sig);
    for (let i = 3000; i < 5000; i++) {
      expect(plain.findDuplicate(words(i))).toBeNull();
      expect(crowded.findDuplicate(words(i))).toBeNull();
    }
    expect(crowded.walked).toBeLessThanOrEqual(plain.walked);
    // The crowd is still found, through its newest stories.
    expect(crowded.findDuplicate(outletA)).toEqual({ id: 'same19984', similarity: 1 });
  });

  it('forgets the stories older than a time, and only those', () => {
    const index = createStoryIndex();
    index.addSignature('old', signature(outletA), 1_000);
    index.addSignature('new', signature(laterStory), 5_000);
    index.addSignature('untimed', signature(unrelated));
    expect(index.removeOlderThan(2_000)).toBe(2);
    expect(index.has('old')).toBe(false);
    expect(index.has('untimed')).toBe(false);
    expect(index.findDuplicate(outletB)).toBeNull();
    expect(index.findDuplicate(laterStory)?.id).toBe('new');
    expect(index.removeOlderThan(2_000)).toBe(0);
  });

  it('keeps answering as it grows, removes and reuses places', () => {
    // Thousands of distinct stories (past the first growth of its arrays), half removed, some added again.
    const words = (i: number) => Array.from({ length: 40 }, (_, k) => `w${(i * 7919 + k * 104729) % 1_000_003}x${k}`).join(' ');
    const index = createStoryIndex();
    const n = 3000;
    for (let i = 0; i < n; i++) index.add(`t${i}`, words(i));
    for (let i = 0; i < n; i += 2) index.remove(`t${i}`);
    expect(index.size).toBe(n / 2);
    for (let i = 0; i < 500; i += 2) index.add(`again${i}`, words(i));
    expect(index.size).toBe(n / 2 + 250);
    for (const i of [1, 2, 3, 499, 500, 501, 1777, 2999]) {
      const want = i % 2 ? `t${i}` : i < 500 ? `again${i}` : null;
      expect(index.findDuplicate(words(i))?.id ?? null).toBe(want);
    }
  });

  it('rebuilt from stored signatures, answers as the index it was saved from', () => {
    const index = createStoryIndex();
    index.add('a', outletA);
    const restored = createStoryIndex();
    for (const stored of JSON.parse(JSON.stringify([{ id: 'a', sig: signature(outletA) }])) as { id: string; sig: number[] }[]) restored.addSignature(stored.id, stored.sig);
    expect(restored.size).toBe(1);
    expect(restored.findDuplicate(outletB)).toEqual(index.findDuplicate(outletB));
    expect(restored.findDuplicate(laterStory)).toBeNull();
  });
});

describe('mergeBriefs', () => {
  const a = condense({ ...parseArticleText(outletA), source: 'Outlet A', link: 'https://a.example/bridge' });
  const b = condense({ ...parseArticleText(outletB), source: 'Outlet B', link: 'https://b.example/bridge' });

  it('lists every source and keeps the first brief as the lead', () => {
    const m = mergeBriefs(a, b);
    expect(m.id).toBe(a.id);
    expect(m.headline).toBe(a.headline);
    expect(m.sources).toEqual([
      { name: 'Outlet A', link: 'https://a.example/bridge' },
      { name: 'Outlet B', link: 'https://b.example/bridge' },
    ]);
    const third: Brief = { ...b, source: 'Outlet C', link: 'https://c.example/x' };
    expect(mergeBriefs(m, third).sources?.map((s) => s.name)).toEqual(['Outlet A', 'Outlet B', 'Outlet C']);
  });

  it('unites key quotes without repeating the same quotation', () => {
    const m = mergeBriefs(a, b);
    const texts = m.quotes.map((q) => q.text.toLowerCase());
    const safe = texts.filter((t) => t.includes('we will not reopen the bridge'));
    expect(safe).toHaveLength(1);
    expect(m.quotes.length).toBeLessThanOrEqual(a.quotes.length + b.quotes.length);
    for (const q of [...a.quotes, ...b.quotes]) {
      expect(texts.some((t) => t.includes(q.text.toLowerCase().replace(/[.,]$/, '')))).toBe(true);
    }
  });
});
