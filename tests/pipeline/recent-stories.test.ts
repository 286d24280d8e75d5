import { describe, expect, it } from 'vitest';
import { signature } from '../../src/brief/index.ts';
import type { Article } from '../../src/feeds/types.ts';
import { loadStories } from '../../src/pipeline/index.ts';
import { openTestStore } from '../support/store.ts';

const text = (i: number) => Array.from({ length: 30 }, (_, k) => `word${(i * 7919 + k * 104729) % 1_000_003}x${k}`).join(' ');
const article = (i: number) => ({ title: `Story ${i}`, body: [{ kind: 'paragraph', text: text(i) }] }) as unknown as Article;

describe('the recent-story index loaded from the store', () => {
  it('reads every signature of the window, a page at a time, and none from before it', async () => {
    const store = await openTestStore();
    const now = new Date('2026-11-24T12:00:00.000Z');
    const sig = (i: number) => signature(`Story ${i}\n${text(i)}`);
    // More than one page (2,000) of stories in the window, and one from before it.
    const n = 4100;
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await tx.stories.remember(`b${String(i).padStart(5, '0')}`, sig(i), '2026-11-24T10:00:00.000Z');
      await tx.stories.remember('old', sig(n), '2026-11-20T10:00:00.000Z');
    });
    const first = await store.stories.since('2026-11-23T00:00:00.000Z', { limit: 2000 });
    expect(first).toHaveLength(2000);
    const rest = await store.stories.since('2026-11-23T00:00:00.000Z', { limit: 5000, after: first.at(-1)!.id });
    expect(rest).toHaveLength(n - 2000);
    expect(rest[0]!.id > first.at(-1)!.id).toBe(true);

    const stories = await loadStories(store, now, 48);
    for (const i of [0, 1999, 2000, 2001, 3999, 4000, n - 1]) expect(stories.findDuplicate(article(i))).toBe(`b${String(i).padStart(5, '0')}`);
    expect(stories.findDuplicate(article(n))).toBeNull();
    await store.close();
  }, 60_000);
});
