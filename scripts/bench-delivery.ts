// `npm run bench:delivery`: one delivery pass of new briefs to many channels, through the real
// discord.js REST client against the fake Discord, which answers each post after 50 ms. 1,000 channels
// in 200 servers, each subscribed to one of 8 topics; each brief has one topic, so a brief goes to
// ~125 channels (100 briefs: ~12,500 posts). Prints posts/s and checks that every post was made
// exactly once and in order within its channel. Target: >= 40 posts/s sustained.
//   npm run bench:delivery -- [--briefs 100] [--channels 1000] [--concurrency 10] [--latency 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType, REST } from 'discord.js';
import defaults from '../config/default.json' with { type: 'json' };
import { parseConfig } from '../src/config/index.ts';
import { discordDelivery } from '../src/discord/index.ts';
import { openStore, type StoredBrief } from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';
import { startFakeDiscord } from '../tests/support/fake-discord.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const BRIEFS = arg('briefs', 100);
const CHANNELS = arg('channels', 1000);
const CONCURRENCY = arg('concurrency', 10);
const LATENCY = arg('latency', 50);
const TOPICS = ['world', 'politics', 'business', 'technology', 'science', 'climate', 'health', 'sports'];
const PER_GUILD = 5;

const guilds = Array.from({ length: Math.ceil(CHANNELS / PER_GUILD) }, (_, g) => ({
  id: String(400000000000000000n + BigInt(g)),
  channels: Array.from({ length: PER_GUILD }, (_, c) => ({ id: String(500000000000000000n + BigInt(g * PER_GUILD + c)), type: ChannelType.GuildText, name: `news-${c}` })).slice(0, Math.max(0, CHANNELS - g * PER_GUILD)),
}));
const fake = await startFakeDiscord({ guilds });
fake.delay({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ms: LATENCY });
const dir = mkdtempSync(join(tmpdir(), 'nb-bench-delivery-'));
const config = parseConfig({ ...defaults, feeds: [], store: `sqlite://${join(dir, 'store.sqlite')}`, discord: { ...defaults.discord, postConcurrency: CONCURRENCY } });
const store = await openStore(config.store);
const start = new Date(Date.now() - 60_000);

const channelTopic = new Map<string, string>();
let n = 0;
for (const g of guilds) {
  for (const c of g.channels) {
    const topic = TOPICS[n++ % TOPICS.length]!;
    channelTopic.set(c.id, topic);
    await store.subscriptions.save({ guildId: g.id, channelId: c.id, channelKind: 'messages', topic, mode: 'instant', time: null, timezone: 'UTC', since: start.toISOString(), state: 'active', createdBy: 'bench', createdAt: start.toISOString() });
  }
}
const briefs: StoredBrief[] = Array.from({ length: BRIEFS }, (_, i) => {
  const createdAt = new Date(start.getTime() + 1000 + i).toISOString();
  return {
    brief: {
      id: `d${i.toString(36).padStart(6, '0')}`,
      headline: `Story ${i}: ministers meet as talks resume`,
      date: createdAt.slice(0, 10),
      source: 'Bench News',
      link: `https://news.example.org/${i}`,
      summary: `What happened in story ${i}, in one sentence with some *markdown* and a_snake_case word.`,
      quotes: [{ text: `We will meet again for story ${i}`, speaker: 'Maria Lopez', role: 'minister' }],
      context: ['Background sentence one.', 'Background sentence two.'],
      topics: [TOPICS[i % TOPICS.length]!],
      lang: 'en',
    },
    createdAt,
    updatedAt: createdAt,
    feedUrls: [],
    articleIds: [],
    contentHash: 'h',
  };
});
await store.briefs.saveMany(briefs);
const expected = [...channelTopic.values()].reduce((sum, t) => sum + briefs.filter((b) => b.brief.topics.includes(t)).length, 0);

const rest = new REST({ api: fake.apiUrl }).setToken('bench-token');
const delivery = discordDelivery({ store, config, rest, botUserId: () => '900000000000000002', log: silentLogger });
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const t0 = performance.now();
const report = await delivery.pass();
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);

// Exactly once, in order within each channel.
const posted = fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 200);
const seen = new Set<string>();
let duplicates = 0;
let outOfOrder = 0;
const lastIn = new Map<string, string>();
for (const r of posted) {
  const channel = r.path.split('/')[2]!;
  const footer = ((r.body as { embeds?: { footer?: { text?: string } }[] }).embeds?.[0]?.footer?.text ?? '').match(/id (\S+)/)?.[1] ?? '';
  const key = `${channel}/${footer}`;
  if (seen.has(key)) duplicates++;
  seen.add(key);
  const prev = lastIn.get(channel);
  if (prev && prev > footer) outOfOrder++;
  lastIn.set(channel, footer);
}
const again = await delivery.pass();
console.log(
  `delivery: ${report.sent.toLocaleString('en')} posts (${expected.toLocaleString('en')} expected) to ${CHANNELS} channels in ${guilds.length} servers in ${seconds.toFixed(1)} s: ${(report.sent / seconds).toFixed(1)} posts/s ` +
    `(${LATENCY} ms per post, ${CONCURRENCY} in flight); ${report.failed} failed, ${duplicates} duplicates, ${outOfOrder} out of order; a second pass posted ${again.sent}; peak RSS ${((peak / 1024 / 1024) | 0)} MB`,
);
await store.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
const ok = report.sent === expected && seen.size === expected && duplicates === 0 && outOfOrder === 0 && again.sent === 0 && report.sent / seconds >= 40;
console.log(ok ? 'target met (>= 40 posts/s, every post once, in order)' : 'TARGET MISSED');
process.exitCode = ok ? 0 : 1;
