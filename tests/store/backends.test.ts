import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { briefRepository, type StoredBrief } from '../../src/store/briefs.ts';
import { has, startPostgres, startRedis, type TestServer } from '../support/servers.ts';

// The same store contract over every backend a store URL can select, against real servers.
const backends: { name: string; available: boolean; start: () => Promise<TestServer | null> }[] = [
  { name: 'redis', available: has('redis-server'), start: startRedis },
  { name: 'postgres', available: has('initdb') && has('pg_ctl'), start: startPostgres },
];

function stored(id: string, createdAt: string, topics: string[]): StoredBrief {
  return {
    brief: { id, headline: `H ${id}`, date: createdAt.slice(0, 10), source: 'S', link: '', summary: 'Summary.', quotes: [{ text: 'a quote here', speaker: 'Jane Doe' }], context: [], topics },
    createdAt,
    updatedAt: createdAt,
    feedUrls: [],
    articleIds: [id],
    contentHash: 'x',
  };
}

for (const backend of backends) {
  // Skipped, and reported as skipped, where the machine lacks the server binary.
  describe.skipIf(!backend.available)(`store over ${backend.name}`, () => {
    let server: TestServer | null = null;
    beforeAll(async () => {
      server = await backend.start();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('keeps collections apart, lists them, and survives a reconnect', async () => {
      if (!server) throw new Error(`${backend.name} did not start`);
      const a = await openStore(server.url);
      const things = a.collection<{ n: number }>('things');
      await things.set('x', { n: 1 });
      await things.set('y', { n: 2 });
      await a.collection<{ n: number }>('other').set('x', { n: 3 });
      expect(await things.get('x')).toEqual({ n: 1 });
      expect(await things.has('y')).toBe(true);
      expect(await things.delete('y')).toBe(true);
      expect(await things.has('y')).toBe(false);
      const keys: string[] = [];
      for await (const [k, v] of things.entries()) keys.push(`${k}=${v.n}`);
      expect(keys).toEqual(['x=1']);
      await a.close();

      const b = await openStore(server.url);
      expect(await b.collection<{ n: number }>('other').get('x')).toEqual({ n: 3 });
      const repo = briefRepository(b);
      await repo.save(stored('b1', '2026-11-20T10:00:00.000Z', ['world']));
      await repo.save(stored('b2', '2026-11-21T10:00:00.000Z', ['business']));
      const found = await repo.query({ topics: ['business'] }, new Date('2026-11-22T00:00:00Z'));
      expect(found.map((r) => r.brief.id)).toEqual(['b2']);
      expect(found[0]!.brief.quotes[0]!.speaker).toBe('Jane Doe');
      await b.close();
    }, 60_000);
  });
}
