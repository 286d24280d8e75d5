// `npm run bench:ingest`: one pipeline cycle over FEEDS x 50 new items (poll, condense, match topics,
// store), first into an empty store, then a cycle of as many other new items into the store that now
// holds the first ones. Items are made from the repo's fixture articles with words varied per item, so
// no two merge as one story. Prints items/s of each cycle and peak RSS; targets: the second cycle no
// slower than the first, peak RSS under 500 MB. (2,000 feeds x 50 items takes several minutes a cycle
// on one core: condensing dominates.)
//   npm run bench:ingest -- [--feeds 2000] [--items 50] [--store sqlite|postgres]
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import defaults from '../config/default.json' with { type: 'json' };
import { SETS } from './eval/sets.ts';
import { parseConfig } from '../src/config/index.ts';
import { runCycle } from '../src/pipeline/index.ts';
import { openStore } from '../src/store/index.ts';
import { silentLogger } from '../src/util/log.ts';
import { startPostgres } from '../tests/support/servers.ts';
import { rng } from './bench-random.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const FEEDS = arg('feeds', 2000);
const ITEMS = arg('items', 50);
const backend = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'sqlite';
const NAMES = ['Maria Lopez', 'John Okafor', 'Aisha Khan', 'Wei Zhang', 'Olga Petrova', 'Carlos Silva', 'Kenji Tanaka', 'Priya Sharma'];

// Every sentence of the fixture articles; an item is a few of them drawn at random, so no two items
// read as one story (the merge of copies from several feeds would otherwise take them together).
const sentences = readdirSync(SETS.fixtures)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(join(SETS.fixtures, f), 'utf8').split('\n').slice(1).join(' ').match(/[^.!?]+[.!?]/g) ?? [])
  .map((x) => x.trim())
  .filter((x) => x.split(' ').length > 6);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Item j of feed i in cycle c: sentences of several fixture stories, its own place and speaker. */
function item(c: number, i: number, j: number): string {
  const n = (c * FEEDS + i) * ITEMS + j;
  const rand = rng(n + 1);
  const pick = () => sentences[Math.floor(rand() * sentences.length)]!;
  const tag = `Zone${n.toString(36)}`;
  const who = NAMES[n % NAMES.length]!;
  const paras = Array.from({ length: 4 }, () => `${pick()} ${pick()}`);
  const text = `${paras.join('\n\n')}\n\n“The work in ${tag} goes on,” said ${who}, the ${tag} spokesperson.`;
  const title = `${pick().slice(0, 60)} in ${tag}`;
  return `<item><title>${esc(title)}</title><link>https://bench${i}.example/c${c}/${j}</link><guid>c${c}-${i}-${j}</guid><description><![CDATA[${text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}]]></description></item>`;
}

let cycle = 0;
const server = createServer((req, res) => {
  const i = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
  const items = Array.from({ length: ITEMS }, (_, j) => item(cycle, i, j)).join('');
  res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${i}</title>${items}</channel></rss>`);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const port = (server.address() as AddressInfo).port;

const dir = mkdtempSync(join(tmpdir(), 'nb-bench-ingest-'));
const pg = backend === 'postgres' ? await startPostgres() : null;
const url = pg ? pg.url : `sqlite://${join(dir, 'store.sqlite')}`;
const config = parseConfig({
  ...defaults,
  feeds: Array.from({ length: FEEDS }, (_, i) => ({ url: `http://127.0.0.1:${port}/feed/${i}` })),
  store: url,
  schedule: { ...defaults.schedule, spreadSeconds: 0 },
  fetch: { ...defaults.fetch, allowPrivateAddresses: true, fullText: false, concurrency: 32, perHost: 32 },
});
const store = await openStore(url);
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
const rates: number[] = [];
for (cycle = 0; cycle < 2; cycle++) {
  // Every feed is due again for the second cycle.
  for (const f of config.feeds) await store.feedStates.delete(f.url);
  const t = performance.now();
  const report = await runCycle({ config, store, log: silentLogger });
  const s = (performance.now() - t) / 1000;
  rates.push(report.newItems / s);
  const held = await store.briefs.count({}, 10_000_000);
  console.log(`cycle ${cycle + 1} (${cycle ? 'store holding the first cycle' : 'empty store'}): ${report.newItems.toLocaleString('en')} new items, ${report.newBriefs.length.toLocaleString('en')} new briefs, ${report.merged} merged, ${report.failed.length} feeds failed, in ${s.toFixed(1)} s: ${(report.newItems / s).toFixed(0)} items/s; store now holds ${held.toLocaleString('en')} briefs`);
}
clearInterval(sampler);
await store.close();
await pg?.stop();
server.close();
rmSync(dir, { recursive: true, force: true });
const ok = rates[1]! >= rates[0]! * 0.9 && peak < 500 * 1024 * 1024;
console.log(`${backend}: ${FEEDS} feeds x ${ITEMS} items; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB; second cycle at ${((rates[1]! / rates[0]!) * 100).toFixed(0)}% of the first's rate — ${ok ? 'target met' : 'TARGET MISSED'}`);
process.exitCode = ok ? 0 : 1;
