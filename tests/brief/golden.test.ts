// Golden test: every reviewed article (the shared seed fixtures and this repo's own) must
// pass every rule of its expectations. Expectations are read from disk, never copied here.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { checkBrief } from '../../scripts/eval/score.ts';
import { loadExpectationSet, SETS } from '../../scripts/eval/sets.ts';

const sets = [
  { label: 'shared fixtures', dir: SETS.seed },
  { label: 'own fixtures', dir: SETS.fixtures },
];

for (const { label, dir } of sets) {
  describe(`golden briefs: ${label}`, () => {
    const cases = existsSync(dir) ? loadExpectationSet(dir) : [];
    it('has articles to check', () => {
      expect(existsSync(dir), `${dir} is missing`).toBe(true);
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const c of cases) {
      it(c.name, () => {
        const brief = condense(c.article);
        expect(checkBrief(brief, c.expected)).toEqual([]);
      });
    }
  });
}

describe('the seed article', () => {
  it('is among the shared fixtures', () => {
    const names = loadExpectationSet(SETS.seed).map((c) => c.name);
    expect(names).toContain('ukraine-biden-putin-2021-12-02');
  });
});
