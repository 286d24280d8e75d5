import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { testStoreUrl, TEST_BACKEND } from '../support/store.ts';

/**
 * tests/fixtures/store/v1.sqlite was written by the keyv store of newsbrief before the SQL archive (every
 * record a keyv entry: briefs with a per-day index, seen items, links, subscriptions, the ledger, guild
 * topics, added feeds, story signatures, feed state). On PostgreSQL the same rows go into the `keyv` table
 * the keyv PostgreSQL adapter wrote.
 */
const FIXTURE = new URL('../fixtures/store/v1.sqlite', import.meta.url).pathname;

async function oldStore(): Promise<string> {
  if (TEST_BACKEND === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-v1-')), 'store.sqlite');
    copyFileSync(FIXTURE, path);
    return `sqlite://${path}`;
  }
  const url = await testStoreUrl();
  // Read from a copy: opening the fixture itself would leave SQLite's WAL files beside it.
  const copy = join(mkdtempSync(join(tmpdir(), 'nb-v1-')), 'store.sqlite');
  copyFileSync(FIXTURE, copy);
  const rows = new Sqlite(copy).prepare<[], { key: string; value: string }>('SELECT key, value FROM keyv').all();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
  for (const r of rows) await client.query('INSERT INTO keyv (key, value) VALUES ($1, $2)', [r.key, r.value]);
  await client.end();
  return url;
}

describe(`a store written by the keyv version (${TEST_BACKEND})`, () => {
  it('is migrated on first start with nothing lost, once', async () => {
    const url = await oldStore();
    const store = await openStore(url);

    const briefs = await store.briefs.page({ limit: 100 });
    expect(briefs).toHaveLength(12);
    expect(briefs[0]!.brief.id).toBe('v1brief0012');
    expect(briefs[0]!.brief.sources).toHaveLength(2);
    expect(briefs.find((b) => b.brief.id === 'v1brief0007')!.feedUrls).toEqual(['https://private.example.net/feed.xml']);
    expect((await store.briefs.page({ topic: 'business', limit: 100 })).map((b) => b.brief.id)).not.toContain('v1brief0003');
    expect(await store.briefs.page({ date: '2026-11-15', limit: 10 })).toHaveLength(1);
    expect((await store.briefs.page({ search: 'city 5', limit: 10 })).map((b) => b.brief.id)).toContain('v1brief0005');
    expect((await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'maria', limit: 100 })).length).toBe(6);

    expect(await store.seen.get('art3')).toMatchObject({ briefId: 'v1brief0003', contentHash: 'hash3', link: 'https://news.example.org/story/3' });
    expect((await store.seen.byLinks(['https://news.example.org/empty']))[0]).toMatchObject({ briefId: null, skipped: 'could not condense: no text' });

    const subs = await store.subscriptions.forGuild('300000000000000001');
    expect(subs.map((s) => [s.channelId, s.topic, s.mode, s.state])).toEqual([
      ['300000000000000011', 'business', 'instant', 'active'],
      ['300000000000000012', 'world', 'digest', 'paused'],
    ]);
    expect(subs[0]).toMatchObject({ deliveredThrough: '2026-11-22T08:11:00.000Z', lastPostAt: '2026-11-22T08:12:00.000Z' });
    expect(subs[1]).toMatchObject({ time: '08:00', timezone: 'Europe/Berlin', mentionRoleId: '500000000000000001', pausedReason: 'Missing Access', lastDigestDate: '2026-11-21' });

    expect(await store.deliveries.get('300000000000000011', 'v1brief0001')).toMatchObject({ state: 'sent', messageId: '600000000000000001' });
    expect(await store.deliveries.get('300000000000000011', 'v1brief0002')).toMatchObject({ state: 'sending' });
    expect(await store.deliveries.get('300000000000000012', 'digest:world:2026-11-21:1')).toMatchObject({ state: 'sent', threadId: '600000000000000002' });

    expect(await store.guildTopics.list('300000000000000001')).toEqual([{ name: 'ports', keywords: ['port', 'dock workers'] }]);
    expect(await store.addedFeeds.get('https://private.example.net/feed.xml')).toEqual({
      url: 'https://private.example.net/feed.xml',
      name: 'Private Feed',
      guildIds: ['300000000000000001'],
      addedBy: '400000000000000001',
      addedAt: '2026-11-05T00:00:00.000Z',
    });
    expect(await store.stories.since('2026-11-01T00:00:00.000Z')).toEqual([{ id: 'v1brief0012', sig: [1, 2, 3], at: '2026-11-22T08:12:00.000Z' }]);
    // Feed state stays key-value state, read as it was written.
    expect(await store.feedStates.get('https://news.example.org/rss')).toMatchObject({ etag: '"abc"', itemsSeen: 42 });
    // The old archive records are gone from keyv (one home per record).
    let left = 0;
    for await (const _ of store.collection('briefs').entries()) left++;
    expect(left).toBe(0);
    await store.close();

    // A second start imports nothing again and keeps what the first wrote.
    const again = await openStore(url);
    expect(await again.briefs.count({}, 1000)).toBe(12);
    expect(await again.subscriptions.forGuild('300000000000000001')).toHaveLength(2);
    await again.close();
  });
});

