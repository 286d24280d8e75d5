import { describe, expect, it } from 'vitest';
import { matchTopics } from '../../src/topics/index.ts';

const topics = [
  { name: 'ukraine', keywords: ['Ukraine', 'Kyiv'] },
  { name: 'business', keywords: ['company', 'interest rate', 'sanction'] },
  { name: 'technology', keywords: ['AI', 'chip'] },
  { name: 'world', keywords: ['UN', 'border'] },
];

describe('topic matching', () => {
  it('matches case-insensitively on word boundaries', () => {
    expect(matchTopics('Troops gather near UKRAINE’s border', topics)).toEqual(['ukraine', 'world']);
    expect(matchTopics('The Ukrainians protested', topics)).toEqual([]);
    expect(matchTopics('Kyiv-based analysts', topics)).toEqual(['ukraine']);
  });

  it('accepts simple plurals and plural phrases', () => {
    expect(matchTopics('Three companies raised interest rates', topics)).toEqual(['business']);
    expect(matchTopics('New sanctions announced', topics)).toEqual(['business']);
    expect(matchTopics('Chips are scarce', topics)).toEqual(['technology']);
  });

  it('keeps capitalised acronyms case-sensitive', () => {
    expect(matchTopics('The UN met today', topics)).toEqual(['world']);
    expect(matchTopics('un homme said ai was fine', topics)).toEqual([]);
    expect(matchTopics('AI models improve', topics)).toEqual(['technology']);
  });

  it('lets a text match several topics, or none', () => {
    expect(matchTopics('AI company in Kyiv', topics)).toEqual(['ukraine', 'business', 'technology']);
    expect(matchTopics('Nothing relevant here', topics)).toEqual([]);
  });
});
