import { describe, expect, it } from 'vitest';
import { assignTopics, compileTopic, matchTopics, type TopicText } from '../../src/topics/index.ts';
import type { Brief } from '../../src/brief/index.ts';
import { loadConfig } from '../../src/config/index.ts';

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

describe('topics across languages', () => {
  const builtIn = loadConfig().topics;
  const inLang = (lang: string | null, lead: string): string[] => matchTopics({ lead, body: '', lang }, builtIn);

  it('matches the article’s language only: German "war" is "was", not a war', () => {
    expect(inLang('de', 'Das war ein großer Erfolg für die Stadt')).toEqual([]);
    expect(inLang('en', 'The war reached the city')).toEqual(['world']);
    expect(inLang('de', 'Der Krieg erreicht die Stadt')).toEqual(['world']);
  });

  it('gives the built-in topics keywords in each language', () => {
    expect(inLang('de', 'Bundesregierung plant neue Klimaziele')).toEqual(['politics', 'climate']);
    expect(inLang('fr', 'Le ministre de la Santé visite un hôpital de Lyon')).toEqual(['politics', 'health']);
    expect(inLang('es', 'Las elecciones en Andalucía, en el aire')).toEqual(['politics']);
    expect(inLang('pt', 'Eleições: Senado aprova projeto de lei')).toEqual(['politics']);
    expect(inLang('it', 'Il governo approva la legge sul clima')).toEqual(['politics', 'climate']);
    expect(inLang('nl', 'Het kabinet wil meer geld voor ziekenhuizen')).toEqual(['politics', 'health']);
    expect(inLang('zh', '香港特首就住宅违建事件道歉')).toEqual(['politics']);
    expect(inLang('ja', '東京都で新型コロナの感染者が急増')).toEqual(['health']);
    expect(inLang('de', 'Russland droht der Ukraine')).toEqual(['ukraine', 'russia']);
  });

  it('inflects per language, and does not confuse forms that are other words', () => {
    const t = (name: string, lang: string, keywords: string[]) => [{ name, keywords: { [lang]: keywords } }];
    expect(matchTopics({ lead: 'Nuevas sanciones contra Irán', body: '', lang: 'es' }, t('s', 'es', ['sanción']))).toEqual(['s']);
    expect(matchTopics({ lead: 'Eleições municipais', body: '', lang: 'pt' }, t('e', 'pt', ['eleição']))).toEqual(['e']);
    expect(matchTopics({ lead: 'Les hôpitaux saturés', body: '', lang: 'fr' }, t('h', 'fr', ['hôpital']))).toEqual(['h']);
    expect(matchTopics({ lead: 'I partiti di governo', body: '', lang: 'it' }, t('p', 'it', ['partito']))).toEqual(['p']);
    // "partita" is a match (sports), not a party.
    expect(matchTopics({ lead: 'La partita di ieri', body: '', lang: 'it' }, t('p', 'it', ['partito']))).toEqual([]);
    expect(matchTopics({ lead: 'Der Klimawandel schreitet voran', body: '', lang: 'de' }, t('k', 'de', ['Klima*']))).toEqual(['k']);
    expect(matchTopics({ lead: 'Il a fait un coup d’État', body: '', lang: 'fr' }, t('c', 'fr', ["coup d'État"]))).toEqual(['c']);
  });

  it('takes a config topic’s keywords per language, one list for all, and "*" for every language', () => {
    const rail = [{ name: 'rail', keywords: { de: ['Bahn'], fr: ['SNCF'], '*': ['Eurostar'] } }];
    expect(matchTopics({ lead: 'Die Bahn streikt', body: '', lang: 'de' }, rail)).toEqual(['rail']);
    expect(matchTopics({ lead: 'La Bahn allemande', body: '', lang: 'fr' }, rail)).toEqual([]);
    expect(matchTopics({ lead: 'Eurostar annule des trains', body: '', lang: 'fr' }, rail)).toEqual(['rail']);
    expect(matchTopics({ lead: 'Eurostar verkehrt wieder', body: '', lang: 'cs' }, rail)).toEqual(['rail']);
    expect(matchTopics({ lead: 'Die Bahn streikt', body: '', lang: 'cs' }, rail)).toEqual([]);
    // A language that cannot be told: every list applies.
    expect(matchTopics({ lead: 'Die Bahn streikt', body: '', lang: null }, rail)).toEqual(['rail']);
    const all = [{ name: 'rail', keywords: ['Eurostar'] }];
    expect(matchTopics({ lead: 'Eurostar 停运', body: '', lang: 'zh' }, all)).toEqual(['rail']);
  });

  it('matches Chinese and Japanese keywords inside text without spaces', () => {
    const t = [{ name: 'chips', keywords: { zh: ['芯片'], ja: ['半導体'] } }];
    expect(matchTopics({ lead: '美国限制对华出口先进芯片技术', body: '', lang: 'zh' }, t)).toEqual(['chips']);
    expect(matchTopics({ lead: '政府は半導体工場に補助金を出す', body: '', lang: 'ja' }, t)).toEqual(['chips']);
  });

  it('uses the brief’s language', () => {
    const brief: Brief = { id: 'x', headline: 'Das war knapp', date: null, source: '', link: '', summary: 'Die Stadt feiert.', quotes: [], context: [], lang: 'de', topics: [] };
    expect(assignTopics(brief, builtIn).topics).toEqual([]);
    expect(assignTopics({ ...brief, headline: 'The war is near', lang: 'en' }, builtIn).topics).toEqual(['world']);
  });
});
