import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { pickContext, pickSummary, sentencesOf } from '../../src/brief/context.ts';
import { buildDoc } from '../../src/brief/extract.ts';
import { termWeights } from '../../src/brief/terms.ts';
import type { Article } from '../../src/feeds/types.ts';
import { blocksFromText, bodyText } from '../../src/feeds/article-body.ts';
import { htmlToBlocks } from '../../src/feeds/html-to-text.ts';

const article = ({ text = '', ...over }: Partial<Article> & { text?: string }): Article => ({
  id: 'a1', feedUrl: '', source: 'Test', title: '', link: 'https://example.test/a', published: null, author: null,
  categories: [], body: blocksFromText(text), bodySource: 'feed', contentHash: 'h', lang: null, ...over,
});

describe('parseArticleText', () => {
  it('reads a date and headline on the first line, after leading space', () => {
    const a = parseArticleText(' date 2021-12-02 Talks are on.\n\nFirst paragraph.\n\nSecond.');
    expect(a.published).toBe('2021-12-02');
    expect(a.title).toBe('Talks are on.');
    expect(bodyText(a.body)).toBe('First paragraph.\n\nSecond.');
    expect(a.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads a headline on the line after the date', () => {
    const a = parseArticleText('date 2016-09-12\nA Headline Here\n\nBody text.');
    expect(a.title).toBe('A Headline Here');
    expect(bodyText(a.body)).toBe('Body text.');
  });

  it('leaves the headline empty when the file has no date line', () => {
    const a = parseArticleText('The mayor resigned on Monday. She gave no reason.\n\nMore text.');
    expect(a.title).toBe('');
    expect(a.published).toBeNull();
    expect(bodyText(a.body).startsWith('The mayor resigned')).toBe(true);
  });
});

describe('condense', () => {
  const text = [
    'The city council voted on Tuesday to ban cars from the old town centre from next spring, after a two-year consultation.',
    '“This is the biggest change to our streets in fifty years,” said Mayor Rosa Lind.',
    'The old town has been a conservation area since 1974, and traffic through it has doubled since 2000.',
    'Shop owners are split: some expect more visitors on foot, others fear losing customers who drive.',
    'Delivery vans will still be allowed before 10am.',
  ].join('\n\n');

  it('is deterministic and leaves topics to the pipeline', () => {
    const a = article({ title: 'Council bans cars from old town', text, published: '2024-03-05T10:00:00Z' });
    const b1 = condense(a);
    expect(condense(a)).toEqual(b1);
    expect(b1.topics).toEqual([]);
    expect(b1.date).toBe('2024-03-05');
    expect(b1.headline).toBe('Council bans cars from old town');
    expect(b1.summary).toMatch(/^The city council voted/);
    expect(b1.quotes).toEqual([{ text: 'This is the biggest change to our streets in fifty years', speaker: 'Rosa Lind', role: 'Mayor' }]);
    expect(b1.context.length).toBeGreaterThanOrEqual(2);
    expect(b1.context.some((c) => c.includes('since 1974'))).toBe(true);
    expect(b1.context.every((c) => !c.includes('“'))).toBe(true);
  });

  it('briefs a body the feed stage converted from HTML, furniture left out', () => {
    const html = `<p>${text.split('\n\n').join('</p><p>')}</p><div class="newsletter">Sign up for our newsletter</div>`;
    const b = condense(article({ title: 'Cars banned', body: htmlToBlocks(html) }));
    expect(b.summary).toMatch(/^The city council voted/);
    expect(JSON.stringify(b)).not.toContain('newsletter');
  });

  it('never uses the headline or a quotation as the summary when a better sentence exists', () => {
    const b = condense(article({
      title: 'Storm closes schools',
      text: 'Storm closes schools\n\n“We had no choice,” the head teacher said.\n\nAll 40 schools in the county closed on Friday as winds reached 90mph.',
    }));
    expect(b.summary).toBe('All 40 schools in the county closed on Friday as winds reached 90mph.');
  });
});

describe('context selection', () => {
  it('keeps article order and never repeats the summary', () => {
    const paragraphs = [
      'Lead sentence about the vote that happened today in the chamber.',
      'The law was first introduced in 2019 and failed twice before.',
      'Supporters rallied outside the chamber all day long with banners.',
      'About 2 million people are affected by the change, officials estimate.',
    ];
    const doc = buildDoc(paragraphs);
    const s = sentencesOf(doc);
    const summary = pickSummary(s, '');
    const ctx = pickContext(s, summary, termWeights(paragraphs, ''), '');
    expect(summary?.text).toBe(paragraphs[0]);
    expect(ctx).not.toContain(paragraphs[0]);
    expect(ctx.map((c) => paragraphs.indexOf(c))).toEqual([...ctx.map((c) => paragraphs.indexOf(c))].sort((a, b) => a - b));
  });
});
