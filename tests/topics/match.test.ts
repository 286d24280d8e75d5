import { describe, expect, it } from 'vitest';
import { assignTopics, compileTopic, matchTopics, type TopicText } from '../../src/topics/index.ts';
import type { Brief } from '../../src/brief/index.ts';

const topics = [
  { name: 'ukraine', keywords: ['Ukraine', 'Kyiv'] },
  { name: 'business', keywords: ['company', 'interest rate', 'sanction'] },
  { name: 'technology', keywords: ['AI', 'chip'] },
  { name: 'world', keywords: ['UN', 'border'] },
];

const lead = (text: string): TopicText => ({ lead: text, body: '', lang: 'en' });
const body = (text: string): TopicText => ({ lead: 'A headline about nothing in particular', body: text, lang: 'en' });

describe('topic matching', () => {
  it('matches case-insensitively on word boundaries', () => {
    expect(matchTopics(lead('Troops gather near UKRAINE’s border'), topics)).toEqual(['ukraine', 'world']);
    expect(matchTopics(lead('The Ukrainians protested'), topics)).toEqual([]);
    expect(matchTopics(lead('Kyiv-based analysts'), topics)).toEqual(['ukraine']);
  });

  it('accepts simple plurals and plural phrases', () => {
    expect(matchTopics(lead('Three companies raised interest rates'), topics)).toEqual(['business']);
    expect(matchTopics(lead('New sanctions announced'), topics)).toEqual(['business']);
    expect(matchTopics(lead('Chips are scarce'), topics)).toEqual(['technology']);
  });

  it('keeps capitalised acronyms case-sensitive', () => {
    expect(matchTopics(lead('The UN met today'), topics)).toEqual(['world']);
    expect(matchTopics(lead('un homme said ai was fine'), topics)).toEqual([]);
    expect(matchTopics(lead('AI models improve'), topics)).toEqual(['technology']);
  });

  it('lets a text match several topics, or none', () => {
    expect(matchTopics(lead('AI company in Kyiv'), topics)).toEqual(['ukraine', 'business', 'technology']);
    expect(matchTopics(lead('Nothing relevant here'), topics)).toEqual([]);
  });

  it('needs two distinct keywords in the body when the headline and lead name none', () => {
    const sports = [{ name: 'sports', keywords: ['league', 'tennis', 'goal'] }];
    // One incidental word, even repeated or inflected, is not what the story is about.
    expect(matchTopics(body('The company set climate goals. Its goal is net zero.'), sports)).toEqual([]);
    expect(matchTopics(body('He won three league titles and later took up tennis.'), sports)).toEqual(['sports']);
    expect(matchTopics({ lead: 'Tennis star retires', body: '', lang: 'en' }, sports)).toEqual(['sports']);
  });

  it('rules a topic out when one of its excluded words occurs', () => {
    const science = [{ name: 'science', keywords: ['science', 'scientist'], exclude: ['science fiction'] }];
    expect(matchTopics(lead('Scientists map a distant planet'), science)).toEqual(['science']);
    expect(matchTopics(lead('A science fiction film tops the box office'), science)).toEqual([]);
    expect(matchTopics({ lead: 'Scientists at the festival', body: 'Science fiction writers met.', lang: 'en' }, science)).toEqual([]);
  });

  it('reads the headline and summary as the lead, context and quotes as the body, categories as lead', () => {
    const brief: Brief = {
      id: 'x', headline: 'Port reopens', date: null, source: '', link: '', summary: 'The port reopened on Monday.',
      quotes: [{ text: 'The league will resume', speaker: 'A' }], context: ['Tennis courts stayed shut.'], topics: [],
    };
    const sports = [{ name: 'sports', keywords: ['league', 'tennis'] }, { name: 'trade', keywords: ['shipping'] }];
    expect(assignTopics(brief, sports).topics).toEqual(['sports']);
    expect(assignTopics({ ...brief, context: [] }, sports).topics).toEqual([]);
    expect(assignTopics({ ...brief, context: [] }, sports, ['Shipping']).topics).toEqual(['trade']);
  });

  it('compiles a topic once and reuses it for equal topics read again from a store', () => {
    const t = { name: 'ukraine', keywords: ['Kyiv'] };
    const a = compileTopic(t);
    expect(a.include.get('*')?.[0]?.flags).toContain('u');
    // A fresh but equal object (as a guild topic read from the store) still matches.
    expect(matchTopics(lead('In Kyiv today'), [{ ...t }])).toEqual(['ukraine']);
  });
});
