import { afterEach, describe, expect, it } from 'vitest';
import { failedJobKey, pruneArchive, type Store, type Subscription } from '../../src/store/index.ts';
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

    const first = await pruneArchive(store, retention, now, { feeds: [], batch: 10, maxBatches: 2 });
    expect(first).toEqual({ briefs: 20, deliveries: 0, seen: 0, failedJobs: 0, more: true });
    const rest = await pruneArchive(store, retention, now, { feeds: [], batch: 10, maxBatches: 20 });
    expect(rest).toEqual({ briefs: 10, deliveries: 12, seen: 1, failedJobs: 0, more: false });

    expect((await store.briefs.page({ limit: 100 })).map((r) => r.brief.id)).toEqual(['recent']);
    expect(await store.briefs.countQuotes({ since: ago(1000) }, 100)).toBe(1);
    expect(await store.stories.since(ago(1000))).toEqual([]);
    expect((await store.deliveries.postsOf('recent')).map((p) => p.channelId).sort()).toEqual(['c-new', 'c-sending']);
    expect(await store.seen.get('unlisted')).toBeUndefined();
    expect(await store.seen.get('listed')).toBeDefined();
    expect(await pruneArchive(store, retention, now, { feeds: [] })).toEqual({ briefs: 0, deliveries: 0, seen: 0, failedJobs: 0, more: false });
  });

  it('deletes failed-job records of work that is gone or was given up long ago, in small batches, and keeps the rest', async () => {
    store = await openTestStore();
    const configured = 'https://configured.example/rss';
    const added = 'https://added.example/rss';
    const released = 'https://released.example/rss';
    await store.subscriptions.save(subscription('c-sub'));
    await store.subscriptions.save(subscription('c-paused', { state: 'paused', pausedReason: 'missing access' }));
    await store.subscriptions.save(subscription('c-old'));
    await store.addedFeeds.claim(added, 'g1', { addedBy: 'u1', addedAt: ago(50) });
    await store.addedFeeds.claim(released, 'g1', { addedBy: 'u1', addedAt: ago(50) });
    await store.addedFeeds.release(released, 'g1');
    const fail = (key: string, at: string) => store!.failedJobs.record({ key, error: 'boom', attempts: 5, at });
    const kept = [failedJobKey.deliver('c-sub'), failedJobKey.deliver('c-paused'), failedJobKey.poll(configured), failedJobKey.poll(added), failedJobKey.digest];
    for (const key of kept) await fail(key, ago(2));
    // Gone: channels without a subscription, a feed no longer configured, one its server removed.
    const gone = [failedJobKey.deliver('c-unsubscribed'), failedJobKey.poll('https://removed.example/rss'), failedJobKey.poll(released)];
    for (const key of gone) await fail(key, ago(2));
    for (let i = 0; i < 6; i++) await fail(failedJobKey.deliver(`c-x-gone-${i}`), ago(3));
    // Very old: their work still exists, but nothing failed (or succeeded) for longer than failedJobsDays.
    await fail(failedJobKey.deliver('c-old'), ago(31));
    await fail(failedJobKey.poll(`${configured}?old`), ago(45));
    const opts = { feeds: [configured, `${configured}?old`], batch: 2 };

    // Five batches a run: one each for briefs, deliveries and seen items (none here), then old records,
    // then at most one batch of the look for gone work; the rest is left to the next runs.
    const first = await pruneArchive(store, retention, now, { ...opts, maxBatches: 5 });
    expect(first).toEqual({ briefs: 0, deliveries: 0, seen: 0, failedJobs: 2, more: true });
    expect(await store.failedJobs.count()).toBe(16 - 2);
    // Each run goes on where the last one stopped: starting over, it would look at the first two keys
    // (deliver:c-paused and deliver:c-sub, both kept) every time and never reach the others.
    let total = first.failedJobs;
    for (let run = 0; run < 12; run++) {
      const r = await pruneArchive(store, retention, now, { ...opts, maxBatches: 5 });
      total += r.failedJobs;
      if (!r.more) break;
    }
    expect(total).toBe(2 + gone.length + 6);
    expect((await store.failedJobs.list(100)).map((f) => f.key).sort()).toEqual([...kept].sort());
    expect(await pruneArchive(store, retention, now, opts)).toEqual({ briefs: 0, deliveries: 0, seen: 0, failedJobs: 0, more: false });
    // Without its feed in the configuration, the configured feed's record is of work that is gone.
    expect(await pruneArchive(store, retention, now, { feeds: [] })).toMatchObject({ failedJobs: 1 });
    expect(await store.failedJobs.byKeys([failedJobKey.poll(configured), failedJobKey.poll(added)])).toEqual(new Map([[failedJobKey.poll(added), expect.objectContaining({ key: failedJobKey.poll(added) })]]));
  });
});

const retention = { briefsDays: 365, deliveriesDays: 30, seenDays: 30, failedJobsDays: 30 };

function subscription(channelId: string, over: Partial<Subscription> = {}): Subscription {
  return { guildId: 'g1', channelId, channelKind: 'messages', topic: 'world', mode: 'instant', time: null, timezone: 'UTC', since: ago(60), state: 'active', createdBy: 'u1', createdAt: ago(60), ...over };
}
