// `npm run bench`: condenser throughput on one core. Builds ~800-word articles from this
// repo's own fixtures (paragraphs of several stories, varied deterministically), condenses
// them in a loop for a few seconds and prints articles/second with peak RSS and heap. The
// first seconds are the JIT's: V8 compiles the condenser's hot code while it runs, which takes
// a couple of seconds of condensing on this machine, so the rate is measured after a warm-up
// of BENCH_WARMUP_SECONDS (default 2), and the warm-up's own rate is printed too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyWords, htmlToBlocks } from '../src/feeds/index.ts';
import { condense } from '../src/brief/index.ts';
import { loadArticle, SETS } from './eval/sets.ts';
import type { Article } from '../src/feeds/index.ts';
import { rng } from './bench-random.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const targetWords = 800;

function fixtureArticles(): Article[] {
  const stems = readdirSync(SETS.fixtures).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, ''));
  return stems.map((s) => loadArticle(SETS.fixtures, s));
}

/** An article to condense: a plain-text one, or an HTML body the feed stage converts first. */
type Input = { article: Article; html?: string };

/** Condenses one input, HTML-to-text conversion included for HTML bodies (as ingestion does). */
function run(input: Input) {
  return condense(input.html === undefined ? input.article : { ...input.article, body: htmlToBlocks(input.html) });
}

function buildArticles(base: Article[], count: number): Input[] {
  const rand = rng(42);
  const bodies = base.map((a) => a.body.filter((b) => b.kind !== 'caption').map((b) => b.text));
  const htmlBodies = readdirSync(SETS.fixtures).filter((f) => f.endsWith('.html')).map((f) => readFileSync(join(SETS.fixtures, f), 'utf8'));
  const out: Input[] = [];
  for (let i = 0; i < count; i++) {
    const lead = base[i % base.length]!;
    if (i % 5 === 4 && htmlBodies.length > 0) {
      // Every fifth article is HTML with page clutter, repeated up to the target length.
      const html = htmlBodies[i % htmlBodies.length]!;
      out.push({ article: { ...lead, id: `bench-${i}` }, html: html.repeat(Math.max(1, Math.round(targetWords / 350))) });
      continue;
    }
    const paragraphs: string[] = [...(bodies[i % bodies.length] ?? [])];
    let words = paragraphs.join(' ').split(/\s+/).length;
    while (words < targetWords) {
      const from = bodies[Math.floor(rand() * bodies.length)]!;
      const p = from[Math.floor(rand() * from.length)];
      if (!p) continue;
      paragraphs.push(p);
      words += p.split(/\s+/).length;
    }
    out.push({ article: { ...lead, id: `bench-${i}`, body: paragraphs.map((text) => ({ kind: 'paragraph' as const, text })) } });
  }
  return out;
}

const articles = buildArticles(fixtureArticles(), 400);
const avgWords = Math.round(articles.reduce((n, a) => n + bodyWords(a.html === undefined ? a.article.body : htmlToBlocks(a.html)), 0) / articles.length);

// Warm up the JIT before measuring: a fixed time, at least 200 articles.
const warmStart = performance.now();
let warmed = 0;
while (warmed < 200 || performance.now() - warmStart < warmupSeconds * 1000) run(articles[warmed++ % articles.length]!);
const warmRate = (warmed * 1000) / (performance.now() - warmStart);

let peakRss = 0;
let peakHeap = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
let done = 0;
let checksum = 0;
const cpuStart = process.cpuUsage();
const start = performance.now();
const deadline = start + seconds * 1000;
// Half-second windows: on a shared machine the best window shows the code's own speed,
// the overall figure what it got under contention.
let windowStart = start;
let windowDone = 0;
let bestWindow = 0;
while (performance.now() < deadline) {
  for (let k = 0; k < 50; k++) {
    const b = run(articles[done % articles.length]!);
    checksum += b.quotes.length + b.context.length;
    done++;
  }
  sample();
  const now = performance.now();
  if (now - windowStart >= 500) {
    bestWindow = Math.max(bestWindow, ((done - windowDone) * 1000) / (now - windowStart));
    windowStart = now;
    windowDone = done;
  }
}
const elapsed = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const mb = (x: number): string => (x / 1024 / 1024).toFixed(1);
console.log(`articles: ${articles.length} distinct, ~${avgWords} words each (every fifth one an HTML body, converted in the loop)`);
console.log(`warm-up: ${warmed} articles in the first ${warmupSeconds} s (${Math.round(warmRate)}/s while the JIT compiles)`);
console.log(`condensed ${done} in ${elapsed.toFixed(2)} s on one core: ${Math.round(done / elapsed)} articles/s wall clock (best half-second window ${Math.round(bestWindow)}/s)`);
// CPU time is what the condenser itself used; on a busy shared machine it is the fairer figure.
console.log(`per CPU-second: ${Math.round(done / cpuSeconds)} articles/s (${cpuSeconds.toFixed(2)} s of CPU)`);
console.log(`peak RSS ${mb(peakRss)} MB, peak heap used ${mb(peakHeap)} MB (checksum ${checksum})`);
