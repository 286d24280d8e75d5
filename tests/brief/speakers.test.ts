import { describe, expect, it } from 'vitest';
import { buildDoc, extractQuotes } from '../../src/brief/extract.ts';

const quotes = (paragraphs: string[]) => extractQuotes(buildDoc(paragraphs)).map((q) => [q.text, q.speaker, q.role ?? null]);

describe('attribution and name resolution', () => {
  it('resolves a surname to the full name first given, with the role', () => {
    expect(quotes([
      'Health Minister Ana Costa opened the clinic on Monday.',
      '“We promised this clinic and we delivered it,” Costa said.',
    ])).toEqual([['We promised this clinic and we delivered it', 'Ana Costa', 'Health Minister']]);
  });

  it('reads names past the first few thousand words of a long article, and a short one after it', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `The committee met again on day ${i} and heard more evidence.`);
    expect(quotes([
      'Health Minister Ana Costa opened the inquiry on Monday.',
      ...filler,
      'Judge Omar Haddad closed the hearing late on Friday.',
      '“We promised answers and we will give them,” Costa said.',
      '“The record is now complete,” Haddad said.',
    ])).toEqual([
      ['We promised answers and we will give them', 'Ana Costa', 'Health Minister'],
      ['The record is now complete', 'Omar Haddad', 'Judge'],
    ]);
    // The next article reuses nothing of the long one: no name of it is known here.
    expect(quotes(['“It is over,” Haddad said.'])).toEqual([['It is over', 'Haddad', null]]);
  });

  it('reads "said X, the role" and keeps the appositive role', () => {
    expect(quotes(['“Nobody expected the river to rise this fast,” said Tom Reyes, the county’s emergency manager.']))
      .toEqual([['Nobody expected the river to rise this fast', 'Tom Reyes', 'county’s emergency manager']]);
  });

  it('resolves pronouns to the previous speaker', () => {
    const q = quotes([
      'Mayor Linda Park met residents on Friday.',
      '“The road will reopen next week,” Park said. “We are sorry for the delay,” she added.',
    ]);
    expect(q.map((x) => x[1])).toEqual(['Linda Park', 'Linda Park']);
  });

  it('reads "X said:", "according to X" and "quoted X as saying"', () => {
    const q = quotes([
      'Economist Rachel Obi said: “Inflation has turned a corner this spring.”',
      '“Prices are still far too high for families,” according to Marcus Bell, a union leader.',
      'Union leader Marcus Bell spoke later. State radio quoted him as saying: “We will strike if we must.”',
    ]);
    expect(q.map((x) => x[1])).toEqual(['Rachel Obi', 'Marcus Bell', 'Marcus Bell']);
  });

  it('resolves a role to the person who holds it', () => {
    const q = quotes([
      'Company spokeswoman Dana Wells confirmed the recall.',
      '“Every affected car will be fixed free of charge,” the spokeswoman said.',
    ]);
    expect(q[0]![1]).toBe('Dana Wells');
  });

  it('drops scare quotes and unattributed fragments but keeps named partial quotes', () => {
    const q = quotes(['The “reform” was called a “historic step forward for everyone” by critics, and Senator Joan Hale warned that it would “hurt small farms badly.”']);
    expect(q).toEqual([['hurt small farms badly.', 'Joan Hale', 'Senator']]);
  });

  it('joins a quotation that runs over paragraphs', () => {
    const q = quotes([
      'Coach Sam Kerr was blunt after the game.',
      '“We were second best all afternoon and everyone saw it.',
      '“Now we have to fix it before Saturday,” Kerr said.',
    ]);
    expect(q).toEqual([['We were second best all afternoon and everyone saw it. Now we have to fix it before Saturday', 'Sam Kerr', 'Coach']]);
  });
});

describe('lead-ins and participles', () => {
  it('reads a colon-ended lead-in paragraph as the next quotation\'s attribution', () => {
    const q = quotes(['The Daily Ledger reports:', '“Turnout in the east fell to its lowest level since the war.”']);
    expect(q[0]![1]).toBe('The Daily Ledger');
    const q2 = quotes(['Governor Ray Odum made the following statement:', '“We will not raise the sales tax this year.”']);
    expect(q2[0]![1]).toBe('Ray Odum');
  });

  it('reads "as X put it", "X asking" and ", saying the … had"', () => {
    expect(quotes(['As economist Lena Park recently put it, “A recession is not a forecast but a risk.”'])[0]![1]).toBe('Lena Park');
    expect(quotes(['The advert shows Senator Ada Cole asking, “Who pays for all of this in the end?”'])[0]![1]).toBe('Ada Cole');
    expect(quotes(['Minister Carl Moe resigned on Friday, saying the cabinet had “lost its nerve on climate policy.”'])[0]![1]).toBe('Carl Moe');
  });

  it('resolves an age reference to the person just written about', () => {
    const q = quotes(['Teenager Mia Stone won the final on Sunday.', '“I still cannot believe what happened today,” the 16-year-old said.']);
    expect(q[0]![1]).toBe('Mia Stone');
  });
});

describe('sloppy multi-paragraph quotations', () => {
  it('runs a quotation on into a paragraph that closes it without reopening', () => {
    const q = quotes([
      'Organiser Dev Patel wrote: “The queue started at dawn and it wasn’t moving.',
      'Nobody had told us the doors would stay shut until noon.” Patel said the hall had since apologised.',
    ]);
    expect(q).toEqual([['The queue started at dawn and it wasn’t moving. Nobody had told us the doors would stay shut until noon.', 'Dev Patel', 'Organiser']]);
  });
});

describe('pronouns and gender', () => {
  it('skips a person whose honorific or title contradicts the pronoun', () => {
    const q = quotes([
      'Spokeswoman Ana Ruiz thanked the negotiators. Mr Tom Berg, the chairman, left before the vote.',
      '“The deal is done and it will hold,” she said.',
    ]);
    expect(q[0]![1]).toBe('Ana Ruiz');
  });
});

describe('a quotation broken by its tag', () => {
  it('is one quote', () => {
    expect(quotes(['“We are ready to talk,” Mayor Ann Lee said, “but not while the strike goes on.”'])).toEqual([
      ['We are ready to talk, but not while the strike goes on.', 'Ann Lee', 'Mayor'],
    ]);
  });
});

describe('subjects without a tag', () => {
  it('reads a chain of appositives before the verb', () => {
    const q = quotes(['Ann Price, 59, of Ashton, Md., said the ceremony moved her to tears and thanked “all the people who made this day possible.”']);
    expect(q[0]![1]).toBe('Ann Price');
  });

  it('gives an untagged quotation to the named person the sentence before is about', () => {
    const q = quotes([
      'Builder Tom Okoro won the contract in May.',
      'His former partner, Lena Hart, praised his record. “He finished every job early and under budget.”',
    ]);
    expect(q[0]![1]).toBe('Lena Hart');
  });
});

describe('epithets', () => {
  it('resolve to the person just written about', () => {
    const q = quotes(['Rosa Vidal won her third title in Madrid on Sunday.', '“I played the best tennis of my life today,” the former champion said.']);
    expect(q[0]![1]).toBe('Rosa Vidal');
  });
});
