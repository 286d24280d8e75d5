import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failedJobKey, openStore, StoreError, type Store, type StoredBrief } from '../../src/store/index.ts';
import { redactUrl } from '../../src/util/redact-url.ts';
import { openTestStore, storedBrief, testStoreUrl, TEST_BACKEND } from '../support/store.ts';

const brief = storedBrief;

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe(`store (${TEST_BACKEND})`, () => {
  it('keeps key-value collections apart, lists them, and keeps them across reopen', async () => {
    const url = await testStoreUrl({ file: true });
    const a = await openStore(url);
    const things = a.collection<{ n: number }>('things');
    await things.set('x', { n: 1 });
    await things.set('y', { n: 2 });
    await a.collection<{ n: number }>('things-other').set('x', { n: 3 });
    expect(await things.has('y')).toBe(true);
    expect(await things.delete('y')).toBe(true);
    await a.close();
    store = await openStore(url);
    expect(await store.collection<{ n: number }>('things').get('x')).toEqual({ n: 1 });
    expect(await store.collection<{ n: number }>('things-other').get('x')).toEqual({ n: 3 });
    const keys: string[] = [];
    for await (const [k] of store.collection('things').entries()) keys.push(k);
    expect(keys).toEqual(['x']);
  });

  it('claims a ledger entry for one of two racing writers only, and only from the state it read', async () => {
    store = await openTestStore();
    const sending = (at: string) => ({ state: 'sending' as const, nonce: 'n1', topic: 'world', at });
    // Both read "absent"; both try at once: exactly one insert wins.
    const first = await Promise.all([store.deliveries.claim('c1', 'b1', sending('2026-12-01T10:00:00.000Z'), undefined), store.deliveries.claim('c1', 'b1', sending('2026-12-01T10:00:00.001Z'), undefined)]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const seen = (await store.deliveries.get('c1', 'b1'))!;
    expect(seen.state).toBe('sending');
    // Taking over an earlier attempt: only from the entry as read, once.
    const retry = await Promise.all([store.deliveries.claim('c1', 'b1', sending('2026-12-01T10:05:00.000Z'), seen), store.deliveries.claim('c1', 'b1', sending('2026-12-01T10:05:00.001Z'), seen)]);
    expect(retry.filter(Boolean)).toHaveLength(1);
    // A stale read (the entry changed since, here to sent) claims nothing.
    await store.deliveries.set('c1', 'b1', { state: 'sent', nonce: 'n1', topic: 'world', at: '2026-12-01T10:06:00.000Z', messageId: 'm1' });
    expect(await store.deliveries.claim('c1', 'b1', sending('2026-12-01T10:07:00.000Z'), seen)).toBe(false);
    expect(await store.deliveries.get('c1', 'b1')).toMatchObject({ state: 'sent', messageId: 'm1' });
  });

  it('lists a key-value collection larger than one page, and only that collection', async () => {
    store = await openTestStore();
    const c = store.collection<number>('many');
    for (let i = 0; i < 1200; i++) await c.set(`k${i}`, i);
    await store.collection<number>('many-other').set('k0', -1);
    let n = 0;
    let sum = 0;
    for await (const [, v] of c.entries()) {
      n++;
      sum += v;
    }
    expect(n).toBe(1200);
    expect(sum).toBe((1199 * 1200) / 2);
  });

  it('pages briefs newest first by topic, date and search words, with keyset cursors', async () => {
    store = await openTestStore();
    const repo = store.briefs;
    expect(await repo.save(brief('a', { topics: ['world'] }, '2026-11-20T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('b', { topics: ['business'], summary: 'Markets fell sharply in Zürich.' }, '2026-11-21T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('c', { topics: ['world', 'business'] }, '2026-11-22T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('c', { topics: ['world', 'business'] }, '2026-11-22T08:00:00.000Z'))).toBe(false);
    const ids = (rows: StoredBrief[]) => rows.map((r) => r.brief.id);
    expect(ids(await repo.page({ limit: 10 }))).toEqual(['c', 'b', 'a']);
    expect(ids(await repo.page({ topic: 'business', limit: 10 }))).toEqual(['c', 'b']);
    expect(ids(await repo.page({ date: '2026-11-21', limit: 10 }))).toEqual(['b']);
    expect(ids(await repo.page({ search: 'markets SHARPLY', limit: 10 }))).toEqual(['b']);
    // Words match at their start, accents folded on SQLite; query syntax typed by a member is plain text.
    expect(ids(await repo.page({ search: 'mark', limit: 10 }))).toEqual(['b']);
    expect(ids(await repo.page({ search: '"OR* NEAR(', limit: 10 }))).toEqual([]);
    expect(ids(await repo.page({ limit: 1 }))).toEqual(['c']);
    expect(ids(await repo.page({ limit: 1, after: { createdAt: '2026-11-22T08:00:00.000Z', id: 'c' } }))).toEqual(['b']);
    expect(ids(await repo.page({ limit: 5, before: { createdAt: '2026-11-20T08:00:00.000Z', id: 'a' } }))).toEqual(['c', 'b']);
    expect(ids(await repo.page({ limit: 1, before: { createdAt: '2026-11-20T08:00:00.000Z', id: 'a' } }))).toEqual(['b']);
    expect(await repo.count({ topic: 'world' }, 1000)).toBe(2);
    expect(await repo.count({}, 2)).toBe(2);
    expect(await repo.oldest()).toBe('2026-11-20T08:00:00.000Z');
    // An update replaces the topics and search words.
    await repo.save(brief('b', { topics: ['science'], summary: 'Telescopes.' }, '2026-11-21T08:00:00.000Z'));
    expect(ids(await repo.page({ topic: 'business', limit: 10 }))).toEqual(['c']);
    expect(ids(await repo.page({ search: 'markets', limit: 10 }))).toEqual([]);
    expect(ids(await repo.page({ search: 'telescopes', limit: 10 }))).toEqual(['b']);
  });

  it('hides briefs whose every feed is hidden, in the query itself', async () => {
    store = await openTestStore();
    await store.briefs.save(brief('own', { quotes: [{ text: 'Said in own', speaker: 'Ann Example' }] }, '2026-11-20T08:00:00.000Z', ['https://private.example/rss']));
    await store.briefs.save(brief('mixed', { quotes: [{ text: 'Said in mixed', speaker: 'Ann Example' }] }, '2026-11-20T09:00:00.000Z', ['https://private.example/rss', 'https://public.example/rss']));
    await store.briefs.save(brief('none', { quotes: [{ text: 'Said in none', speaker: 'Ann Example' }] }, '2026-11-20T10:00:00.000Z', []));
    const hiddenFeeds = ['https://private.example/rss'];
    const rows = await store.briefs.page({ limit: 10, hiddenFeeds });
    expect(rows.map((r) => r.brief.id)).toEqual(['none', 'mixed']);
    expect(await store.briefs.count({ hiddenFeeds }, 10)).toBe(2);
    const quotes = await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', hiddenFeeds, limit: 10 });
    expect(quotes.map((h) => [h.briefId, h.headline, h.quote.text])).toEqual([['none', 'Headline none', 'Said in none'], ['mixed', 'Headline mixed', 'Said in mixed']]);
    expect(await store.briefs.countQuotes({ since: '2026-11-01T00:00:00.000Z', hiddenFeeds }, 10)).toBe(2);
    expect(await store.briefs.speakers({ since: '2026-11-01T00:00:00.000Z', hiddenFeeds, limit: 5, window: 10 })).toEqual(['Ann Example']);
  });

  it('finds quotes by speaker words and topic, newest brief first, and ranks speakers', async () => {
    store = await openTestStore();
    const q = (text: string, speaker: string | null, role?: string) => ({ text, speaker, ...(role ? { role } : {}) });
    await store.briefs.save(brief('a', { quotes: [q('First', 'Dmytro Kuleba', 'foreign minister'), q('Second', 'Annalena Baerbock')] }, '2026-11-20T08:00:00.000Z'));
    await store.briefs.save(brief('b', { topics: ['business'], quotes: [q('Third', 'Dmytro Kuleba'), q('Unattributed', null)] }, '2026-11-21T08:00:00.000Z'));
    const hits = await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'kule', limit: 10 });
    expect(hits.map((h) => [h.briefId, h.quote.text])).toEqual([['b', 'Third'], ['a', 'First']]);
    expect(hits[1]!.quote.role).toBe('foreign minister');
    expect((await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', topic: 'business', limit: 10 })).map((h) => h.quote.text)).toEqual(['Third', 'Unattributed']);
    expect((await store.briefs.quotes({ since: '2026-11-21T00:00:00.000Z', limit: 1 })).map((h) => h.quote.text)).toEqual(['Third']);
    expect((await store.briefs.quotes({ since: '2026-11-21T09:00:00.000Z', topic: 'business', limit: 10 })).map((h) => h.quote.text)).toEqual([]);
    expect(await store.briefs.countQuotes({ since: '2026-11-01T00:00:00.000Z' }, 1000)).toBe(4);
    expect(await store.briefs.countQuotes({ since: '2026-11-01T00:00:00.000Z' }, 3)).toBe(3);
    expect(await store.briefs.speakers({ since: '2026-11-01T00:00:00.000Z', limit: 25, window: 100 })).toEqual(['Dmytro Kuleba', 'Annalena Baerbock']);
    expect(await store.briefs.speakers({ since: '2026-11-01T00:00:00.000Z', typed: 'ann', limit: 25, window: 100 })).toEqual(['Annalena Baerbock']);
  });

  it('saves many briefs at once as one by one would, and prunes the oldest with their quotes', async () => {
    store = await openTestStore();
    const q = (speaker: string) => [{ text: `Said by ${speaker}`, speaker }];
    const many = Array.from({ length: 450 }, (_, i) => brief(`m${i}`, { topics: [i % 2 ? 'odd' : 'even'], summary: `Item number${i}`, quotes: q(`Speaker${i % 3}`) }, new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString()));
    expect(await store.briefs.saveMany(many)).toBe(450);
    expect(await store.briefs.saveMany(many.slice(0, 10).map((r) => ({ ...r, brief: { ...r.brief, topics: ['changed'], summary: 'Rewritten telescopes' } })))).toBe(0);
    expect(await store.briefs.count({ topic: 'changed' }, 1000)).toBe(10);
    // An update through saveMany replaces the search words too.
    expect(await store.briefs.count({ search: 'telescopes' }, 1000)).toBe(10);
    expect((await store.briefs.page({ search: 'number3', limit: 50 })).map((r) => r.brief.id)).not.toContain('m3');
    expect(await store.briefs.count({ topic: 'even' }, 1000)).toBe(220);
    expect((await store.briefs.page({ search: 'number449', limit: 5 })).map((r) => r.brief.id)).toEqual(['m449']);
    expect(await store.briefs.countQuotes({ since: '2026-01-01T00:00:00.000Z', speaker: 'speaker1' }, 1000)).toBe(150);
    expect(await store.briefs.prune('2026-11-01T01:00:00.000Z', 25)).toBe(25);
    expect(await store.briefs.prune('2026-11-01T01:00:00.000Z', 100)).toBe(35);
    expect(await store.briefs.prune('2026-11-01T01:00:00.000Z', 100)).toBe(0);
    expect(await store.briefs.count({}, 1000)).toBe(390);
    expect(await store.briefs.oldest()).toBe('2026-11-01T01:00:00.000Z');
    expect(await store.briefs.countQuotes({ since: '2026-01-01T00:00:00.000Z' }, 1000)).toBe(390);
    expect(await store.briefs.page({ search: 'number5', limit: 5 })).toEqual([]);
  });

  it('writes a transaction whole or not at all', async () => {
    store = await openTestStore();
    const s = store;
    await expect(
      s.transaction(async (tx) => {
        await tx.briefs.save(brief('x'));
        await tx.seen.set({ articleId: 'x', feedUrl: 'f', link: 'https://example.org/x', firstSeen: '2026-11-20T10:00:00.000Z', briefId: 'x', contentHash: 'h' });
        throw new Error('crash between the writes');
      }),
    ).rejects.toThrow(/crash/);
    expect(await s.briefs.get('x')).toBeUndefined();
    expect(await s.seen.get('x')).toBeUndefined();
  });

  it('changes one field of a subscription in one statement, only while it is the same subscription', async () => {
    store = await openTestStore();
    const sub = { guildId: 'g', channelId: 'c', channelKind: 'messages' as const, topic: 'world', mode: 'instant' as const, time: null, timezone: 'UTC', since: '2026-11-01T00:00:00.000Z', state: 'active' as const, createdBy: 'u', createdAt: '2026-11-01T00:00:00.000Z' };
    await store.subscriptions.save(sub);
    expect(await store.subscriptions.update('c', 'world', { deliveredThrough: '2026-11-02T00:00:00.000Z' }, { state: 'active', since: sub.since })).toBe(true);
    expect(await store.subscriptions.update('c', 'world', { deliveredThrough: '2026-11-03T00:00:00.000Z' }, { since: 'another' })).toBe(false);
    expect((await store.subscriptions.get('c', 'world'))?.deliveredThrough).toBe('2026-11-02T00:00:00.000Z');
    await store.subscriptions.update('c', 'world', { deliveredThrough: undefined });
    expect((await store.subscriptions.get('c', 'world'))?.deliveredThrough).toBeUndefined();
    expect(await store.subscriptions.pauseChannel('c', 'gone')).toBe(1);
    expect(await store.subscriptions.pausedCount()).toBe(1);
    expect(await store.subscriptions.active('instant')).toEqual([]);
  });

  it('keeps one failed-job record per piece of work, lists the newest first, counts and clears them', async () => {
    store = await openTestStore();
    const jobs = store.failedJobs;
    const poll = failedJobKey.poll('https://example.org/feed');
    await jobs.record({ key: poll, error: 'HTTP 500', attempts: 3, at: '2026-12-01T10:00:00.000Z' });
    await jobs.record({ key: failedJobKey.deliver('c1'), error: 'Discord 503', attempts: 5, at: '2026-12-01T10:05:00.000Z' });
    await jobs.record({ key: failedJobKey.digest, error: 'timeout', attempts: 5, at: '2026-12-01T09:00:00.000Z' });
    // The same work failing again replaces its record.
    await jobs.record({ key: poll, error: 'could not store: disk full', attempts: 10, at: '2026-12-01T11:00:00.000Z' });
    expect(await jobs.count()).toBe(3);
    expect((await jobs.list(10)).map((f) => [f.key, f.attempts])).toEqual([
      [poll, 10],
      ['deliver:c1', 5],
      ['digest', 5],
    ]);
    expect(await jobs.list(1)).toEqual([{ key: poll, error: 'could not store: disk full', attempts: 10, at: '2026-12-01T11:00:00.000Z' }]);
    const found = await jobs.byKeys([poll, failedJobKey.poll('https://example.org/other'), poll]);
    expect([...found.keys()]).toEqual([poll]);
    expect(found.get(poll)!.error).toBe('could not store: disk full');
    expect(await jobs.byKeys([])).toEqual(new Map());
    // A later success clears the record; clearing again finds nothing.
    expect(await jobs.clear(poll)).toBe(true);
    expect(await jobs.clear(poll)).toBe(false);
    expect(await jobs.count()).toBe(2);
    expect((await jobs.list(10)).map((f) => f.key)).toEqual(['deliver:c1', 'digest']);
  });

  it('refuses unknown store URLs with a message naming the supported forms', async () => {
    await expect(openStore('mongodb://u:secret@host/db')).rejects.toThrow(StoreError);
    await expect(openStore('mongodb://u:secret@host/db')).rejects.toThrow(/sqlite:\/\/PATH, redis:\/\/HOST:PORT or postgres/);
    await expect(openStore('mongodb://u:secret@host/db')).rejects.not.toThrow(/secret/);
    expect(redactUrl('postgres://bot:hunter2@db/newsbrief')).toBe('postgres://bot:***@db/newsbrief');
  });

  it('refuses a store written by a newer newsbrief', async () => {
    const url = await testStoreUrl({ file: true });
    const a = await openStore(url);
    await a.collection('meta').set('schema', { schemaVersion: 99, createdAt: '' });
    await a.close();
    await expect(openStore(url)).rejects.toThrow(/newer newsbrief \(schema 99/);
  });

  it('fails fast and clearly when a server store cannot be reached', async () => {
    const started = Date.now();
    await expect(openStore('redis://127.0.0.1:1')).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    await expect(openStore('postgres://bot:hunter2@127.0.0.1:1/db')).rejects.toThrow(/cannot use the store at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED/);
    await expect(openStore('postgres://bot:hunter2@127.0.0.1:1/db')).rejects.not.toThrow(/hunter2/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('names a SQLite path that cannot be a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-store-'));
    writeFileSync(join(dir, 'file'), 'x');
    await expect(openStore(`sqlite://${join(dir, 'file', 'sub', 's.sqlite')}`)).rejects.toThrow(/cannot open SQLite store .*file is not a directory/);
  });
});
