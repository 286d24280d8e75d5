import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { articleLanguage, detectLanguage } from '../../src/lang/index.ts';
import { openStore } from '../../src/store/index.ts';

// Real-shaped openings of wire stories, one per language.
const OPENINGS: Record<string, string> = {
  en: 'The city council voted on Tuesday to close the port for two weeks after a storm damaged the main pier, officials said.',
  de: 'Der Stadtrat hat am Dienstag beschlossen, den Hafen nach einem Sturm für zwei Wochen zu schließen, wie ein Sprecher mitteilte.',
  fr: 'Le conseil municipal a voté mardi la fermeture du port pendant deux semaines après une tempête, a indiqué un porte-parole.',
  es: 'El ayuntamiento votó el martes cerrar el puerto durante dos semanas después de que una tormenta dañara el muelle, según un portavoz.',
  pt: 'A câmara municipal votou na terça-feira o fechamento do porto por duas semanas depois de uma tempestade, disse um porta-voz.',
  it: 'Il consiglio comunale ha votato martedì la chiusura del porto per due settimane dopo una tempesta, ha detto un portavoce.',
  nl: 'De gemeenteraad heeft dinsdag besloten de haven twee weken te sluiten nadat een storm de pier had beschadigd, zei een woordvoerder.',
  cs: 'Městská rada v úterý rozhodla, že přístav bude po bouři na dva týdny uzavřen, uvedl mluvčí radnice.',
  zh: '市议会周二投票决定，在一场风暴损坏主码头后，将港口关闭两周。一名发言人表示，修复工作将立即开始。',
  ja: '市議会は火曜日、嵐で主要な桟橋が損傷したことを受け、港を2週間閉鎖することを決めた。広報担当者が明らかにした。',
};

describe('language of an article', () => {
  it('detects the language of news text in each script', () => {
    for (const [lang, text] of Object.entries(OPENINGS)) expect(detectLanguage(text), lang).toBe(lang);
  });

  it('keeps the language of text that quotes English titles and names', () => {
    // English function words inside another language's text must not pass for English.
    expect(detectLanguage('El presidente citó "The State of the Union" y "Gone with the Wind" durante su discurso ante el Congreso el martes por la tarde.')).toBe('es');
    expect(detectLanguage('Die Band spielte "The Sound of Silence" und "For Whom the Bell Tolls" am Samstag vor ausverkauftem Haus in der Berliner Waldbühne.')).toBe('de');
    expect(detectLanguage('The city council said on Tuesday that the port, which was damaged by the storm, would stay closed for two weeks.')).toBe('en');
    // Names and terms written in English ("New York", "IT", "Formula One", "Bank of England").
    expect(detectLanguage('Die Bank of England und die Fed in New York beraten über die IT-Sicherheit; auch die Formula One Group und People Inc. sind dabei, sagte der Sprecher.')).toBe('de');
    expect(detectLanguage('Le PDG de Marks and Spencer a rencontré les responsables de The Body Shop et de Your Party à Londres, a-t-il indiqué mardi soir à la presse.')).toBe('fr');
    // English with few of the commonest function words is still told without the detector's doubt.
    expect(detectLanguage('Court fines delivery app over drivers location data after a two-year inquiry into what the company told its couriers')).toBe('en');
  });

  it('says null rather than guess on text with nothing to go on', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('2024-03-14 12:00 — 3.5%')).toBeNull();
  });

  it('takes the declared language first, and detects when none is declared', () => {
    expect(articleLanguage('fr-FR', 'A headline', [OPENINGS.en!])).toBe('fr');
    expect(articleLanguage(null, 'Hafen geschlossen', [OPENINGS.de!])).toBe('de');
    expect(articleLanguage('und', '', [OPENINGS.es!])).toBe('es');
  });

  it('gives every brief its language, which the JSON carries and the store keeps', async () => {
    const article = parseArticleText(`date 2024-03-14 Hafen nach Sturm geschlossen\n\n${OPENINGS.de}\n\nDie Reparatur soll sofort beginnen, sagte der Sprecher.`);
    const brief = condense(article);
    expect(brief.lang).toBe('de');
    expect(JSON.parse(JSON.stringify(brief)).lang).toBe('de');
    expect(condense({ ...article, lang: 'de-AT' }).lang).toBe('de');
    expect(condense(parseArticleText('date 2024-03-14 Port\n\n1, 2, 3.')).lang).toBeNull();

    const store = await openStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'nb-lang-')), 's.sqlite')}`);
    const repo = store.briefs;
    const now = '2024-03-14T10:00:00.000Z';
    await repo.save({ brief, createdAt: now, updatedAt: now, feedUrls: [], articleIds: [brief.id], contentHash: 'h' });
    expect((await repo.get(brief.id))?.brief.lang).toBe('de');
    await store.close();
  });
});
