/**
 * The scaled-out bot as separate processes against real servers: redis-server and PostgreSQL on
 * loopback, 1 scheduler, 3 pollers, 2 deliverers and 1 gateway (`newsbrief start --role ...`), a local
 * feed server and the fake Discord. A poller and a deliverer are killed with SIGKILL in the middle of
 * their jobs and the scheduler once (a new one takes over); every brief must still be posted exactly
 * once to every channel subscribed to its topic, within the shared Discord budget.
 *
 * The servers must start: where redis-server or PostgreSQL cannot, this test fails (it never skips).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import pgClient from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { ClusterStatus } from '../../src/cluster/index.ts';
import { GUARD_MS, WINDOW_MS } from '../../src/cluster/budget.ts';
import { openQueues, type Queues } from '../../src/cluster/queues.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { StoredBrief } from '../../src/store/index.ts';
import { startFakeDiscord, type FakeDiscord, type Post, type RecordedRequest } from '../support/fake-discord.ts';
import { startPostgres, startRedis, type TestServer } from '../support/servers.ts';
import { startFeeds } from './feeds.ts';
import { startRole, type RoleProcess } from './processes.ts';

const GUILD = '300000000000000001';
const A = '300000000000000011'; // alpha
const B = '300000000000000012'; // beta
const C = '300000000000000013'; // alpha and beta
const SUBSCRIBED: Record<string, string[]> = { [A]: ['alpha'], [B]: ['beta'], [C]: ['alpha', 'beta'] };
const BUDGET = 8;
const FEEDS = 8;

let redis: TestServer | null = null;
let pg: TestServer | null = null;
let fake: FakeDiscord;
let feeds: Awaited<ReturnType<typeof startFeeds>>;
let store: Store;
/** The test's own view of the queues (to see when they settle). */
let queues: Queues;
let queueConnection: Redis | undefined;
let dir: string;
const procs: RoleProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves when `get` returns something, checking every `everyMs`. `ms` is only a deadline for a
 * clear message when something never happens, far beyond what a loaded machine needs.
 */
