import { describe, expect, it } from 'vitest';
import { signature } from '../../src/brief/index.ts';
import type { Article } from '../../src/feeds/types.ts';
import { recentStories, type Stories } from '../../src/pipeline/index.ts';
import type { Store } from '../../src/store/index.ts';
import { openTestStore, storedBrief } from '../support/store.ts';

const text = (i: number) => Array.from({ length: 30 }, (_, k) => `word${(i * 7919 + k * 104729) % 1_000_003}x${k}`).join(' ');
const article = (i: number) => ({ title: `Story ${i}`, body: [{ kind: 'paragraph', text: text(i) }] }) as unknown as Article;
const sig = (i: number) => signature(`Story ${i}\n${text(i)}`);
const id = (i: number) => `b${String(i).padStart(5, '0')}`;
const at = (iso: string) => new Date(iso);
const found = (stories: Stories, a: Article) => stories.findDuplicate(stories.signatureOf(a));
/** A story signature belongs to a stored brief. */
const storeBriefs = (store: Store, ids: string[]) => store.briefs.saveMany(ids.map((i) => storedBrief(i)));

describe('the recent-story index kept from the store', () => {
  it('reads every signature of the window, a page at a time, and none from before it', async () => {
    const store = await openTestStore();
    // More than one page (2,000) of stories in the window, and one from before it.
    const n = 4100;
    await storeBriefs(store, [...Array.from({ length: n }, (_, i) => id(i)), 'old']);
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await tx.stories.remember(id(i), sig(i), '2026-11-24T10:00:00.000Z');
      await tx.stories.remember('old', sig(n), '2026-11-20T10:00:00.000Z');
    });
    const first = await store.stories.since('2026-11-23T00:00:00.000Z', { limit: 2000 });
    expect(first).toHaveLength(2000);
    const rest = await store.stories.since('2026-11-23T00:00:00.000Z', { limit: 5000, after: { at: first.at(-1)!.at, seq: first.at(-1)!.seq } });
    expect(rest).toHaveLength(n - 2000);
    expect(rest[0]!.seq > first.at(-1)!.seq).toBe(true);
    expect(new Set([...first, ...rest].map((s) => s.id)).size).toBe(n);

    const stories = recentStories(store, 48);
    await stories.refresh(at('2026-11-24T12:00:00.000Z'));
    expect(stories.size).toBe(n);
    for (const i of [0, 1999, 2000, 2001, 3999, 4000, n - 1]) expect(found(stories, article(i))).toBe(id(i));
    expect(found(stories, article(n))).toBeNull();
    await store.close();
  }, 60_000);

  it('keeps its stories across refreshes, reads only what other writers stored since, and forgets what leaves the window', async () => {
    const store = await openTestStore();
    await storeBriefs(store, [id(1), id(2), id(3)]);
    const stories = recentStories(store, 48);
    await stories.refresh(at('2026-11-24T12:00:00.000Z'));
    expect(stories.size).toBe(0);
    // Its own story, and one another writer stamped a minute before the refresh but committed after it.
    await stories.remember(id(1), sig(1), at('2026-11-24T12:05:00.000Z'));
    await store.stories.remember(id(2), sig(2), '2026-11-24T11:59:00.000Z');
    expect(found(stories, article(2))).toBeNull();

    const reads: string[][] = [];
    const signatures = store.stories.signatures.bind(store.stories);
    store.stories.signatures = (ids) => (reads.push(ids), signatures(ids));
    await stories.refresh(at('2026-11-24T13:00:00.000Z'));
    // Only the other writer's signature was read; its own was held already.
    expect(reads).toEqual([[id(2)]]);
    expect(found(stories, article(1))).toBe(id(1));
    expect(found(stories, article(2))).toBe(id(2));

    // 48 hours on, the first two leave the window, from the index and from the store; a newer one stays.
    await stories.remember(id(3), sig(3), at('2026-11-25T12:00:00.000Z'));
    await stories.refresh(at('2026-11-26T12:30:00.000Z'));
    expect(stories.size).toBe(1);
    expect(found(stories, article(1))).toBeNull();
    expect(found(stories, article(2))).toBeNull();
    expect(found(stories, article(3))).toBe(id(3));
    expect((await store.stories.since('2026-01-01T00:00:00.000Z')).map((s) => s.id)).toEqual([id(3)]);
    await store.close();
  });

  it('reads more than a page of what other writers stored since, a page at a time', async () => {
    const store = await openTestStore();
    const stories = recentStories(store, 48);
    await stories.refresh(at('2026-11-24T12:00:00.000Z'));
    const n = 2100;
    await storeBriefs(store, Array.from({ length: n }, (_, i) => id(i)));
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await tx.stories.remember(id(i), sig(i), '2026-11-24T12:30:00.000Z');
    });
    const pages: number[] = [];
    const idsSince = store.stories.idsSince.bind(store.stories);
    store.stories.idsSince = async (since, page) => {
      const rows = await idsSince(since, page);
      pages.push(rows.length);
      return rows;
    };
    await stories.refresh(at('2026-11-24T13:00:00.000Z'));
    expect(pages).toEqual([2000, 100]);
    expect(stories.size).toBe(n);
    for (const i of [0, 1999, 2000, n - 1]) expect(found(stories, article(i))).toBe(id(i));
    await store.close();
  }, 60_000);

  it('refreshes at most as often as asked, and a failed refresh does not stop the next one', async () => {
    const store = await openTestStore();
    await storeBriefs(store, [id(1)]);
    const stories = recentStories(store, 48, { refreshEveryMs: 10_000 });
    await stories.refresh(at('2026-11-24T12:00:00.000Z'));
    await store.stories.remember(id(1), sig(1), '2026-11-24T12:00:01.000Z');
    await stories.refresh(at('2026-11-24T12:00:05.000Z'));
    expect(found(stories, article(1))).toBeNull();

    const idsSince = store.stories.idsSince.bind(store.stories);
    store.stories.idsSince = () => Promise.reject(new Error('database is locked'));
    await expect(stories.refresh(at('2026-11-24T12:00:11.000Z'))).rejects.toThrow('database is locked');
    store.stories.idsSince = idsSince;
    await stories.refresh(at('2026-11-24T12:00:12.000Z'));
    expect(found(stories, article(1))).toBe(id(1));
    await store.close();
  });

  it('remembers signatures of stored briefs only, and forgets a story with its brief', async () => {
    const store = await openTestStore();
    await storeBriefs(store, [id(1), id(2)]);
    await store.stories.remember(id(1), sig(1), '2026-11-24T12:00:00.000Z');
    await store.stories.remember('never-stored', sig(3), '2026-11-24T12:00:00.000Z');
    // Remembered again (an update): one row, the newer stamp.
    await store.stories.remember(id(1), sig(1), '2026-11-24T12:10:00.000Z');
    expect((await store.stories.since('2026-11-01T00:00:00.000Z')).map((s) => [s.id, s.at])).toEqual([[id(1), '2026-11-24T12:10:00.000Z']]);
    expect(await store.stories.signatures([id(1), id(2), 'never-stored'])).toEqual([expect.objectContaining({ id: id(1), sig: sig(1) })]);
    expect(await store.briefs.prune('2030-01-01T00:00:00.000Z', 10)).toBe(2);
    expect(await store.stories.since('2026-11-01T00:00:00.000Z')).toEqual([]);
    await store.close();
  });
});
