// `npm run eval`: how well the condenser does on every evaluation set present.
// Prints quote precision/recall/F1, speaker and headline accuracy, context hits, and for
// summary sets ROUGE-1/2 of the brief's first three sentences beside Lead-3 (whole set, tuning
// part and held-back part).
import { existsSync } from 'node:fs';
import { condense } from '../src/brief/index.ts';
import { contextMatches, evaluateExpectations, evaluateSummaries, furnitureFound, headlineMatches, scoreQuotes, summaryMatches, type SetReport } from './eval/score.ts';
import { fixtureLanguages, loadExpectationSet, loadPageSet, loadReferenceSet, SETS, summaryPart } from './eval/sets.ts';
import { articleFromHtml } from '../src/feeds/index.ts';
import { loadTopicAnnotations, scoreTopics, topicCases } from './eval/topics.ts';
import { loadConfig } from '../src/config/index.ts';
import { assignTopics } from '../src/topics/index.ts';
import { briefsThroughFeed } from './eval/feed-path.ts';
import type { Brief } from '../src/brief/index.ts';

/** Stands for a page the pipeline gave no brief at all: it scores as missing everything. */
const missingBrief = (name: string): Brief => ({ id: name, headline: '', date: null, source: '', link: '', summary: '', quotes: [], context: [], topics: [] });

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
const verbose = process.argv.includes('--verbose');

const quoteSets = [
  { label: 'seed fixtures', dir: SETS.seed },
  { label: 'tests/fixtures/articles', dir: SETS.fixtures },
  { label: 'polnear-dev', dir: SETS.polnear },
  // Hand-written articles per language (tests/fixtures/lang/<lang>/), read like any plain-text
  // article: the language is recognised from the text, as for a feed that declares none.
  ...fixtureLanguages().map((lang) => ({ label: `fixtures ${lang}`, dir: `${SETS.lang}/${lang}` })),
];

for (const { label, dir } of quoteSets) {
  if (!existsSync(dir)) {
    console.log(`${label}: absent, skipped`);
    continue;
  }
  const cases = loadExpectationSet(dir).map((c) => ({ name: c.name, brief: condense(c.article), expected: c.expected }));
  const r = evaluateExpectations(cases);
  const q = r.quotes;
  console.log(
    `${label.padEnd(24)} n=${String(r.articles).padStart(3)}  quotes P ${pct(q.precision)}  R ${pct(q.recall)}  F1 ${pct(q.f1)}` +
      `  (${q.correct}/${q.produced} produced right, ${q.found}/${q.required} required found)` +
      `  speaker ${pct(r.speakerAccuracy)}  headline ${r.headlineRight}/${r.headlineChecked}  context ${r.contextHits}/${r.contextChecked}` +
      `  hard failures ${r.hardFailures.length}`,
  );
  if (verbose) {
    for (const c of cases) {
      const s = scoreQuotes(c.brief, c.expected);
      for (const m of s.missed) console.log(`  MISS ${c.name}: "${m.contains}" (${m.speaker}) got ${JSON.stringify(c.brief.quotes.filter((x) => x.text.toLowerCase().includes(m.contains.toLowerCase().slice(0, 20))).map((x) => x.speaker))}`);
      for (const w of s.wrong) console.log(`  WRONG ${c.name}: "${w.text.slice(0, 90)}" (${w.speaker})`);
    }
    for (const h of r.hardFailures) console.log(`  HARD ${h.name}: ${h.failures.join('; ')}`);
  }
}

if (existsSync(SETS.cnndm)) {
  // Rules are tuned on the tuning part only; the held-back part is the figure that counts.
  const all = loadReferenceSet(SETS.cnndm).map((c) => ({ part: summaryPart(c.name), brief: condense(c.article), reference: c.expected.reference, lead3: c.expected.lead3 }));
  for (const [label, cases] of [['cnndm-dev', all], ['  tuning part', all.filter((c) => c.part === 'tuning')], ['  held-back part', all.filter((c) => c.part === 'held-back')]] as const) {
    const r = evaluateSummaries(cases);
    console.log(
      `${label.padEnd(24)} n=${String(r.articles).padStart(3)}  ROUGE-1 ${pct(r.rouge1)}  ROUGE-2 ${pct(r.rouge2)}` +
        `  | Lead-3 ROUGE-1 ${pct(r.lead3Rouge1)}  ROUGE-2 ${pct(r.lead3Rouge2)}  (ratio R1 ${(r.rouge1 / r.lead3Rouge1).toFixed(3)})`,
    );
  }
} else {
  console.log('cnndm-dev: absent, skipped');
}