/** Runs statements on the test store's database itself, on either backend. */
async function execute(url: string, statements: string[]): Promise<void> {
  if (TEST_BACKEND === 'sqlite') {
    const db = new Sqlite(url.replace(/^sqlite:\/\//, ''));
    for (const s of statements) db.exec(s);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of statements) await client.query(s);
  await client.end();
}

async function keyvRecords(store: Store): Promise<number> {
  let n = 0;
  for await (const _ of store.collection('job-failures').entries()) n++;
  return n;
}

describe(`a store whose failed jobs are in keyv (${TEST_BACKEND})`, () => {
  it('moves them into their table on start, keeping a later failure the table has', async () => {
    const url = await testStoreUrl({ file: true });
    // The layout of the version before the failed-jobs table: migration 0001 only, records in keyv.
    const before = await openStore(url);
    const old = before.collection<Record<string, unknown>>('job-failures');
    await old.set('poll:https://example.org/feed', { key: 'poll:https://example.org/feed', error: 'could not store: timeout', attempts: 10, at: '2026-11-30T10:00:00.000Z' });
    await old.set('deliver:300000000000000011', { key: 'deliver:300000000000000011', error: '2 post(s) did not go out', attempts: 10, at: '2026-11-30T11:00:00.000Z' });
    await old.set('digest', { key: 'digest', error: 'Discord 503', attempts: 10, at: '2026-11-29T08:00:00.000Z' });
    await before.close();
    await execute(url, ['DROP TABLE failed_jobs', "DELETE FROM kysely_migration WHERE name = '0002_failed_jobs'"]);

    const store = await openStore(url);
    expect(await store.failedJobs.count()).toBe(3);
    expect(await store.failedJobs.list(10)).toEqual([
      { key: 'deliver:300000000000000011', error: '2 post(s) did not go out', attempts: 10, at: '2026-11-30T11:00:00.000Z' },
      { key: 'poll:https://example.org/feed', error: 'could not store: timeout', attempts: 10, at: '2026-11-30T10:00:00.000Z' },
      { key: 'digest', error: 'Discord 503', attempts: 10, at: '2026-11-29T08:00:00.000Z' },
    ]);
    // One home: the keyv records are gone.
    expect(await keyvRecords(store)).toBe(0);
    // A process of the earlier version still running writes keyv records meanwhile: the next start moves
    // them too, but never over a later failure of the same work.
    await store.failedJobs.record({ key: 'digest', error: 'Discord 502', attempts: 10, at: '2026-12-01T08:00:00.000Z' });
    await store.collection('job-failures').set('digest', { key: 'digest', error: 'older', attempts: 1, at: '2026-11-30T08:00:00.000Z' });
    await store.collection('job-failures').set('deliver:300000000000000012', { key: 'deliver:300000000000000012', error: 'Discord 500', attempts: 10, at: '2026-11-30T12:00:00.000Z' });
    await store.close();
    const again = await openStore(url);
    expect((await again.failedJobs.list(10)).map((f) => [f.key, f.error])).toEqual([
      ['digest', 'Discord 502'],
      ['deliver:300000000000000012', 'Discord 500'],
      ['deliver:300000000000000011', '2 post(s) did not go out'],
      ['poll:https://example.org/feed', 'could not store: timeout'],
    ]);
    expect(await keyvRecords(again)).toBe(0);
    await again.close();
  });
});
