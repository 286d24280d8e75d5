import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { discordBudget, GUARD_MS, WINDOW_MS } from '../../src/cluster/budget.ts';
import { clusterProblem, parseRoles, type ClusterStatus } from '../../src/cluster/index.ts';
import { withLock } from '../../src/cluster/lock.ts';
import { startPoller } from '../../src/cluster/poller.ts';
import { openQueues, pollJob } from '../../src/cluster/queues.ts';
import { tickTime } from '../../src/cluster/scheduler.ts';
import { parseConfig } from '../../src/config/index.ts';
import { failedJobKey, openStore, type Store } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import defaults from '../../config/default.json' with { type: 'json' };
import { startRedis, type TestServer } from '../support/servers.ts';

const BIN = fileURLToPath(new URL('../../bin/newsbrief.js', import.meta.url));
const config = (over: Record<string, unknown>) => parseConfig({ ...defaults, ...over });

describe('roles and their configuration', () => {
  it('reads --role values, repeated, comma-separated or all, and names a wrong one', () => {
    expect(parseRoles(['poller', 'deliverer'])).toEqual(['poller', 'deliverer']);
    expect(parseRoles(['gateway,scheduler'])).toEqual(['scheduler', 'gateway']);
    expect(parseRoles(['all'])).toEqual(['scheduler', 'poller', 'deliverer', 'gateway']);
    expect(parseRoles(['poler'])).toBe('--role expects scheduler, poller, deliverer, gateway or all, not "poler"');
  });

  it('asks for a Redis queue, a PostgreSQL store and the token where a role needs them', () => {
    expect(clusterProblem(config({}), ['poller'], {})).toMatch(/^--role needs "queue" in the config/);
    expect(clusterProblem(config({ queue: 'redis://127.0.0.1:6379' }), ['poller'], {})).toMatch(/"store" must be a PostgreSQL URL .* it is a sqlite store/);
    const ok = config({ queue: 'redis://127.0.0.1:6379', store: 'postgres://u@127.0.0.1/db' });
    expect(clusterProblem(ok, ['scheduler', 'poller'], {})).toBeNull();
    expect(clusterProblem(ok, ['deliverer', 'gateway'], {})).toMatch(/DISCORD_TOKEN is not set; the deliverer and gateway roles need the bot token/);
    expect(() => config({ queue: 'http://x' })).toThrow(/queue: expected a Redis URL/);
  });

  it('exits 2 with the message from the command line, and runs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-roles-'));
    try {
      writeFileSync(join(dir, 'sqlite.json'), JSON.stringify({ queue: 'redis://127.0.0.1:1', store: 'sqlite://x.sqlite' }));
      const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'start', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, DISCORD_TOKEN: '' } });
      const noQueue = run(['--role', 'poller']);
      expect(noQueue.status).toBe(2);
      expect(noQueue.stderr).toMatch(/^newsbrief: --role needs "queue"/);
      const sqlite = run(['--role', 'scheduler', '--config', 'sqlite.json']);
      expect(sqlite.status).toBe(2);
      expect(sqlite.stderr).toMatch(/"store" must be a PostgreSQL URL/);
      const bad = run(['--role', 'cook']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('not "cook"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads the instant a job scheduler tick stands for from its id', () => {
    expect(tickTime({ id: 'repeat:poll:1796122119000', timestamp: 5 }).toISOString()).toBe(new Date(1796122119000).toISOString());
    expect(tickTime({ id: 'other', timestamp: 1000 }).getTime()).toBe(1000);
  });
});