// Real saved news pages, condensed from the page (the `condense FILE.html` path), per language.
const share = (hit: number, of: number): string => `${hit}/${of}`;
function pageLine(label: string, r: SetReport): string {
  const q = r.quotes;
  return `${label.padEnd(24)} n=${String(r.articles).padStart(3)}  quotes P ${pct(q.precision)}  R ${pct(q.recall)}  F1 ${pct(q.f1)}` +
    `  speaker ${pct(r.speakerAccuracy)}  headline ${share(r.headlineRight, r.headlineChecked)}  summary ${share(r.summaryHits, r.summaryChecked)}` +
    `  context ${share(r.contextHits, r.contextChecked)}  date ${share(r.dateRight, r.dateChecked)}  clean ${share(r.clean, r.articles)}`;
}
if (existsSync(SETS.realweb)) {
  const set = loadPageSet(SETS.realweb);
  const pages = set.map((c) => ({ name: c.name, brief: condense(articleFromHtml(c.html, c.url)), expected: c.expected }));
  const langs = [...new Set(pages.map((p) => p.expected.lang ?? 'en'))].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  for (const lang of langs) console.log(pageLine(`realweb-dev ${lang} (page)`, evaluateExpectations(pages.filter((p) => (p.expected.lang ?? 'en') === lang))));
  // Topics of the built-in topic set on every page, against tests/fixtures/realweb-topics.json.
  const builtIn = loadConfig().topics;
  const annotations = loadTopicAnnotations();
  const t = scoreTopics(topicCases(pages.map((p) => ({ name: p.name, topics: assignTopics(p.brief, builtIn).topics })), annotations));
  console.log(`${'realweb-dev topics'.padEnd(24)} n=${String(t.pages).padStart(3)}  P ${pct(t.precision)}  R ${pct(t.recall)}  (${t.right} right, ${t.wrong} wrong, ${t.required} expected)`);
  if (verbose) for (const e of t.errors) console.log(`  TOPICS ${e.name}: wrong ${JSON.stringify(e.wrong)} missed ${JSON.stringify(e.missed)}`);
  // The same pages behind a teaser feed, through `preview --once`: what a channel would get.
  const viaFeed = await briefsThroughFeed(set);
  const fed = set.map((c) => ({ name: c.name, brief: viaFeed.get(c.name) ?? missingBrief(c.name), expected: c.expected }));
  const missing = set.filter((c) => !viaFeed.has(c.name)).map((c) => c.name);
  for (const lang of langs) console.log(pageLine(`realweb-dev ${lang} (feed)`, evaluateExpectations(fed.filter((p) => (p.expected.lang ?? 'en') === lang))));
  if (missing.length) console.log(`  no brief through the feed for: ${missing.join(', ')}`);
  // The topics the pipeline itself gave the briefs it made from the feed.
  const ft = scoreTopics(topicCases(fed.map((p) => ({ name: p.name, topics: p.brief.topics })), annotations));
  console.log(`${'realweb-dev feed topics'.padEnd(24)} n=${String(ft.pages).padStart(3)}  P ${pct(ft.precision)}  R ${pct(ft.recall)}  (${ft.right} right, ${ft.wrong} wrong, ${ft.required} expected)`);
  if (verbose) {
    for (const c of pages) {
      const s = scoreQuotes(c.brief, c.expected);
      const flags = [
        headlineMatches(c.brief, c.expected) ? '' : `headline ${JSON.stringify(c.brief.headline)}`,
        summaryMatches(c.brief, c.expected) ? '' : `summary ${JSON.stringify(c.brief.summary.slice(0, 160))}`,
        contextMatches(c.brief, c.expected) ? '' : 'context missed',
        c.expected.date && !c.brief.date?.startsWith(c.expected.date) ? `date ${c.brief.date}` : '',
        ...furnitureFound(c.brief, c.expected).map((f) => `furniture "${f}"`),
      ].filter(Boolean);
      if (flags.length) console.log(`  PAGE ${c.name}: ${flags.join('; ')}`);
      for (const m of s.missed) console.log(`  MISS ${c.name}: "${m.contains}" (${m.speaker}) got ${JSON.stringify(c.brief.quotes.filter((x) => x.text.toLowerCase().includes(m.contains.toLowerCase().slice(0, 20))).map((x) => x.speaker))}`);
      for (const w of s.wrong) console.log(`  WRONG ${c.name}: "${w.text.slice(0, 90)}" (${w.speaker})`);
    }
  }
} else {
  console.log('realweb-dev: absent, skipped');
}
