// `npm run bench:store`: the archive's command reads over a year of briefs. Fills a store with
// 100,000 briefs (from the repo's fixture articles, condensed once and varied so no two are the same:
// headline, summary and quote words, speakers, topics, creation times spread over 365 days), then
// times every /brief and /quotes variant, the Next and Previous buttons and the speaker autocomplete
// through the command code (BotContext, no Discord), on SQLite and on PostgreSQL (a server started
// in a temporary folder). Prints p50/p99 per variant; the targets are p99 <= 20 ms on SQLite and
// <= 50 ms on PostgreSQL.
//   npm run bench:store -- [--briefs 100000] [--runs 200] [--only sqlite|postgres]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import defaults from '../config/default.json' with { type: 'json' };
import { condense } from '../src/brief/index.ts';
import { loadArticle, SETS } from './eval/sets.ts';
import type { Brief } from '../src/brief/index.ts';
import { parseConfig } from '../src/config/index.ts';
import { createContext, type BotContext, briefPage, parsePageButtonId, quotes, speakerChoices } from '../src/discord/index.ts';
import type { Delivery } from '../src/delivery/index.ts';
import { openStore, type Store, type StoredBrief } from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';
import { startPostgres } from '../tests/support/servers.ts';
import { rng } from './bench-random.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const BRIEFS = arg('briefs', 100_000);
const RUNS = arg('runs', 200);
const DAY = 86_400_000;
const NOW = new Date('2026-11-30T12:00:00.000Z');
const TOPICS = ['world', 'politics', 'business', 'technology', 'science', 'climate', 'ukraine', 'russia', 'middle-east', 'health', 'sports'];
const FIRST = ['Maria', 'John', 'Aisha', 'Wei', 'Olga', 'Carlos', 'Fatima', 'Kenji', 'Amara', 'Lars', 'Priya', 'Tomasz', 'Leila', 'Diego', 'Ingrid', 'Kwame'];
const LAST = ['Lopez', 'Okafor', 'Khan', 'Zhang', 'Petrova', 'Silva', 'Haddad', 'Tanaka', 'Mensah', 'Berg', 'Sharma', 'Nowak', 'Rahimi', 'Moreno', 'Larsen', 'Asante'];
const WORDS = 'harbour council strike budget vaccine telescope drought election tariff ceasefire wildfire merger court pipeline reactor glacier satellite protest treaty summit'.split(' ');

function baseBriefs(): Brief[] {
  const stems = readdirSync(SETS.fixtures).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, ''));
  return stems.map((s) => condense(loadArticle(SETS.fixtures, s)));
}

function* archive(base: Brief[]): Generator<StoredBrief> {
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < BRIEFS; i++) {
    const b = base[i % base.length]!;
    // Spread over the year, newest last; a few per second at the busiest.
    const createdAt = new Date(NOW.getTime() - 365 * DAY + Math.floor(((i + rand()) / BRIEFS) * 365 * DAY)).toISOString();
    const word = `${pick(WORDS)}${i % 997}`;
    const brief: Brief = {
      ...b,
      id: `b${i.toString(36).padStart(7, '0')}`,
      headline: `${b.headline} (${word})`,
      date: createdAt.slice(0, 10),
      summary: `${b.summary} ${pick(WORDS)} ${word}.`,
      link: `https://news.example.org/${createdAt.slice(0, 10)}/${i}`,
      quotes: (b.quotes.length ? b.quotes : [{ text: 'We will see', speaker: null }]).slice(0, 4).map((q, k) => ({ ...q, speaker: k === 0 || q.speaker ? `${pick(FIRST)} ${pick(LAST)}` : null })),
      topics: [...new Set([pick(TOPICS), ...(rand() < 0.5 ? [pick(TOPICS)] : [])])],
    };
    yield { brief, createdAt, updatedAt: createdAt, feedUrls: [`https://feed${i % 50}.example.org/rss`], articleIds: [brief.id], contentHash: 'h' };
  }
}

