import { escapeMarkdown as discordEscape } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/discord/markdown.ts';

const OPTS = { heading: true, bulletedList: true, numberedList: true, maskedLink: true };

describe('markdown escaping', () => {
  // Everything discord.js's escapeMarkdown escapes, with the options safeText uses, gives the same text.
  const cases = [
    'plain words stay as they are',
    '**bold** and *italic* and ***both***',
    '_italic_ and __underline__ and ___both___',
    'snake_case_name and a*b*c',
    '~~struck~~ and a single ~ tilde',
    '||spoiler|| and a single | pipe',
    '`code`, ``double`` and ```block```',
    'a \\ backslash and \\*escaped\\*',
    '# Heading',
    '## Second heading',
    '- bullet point',
    '* starred bullet',
    '1. numbered',
    '  12. indented number',
    '[click here](https://evil.example) now',
    'a [bracket] without a link, and (parentheses)',
    'line one\n# heading two\n- bullet three',
  ];
  for (const text of cases) {
    it(`escapes like discord.js: ${JSON.stringify(text)}`, () => {
      expect(escapeMarkdown(text, OPTS)).toBe(discordEscape(text, OPTS));
    });
  }

  it('leaves URLs and custom emoji working', () => {
    expect(escapeMarkdown('see https://example.org/a_b*c and <https://x.example/y_z>')).toBe('see https://example.org/a_b*c and <https://x.example/y_z>');
    expect(escapeMarkdown('<:party_parrot:123456789> yay_')).toBe('<:party_parrot:123456789> yay\\_');
    expect(escapeMarkdown('https://example.org/~~x||y')).toBe('https://example.org/\\~\\~x\\|\\|y');
  });

  it('costs one pass over the text, however many marks it holds', () => {
    // The shape that makes look-behind patterns quadratic: thousands of marks after a URL.
    const text = `https://example.org ${'a_b*c '.repeat(20_000)}`;
    const out = escapeMarkdown(text, OPTS);
    expect(out.length).toBe(text.length + 40_000);
    expect(out.endsWith('a\\_b\\*c ')).toBe(true);
  });
});