async function until<T>(get: () => Promise<T | undefined | false>, ms: number, what: string, everyMs = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The brief id a post carries in its embed footer (`... · id <briefId>`). */
function briefIdOf(p: Post): string | undefined {
  const embeds = (p.body.embeds ?? []) as { footer?: { text?: string } }[];
  for (const e of embeds) for (const part of (e.footer?.text ?? '').split(' · ')) if (part.startsWith('id ')) return part.slice(3);
  return undefined;
}

function role(name: string): RoleProcess {
  const p = startRole(['--role', name, '--config', join(dir, 'config.json')], { DISCORD_TOKEN: 'cluster-test-token', DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' }, dir);
  procs.push(p);
  return p;
}

/** Feed items the pollers have taken in, counted in the archive's table. */
async function seenCount(): Promise<number> {
  const client = new pgClient.Client({ connectionString: pg!.url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM seen');
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  redis = await startRedis();
  pg = await startPostgres({ maxConnections: 300 });
  if (!redis || !pg) return;
  fake = await startFakeDiscord({
    guilds: [{ id: GUILD, channels: [A, B, C].map((id) => ({ id, type: ChannelType.GuildText })) }],
    // No help from Discord's nonce: a repeated send after a crash would be a second message.
    nonceWindowMs: 0,
  });
  // Posts take a while, so a deliverer killed while posting is killed in the middle of one.
  fake.delay({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ms: 120 });
  feeds = await startFeeds(FEEDS, 700);
  dir = mkdtempSync(join(tmpdir(), 'nb-cluster-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      feeds: feeds.urls.map((url, i) => ({ url, name: `Feed ${i}` })),
      topics: [
        { name: 'alpha', keywords: ['alpha'] },
        { name: 'beta', keywords: ['beta'] },
      ],
      schedule: { poll: '*/2 * * * * *', timezone: 'UTC', spreadSeconds: 0 },
      store: pg.url,
      queue: redis.url,
      cluster: { budgetPerSecond: BUDGET, lockSeconds: 3, attempts: 10, concurrency: 4 },
      fetch: { allowPrivateAddresses: true, fullText: false, timeoutMs: 5000 },
      log: { level: 'info' },
    }),
  );
  store = await openStore(pg.url);
  queueConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  queues = openQueues(queueConnection);
}, 60_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await queues?.close();
  queueConnection?.disconnect();
  await store?.close();
  await feeds?.close();
  await fake?.close();
  await redis?.stop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('a scaled-out bot on Redis and PostgreSQL', () => {
  it('posts every brief exactly once to every subscribed channel through kill -9 of a poller, a deliverer and the scheduler', async () => {
    if (!redis) throw new Error('redis-server could not be started (.ci/run installs it); this test needs a real Redis');
    if (!pg) throw new Error('PostgreSQL could not be started (initdb and pg_ctl from /usr/lib/postgresql/*/bin); this test needs a real PostgreSQL');

    const gateway = role('gateway');
    await gateway.waitFor(/running gateway/);
    const scheduler = role('scheduler');
    const pollers = [role('poller'), role('poller'), role('poller')];
    const deliverers = [role('deliverer'), role('deliverer')];
    await Promise.all([scheduler, ...pollers, ...deliverers].map((p) => p.waitFor(/^newsbrief: running/)));

    // Subscriptions through the gateway, before any item exists (a subscription starts from now).
    for (const [channelId, topics] of Object.entries(SUBSCRIBED)) {
      for (const topic of topics) {
        const r = await fake.response(fake.command('subscribe', { topic }, { channelId, guildId: GUILD }), 10_000);
        expect(r.data.content, r.data.content).toMatch(/^Subscribed/);
      }
    }

    feeds.publish(4, ['alpha', 'beta']);
    // Kill poller 0 in the middle of a job: as soon as a feed request from one of its sockets is in
    // flight (answers take 700 ms). The feed server sees the sender's port, so no other poller need be
    // stopped and no timing guessed.
    const poller0 = pollers[0]!;
    await until(async () => feeds.requests.some((r) => r.answered === undefined && poller0.ownsPort(r.peerPort)) && 1, 120_000, 'a feed request of poller 0 in flight', 20);
    await poller0.kill9();

    // Kill deliverer 0 in the middle of a post: the fake answers posts after 120 ms and creates the
    // message only then, after the kill, so the ledger says `sending`. Checked as each request arrives.
    // Deliverer 1 is frozen meanwhile, so that deliverer 0 gets channel jobs: however long it stays
    // frozen, its locks expire and its jobs stall over to deliverer 0, as when a machine stalls, and
    // once awake it must not post what was taken over.
    const deliverer0 = deliverers[0]!;
    const postOf0 = (r: RecordedRequest) => r.status === 0 && r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && deliverer0.ownsPort(r.peerPort);
    const firstPosts = () => fake.posts.length >= 4;
    if (!firstPosts()) await fake.until(firstPosts, 180_000, 'the first posts');
    deliverers[1]!.pause();
    if (!fake.requests.some(postOf0)) await fake.until(() => fake.requests.some(postOf0), 180_000, 'a post of deliverer 0 in flight');
    await deliverer0.kill9();
    deliverers[1]!.resume();
    const resumedAt = Date.now();

    await scheduler.kill9();
    const second = role('scheduler');
    await second.waitFor(/^newsbrief: running/);
    feeds.publish(3, ['alpha', 'beta']);

    const total = FEEDS * 7;
    await until(async () => (await seenCount()) >= total && 1, 90_000, `all ${total} items stored`);
    const repo = store.briefs;
    // Every stored brief, read straight from the archive's table in change order.
    const expected = async () => {
      const all: StoredBrief[] = await repo.changedSince(new Date(0).toISOString(), 100_000);
      return Object.fromEntries(Object.entries(SUBSCRIBED).map(([ch, topics]) => [ch, new Set(all.filter((r) => r.brief.topics.some((t) => topics.includes(t))).map((r) => r.brief.id))]));
    };
    await until(
      async () => {
        const want = await expected();
        return Object.entries(want).every(([ch, ids]) => [...ids].every((id) => fake.postsIn(ch).some((p) => briefIdOf(p) === id))) && 1;
      },
      120_000,
      'every brief posted',
    ).catch(async (err: Error) => {
      const want = await expected();
      const missing = Object.entries(want).map(([ch, ids]) => `${ch}: ${[...ids].filter((id) => !fake.postsIn(ch).some((p) => briefIdOf(p) === id)).length} of ${ids.size} missing`);
      const errors = procs.flatMap((p) => p.logs().filter((l) => Number(l.level) >= 40).map((l) => `${p.role}: ${String(l.msg)} ${String(l.err ?? l.reason ?? '')}`));
      throw new Error(`${err.message}\n${missing.join('\n')}\n${errors.slice(-15).join('\n')}`);
    });
    // The job cut short by the kill is taken over (after its lock expires) by the surviving deliverer,
    // which finds the post instead of posting again.
    const survivor = deliverers[1]!;
    await until(async () => survivor.logs().some((l) => l.msg === 'delivery: found the post an earlier run made, not posting again') && 1, 120_000, 'deliverer 1 to take over the cut-short post');
    // And every straggler (a job re-run after a kill) has run: no delivery job left, no poll job
    // that is a retry or a stalled job's re-run.
    await until(
      async () => {
        const d = await queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (d.waiting || d.active || d.delayed || d.prioritized) return false;
        const polls = await queues.poll.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
        return polls.every((j) => !j.attemptsMade && !j.stalledCounter) && 1;
      },
      120_000,
      'the queues to settle',
    );
    const settledAt = Date.now();

    const want = await expected();
    if (process.env.CLUSTER_DIAG) {
      const { writeFileSync: write } = await import('node:fs');
      write(process.env.CLUSTER_DIAG, JSON.stringify({ requests: fake.requests.map((r) => ({ m: r.method, p: r.path, at: r.at, s: r.status, id: briefIdOf({ body: (r.body ?? {}) as Record<string, unknown> } as Post) })), logs: procs.map((p) => ({ role: p.role, pid: p.child.pid, lines: p.stderr })) }));
    }
    let posted = 0;
    for (const [ch, ids] of Object.entries(want)) {
      expect(ids.size).toBeGreaterThan(5);
      const got = fake.postsIn(ch).map(briefIdOf);
      expect(got.filter((id) => id === undefined)).toEqual([]);
      // Exactly once: each expected brief once, nothing else.
      expect([...got].sort()).toEqual([...ids].sort());
      posted += got.length;
    }
    expect(posted).toBeGreaterThan(3 * BUDGET);
    // The one budget all deliverers share held in every second Discord saw, and was used in full (the
    // deliverers could post faster), until the queues settled. Measured from one budget window after
    // deliverer 1 woke: a frozen process sends, when it wakes, requests it was granted before it froze.
    const counted = (r: { at: number; path: string }) => r.at > resumedAt + WINDOW_MS + GUARD_MS && r.at <= settledAt && !/^\/(interactions|webhooks)\//.test(r.path);
    expect(fake.requests.filter(counted).length).toBeGreaterThan(3 * BUDGET);
    expect(fake.maxPerWindow(counted)).toBeLessThanOrEqual(BUDGET);
    expect(fake.maxPerWindow(counted)).toBeGreaterThanOrEqual(BUDGET - 1);
    const survivors = [...pollers.slice(1), survivor, second, gateway];
    expect(survivors.every((p) => p.child.exitCode === null)).toBe(true);

    // /brief on the gateway answers from the shared archive: the newest briefs, stored by different pollers.
    const r = await fake.response(fake.command('brief', {}, { channelId: A, guildId: GUILD }), 10_000);
    const shown = (r.data.embeds ?? []).map((e) => e.title ?? '').concat(r.data.content ?? '').join('\n');
    const newest = (await repo.page({ limit: 5 })).map((x) => x.brief);
    for (const b of newest) expect(shown).toContain(b.headline.slice(0, 40));
    // And any brief, whichever poller stored it: one from each poller that stored any.
    const byPoller = new Map<number, string>();
    for (const p of pollers) for (const l of p.logs()) if (l.msg === 'poller: feed polled') for (const id of (l.newBriefs as string[]) ?? []) byPoller.set(Number(l.pid), id);
    expect(byPoller.size).toBeGreaterThan(1);
    for (const id of byPoller.values()) {
      const one = await fake.response(fake.command('brief', { id }, { channelId: A, guildId: GUILD }), 10_000);
      const headline = (await repo.get(id))!.brief.headline;
      expect(JSON.stringify(one.data)).toContain(headline.slice(0, 40));
    }

    // newsbrief status: the queues drained, workers connected, nothing failed for good, the budget in use.
    const status = spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/newsbrief.js', import.meta.url)), 'status', '--json', '--config', join(dir, 'config.json')], { cwd: dir, encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout) as ClusterStatus;
    expect(s.queues.poll.failed + s.queues.deliver.failed).toBe(0);
    expect(s.failedWork).toEqual({ total: 0, newest: [] });
    expect(s.workers.poll).toBe(2);
    expect(s.workers.deliver).toBe(1);
    expect(s.budget.perSecond).toBe(BUDGET);
  }, 300_000);
});