async function fill(store: Store, base: Brief[]): Promise<number> {
  const started = performance.now();
  let batch: StoredBrief[] = [];
  for (const rec of archive(base)) {
    batch.push(rec);
    if (batch.length === 2000) {
      await store.briefs.saveMany(batch);
      batch = [];
    }
  }
  if (batch.length) await store.briefs.saveMany(batch);
  return (performance.now() - started) / 1000;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function time(label: string, run: (i: number) => Promise<unknown>): Promise<{ label: string; p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await run(i);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function variants(ctx: BotContext) {
  const guild = '300000000000000001';
  const page1 = await briefPage(ctx, {}, 0, guild);
  const nextId = page1.components![0]!.components[1]! as { custom_id: string };
  const next = parsePageButtonId(nextId.custom_id)!;
  const page2 = await briefPage(ctx, next.query, next.page, guild, next.cursor);
  const prev = parsePageButtonId((page2.components![0]!.components[0]! as { custom_id: string }).custom_id)!;
  const day = (i: number) => new Date(NOW.getTime() - (i % 300) * DAY).toISOString().slice(0, 10);
  return [
    await time('/brief', () => briefPage(ctx, {}, 0, guild)),
    await time('/brief topic', (i) => briefPage(ctx, { topic: TOPICS[i % TOPICS.length]! }, 0, guild)),
    await time('/brief date', (i) => briefPage(ctx, { date: day(i) }, 0, guild)),
    await time('/brief search', (i) => briefPage(ctx, { search: WORDS[i % WORDS.length]! }, 0, guild)),
    await time('/brief topic+search', (i) => briefPage(ctx, { topic: TOPICS[i % TOPICS.length]!, search: WORDS[i % WORDS.length]! }, 0, guild)),
    await time('Next button', () => briefPage(ctx, next.query, next.page, guild, next.cursor)),
    await time('Previous button', () => briefPage(ctx, prev.query, prev.page, guild, prev.cursor)),
    await time('/quotes (7 days)', () => quotes(ctx, { days: 7 }, guild)),
    await time('/quotes days:30', () => quotes(ctx, { days: 30 }, guild)),
    await time('/quotes topic days:30', (i) => quotes(ctx, { days: 30, topic: TOPICS[i % TOPICS.length]! }, guild)),
    await time('/quotes speaker', (i) => quotes(ctx, { days: 30, speaker: LAST[i % LAST.length]! }, guild)),
    await time('speaker autocomplete', (i) => speakerChoices(ctx, FIRST[i % FIRST.length]!.slice(0, 1 + (i % 3)), guild)),
  ];
}

async function bench(name: string, url: string, base: Brief[], target: number) {
  const config = parseConfig({ ...defaults, feeds: [], store: url });
  const store = await openStore(url);
  const seconds = await fill(store, base);
  if (url.startsWith('postgres')) {
    // What autovacuum does soon after a bulk load, done before the timing instead of during it: planner
    // statistics for the new rows, and the visibility map that lets index-only scans skip the table.
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE');
    await client.end();
  }
  // A server's own feed, so every query applies the visibility rule as it would in a real instance.
  await store.addedFeeds.set({ url: 'https://private.example.org/rss', guildIds: ['300000000000000002'], addedBy: 'u', addedAt: NOW.toISOString() });
  const ctx = createContext({ config, store, log: silentLogger, delivery: {} as Delivery, feeds: { list: async () => [], add: async () => ({ ok: false, reason: '' }), remove: async () => false }, now: () => NOW });
  const rows = await variants(ctx);
  await store.close();
  console.log(`\n${name}: ${BRIEFS.toLocaleString('en')} briefs stored in ${seconds.toFixed(1)} s; ${RUNS} runs per variant; target p99 <= ${target} ms`);
  for (const r of rows) console.log(`  ${r.label.padEnd(24)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms${r.p99 > target ? '   OVER TARGET' : ''}`);
  return rows.every((r) => r.p99 <= target);
}

const base = baseBriefs();
let ok = true;
if (only !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'nb-bench-store-'));
  ok = (await bench('SQLite', `sqlite://${join(dir, 'store.sqlite')}`, base, 20)) && ok;
  rmSync(dir, { recursive: true, force: true });
}
if (only !== 'sqlite') {
  const pg = await startPostgres();
  if (!pg) {
    console.error('PostgreSQL server binaries (initdb, pg_ctl) not found; skipping PostgreSQL');
    ok = false;
  } else {
    try {
      ok = (await bench('PostgreSQL', pg.url, base, 50)) && ok;
    } finally {
      await pg.stop();
    }
  }
}
process.exitCode = ok ? 0 : 1;
