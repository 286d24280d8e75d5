import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { createStoryIndex, mergeBriefs, signature, similarity } from '../../src/brief/dedupe.ts';
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

  it('rebuilt from stored signatures, answers as the index it was saved from', () => {
    const index = createStoryIndex();
    index.add('a', outletA);
    const restored = createStoryIndex({}, JSON.parse(JSON.stringify([{ id: 'a', sig: signature(outletA) }])));
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
