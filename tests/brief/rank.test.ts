import { describe, expect, it } from 'vitest';
import type { FoundQuote } from '../../src/brief/extract.ts';
import { rankQuotes } from '../../src/brief/rank.ts';
import { termWeights } from '../../src/brief/terms.ts';

const q = (text: string, over: Partial<FoundQuote>): FoundQuote => ({
  text, speaker: null, full: true, at: 0, paragraph: 0, words: text.split(/\s+/).length, ...over,
});

describe('rankQuotes', () => {
  const weights = termWeights(['The bridge closed. The bridge repairs will take months. Bridge traffic moved to the ring road.'], 'Bridge closed for repairs');

  it('puts whole sentences before fragments and named speakers before anonymous ones', () => {
    const fragment = q('bridge repairs will take months', { full: false, speaker: 'Ann Lee', person: { name: 'Ann Lee', surname: 'Lee', mentions: [] } });
    const anonymous = q('The bridge repairs will take months, not weeks.', { speaker: null });
    const named = q('The bridge repairs will take months, not weeks.', { speaker: 'Ann Lee', person: { name: 'Ann Lee', surname: 'Lee', mentions: [] } });
    expect(rankQuotes([fragment, anonymous, named], weights)).toEqual([named, anonymous, fragment]);
  });

  it('prefers a quote about the story over an aside of the same form', () => {
    const aside = q('My grandmother always loved the summer fair.', { speaker: 'Ann Lee', at: 1 });
    const central = q('The bridge repairs will take months, not weeks.', { speaker: 'Ann Lee', at: 2 });
    expect(rankQuotes([aside, central], weights)[0]).toBe(central);
  });
});
