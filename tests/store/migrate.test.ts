import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { briefText, openStore, type Store, type StoredBrief } from '../../src/store/index.ts';
import { oldLayout, storedBrief, testStoreUrl, TEST_BACKEND } from '../support/store.ts';

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
    expect(await store.stories.since('2026-11-01T00:00:00.000Z')).toEqual([{ id: 'v1brief0012', sig: [1, 2, 3], at: '2026-11-22T08:12:00.000Z', seq: expect.any(Number) }]);
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

async function keyvRecords(store: Store): Promise<number> {
  let n = 0;
  for await (const _ of store.collection('job-failures').entries()) n++;
  return n;
}

describe(`a store whose failed jobs are in keyv (${TEST_BACKEND})`, () => {
  it('moves them into their table on start, keeping a later failure the table has', async () => {
    const url = await testStoreUrl({ file: true });
    // The layout of the version before the failed-jobs table: migration 0001 only, records in keyv.
    await oldLayout(url, '0001_archive', async (_db, kv) => {
      const old = kv.collection<Record<string, unknown>>('job-failures');
      await old.set('poll:https://example.org/feed', { key: 'poll:https://example.org/feed', error: 'could not store: timeout', attempts: 10, at: '2026-11-30T10:00:00.000Z' });
      await old.set('deliver:300000000000000011', { key: 'deliver:300000000000000011', error: '2 post(s) did not go out', attempts: 10, at: '2026-11-30T11:00:00.000Z' });
      await old.set('digest', { key: 'digest', error: 'Discord 503', attempts: 10, at: '2026-11-29T08:00:00.000Z' });
    });

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

describe(`a store whose briefs' rows point at brief ids (${TEST_BACKEND})`, () => {
  // Three briefs as the version before 0003 wrote them: topics, feeds, quotes, story signatures and search words by brief id.
  const old: StoredBrief[] = [
    storedBrief('b-one', { headline: 'Harbour reopens after storm', topics: ['world', 'weather'], quotes: [{ text: 'We are open again.', speaker: 'Ana Ruiz', role: 'harbour master' }] }, '2026-11-20T10:00:00.000Z', ['https://a.example/feed']),
    storedBrief('b-two', { headline: 'Council passes budget', topics: ['politics'], quotes: [{ text: 'A fair budget.', speaker: 'Tom Berg' }, { text: 'Not enough.', speaker: 'Ana Ruiz' }] }, '2026-11-21T10:00:00.000Z', ['https://b.example/feed']),
    storedBrief('b-three', { headline: 'Rail strike ends', topics: ['world'] }, '2026-11-22T10:00:00.000Z', ['https://a.example/feed', 'https://b.example/feed']),
  ];
  const sqlite = TEST_BACKEND === 'sqlite';

  async function writeOld(url: string) {
    await oldLayout(url, '0002_failed_jobs', async (db) => {
      for (const r of old) {
        const b = r.brief;
        await sql`INSERT INTO briefs (id, created_at, updated_at, day, brief, feed_urls, article_ids, content_hash, lang) VALUES (${b.id}, ${r.createdAt}, ${r.updatedAt}, ${b.date}, ${JSON.stringify(b)}, ${JSON.stringify(r.feedUrls)}, ${JSON.stringify(r.articleIds)}, ${r.contentHash}, 'en')`.execute(db);
        for (const topic of b.topics) await sql`INSERT INTO brief_topics (brief_id, topic, created_at) VALUES (${b.id}, ${topic}, ${r.createdAt})`.execute(db);
        for (const feed of r.feedUrls) await sql`INSERT INTO brief_feeds (brief_id, feed_url) VALUES (${b.id}, ${feed})`.execute(db);
        for (const [position, q] of b.quotes.entries()) {
          if (sqlite) await sql`INSERT INTO quotes (brief_id, position, created_at, text, speaker, role) VALUES (${b.id}, ${position}, ${r.createdAt}, ${q.text}, ${q.speaker}, ${q.role ?? null})`.execute(db);
          else await sql`INSERT INTO quotes (brief_id, position, created_at, text, speaker, role, speaker_search) VALUES (${b.id}, ${position}, ${r.createdAt}, ${q.text}, ${q.speaker}, ${q.role ?? null}, to_tsvector('simple', ${q.speaker ?? ''}))`.execute(db);
        }
        if (sqlite) {
          await sql`INSERT INTO briefs_fts (rowid, body) SELECT rowid, ${briefText(b)} FROM briefs WHERE id = ${b.id}`.execute(db);
          await sql`INSERT INTO quotes_fts (rowid, speaker) SELECT rowid, speaker FROM quotes WHERE brief_id = ${b.id} AND speaker IS NOT NULL`.execute(db);
        } else {
          await sql`UPDATE briefs SET search = to_tsvector('simple', ${briefText(b)}) WHERE id = ${b.id}`.execute(db);
        }
        await sql`INSERT INTO stories (brief_id, sig, at) VALUES (${b.id}, ${JSON.stringify([1, 2, old.indexOf(r)])}, ${r.createdAt})`.execute(db);
      }
    });
  }

  it('keeps every brief, topic, feed, quote, search word and story signature, and goes on from there', async () => {
    const url = await testStoreUrl({ file: true });
    await writeOld(url);
    const store = await openStore(url);
    expect((await store.briefs.page({ limit: 10 })).map((r) => r.brief.id)).toEqual(['b-three', 'b-two', 'b-one']);
    expect(await store.briefs.get('b-two')).toEqual(old[1]);
    expect((await store.briefs.page({ limit: 10, topic: 'world' })).map((r) => r.brief.id)).toEqual(['b-three', 'b-one']);
    expect((await store.briefs.page({ limit: 10, search: 'harbour' })).map((r) => r.brief.id)).toEqual(['b-one']);
    // A brief only in a hidden feed is left out; one also in a visible feed stays.
    expect((await store.briefs.page({ limit: 10, hiddenFeeds: ['https://a.example/feed'] })).map((r) => r.brief.id)).toEqual(['b-three', 'b-two']);
    const quotes = await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', limit: 10 });
    expect(quotes.map((q) => [q.briefId, q.quote.speaker])).toEqual([['b-two', 'Tom Berg'], ['b-two', 'Ana Ruiz'], ['b-one', 'Ana Ruiz']]);
    expect((await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'ruiz', limit: 10 })).map((q) => q.quote.text)).toEqual(['Not enough.', 'We are open again.']);
    expect(await store.briefs.speakers({ since: '2026-11-01T00:00:00.000Z', typed: 'an', limit: 5, window: 100 })).toEqual(['Ana Ruiz']);
    expect((await store.stories.since('2026-11-01T00:00:00.000Z')).map((s) => [s.id, s.sig])).toEqual([['b-one', [1, 2, 0]], ['b-two', [1, 2, 1]], ['b-three', [1, 2, 2]]]);

    // New briefs and updates after the migration: new rows come after the old ones, an update replaces its rows.
    expect(await store.briefs.save(storedBrief('b-four', { headline: 'Ferry timetable changes', topics: ['world'], quotes: [{ text: 'Earlier boats.', speaker: 'Lea Moss' }] }, '2026-11-23T10:00:00.000Z'))).toBe(true);
    await store.stories.remember('b-four', [9], '2026-11-23T10:00:00.000Z');
    expect(await store.briefs.save({ ...old[0]!, brief: { ...old[0]!.brief, headline: 'Harbour reopens for good', topics: ['weather'], quotes: [] } })).toBe(false);
    expect((await store.briefs.page({ limit: 10, topic: 'world' })).map((r) => r.brief.id)).toEqual(['b-four', 'b-three']);
    expect((await store.briefs.page({ limit: 10, search: 'ferry' })).map((r) => r.brief.id)).toEqual(['b-four']);
    expect((await store.briefs.page({ limit: 10, search: 'good' })).map((r) => r.brief.id)).toEqual(['b-one']);
    expect((await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'ruiz', limit: 10 })).map((q) => q.quote.text)).toEqual(['Not enough.']);
    expect((await store.stories.since('2026-11-01T00:00:00.000Z')).map((s) => s.id)).toEqual(['b-one', 'b-two', 'b-three', 'b-four']);

    // Retention takes a brief with everything that points at it.
    expect(await store.briefs.prune('2026-11-21T12:00:00.000Z', 10)).toBe(2);
    expect((await store.briefs.page({ limit: 10 })).map((r) => r.brief.id)).toEqual(['b-four', 'b-three']);
    expect(await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'ruiz', limit: 10 })).toEqual([]);
    expect((await store.stories.since('2026-11-01T00:00:00.000Z')).map((s) => s.id)).toEqual(['b-three', 'b-four']);
    await store.close();

    // The next start runs nothing again.
    const again = await openStore(url);
    expect(await again.briefs.count({}, 100)).toBe(2);
    await again.close();
  });

  it.runIf(sqlite)('on SQLite, does nothing when another process ran it first', async () => {
    const url = await testStoreUrl({ file: true });
    await writeOld(url);
    await (await openStore(url)).close();
    // A second process that read the list of migrations before the first recorded 0003 runs it again.
    await oldLayout(url, '0003_brief_seq', async (db) => {
      await sql`DELETE FROM kysely_migration WHERE name = '0003_brief_seq'`.execute(db);
    });
    const store = await openStore(url);
    expect((await store.briefs.page({ limit: 10 })).map((r) => r.brief.id)).toEqual(['b-three', 'b-two', 'b-one']);
    expect((await store.briefs.quotes({ since: '2026-11-01T00:00:00.000Z', speaker: 'ruiz', limit: 10 })).map((q) => q.quote.text)).toEqual(['Not enough.', 'We are open again.']);
    await store.close();
  });
});
