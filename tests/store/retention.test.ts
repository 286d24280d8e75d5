import { afterEach, describe, expect, it } from 'vitest';
import { pruneArchive, type Store } from '../../src/store/index.ts';
import { openTestStore, storedBrief, TEST_BACKEND } from '../support/store.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

// Old briefs carry a quote, so pruning is seen to take their quotes with them.
const stored = (id: string, createdAt: string) =>
  storedBrief(id, { headline: `H ${id}`, source: 'S', link: '', summary: 'S.', quotes: [{ text: 'quoted words', speaker: 'Jane Doe' }] }, createdAt, ['https://example.org/rss']);

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe(`retention (${TEST_BACKEND})`, () => {
  it('deletes old briefs, delivery records and unlisted seen items in small batches, and keeps the rest', async () => {
    store = await openTestStore();
    await store.briefs.saveMany(Array.from({ length: 30 }, (_, i) => stored(`old${i}`, ago(400 + i))));
    await store.briefs.saveMany([stored('recent', ago(10))]);
    await store.stories.remember('old0', [1, 2], ago(400));
    for (let i = 0; i < 12; i++) await store.deliveries.set(`c${i}`, 'recent', { state: 'sent', nonce: 'n', topic: 'world', at: ago(40) });
    await store.deliveries.set('c-new', 'recent', { state: 'sent', nonce: 'n', topic: 'world', at: ago(5) });
    // A post caught mid-send is never forgotten: the next run must look for it.
    await store.deliveries.set('c-sending', 'recent', { state: 'sending', nonce: 'n', topic: 'world', at: ago(40) });
    const item = (id: string) => ({ articleId: id, feedUrl: 'https://example.org/rss', link: `https://example.org/${id}`, firstSeen: ago(100), briefId: null, contentHash: 'h' });
    await store.seen.set(item('unlisted'), ago(45));
    await store.seen.set(item('listed'), ago(45));
    await store.seen.touch(['listed'], ago(1));

    const retention = { briefsDays: 365, deliveriesDays: 30, seenDays: 30 };
    const first = await pruneArchive(store, retention, now, { batch: 10, maxBatches: 2 });
    expect(first).toEqual({ briefs: 20, deliveries: 0, seen: 0, more: true });
    const rest = await pruneArchive(store, retention, now, { batch: 10, maxBatches: 20 });
    expect(rest).toEqual({ briefs: 10, deliveries: 12, seen: 1, more: false });

    expect((await store.briefs.page({ limit: 100 })).map((r) => r.brief.id)).toEqual(['recent']);
    expect(await store.briefs.countQuotes({ since: ago(1000) }, 100)).toBe(1);
    expect(await store.stories.since(ago(1000))).toEqual([]);
    expect((await store.deliveries.postsOf('recent')).map((p) => p.channelId).sort()).toEqual(['c-new', 'c-sending']);
    expect(await store.seen.get('unlisted')).toBeUndefined();
    expect(await store.seen.get('listed')).toBeDefined();
    expect(await pruneArchive(store, retention, now)).toEqual({ briefs: 0, deliveries: 0, seen: 0, more: false });
  });
});
