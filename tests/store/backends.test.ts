import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { has, startRedis, type TestServer } from '../support/servers.ts';

// Key-value state on Redis (the archive stays in SQL), against a real server. The archive's own
// backends are covered by running the whole suite on SQLite and on PostgreSQL.
describe.skipIf(!has('redis-server'))('key-value state over redis', () => {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps collections apart, lists them, and survives a reconnect', async () => {
    if (!server) throw new Error('redis did not start');
    const a = await openStore({ url: 'sqlite://:memory:', keyValue: server.url });
    const things = a.collection<{ n: number }>('things');
    await things.set('x', { n: 1 });
    await things.set('y', { n: 2 });
    await a.collection<{ n: number }>('other').set('x', { n: 3 });
    expect(await things.get('x')).toEqual({ n: 1 });
    expect(await things.delete('y')).toBe(true);
    expect(await things.has('y')).toBe(false);
    const keys: string[] = [];
    for await (const [k, v] of things.entries()) keys.push(`${k}=${v.n}`);
    expect(keys).toEqual(['x=1']);
    await a.feedStates.set('https://example.org/rss', { url: 'https://example.org/rss', consecutiveFailures: 0, unhealthy: false, itemsSeen: 3 });
    await a.close();

    const b = await openStore({ url: 'sqlite://:memory:', keyValue: server.url });
    expect(await b.collection<{ n: number }>('other').get('x')).toEqual({ n: 3 });
    expect((await b.feedStates.get('https://example.org/rss'))?.itemsSeen).toBe(3);
    await b.close();
  }, 60_000);
});
