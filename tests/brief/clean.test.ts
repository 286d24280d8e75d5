import { describe, expect, it } from 'vitest';
import { cleanParagraphs, stripDateline } from '../../src/brief/clean.ts';
import { cleanHeadline } from '../../src/brief/headline.ts';
import { htmlToText } from '../../src/brief/html.ts';

describe('cleanParagraphs', () => {
  it('drops prompts, credits and bylines', () => {
    const out = cleanParagraphs([
      'By Jane Porter and Sam Lee',
      'The council approved the budget on Monday.',
      'Read more: Council rows over bin collections',
      'Scroll down for video',
      'Sign up for our free morning newsletter.',
      'Photo: John Smith/Getty Images',
      'The plan now goes to a public vote.',
      '© 2024 Example Media. All rights reserved.',
    ]);
    expect(out).toEqual(['The council approved the budget on Monday.', 'The plan now goes to a public vote.']);
  });

  it('drops a trailing publisher blurb and the broken fragment before it', () => {
    const out = cleanParagraphs([
      'The talks ended without a deal.',
      'Smith, according to a senior official. The Daily Ledger is a daily newspaper published in Springfield.',
    ]);
    expect(out).toEqual(['The talks ended without a deal.']);
  });

  it('keeps ordinary closing paragraphs', () => {
    const out = cleanParagraphs(['The talks ended.', 'Both sides will meet again in March, officials said.']);
    expect(out).toHaveLength(2);
  });

  it('strips a wire dateline', () => {
    expect(stripDateline('WASHINGTON (Reuters) - The Senate voted.')).toBe('The Senate voted.');
    expect(stripDateline('LONDON — Prices rose.')).toBe('Prices rose.');
  });
});

describe('cleanHeadline', () => {
  it('removes site suffixes and keeps quote marks', () => {
    expect(cleanHeadline('Rates rise again - BBC News')).toBe('Rates rise again');
    expect(cleanHeadline('Minister says ‘no deal’ is off the table | Reuters')).toBe('Minister says ‘no deal’ is off the table');
    expect(cleanHeadline('Biden-Putin talks - what we know')).toBe('Biden-Putin talks - what we know');
  });
});

describe('htmlToText', () => {
  it('keeps prose and drops scripts, figures and share bars', () => {
    const html = `<nav><a href="/">Home</a></nav><p>First &amp; foremost.</p><script>var x = "<p>no</p>";</script>
      <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
      <div class="share-bar"><a>Share on Facebook</a></div><p>Second&nbsp;para &#8220;quoted&#8221;.</p>`;
    expect(htmlToText(html)).toBe('First & foremost.\n\nSecond para “quoted”.');
  });
});

describe('robust input handling', () => {
  it('splits paragraphs on single line breaks when a text has no blank lines', async () => {
    const { splitParagraphs } = await import('../../src/brief/clean.ts');
    expect(splitParagraphs('One.\nTwo.\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
    expect(splitParagraphs('One\ncontinued.\n\nTwo.')).toEqual(['One continued.', 'Two.']);
  });

  it('keeps the body when its container carries a furniture-like class', () => {
    const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of the story with enough words to count as real prose here.</p>`).join('');
    expect(htmlToText(`<div class="story ad-free">${body}</div>`)).toContain('Paragraph 5 of the story');
  });
});

describe('feed leftovers', () => {
  it('strips datelines with dates and drops feed footers', () => {
    expect(stripDateline('LONDON, March 3 (Reuters) - Shares fell.')).toBe('Shares fell.');
    expect(stripDateline('NEW YORK (AP) — The mayor spoke.')).toBe('The mayor spoke.');
    expect(stripDateline('A quiet day - nothing happened.')).toBe('A quiet day - nothing happened.');
    expect(cleanParagraphs(['Prices rose again in May.', 'Continue reading...', 'The post Prices rise again appeared first on Example Times.'])).toEqual(['Prices rose again in May.']);
  });
});

describe('standfirsts before a dateline', () => {
  it('drops short lines before the paragraph that carries the dateline', () => {
    expect(cleanParagraphs([
      'Roads reopen, but the valley is still cut off.',
      'KENDAL - Nearly a week after the floods, the valley remains cut off.',
      'Shops stayed shut on Sunday.',
    ])).toEqual(['Nearly a week after the floods, the valley remains cut off.', 'Shops stayed shut on Sunday.']);
  });
});

describe('doubly escaped HTML', () => {
  it('is unescaped and stripped once more', () => {
    expect(htmlToText('<div>&lt;p&gt;Entry &amp;amp; content&lt;/p&gt;</div>')).toBe('Entry & content');
  });
});

describe('bylines', () => {
  it('drops bylines but not prose that starts with "By"', () => {
    expect(cleanParagraphs(['By JANE PORTER, Associated Press', 'By the way, the council voted on Monday.', 'By Sam Lee | Staff writer'])).toEqual(['By the way, the council voted on Monday.']);
  });
});

describe('prose that looks like furniture', () => {
  it('keeps long paragraphs that start with prompt words', () => {
    const p = 'Email to the council, seen by this newspaper, shows that officials knew about the cracks in the bridge supports two years before it closed.';
    expect(cleanParagraphs(['The bridge closed on Monday.', p])).toEqual(['The bridge closed on Monday.', p]);
  });
});
