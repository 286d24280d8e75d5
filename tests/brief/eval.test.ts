// Quality floor on every evaluation set present: quote F1 on the annotated sets, ROUGE-1
// against Lead-3 on the summary set, and no broken headline or must-not-contain rule.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { evaluateExpectations, evaluateSummaries } from '../../scripts/eval/score.ts';
import { fixtureLanguages, loadExpectationSet, loadReferenceSet, SETS, summaryPart } from '../../scripts/eval/sets.ts';

const quoteSets = [
  { label: 'shared fixtures', dir: SETS.seed, minF1: 0.9 },
  { label: 'own fixtures', dir: SETS.fixtures, minF1: 0.9 },
  { label: 'polnear-dev', dir: SETS.polnear, minF1: 0.85 },
];

for (const { label, dir, minF1 } of quoteSets) {
  describe(`eval: ${label}`, () => {
    // A missing set fails the floor: it must never pass by not being measured.
    const report = existsSync(dir)
      ? evaluateExpectations(loadExpectationSet(dir).map((c) => ({ name: c.name, brief: condense(c.article), expected: c.expected })))
      : undefined;
    it('has its articles', () => {
      expect(existsSync(dir), `${dir} is missing`).toBe(true);
      expect(report!.articles).toBeGreaterThan(0);
    });
    it(`quote F1 is at least ${minF1}`, () => {
      expect(report!.quotes.f1).toBeGreaterThanOrEqual(minF1);
    });
    it('every headline is right', () => {
      expect(report!.headlineRight).toBe(report!.headlineChecked);
    });
    it('no brief breaks a must-not-contain, forbidden-quote or headline rule', () => {
      expect(report!.hardFailures).toEqual([]);
    });
  });
}

// Hand-written articles per language (tests/fixtures/lang/<lang>/), read as plain text with no
// declared language. One floor per language, a little under today's figure; a language whose
// folder is missing fails its floor.
const LANG_FLOORS: Record<string, number> = { cs: 0.55, de: 0.8, es: 0.75, fr: 0.85, it: 0.85, ja: 0.7, nl: 0.9, pt: 0.75, zh: 0.6 };

describe('eval: per-language fixtures', () => {
  it('has fixtures for every language with a floor', () => {
    expect(fixtureLanguages()).toEqual(expect.arrayContaining(Object.keys(LANG_FLOORS)));
  });
  for (const [lang, minF1] of Object.entries(LANG_FLOORS)) {
    it(`${lang}: quote F1 is at least ${minF1}`, () => {
      const dir = `${SETS.lang}/${lang}`;
      expect(existsSync(dir), `${dir} is missing`).toBe(true);
      const cases = loadExpectationSet(dir);
      expect(cases.length).toBeGreaterThanOrEqual(5);
      const report = evaluateExpectations(cases.map((c) => ({ name: c.name, brief: condense(c.article), expected: c.expected })));
      expect(report.quotes.f1).toBeGreaterThanOrEqual(minF1);
    });
  }
});

// Only the held-back part counts: rules are tuned on the other part (see summaryPart). A
// missing set fails rather than skips, so the floor cannot vanish unnoticed.
describe('eval: cnndm-dev held-back part', () => {
  it('ROUGE-1 of the brief is at least that of Lead-3', () => {
    const cases = loadReferenceSet(SETS.cnndm)
      .filter((c) => summaryPart(c.name) === 'held-back')
      .map((c) => ({ brief: condense(c.article), reference: c.expected.reference, lead3: c.expected.lead3 }));
    expect(cases.length, `no held-back articles in ${SETS.cnndm} (the shared folder must sit beside the checkout)`).toBeGreaterThan(0);
    const r = evaluateSummaries(cases);
    expect(r.rouge1).toBeGreaterThanOrEqual(r.lead3Rouge1);
  });
});
