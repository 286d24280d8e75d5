import { describe, expect, it } from 'vitest';
import type { Brief } from '../../src/brief/types.ts';
import { briefEmbed, embedLength, embedToText, quoteLine } from '../../src/discord/embed.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import { fitEscaped, safeText, truncateWords } from '../../src/discord/text.ts';

const base: Brief = {
  id: 'abc123def456',
  headline: 'Talks set for next week',
  date: '2021-12-02',
  source: 'Example News',
  link: 'https://example.org/story',
  summary: 'Leaders agreed to meet.',
  quotes: [
    { text: 'We will talk', speaker: 'Jane Doe', role: 'the minister' },
    { text: 'Second quote here', speaker: 'John Roe' },
    { text: 'Third', speaker: null },
    { text: 'Fourth is hidden', speaker: 'Zed' },
  ],
  context: ['The dispute began in 2014.', 'Thousands have died.'],
  topics: ['world', 'ukraine'],
};

describe('brief embed', () => {
  it('lays out headline, link, summary, quotes, context, topics and footer', () => {
    const e = briefEmbed(base, { quotesShown: 3 });
    expect(e.title).toBe('Talks set for next week');
    expect(e.url).toBe('https://example.org/story');
    expect(e.description).toBe('Leaders agreed to meet.');
    const quotes = e.fields!.find((f) => f.name === 'Key quotes')!.value.split('\n');
    expect(quotes).toEqual(['“We will talk” — Jane Doe, the minister', '“Second quote here” — John Roe', '“Third”']);
    expect(e.fields!.find((f) => f.name === 'Context')!.value).toBe('The dispute began in 2014. Thousands have died.');
    expect(e.fields!.find((f) => f.name === 'Topics')!.value).toBe('world · ukraine');
    expect(e.footer!.text).toBe('Example News · 2021-12-02 · id abc123def456');
    expect(embedToText(e)).toContain('“We will talk” — Jane Doe, the minister');
  });

  it('escapes markdown and defuses mentions from feed text', () => {
    const e = briefEmbed({ ...base, headline: '**Bold** claim @everyone <@123>', summary: '[click](https://evil.example) _now_' });
    expect(e.title).not.toMatch(/(^|[^\\])\*\*/);
    expect(e.title).not.toContain('@everyone');
    expect(e.title).not.toContain('<@123>');
    expect(e.description).toContain('\\[click\\]');
    expect(safeText('a_b')).toBe('a\\_b');
  });

  it('stays inside every limit for huge input, cutting only between words', () => {
    const word = 'lorem_ipsum*dolor ';
    const huge = word.repeat(2000);
    const e = briefEmbed({
      ...base,
      headline: huge,
      summary: huge,
      quotes: Array.from({ length: 30 }, (_, i) => ({ text: `${i} ${huge}`, speaker: huge, role: huge })),
      context: [huge, huge, huge, huge],
      topics: Array.from({ length: 40 }, (_, i) => `topic-${i}`),
      source: huge,
    }, { quotesShown: 10 });
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    // Cut between words: the title ends with a whole escaped word and an ellipsis.
    expect(e.title).toMatch(/dolor…$/);
    expect(e.title).not.toMatch(/\\…$/);
  });

  it('keeps quote marks paired when a quote is shortened', () => {
    const line = quoteLine({ text: 'word '.repeat(500), speaker: 'Jane Doe' }, 100);
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line).toMatch(/^“(word )+word…” — Jane Doe$/);
  });

  it('truncates at word boundaries and never splits an escape', () => {
    expect(truncateWords('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(truncateWords('short', 12)).toBe('short');
    const fitted = fitEscaped('a*b*c*d*e*f g*h*i*j', 12);
    expect(fitted.length).toBeLessThanOrEqual(12);
    expect(fitted).not.toMatch(/\\$/);
  });
});
