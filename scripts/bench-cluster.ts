// The scaled-out bot under load: redis-server and PostgreSQL on loopback, 10,000 feeds on a loopback
// feed server and 1,000 subscribed channels on the fake Discord, polled by 1, 2 and 4 poller processes
// (`newsbrief start --role poller`), then delivered by 2 deliverer processes within the shared budget.
//   npm run bench:cluster -- [--feeds 10000] [--channels 1000] [--new 0.1] [--pollers 1,2,4] [--deliver-seconds 30]
// Each poll run starts from empty servers and adds one poll job per feed at once, as a scheduler tick
// does; a tenth of the feeds carry one new item (condensed, stored, and queued for delivery), the rest
// answer with no new item, as most feeds do between two polls. Figures: feeds/s per run, the CPU time
// the pollers used per 1,000 feeds, and scaling against one poller; then posts/s, requests/s and the
// busiest second Discord saw, against the budget. The load average is printed with each figure: on a
// shared machine wall-clock rates say as much about the neighbours as about newsbrief.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import { Redis } from 'ioredis';
import { openQueues, pollJob } from '../src/cluster/index.ts';
import { parseConfig } from '../src/config/index.ts';
import { openStore } from '../src/store/index.ts';
import defaults from '../config/default.json' with { type: 'json' };
import { startFakeDiscord } from '../tests/support/fake-discord.ts';
import { startPostgres, startRedis } from '../tests/support/servers.ts';
import { item } from '../tests/cluster/feeds.ts';
import { startRole, type RoleProcess } from '../tests/cluster/processes.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const FEEDS = Number(arg('feeds', '10000'));
const CHANNELS = Number(arg('channels', '1000'));
const NEW_SHARE = Number(arg('new', '0.1'));
const POLLERS = arg('pollers', '1,2,4').split(',').map(Number);
const DELIVER_SECONDS = Number(arg('deliver-seconds', '30'));
const TOPICS = 100;
const BUDGET = defaults.cluster.budgetPerSecond;
const topicName = (t: number) => `topic-${t}`;
const keyword = (t: number) => `quarnix${t}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** CPU seconds (user + system) a process has used, from /proc (Linux; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Feed i carries one item when it is among the "new" share; the new items go round the topics. */
async function feedServer() {
  const every = Math.max(1, Math.round(1 / NEW_SHARE));
  const server = createServer((req, res) => {
    const i = Number(/^\/feed\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    const items = i >= 0 && i % every === 0 ? [item(i, 0, keyword((i / every) % TOPICS))] : [];
    const body = items
      .map((it) => `<item><title>${it.title}</title><link>${it.link}</link><guid>${it.guid}</guid><description><![CDATA[${it.body.map((p) => `<p>${p}</p>`).join('')}]]></description></item>`)
      .join('');
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${i}</title><link>http://example.invalid/</link><description>d</description>${body}</channel></rss>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())), newFeeds: Math.ceil(FEEDS / every) };
}

async function main() {
  const feeds = await feedServer();
  const guilds = Array.from({ length: Math.ceil(CHANNELS / 100) }, (_, g) => ({
    id: String(400000000000000000n + BigInt(g)),
    channels: Array.from({ length: Math.min(100, CHANNELS - g * 100) }, (_, c) => ({ id: String(410000000000000000n + BigInt(g * 100 + c)), type: ChannelType.GuildText })),
  }));
  const fake = await startFakeDiscord({ guilds });
  const dir = mkdtempSync(join(tmpdir(), 'nb-bench-cluster-'));
  const results: { pollers: number; seconds: number; feedsPerSecond: number; cpuPer1000: number; load: string }[] = [];
  let delivery: { posts: number; requests: number; seconds: number; busiest: number; load: string } | null = null;
  console.log(`bench:cluster: ${FEEDS} feeds, ${CHANNELS} channels, pollers ${POLLERS.join(',')}; ${load()}`);
  try {
    for (const [run, pollers] of POLLERS.entries()) {
      const redis = await startRedis();
      const pg = await startPostgres({ maxConnections: 300 });
      if (!redis || !pg) throw new Error('bench:cluster needs redis-server and PostgreSQL (initdb, pg_ctl) on this machine');
      const procs: RoleProcess[] = [];
      try {
        const configPath = join(dir, 'config.json');
        const raw = {
          feeds: Array.from({ length: FEEDS }, (_, i) => ({ url: `http://127.0.0.1:${feeds.port}/feed/${i}` })),
          topics: Array.from({ length: TOPICS }, (_, t) => ({ name: topicName(t), keywords: [keyword(t)] })),
          schedule: { poll: '0 0 1 1 *', timezone: 'UTC', spreadSeconds: 0 },
          store: pg.url,
          queue: redis.url,
          cluster: { ...defaults.cluster, concurrency: 16 },
          fetch: { ...defaults.fetch, allowPrivateAddresses: true, fullText: false, concurrency: 64, perHost: 64 },
          log: { level: 'warn' },
        };
        writeFileSync(configPath, JSON.stringify(raw));
        const config = parseConfig({ ...defaults, ...raw });
        // Subscriptions: each channel follows one of the topics, so each new brief goes to about CHANNELS/TOPICS channels.
        const store = await openStore(pg.url);
        const subs = store.subscriptions;
        const since = new Date().toISOString();
        let n = 0;
        for (const g of guilds)
          for (const c of g.channels) {
            await subs.save({ guildId: g.id, channelId: c.id, channelKind: 'messages', topic: topicName(n++ % TOPICS), mode: 'instant', time: null, timezone: 'UTC', since, state: 'active', createdBy: '1', createdAt: since });
          }
        await store.close();

        const env = { DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: fake.apiUrl };
        for (let i = 0; i < pollers; i++) procs.push(startRole(['--role', 'poller', '--config', configPath], env, dir));
        await Promise.all(procs.map((p) => p.waitFor(/^newsbrief: running/, 120_000)));

        const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
        const queues = openQueues(connection);
        const tick = new Date();
        const jobs = config.feeds.map((f) => pollJob(config, { url: f.url, added: false }, tick));
        const cpuBefore = procs.map((p) => cpuSeconds(p.child.pid));
        const started = performance.now();
        for (let i = 0; i < jobs.length; i += 500) await queues.poll.addBulk(jobs.slice(i, i + 500));
        for (;;) {
          const c = await queues.poll.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          if (!c.waiting && !c.active && !c.delayed && !c.prioritized) break;
          await sleep(200);
        }
        const seconds = (performance.now() - started) / 1000;
        const cpu = procs.reduce((sum, p, i) => sum + cpuSeconds(p.child.pid) - cpuBefore[i]!, 0);
        const failed = await queues.poll.getJobCounts('failed');
        const result = { pollers, seconds, feedsPerSecond: FEEDS / seconds, cpuPer1000: (cpu / FEEDS) * 1000, load: load() };
        results.push(result);
        console.log(
          `${pollers} poller${pollers > 1 ? 's' : ''}: ${FEEDS} feeds (${feeds.newFeeds} with a new item) in ${seconds.toFixed(1)} s = ${result.feedsPerSecond.toFixed(0)} feeds/s; pollers' CPU ${cpu.toFixed(1)} s (${result.cpuPer1000.toFixed(2)} s per 1,000 feeds); failed jobs ${failed.failed ?? 0}; ${result.load}`,
        );

        // The last run also delivers: 2 deliverers take the queued channel jobs for DELIVER_SECONDS.
        if (run === POLLERS.length - 1) {
          for (const p of procs.splice(0)) await p.stop();
          const depth = (await queues.deliver.getJobCounts('waiting', 'prioritized')) as Record<string, number>;
          const before = fake.requests.length;
          const t0 = Date.now();
          const firstPost = fake.posts.length;
          for (let i = 0; i < 2; i++) procs.push(startRole(['--role', 'deliverer', '--config', configPath], env, dir));
          await Promise.all(procs.map((p) => p.waitFor(/^newsbrief: running/, 120_000)));
          // (The posts may have begun while the deliverers were still saying they run.)
          if (fake.posts.length === firstPost) {
            await fake.until(() => fake.posts.length > firstPost, 60_000, 'a first post').catch((err: Error) => {
              throw new Error(`${err.message}; deliverers said:\n${procs.flatMap((p) => p.stderr.slice(-10)).join('\n')}`);
            });
          }
          const from = fake.posts[firstPost]!.at;
          // Measured over DELIVER_SECONDS from the first post (a small run may run out of posts before).
          await sleep(Math.max(0, from + DELIVER_SECONDS * 1000 - Date.now()));
          const to = from + DELIVER_SECONDS * 1000;
          const lastPost = fake.posts[fake.posts.length - 1]!.at;
          if (lastPost < to - 2000) console.log(`(the deliverers ran out of posts ${((lastPost - from) / 1000).toFixed(1)} s into the ${DELIVER_SECONDS} s window: run more feeds for a rate)`);
          const seconds = Math.max(0.001, (to - from) / 1000);
          const counted = (r: { at: number; path: string }) => !/^\/(interactions|webhooks)\//.test(r.path);
          const posts = fake.posts.slice(firstPost).filter((p) => p.at >= from && p.at < to).length;
          const requests = fake.requests.slice(before).filter((r) => counted(r) && r.at >= from && r.at < to).length;
          const busiest = fake.maxPerWindow((r) => r.at >= t0 && counted(r));
          delivery = { posts, requests, seconds, busiest, load: load() };
          console.log(
            `2 deliverers, ${(depth.waiting ?? 0) + (depth.prioritized ?? 0)} channel jobs queued: ${posts} posts in ${seconds.toFixed(1)} s = ${(posts / seconds).toFixed(1)} posts/s, ${(requests / seconds).toFixed(1)} requests/s; busiest second ${busiest} requests (budget ${BUDGET}/s); ${fake.requests.length - before} requests in all; ${delivery.load}`,
          );
        }
        await queues.close();
        connection.disconnect();
      } finally {
        await Promise.all(procs.map((p) => p.stop()));
        await redis.stop();
        await pg.stop();
      }
    }
    const base = results[0]!;
    console.log('\nscaling (feeds/s against 1 poller):');
    for (const r of results) {
      console.log(`  ${r.pollers} poller${r.pollers > 1 ? 's' : ''}: ${r.feedsPerSecond.toFixed(0)} feeds/s, ${(r.feedsPerSecond / base.feedsPerSecond).toFixed(2)}x; ${r.cpuPer1000.toFixed(2)} CPU-s per 1,000 feeds; ${r.load}`);
    }
    if (delivery) {
      const d = delivery;
      console.log(`delivery: ${(d.posts / d.seconds).toFixed(1)} posts/s and ${(d.requests / d.seconds).toFixed(1)} requests/s against a budget of ${BUDGET}/s; busiest second ${d.busiest}; ${d.load}`);
    }
  } finally {
    await fake.close();
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
