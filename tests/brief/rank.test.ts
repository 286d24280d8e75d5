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

  it('interleaves speakers: a second voice comes before a third quote from the first', () => {
    const lee = { name: 'Ann Lee', surname: 'Lee', mentions: [] };
    const roe = { name: 'Bo Roe', surname: 'Roe', mentions: [] };
    const a1 = q('The bridge repairs will take months, not weeks, and traffic will suffer.', { speaker: 'Ann Lee', person: lee, at: 1 });
    const a2 = q('The bridge repairs are the biggest job we have had in a decade.', { speaker: 'Ann Lee', person: lee, at: 2 });
    const b1 = q('We were told nothing about the bridge.', { speaker: 'Bo Roe', person: roe, at: 3 });
    const a3 = q('The ring road will carry the bridge traffic meanwhile.', { speaker: 'Ann Lee', person: lee, at: 4 });
    const fragment = q('bridge traffic', { full: false, speaker: 'Cy Poe', person: { name: 'Cy Poe', surname: 'Poe', mentions: [] }, at: 5 });
    const ranked = rankQuotes([a1, a2, b1, a3, fragment], weights);
    expect(ranked.slice(0, 2).map((x) => x.speaker)).toEqual(['Ann Lee', 'Bo Roe']);
    // A repeated speaker's whole sentence still outranks a new speaker's fragment.
    expect(ranked.at(-1)).toBe(fragment);
    expect(ranked).toHaveLength(5);
  });
});
