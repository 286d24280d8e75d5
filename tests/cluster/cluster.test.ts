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
import type { ClusterStatus } from '../../src/cluster/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { StoredBrief } from '../../src/store/index.ts';
import { startFakeDiscord, type FakeDiscord, type Post } from '../support/fake-discord.ts';
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
let dir: string;
const procs: RoleProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(get: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
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
}, 60_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
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
    // Kill poller 0 in the middle of a job: with the other pollers frozen, a feed request that arrives
    // is poller 0's, and it is killed before the answer (700 ms) comes.
    await until(async () => pollers.some((p) => p.logs().some((l) => l.msg === 'poller: feed polled')) && 1, 30_000, 'a first poll');
    pollers[1]!.pause();
    pollers[2]!.pause();
    const frozeAt = Date.now();
    await until(async () => feeds.requests.some((r) => r.at > frozeAt + 100 && r.answered === undefined) && 1, 15_000, 'a feed request of poller 0');
    await pollers[0]!.kill9();
    pollers[1]!.resume();
    pollers[2]!.resume();

    // Kill deliverer 0 in the middle of a post: deliverer 1 frozen (its posts in flight answered), a
    // post that arrives is deliverer 0's; the fake creates it after the kill, so the ledger says `sending`.
    await until(async () => fake.posts.length >= 4 && 1, 60_000, 'the first posts');
    let frozenUntil = 0;
    // Frozen for at most 1.2 s at a time, well within the 3 s locks, so deliverer 1 keeps its channels.
    for (let tries = 0; ; tries++) {
      deliverers[1]!.pause();
      const pausedAt = Date.now();
      await sleep(300);
      const inFlight = () => fake.requests.some((r) => r.at > pausedAt + 250 && r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 0);
      while (!inFlight() && Date.now() - pausedAt < 1200) await sleep(10);
      if (inFlight()) {
        await deliverers[0]!.kill9();
        deliverers[1]!.resume();
        frozenUntil = Date.now();
        break;
      }
      deliverers[1]!.resume();
      frozenUntil = Date.now();
      if (tries > 40) throw new Error('deliverer 0 never posted while deliverer 1 was frozen');
      await sleep(1500);
    }

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
    // Let any straggler (a job re-run after the kills) show itself.
    await sleep(4000);

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
    // deliverers could post faster). Measured from a second after the last freeze: a frozen process
    // sends, when it wakes, requests it was granted before it froze.
    const counted = (r: { at: number; path: string }) => r.at > frozenUntil + 1100 && !/^\/(interactions|webhooks)\//.test(r.path);
    expect(fake.requests.filter(counted).length).toBeGreaterThan(3 * BUDGET);
    expect(fake.maxPerWindow(counted)).toBeLessThanOrEqual(BUDGET);
    expect(fake.maxPerWindow(counted)).toBeGreaterThanOrEqual(BUDGET - 1);
    // The post cut short by the kill landed, and the surviving deliverer found it instead of posting again.
    expect(deliverers[1]!.logs().some((l) => l.msg === 'delivery: found the post an earlier run made, not posting again')).toBe(true);
    const survivors = [...pollers.slice(1), deliverers[1]!, second, gateway];
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
