import { describe, expect, it } from 'vitest';
import { checkBrief, normalize, rougeN, scoreQuotes, type Expectation } from '../../scripts/eval/score.ts';
import type { Brief } from '../../src/brief/types.ts';

const brief = (quotes: Brief['quotes'], extra: Partial<Brief> = {}): Brief => ({
  id: 'x', headline: 'H', date: null, source: '', link: '', summary: 'S.', quotes, context: ['C one.', 'C two.'], topics: [], ...extra,
});

describe('scoring against expectations', () => {
  const exp: Expectation = {
    headline: 'H',
    quotes_required: [{ contains: 'We won’t back down', speaker: 'Smith' }],
    quotes_optional: [{ contains: 'grave concerns', speaker: 'Smith' }],
    quotes_forbidden: [{ contains: 'nightmare', exact: true }],
    quote_text_must_not_contain: ['“'],
    context_should_include_one_of: ['C two'],
    brief_must_not_contain: ['Read more'],
  };

  it('passes a brief that meets every rule', () => {
    expect(checkBrief(brief([{ text: "We won't back down, not now", speaker: 'Jane Smith' }]), exp)).toEqual([]);
  });

  it('reports a wrong speaker, an unmatched quote, a forbidden quote and leftover marks', () => {
    const failures = checkBrief(brief([
      { text: 'We won’t back down', speaker: 'Bob Jones' },
      { text: 'Nightmare', speaker: null },
      { text: '“grave concerns', speaker: 'Jane Smith' },
    ]), exp);
    expect(failures.some((f) => f.includes('speaker is "Bob Jones"'))).toBe(true);
    expect(failures.some((f) => f.startsWith('forbidden quote'))).toBe(true);
    expect(failures.some((f) => f.includes('matches no expectation: "Nightmare"'))).toBe(true);
    expect(failures.some((f) => f.startsWith('quote text contains'))).toBe(true);
  });

  it('checks headline, context and must-not-contain', () => {
    const failures = checkBrief(brief([{ text: 'We won’t back down', speaker: 'Smith' }], { headline: 'Other', context: ['Read more here.'] }), exp);
    expect(failures).toHaveLength(3);
  });

  it('ignores produced quotes under min_words for precision', () => {
    const s = scoreQuotes(brief([{ text: 'two words', speaker: null }]), { quotes_required: [], min_words: 4 });
    expect(s.produced).toBe(0);
  });

  it('normalises marks, spacing and case', () => {
    expect(normalize('  “Don’t”\n  GO ')).toBe('"don\'t" go');
  });
});

describe('ROUGE-N', () => {
  it('is 1 for identical text, 0 for disjoint text, and clips repeated n-grams', () => {
    expect(rougeN('the cat sat', 'the cat sat', 1)).toBe(1);
    expect(rougeN('dogs bark', 'the cat sat', 2)).toBe(0);
    expect(rougeN('the the the', 'the cat', 1)).toBeCloseTo(0.4);
  });
});