describe('the shared budget and locks on a real Redis', () => {
  let server: TestServer | null = null;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    if (server) redis = new Redis(server.url, { maxRetriesPerRequest: null });
  }, 30_000);
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('lets no more than the budget through in any window, across several takers', async () => {
    if (!server) throw new Error('redis-server could not be started (.ci/run installs it)');
    const budget = discordBudget(redis, 10);
    const other = discordBudget(redis, 10);
    const times: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? budget : other).take().then(() => times.push(Date.now()))));
    times.sort((a, b) => a - b);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(WINDOW_MS + GUARD_MS - 20);
    // And it is a budget, not a brake: 30 requests at 10 per window take about two windows.
    expect(Date.now() - start).toBeLessThan(4 * (WINDOW_MS + GUARD_MS));
    expect((await budget.usage()).lastSecond).toBeGreaterThan(0);
  });

  it('newsbrief status reports the work that failed for good from the store, newest first, URLs redacted', async () => {
    if (!server) throw new Error('redis-server could not be started (.ci/run installs it)');
    const dir = mkdtempSync(join(tmpdir(), 'nb-status-'));
    try {
      const storeUrl = `sqlite://${join(dir, 's.sqlite')}`;
      const store = await openStore(storeUrl);
      await store.failedJobs.record({ key: failedJobKey.poll('https://reader:s3cret@feeds.example/rss'), error: 'could not store: timeout', attempts: 10, at: '2026-12-01T10:00:00.000Z' });
      await store.failedJobs.record({ key: failedJobKey.deliver('300000000000000011'), error: '1 post(s) to channel 300000000000000011 did not go out', attempts: 10, at: '2026-12-01T11:00:00.000Z' });
      await store.close();
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ queue: server.url, store: storeUrl }));
      const run = (json: boolean) => spawnSync(process.execPath, [BIN, 'status', ...(json ? ['--json'] : []), '--config', join(dir, 'config.json')], { cwd: dir, encoding: 'utf8' });
      const json = run(true);
      expect(json.status, json.stderr).toBe(0);
      expect(json.stdout).not.toContain('s3cret');
      const s = JSON.parse(json.stdout) as ClusterStatus;
      expect(s.failedWork.total).toBe(2);
      expect(s.failedWork.newest.map((f) => [f.key, f.attempts])).toEqual([
        ['deliver:300000000000000011', 10],
        ['poll:https://reader:***@feeds.example/rss', 10],
      ]);
      const plain = run(false);
      expect(plain.status, plain.stderr).toBe(0);
      expect(plain.stdout).not.toContain('s3cret');
      expect(plain.stdout).toContain('failed for good, until the work succeeds again: 2\n  deliver:300000000000000011: 1 post(s) to channel 300000000000000011 did not go out (10 tries, 2026-12-01T11:00:00.000Z)\n  poll:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('records a poll job that failed after every retry in the store, and clears it once the feed is polled again', async () => {
    if (!server) throw new Error('redis-server could not be started (.ci/run installs it)');
    const feed = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://example.invalid/</link><description>d</description><item><title>Harbour reopens</title><link>http://example.invalid/1</link><guid>g1</guid><description>The harbour reopened on Monday after the storm, officials said.</description></item></channel></rss>'),
    );
    feed.listen(0, '127.0.0.1');
    await once(feed, 'listening');
    const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rss`;
    const store = await openStore('sqlite://:memory:');
    // Storing fails until the disk is "fixed"; everything else about the store works.
    let broken = true;
    const flaky: Store = { ...store, transaction: (fn) => (broken ? Promise.reject(new Error('disk full')) : store.transaction(fn)) };
    const cfg = config({ queue: server.url, store: 'postgres://unused@127.0.0.1/x', cluster: { ...defaults.cluster, attempts: 1 }, fetch: { ...defaults.fetch, allowPrivateAddresses: true, fullText: false } });
    const connection = new Redis(server.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    const poller = startPoller({ config: cfg, store: flaky, queues, connection, log: silentLogger });
    const key = failedJobKey.poll(url);
    const record = async () => (await store.failedJobs.byKeys([key])).get(key);
    const eventually = async <T>(get: () => Promise<T>, what: string) => {
      for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
        const v = await get();
        if (v) return v;
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    try {
      const add = (due: Date) => {
        const j = pollJob(cfg, { url, added: false }, due);
        return queues.poll.add(j.name, j.data, j.opts);
      };
      await add(new Date(Date.now() - 60_000));
      const failed = await eventually(record, 'the failure record');
      expect(failed).toMatchObject({ key, attempts: 1, error: expect.stringMatching(/could not store its items: disk full/) });
      broken = false;
      await add(new Date());
      await eventually(async () => !(await record()), 'the record to be cleared');
      expect(await store.briefs.count({}, 10)).toBe(1);
    } finally {
      await poller.stop();
      await queues.close();
      connection.disconnect();
      await store.close();
      feed.close();
    }
  }, 60_000);

  it('hands every brief a poll job stores to delivery: a job for each channel whose topic it matches', async () => {
    if (!server) throw new Error('redis-server could not be started (.ci/run installs it)');
    // Two items: the cycle report carries only ids, so the poller must get the records as they are stored.
    const items = [
      ['Harbour reopens after the storm', 'The harbour reopened on Monday after the storm, the port authority said.'],
      ['Council approves a tram line', 'The city council approved a new tram line on Thursday after a year of debate.'],
    ];
    const feed = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://example.invalid/</link><description>d</description>${items.map(([t, d], i) => `<item><title>${t}</title><link>http://example.invalid/${i}</link><guid>g${i}</guid><description>${d}</description></item>`).join('')}</channel></rss>`),
    );
    feed.listen(0, '127.0.0.1');
    await once(feed, 'listening');
    const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rss`;
    const store = await openStore('sqlite://:memory:');
    const sub = (channelId: string, topic: string) => ({ guildId: 'g1', channelId, channelKind: 'messages' as const, topic, mode: 'instant' as const, time: null, timezone: 'UTC', since: '2026-01-01T00:00:00.000Z', state: 'active' as const, createdBy: 'u1', createdAt: '2026-01-01T00:00:00.000Z' });
    await store.guildTopics.add('g1', { name: 'harbours', keywords: ['harbour'] });
    await store.guildTopics.add('g1', { name: 'trams', keywords: ['tram'] });
    await store.guildTopics.add('g1', { name: 'volcanoes', keywords: ['volcano'] });
    await store.subscriptions.save(sub('300000000000000001', 'harbours'));
    await store.subscriptions.save(sub('300000000000000002', 'trams'));
    await store.subscriptions.save(sub('300000000000000003', 'volcanoes'));
    const cfg = config({ queue: server.url, store: 'postgres://unused@127.0.0.1/x', fetch: { ...defaults.fetch, allowPrivateAddresses: true, fullText: false } });
    const connection = new Redis(server.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    await queues.deliver.obliterate({ force: true });
    const poller = startPoller({ config: cfg, store, queues, connection, log: silentLogger });
    try {
      const j = pollJob(cfg, { url, added: false }, new Date(Date.now() - 60_000));
      await queues.poll.add(j.name, j.data, j.opts);
      // The poller adds the delivery jobs of one poll at once; completed poll jobs are removed.
      const delivered = async () => (await queues.deliver.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).map((d) => (d.data as { channelId: string }).channelId).sort();
      let channels: string[] = [];
      for (const end = Date.now() + 30_000; !(channels = await delivered()).length; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > end) throw new Error('timed out waiting for the delivery jobs of the poll');
      }
      expect(await store.briefs.count({}, 10)).toBe(2);
      expect(channels).toEqual(['300000000000000001', '300000000000000002']);
    } finally {
      await poller.stop();
      await queues.deliver.obliterate({ force: true });
      await queues.close();
      connection.disconnect();
      await store.close();
      feed.close();
    }
  }, 60_000);

  it('holds a lock for one holder at a time and tells a holder whose lock expired', async () => {
    if (!server) throw new Error('redis-server could not be started (.ci/run installs it)');
    let second: { ok: boolean } | undefined;
    const first = await withLock(redis, 'test:lock', 2000, async (held) => {
      second = await withLock(redis, 'test:lock', 2000, async () => 'no');
      expect(await held()).toBe(true);
      await redis.del('test:lock');
      return held();
    });
    expect(second).toEqual({ ok: false });
    expect(first).toEqual({ ok: true, value: false });
    expect(await withLock(redis, 'test:lock', 2000, async () => 'free again')).toEqual({ ok: true, value: 'free again' });
  });
});
