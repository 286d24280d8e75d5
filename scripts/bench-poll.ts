// Polls N generated feeds from a loopback server with pollFeeds and reports throughput,
// per-feed latency, cycle time and peak RSS of the polling process.
//   npm run bench:poll -- --n 10000 [--concurrency 64] [--per-host 8] [--hosts 500] [--keep]
// Peak RSS is mostly V8 heap headroom, not live data: NODE_OPTIONS=--max-old-space-size=128
// shows the same throughput with a much lower peak (the live set is ~50-70 MB).
// The server (scripts/bench-feed-server.ts) runs in a child process; feeds are spread over
// fake host names that resolve to 127.0.0.1, so the per-host limit acts as it would in real use.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { defaultFetchOptions, pollFeeds, type FeedState } from '../src/feeds/index.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const n = Math.min(arg('n', 1000), 20_000);
const concurrency = arg('concurrency', 64);
const perHost = arg('per-host', 8);
const hosts = arg('hosts', Math.max(1, Math.round(n / 20)));
// --keep: hold every article in the returned results (instead of streaming them to onResult).
const keep = process.argv.includes('--keep');
const CYCLE_LIMIT_MS = 10 * 60_000;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  // Same extension as this file: .ts when run through bin/register-typescript.js (fork passes
  // the --import on to the child), .mjs when both scripts are bundled for plain node.
  const ext = /\.[cm]?[jt]s$/.exec(import.meta.url)?.[0] ?? '.ts';
  const child = fork(fileURLToPath(new URL(`./bench-feed-server${ext}`, import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
  });
  const killer = setTimeout(() => {
    console.error(`cycle exceeded ${CYCLE_LIMIT_MS / 60000} minutes; stopping`);
    child.kill();
    process.exit(1);
  }, CYCLE_LIMIT_MS);

  const sources = Array.from({ length: n }, (_, i) => ({ url: `http://feed-${i % hosts}.bench.test:${port}/feed/${i}` }));
  // A second cycle: every feed was seen before, so each request is conditional.
  const states = new Map<string, FeedState>(
    sources.map((s, i) => [s.url, { url: s.url, etag: `"v${i}"`, consecutiveFailures: 0, unhealthy: false, itemsSeen: 0 }]),
  );
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  let peakHeap = 0;
  let peakExternal = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
  }, 50);

  let streamed = 0;
  const started = performance.now();
  const results = await pollFeeds(sources, states, {
    ...defaultFetchOptions,
    timeoutMs: 5000,
    allowPrivateAddresses: true,
    guard: { resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    logger: pino({ level: 'silent' }),
    concurrency,
    perHost,
    keepArticles: keep,
    // What a pipeline does with each result: hand the articles on (here: count them).
    onResult: (r) => {
      streamed += r.articles.length;
    },
  });
  const cycleMs = performance.now() - started;
  clearInterval(sampler);
  clearTimeout(killer);
  child.kill();

  const latencies = results.map((r) => r.durationMs ?? 0).sort((a, b) => a - b);
  const ok = results.filter((r) => r.ok && !r.notModified).length;
  const notModified = results.filter((r) => r.notModified).length;
  const failed = results.filter((r) => !r.ok).length;
  const kept = results.reduce((sum, r) => sum + r.articles.length, 0);
  const maxRssKb = process.resourceUsage().maxRSS;
  peakRss = Math.max(peakRss, maxRssKb * 1024);
  console.log(
    [
      `node           ${process.version} ${process.env.NODE_OPTIONS ?? ''}`.trimEnd(),
      `feeds          ${n} (${hosts} hosts, concurrency ${concurrency}, per host ${perHost}, articles ${keep ? 'kept in results' : 'streamed to onResult'})`,
      `results        ${ok} parsed, ${notModified} not modified, ${failed} failed, ${streamed} articles (${kept} kept)`,
      `cycle time     ${(cycleMs / 1000).toFixed(2)} s`,
      `throughput     ${((n / cycleMs) * 1000).toFixed(1)} feeds/s`,
      `latency        p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${latencies.at(-1)} ms`,
      `peak RSS       ${mb(peakRss)} MB (polling process; ${mb(baseRss)} MB before polling; peak heap used ${mb(peakHeap)} MB, external ${mb(peakExternal)} MB)`,
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
