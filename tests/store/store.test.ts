import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../src/store/index.ts';
import { redactUrl } from '../../src/util/redact-url.ts';
import { briefRepository, type StoredBrief } from '../../src/store/briefs.ts';

function brief(id: string, over: Partial<StoredBrief['brief']> = {}, createdAt = '2026-11-20T10:00:00.000Z'): StoredBrief {
  return {
    brief: { id, headline: `Headline ${id}`, date: createdAt.slice(0, 10), source: 'Test', link: `https://example.org/${id}`, summary: 'A thing happened.', quotes: [], context: [], topics: ['world'], ...over },
    createdAt,
    updatedAt: createdAt,
    feedUrls: ['https://example.org/feed'],
    articleIds: [id],
    contentHash: 'h',
  };
}

describe('store', () => {
  it('creates the SQLite file and its directory, and keeps records across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-store-'));
    const url = `sqlite://${join(dir, 'nested/deeper/state.sqlite')}`;
    const a = await openStore(url);
    await a.collection<{ n: number }>('things').set('x', { n: 1 });
    await a.collection<{ n: number }>('other').set('x', { n: 2 });
    await a.close();
    const b = await openStore(url);
    expect(await b.collection<{ n: number }>('things').get('x')).toEqual({ n: 1 });
    expect(await b.collection<{ n: number }>('other').get('x')).toEqual({ n: 2 });
    const keys: string[] = [];
    for await (const [k] of b.collection('things').entries()) keys.push(k);
    expect(keys).toEqual(['x']);
    await b.close();
  });

  it('lists a collection larger than one page, and only that collection', async () => {
    const s = await openStore('sqlite://:memory:');
    const c = s.collection<number>('many');
    for (let i = 0; i < 1200; i++) await c.set(`k${i}`, i);
    await s.collection<number>('many-other').set('k0', -1);
    let n = 0;
    let sum = 0;
    for await (const [, v] of c.entries()) {
      n++;
      sum += v;
    }
    expect(n).toBe(1200);
    expect(sum).toBe((1199 * 1200) / 2);
    await s.close();
  });

  it('refuses unknown store URLs with a message naming the supported forms', async () => {
    await expect(openStore('mongodb://u:secret@host/db')).rejects.toThrow(StoreError);
    await expect(openStore('mongodb://u:secret@host/db')).rejects.toThrow(/sqlite:\/\/PATH, redis:\/\/HOST:PORT or postgres/);
    await expect(openStore('mongodb://u:secret@host/db')).rejects.not.toThrow(/secret/);
    expect(redactUrl('postgres://bot:hunter2@db/newsbrief')).toBe('postgres://bot:***@db/newsbrief');
  });

  it('refuses a store written by a newer schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-store-'));
    const url = `sqlite://${join(dir, 's.sqlite')}`;
    const a = await openStore(url);
    await a.collection('meta').set('schema', { schemaVersion: 99, createdAt: '' });
    await a.close();
    await expect(openStore(url)).rejects.toThrow(/newer newsbrief \(schema 99/);
  });

  it('queries briefs newest first by topic, date and search words', async () => {
    const s = await openStore('sqlite://:memory:');
    const repo = briefRepository(s);
    expect(await repo.save(brief('a', { topics: ['world'] }, '2026-11-20T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('b', { topics: ['business'], summary: 'Markets fell sharply.' }, '2026-11-21T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('c', { topics: ['world', 'business'] }, '2026-11-22T08:00:00.000Z'))).toBe(true);
    expect(await repo.save(brief('c', { topics: ['world', 'business'] }, '2026-11-22T08:00:00.000Z'))).toBe(false);
    const now = new Date('2026-11-22T12:00:00Z');
    expect((await repo.query({}, now)).map((r) => r.brief.id)).toEqual(['c', 'b', 'a']);
    expect((await repo.query({ topics: ['business'] }, now)).map((r) => r.brief.id)).toEqual(['c', 'b']);
    expect((await repo.query({ date: '2026-11-21' }, now)).map((r) => r.brief.id)).toEqual(['b']);
    expect((await repo.query({ search: 'markets SHARPLY' }, now)).map((r) => r.brief.id)).toEqual(['b']);
    expect((await repo.query({ limit: 1 }, now)).map((r) => r.brief.id)).toEqual(['c']);
    await s.close();
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
