import { describe, expect, it } from 'vitest';
import { cleanParagraphs, stripDateline } from '../../src/brief/clean.ts';

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
