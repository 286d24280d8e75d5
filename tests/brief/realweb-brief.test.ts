// Quality floors on real saved news pages (../shared/realweb-dev) beside realweb.test.ts,
// which holds the English summary floor on both paths: here the summary of pages in other
// languages holds one of its key-fact phrases, and the context one of its background phrases.
// The set missing is a failure, not a skip.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { contextMatches, summaryMatches, type Expectation } from '../../scripts/eval/score.ts';
import { loadPageSet, SETS } from '../../scripts/eval/sets.ts';
import type { Brief } from '../../src/brief/types.ts';
import { articleFromHtml } from '../../src/feeds/page.ts';

describe('briefs of real news pages', () => {
  const pages = loadPageSet(SETS.realweb).map((p) => ({ ...p, brief: condense(articleFromHtml(p.html, p.url)) }));
  const share = (english: boolean, field: keyof Expectation, matches: (b: Brief, e: Expectation) => boolean): { hit: number; of: number; missed: string[] } => {
    const set = pages.filter((p) => ((p.expected.lang ?? 'en') === 'en') === english && ((p.expected[field] as string[] | undefined) ?? []).length > 0);
    const missed = set.filter((p) => !matches(p.brief, p.expected)).map((p) => p.name);
    return { hit: set.length - missed.length, of: set.length, missed };
  };
  const cases = [
    { what: 'summaries say what happened', field: 'summary_should_include_one_of', matches: summaryMatches, english: null, other: 0.8 },
    { what: 'context gives background', field: 'context_should_include_one_of', matches: contextMatches, english: 0.75, other: 0.7 },
  ] as const;
  for (const { what, field, matches, english, other } of cases) {
    if (english !== null) {
      it(`${what} on at least ${100 * english}% of the English pages`, () => {
        const r = share(true, field, matches);
        expect(r.of).toBeGreaterThanOrEqual(30);
        expect(r.hit / r.of, `missed: ${r.missed.join(', ')}`).toBeGreaterThanOrEqual(english);
      });
    }
    it(`${what} on at least ${100 * other}% of the pages in other languages`, () => {
      const r = share(false, field, matches);
      expect(r.of).toBeGreaterThan(0);
      expect(r.hit / r.of, `missed: ${r.missed.join(', ')}`).toBeGreaterThanOrEqual(other);
    });
  }
});
