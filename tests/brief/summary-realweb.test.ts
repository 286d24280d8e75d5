// Quality floor for summaries on real saved news pages (../shared/realweb-dev): the summary
// holds one of the page's key-fact phrases. The set missing is a failure, not a skip.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { summaryMatches } from '../../src/brief/eval/score.ts';
import { loadPageSet, SETS } from '../../src/brief/eval/sets.ts';
import { articleFromHtml } from '../../src/feeds/page.ts';

describe('summaries on real news pages', () => {
  const pages = loadPageSet(SETS.realweb).filter((p) => (p.expected.summary_should_include_one_of ?? []).length > 0);
  const hits = (lang: (l: string) => boolean): { hit: number; of: number; missed: string[] } => {
    const set = pages.filter((p) => lang(p.expected.lang ?? 'en'));
    const missed = set.filter((p) => !summaryMatches(condense(articleFromHtml(p.html, p.url)), p.expected)).map((p) => p.name);
    return { hit: set.length - missed.length, of: set.length, missed };
  };

  it('say what happened on at least 85% of the English pages', () => {
    const r = hits((l) => l === 'en');
    expect(r.of).toBeGreaterThanOrEqual(30);
    expect(r.hit / r.of, `missed: ${r.missed.join(', ')}`).toBeGreaterThanOrEqual(0.85);
  });

  it('say what happened on at least 80% of the pages in other languages', () => {
    const r = hits((l) => l !== 'en');
    expect(r.of).toBeGreaterThan(0);
    expect(r.hit / r.of, `missed: ${r.missed.join(', ')}`).toBeGreaterThanOrEqual(0.8);
  });
});
