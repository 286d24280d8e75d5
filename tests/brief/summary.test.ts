// The summary says what happened: the news lead, or for a story that opens with a scene the
// sentence that says what it is about; never furniture, a quotation or a question. The
// wording here is invented.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import type { Article, Block } from '../../src/feeds/types.ts';

const article = (title: string, paragraphs: string[], kinds: Block['kind'][] = []): Article => ({
  id: 'a1', feedUrl: '', source: 'Test', title, link: 'https://example.test/a', published: null, author: null,
  categories: [], body: paragraphs.map((text, i) => ({ kind: kinds[i] ?? 'paragraph', text })), bodySource: 'feed', contentHash: 'h', lang: null,
});

const summaryOf = (title: string, paragraphs: string[]): string => condense(article(title, paragraphs)).summary;

const LEAD = 'The harbour council voted on Tuesday to close the port of Elmstead after a storm damaged its sea wall.';
const REST = [
  'Repairs to the sea wall will take at least four months, the council said in a statement.',
  'The port handled 2,000 ferry crossings last year and employs 300 people.',
  'Fishermen will moor their boats in a neighbouring town until the harbour reopens.',
];
const HEADLINE = 'Elmstead harbour closes after storm wrecks sea wall';

describe('summary', () => {
  it('is the news lead of a plain news story', () => {
    expect(summaryOf(HEADLINE, [LEAD, ...REST])).toBe(LEAD);
  });

  it('stays the lead when later sentences repeat the headline only a little more', () => {
    const later = 'The storm wrecked the sea wall of Elmstead harbour, which closes for months.';
    expect(summaryOf(HEADLINE, [LEAD, later, ...REST])).toBe(LEAD);
  });

  it('skips a photo caption without sentence punctuation', () => {
    const caption = 'A fisherman carries nets past the broken sea wall at Elmstead harbour on a grey morning (Photo agency/Jo Bloggs)';
    expect(summaryOf(HEADLINE, [caption, LEAD, ...REST])).toBe(LEAD);
  });

  it('skips a timestamp line and a date given twice', () => {
    expect(summaryOf(HEADLINE, ['November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm', LEAD, ...REST])).toBe(LEAD);
    expect(summaryOf(HEADLINE, ['June 4, 2019 June 4, 2019', LEAD, ...REST])).toBe(LEAD);
  });

  it('drops a date dateline before the lead', () => {
    expect(summaryOf(HEADLINE, [`June 4, 2019 -- ${LEAD}`, ...REST])).toBe(LEAD);
  });

  it('skips a syndication note', () => {
    expect(summaryOf(HEADLINE, ['This post originally appeared on Example Weekly.', LEAD, ...REST])).toBe(LEAD);
  });

  it('skips a standfirst that has no sentence punctuation', () => {
    const standfirst = 'Officials say the town faces months of disruption while engineers rebuild the defences along the coast';
    expect(summaryOf(HEADLINE, [standfirst, LEAD, ...REST])).toBe(LEAD);
  });

  it('skips a quotation and a question', () => {
    const quote = '"We have never seen a storm like it in this town," said the harbour master, Ann Cole.';
    expect(summaryOf(HEADLINE, ['Can a small port survive another winter like this one?', quote, LEAD, ...REST])).toBe(LEAD);
  });

  it('takes the sentence that says what a feature is about over its opening scene', () => {
    const scene = [
      'The morning mist hangs low over the water as the first boats slip out past the lighthouse.',
      'Gulls wheel above the nets, and somewhere a radio plays an old song.',
    ];
    const nut = 'Now a volunteer scheme has brought back the oyster beds of Marlow Bay, which pollution had emptied for fifty years.';
    const after = [
      'The oyster beds of Marlow Bay once fed the whole county.',
      'Volunteers seeded the beds with young oysters in 2019, and the first harvest came this spring.',
      'Oysters filter the water, and the bay is clearer than at any time since records began.',
    ];
    expect(summaryOf('Volunteers bring the oyster beds of Marlow Bay back to life', [...scene, nut, ...after])).toBe(nut);
  });

  it('does not take a first-person sentence as the news', () => {
    const first = 'I walked the length of the oyster beds of Marlow Bay with the volunteers who rebuilt them.';
    const news = 'A volunteer scheme has restored the oyster beds of Marlow Bay after fifty years of pollution.';
    const title = 'Volunteers bring the oyster beds of Marlow Bay back to life';
    expect(summaryOf(title, [first, news, 'The oyster beds of Marlow Bay once fed the county.'])).toBe(news);
  });

  it('is the lead when the headline has too few words to judge by', () => {
    const scene = 'The morning mist hangs low over the water as the first boats slip out past the lighthouse.';
    expect(summaryOf('Tides', [scene, LEAD, ...REST])).toBe(scene);
  });
});
