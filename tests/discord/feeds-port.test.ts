import { afterEach, describe, expect, it } from 'vitest';
import { describeFeed } from '../../src/discord/feeds-admin.ts';
import { storeFeedsPort } from '../../src/discord/feeds-port.ts';
import { defaultFetchOptions, initialState, pollFeed } from '../../src/feeds/index.ts';
import { feedCondition } from '../../src/pipeline/index.ts';
import { failedJobKey, type Store } from '../../src/store/index.ts';
import { openTestStore } from '../support/store.ts';
import { serveFeed, testConfig } from './harness.ts';

let store: Store | undefined;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  await store?.close();
  for (const c of closers.splice(0)) await c();
});

/** A port over a fresh store with one configured feed, whose polls may reach the loopback feed it serves. */
async function loopbackPort() {
  const feed = await serveFeed();
  closers.push(() => feed.server.close());
  const opened = await openTestStore();
  store = opened;
  const config = testConfig('https://configured.example/rss');
  // The test polls loopback on purpose; production polls with private addresses refused.
  const port = storeFeedsPort(config, opened, (s) => pollFeed(s, undefined, { ...defaultFetchOptions, ...config.fetch }));
  return { feed, port, store: opened };
}

describe('/feeds over the pipeline state', () => {
  it('refuses a feed on a private address and says why, saving nothing', async () => {
    const feed = await serveFeed();
    closers.push(() => feed.server.close());
    store = await openTestStore();
    // Even with the operator's allowPrivateAddresses on, admin-added feeds may not reach loopback.
    const port = storeFeedsPort(testConfig(), store);
    const r = await port.add(feed.url, 'u1', 'g1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/private|loopback|127\.0\.0\.1|refused/i);
    expect(await port.list()).toEqual([]);
  });

  it('saves the added feed without its validators, so the first cycle fetches and briefs its items', async () => {
    store = await openTestStore();
    const url = 'https://added.example/rss';
    const state = { ...initialState(url), title: 'Added', etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 08:00:00 GMT', lastSuccess: '2026-11-24T08:00:00.000Z', itemsSeen: 2 };
    const port = storeFeedsPort(testConfig(), store, async () => ({ url, ok: true, notModified: false, articles: [], state, name: 'Added' }));
    expect((await port.add(url, 'u1', 'g1')).ok).toBe(true);
    const saved = await store.feedStates.get(url);
    expect(saved).toMatchObject({ title: 'Added', lastSuccess: '2026-11-24T08:00:00.000Z' });
    expect(saved?.etag).toBeUndefined();
    expect(saved?.lastModified).toBeUndefined();
  });

  it('adds a feed that polled fine, lists it with its health, and removes it', async () => {
    const { feed, port, store } = await loopbackPort();
    const r = await port.add(feed.url, 'u1', 'g1');
    expect(r).toEqual({ ok: true, title: 'Loopback News', items: 1 });
    const list = await port.list('g1');
    expect(list.map((f) => [f.url, f.added])).toEqual([
      ['https://configured.example/rss', false],
      [feed.url, true],
    ]);
    expect(list[1]!.health).toMatchObject({ itemsSeen: 1, unhealthy: false });
    expect((await store.feedStates.get(feed.url))?.lastSuccess).toBeTruthy();
    expect(await port.remove('https://configured.example/rss', 'g1')).toBe(false);
    expect(await port.remove(feed.url, 'g1')).toBe(true);
    // Kept with no servers: no longer polled or listed, and its briefs stay private.
    expect(await store.addedFeeds.get(feed.url)).toMatchObject({ guildIds: [] });
    expect((await port.list('g1')).map((f) => f.url)).toEqual(['https://configured.example/rss']);
  });

  it('keeps one record per URL with the servers that added it; a server removes only its own claim', async () => {
    const { feed, port, store } = await loopbackPort();
    expect((await port.add(feed.url, 'u1', 'g1')).ok).toBe(true);
    // Another server sees the configured feed only, and cannot remove the first server's feed.
    expect((await port.list('g2')).map((f) => f.url)).toEqual(['https://configured.example/rss']);
    expect(await port.remove(feed.url, 'g2')).toBe(false);
    expect(await store.addedFeeds.get(feed.url)).toMatchObject({ guildIds: ['g1'], addedBy: 'u1' });
    // The CLI (no server) lists every feed.
    expect((await port.list()).map((f) => f.url)).toEqual(['https://configured.example/rss', feed.url]);

    expect((await port.add(feed.url, 'u2', 'g2')).ok).toBe(true);
    expect(await store.addedFeeds.get(feed.url)).toMatchObject({ guildIds: ['g1', 'g2'], addedBy: 'u1' });
    expect(await port.remove(feed.url, 'g1')).toBe(true);
    expect((await port.list('g1')).map((f) => f.url)).toEqual(['https://configured.example/rss']);
    expect((await port.list('g2')).map((f) => f.url)).toEqual(['https://configured.example/rss', feed.url]);
    expect(await port.remove(feed.url, 'g2')).toBe(true);
    expect(await store.addedFeeds.get(feed.url)).toMatchObject({ guildIds: [] });
  });

  it('shows a feed whose poll job failed for good from the store, until a later poll succeeds', async () => {
    store = await openTestStore();
    const config = testConfig('https://configured.example/rss');
    const port = storeFeedsPort({ ...config, feeds: [...config.feeds, { url: 'https://other.example/rss' }] }, store);
    await store.failedJobs.record({ key: failedJobKey.poll('https://configured.example/rss'), error: 'could not store: connection refused', attempts: 10, at: '2026-12-01T10:00:00.000Z' });
    // A channel's failure is not a feed's.
    await store.failedJobs.record({ key: failedJobKey.deliver('300000000000000011'), error: 'x', attempts: 10, at: '2026-12-01T10:00:00.000Z' });
    const [failed, other] = await port.list('g1');
    expect(failed!.failedJob).toEqual({ key: 'poll:https://configured.example/rss', error: 'could not store: connection refused', attempts: 10, at: '2026-12-01T10:00:00.000Z' });
    expect(other!.failedJob).toBeUndefined();
    expect(feedCondition(failed!)).toBe('poll job failed (10 tries)');
    // What /feeds list shows.
    expect(describeFeed(failed!)).toMatch(/^🔴 .*\n {2}not polled yet\n {2}poll job failed <t:1796119200:R> after 10 tries: could not store: connection refused$/);
    expect(describeFeed(other!)).not.toMatch(/poll job failed/);
    await store.failedJobs.clear(failedJobKey.poll('https://configured.example/rss'));
    expect((await port.list('g1'))[0]!.failedJob).toBeUndefined();
  });
});
