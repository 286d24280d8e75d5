// The condenser must never throw and must stay roughly linear on hostile input: feed text is
// untrusted, and one pathological article must not stall the pipeline.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import type { Article } from '../../src/feeds/types.ts';
import { blocksFromText } from '../../src/feeds/article-body.ts';
import { htmlToBlocks } from '../../src/feeds/html-to-text.ts';

// An HTML body goes through the feed stage's converter first, as in the pipeline.
const article = (text: string, html: string | null = null): Article => ({
  id: 'r', feedUrl: '', source: '', title: 'T', link: '', published: null, author: null, categories: [],
  body: html === null ? blocksFromText(text) : htmlToBlocks(html), bodySource: 'feed', contentHash: 'h', lang: null,
});

function timed(a: Article): number {
  const start = performance.now();
  condense(a);
  return performance.now() - start;
}

const hostile: [string, Article][] = [
  ['only quote marks', article('“'.repeat(20_000) + '"'.repeat(20_000) + "'".repeat(20_000))],
  ['one enormous word', article('x'.repeat(200_000))],
  ['capitalised names forever', article('Mr. John Smith Jones '.repeat(10_000))],
  ['speech verbs without quotes', article('He said she told they added that '.repeat(10_000))],
  ['alternating marks and words', article('“a b c d ” said X, '.repeat(5_000))],
  ['unclosed tags', article('', '<p class="a'.repeat(5_000) + '<div><p>'.repeat(5_000))],
  ['nested clutter', article('', '<div class="share">'.repeat(5_000) + '<p>text.</p>' + '</div>'.repeat(5_000))],
  ['many tiny paragraphs', article('A b.\n\n'.repeat(20_000))],
  ['colons and dashes', article('Label: Word — word ― word -- '.repeat(10_000))],
  ['unicode soup', article('«»‹›„‚‘’“”′″ éÉ ßẞ 中文 '.repeat(10_000))],
];

describe('hostile input', () => {
  for (const [name, a] of hostile) {
    it(`${name}: no throw, bounded time`, () => {
      expect(() => condense(a)).not.toThrow();
      // Generous bound for slow CI machines; catastrophic backtracking takes minutes.
      expect(timed(a)).toBeLessThan(5_000);
    });
  }

  it('scales about linearly with article length', () => {
    const para = '“We will rebuild the bridge,” said Mayor Ann Lee, whose city of 40,000 people lost its only crossing in 2019. ';
    const small = article(Array.from({ length: 50 }, () => para).join('\n\n'));
    const large = article(Array.from({ length: 500 }, () => para).join('\n\n'));
    // The fastest of a few runs: on a shared machine one run can be stretched by the scheduler,
    // which would look like (or hide) quadratic growth.
    const fastest = (a: Article): number => Math.min(timed(a), timed(a), timed(a));
    timed(small);
    const t1 = Math.max(fastest(small), 1);
    const t2 = fastest(large);
    expect(t2 / t1).toBeLessThan(60);
  });
});

describe('malformed articles from feed parsers', () => {
  it('treats non-string fields as absent instead of throwing', () => {
    const weird = { ...article('Body text here. More text follows.'), title: { $: 'x' }, html: { _: '<p>x</p>' }, link: undefined } as unknown as Article;
    const b = condense(weird);
    expect(b.headline).toBe('');
    expect(b.summary).toBe('Body text here.');
    expect(b.link).toBe('');
  });
});
