// Topic precision and recall on the real saved pages of ../shared/realweb-dev, against the
// hand annotation in tests/fixtures/realweb-topics.json. Fails (never skips) without ../shared.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { loadPageSet, SETS } from '../../scripts/eval/sets.ts';
import { loadTopicAnnotations, scoreTopics, topicCases } from '../../scripts/eval/topics.ts';
import { loadConfig } from '../../src/config/index.ts';
import { articleFromHtml } from '../../src/feeds/page.ts';
import { assignTopics } from '../../src/topics/index.ts';

describe('built-in topics on real news pages', () => {
  it('are right at least 90% of the time they are given, and found on most pages', () => {
    const builtIn = loadConfig().topics;
    const pages = loadPageSet(SETS.realweb);
    const briefs = pages.map((p) => ({ name: p.name, topics: assignTopics(condense(articleFromHtml(p.html, p.url)), builtIn).topics }));
    const report = scoreTopics(topicCases(briefs, loadTopicAnnotations()));
    expect(report.pages).toBeGreaterThanOrEqual(40);
    expect(report.precision, JSON.stringify(report.errors)).toBeGreaterThanOrEqual(0.9);
    expect(report.recall, JSON.stringify(report.errors)).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
