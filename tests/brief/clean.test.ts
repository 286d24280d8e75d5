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

describe('captions and timestamps left in the text of real pages', () => {
  it('drops a caption whose credit closes it or follows on its own line, and credit lines', () => {
    const prose = 'The federal government released a report on the fate of the oil on Tuesday.';
    expect(cleanParagraphs([
      'Ricky Breaux wades in from the ocean near a pool of dispersed oil on Aug. 11, 2010',
      'Win McNamee / Getty Images',
      prose,
      'Traffic on the lanes of the freeway near the airport (Getty/Kevork Djansezian)',
      'Idle cranes at the terminal on Thursday. (AP Photo/Jan Olsen)',
      '(Credit: Clayton Aldern / Grist)',
      'AFP',
    ])).toEqual([prose]);
  });

  it('drops lines of dates and times, and promos for other pages', () => {
    const prose = 'Two hostages were released on Tuesday in a prisoner swap.';
    expect(cleanParagraphs(['November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm', 'Enlarge Image', prose, "See TIME's Pictures of the Week.", 'This post originally appeared on Grist.'])).toEqual([prose]);
    expect(cleanParagraphs([`${prose} (See pictures of the swap.) Both sides said they were hopeful.`])).toEqual([`${prose} Both sides said they were hopeful.`]);
  });

  it('keeps prose that names an agency or a date', () => {
    const kept = ['Reuters reported on Monday that the talks had failed.', 'The strike began on March 3, 2024, and lasted a week.', 'He told AP the plan was "dead".'];
    expect(cleanParagraphs(kept)).toEqual(kept);
  });
});

describe('furniture in other languages', () => {
  it('drops read-also prompts, photo credits, ads, share bars and bylines', () => {
    const prose = ['Die Regierung hat am Montag den Haushalt beschlossen.', 'Le gouvernement a adopté le budget lundi.'];
    expect(cleanParagraphs([
      'Von Anna Berg und Jonas Keller', prose[0]!, 'Lesen Sie auch: Was der Haushalt für Familien bedeutet', 'Foto: Michael Kappeler/dpa', 'Anzeige',
      'Par Jean Dupont', prose[1]!, 'À lire aussi : Le budget en cinq chiffres', 'Lee también: El Gobierno aprueba los presupuestos', 'Leia também: Câmara aprova orçamento',
      'Leggi anche: Il governo approva la manovra', 'Lees ook: Kabinet presenteert begroting', 'Čtěte také: Vláda schválila rozpočet', '相关新闻：政府通过预算', '関連記事：予算案を閣議決定', 'Partager',
    ])).toEqual(prose);
  });

  it('keeps prose that starts like a prompt word', () => {
    const kept = ['Von der Leyen sagte am Montag, die Kommission werde handeln.', 'Por la mañana, los vecinos salieron a la calle para protestar contra el cierre.'];
    expect(cleanParagraphs(kept)).toEqual(kept);
  });
});
