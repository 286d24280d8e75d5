// The same attribution engine over every language's lexicon: verb-first incises, left-out
// subjects, declined names, and Chinese and Japanese speakers read by position.
import { describe, expect, it } from 'vitest';
import { speakersOf } from '../support/attribution.ts';
import { LEXICON_LANGS, lexiconFor } from '../../src/brief/lexicon.ts';

const speakers = speakersOf;

describe('attribution per language', () => {
  it('has a lexicon for every language it promises, compiled once', () => {
    expect(LEXICON_LANGS).toEqual(expect.arrayContaining(['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'zh', 'ja', 'cs']));
    expect(lexiconFor('de-AT')).toBe(lexiconFor('de'));
    expect(lexiconFor('xx').lang).toBe('en');
  });

  it('German: verb-first after the quote, an age noun, and a genitive -s', () => {
    expect(speakers('de', [
      'Verkehrsminister Andreas Scheuer stellte den Plan am Dienstag vor.',
      '„Das ist das größte Projekt seit der Bahnreform“, sagte Scheuer.',
      '„Wir werden jeden Tag mehr Züge fahren lassen“, erzählt der 48-Jährige.',
      'Scheuers Sprecher bestätigte das. „Die Finanzierung steht bereits fest“, so Scheuer.',
    ])).toEqual(['Andreas Scheuer', 'Andreas Scheuer', 'Andreas Scheuer']);
  });

  it('French: « … », a-t-il déclaré and selon X', () => {
    expect(speakers('fr', [
      'Le ministre Arnaud Montebourg a présenté son plan jeudi.',
      '« Nous réfléchissons à des changements importants », a-t-il déclaré devant la presse.',
      '« Je n’ai enfreint aucune règle de ce pays », affirme Roman Prymula.',
    ])).toEqual(['Arnaud Montebourg', 'Roman Prymula']);
  });

  it('Spanish and Portuguese: a verb with its subject left out goes to the person just named', () => {
    expect(speakers('es', ['Carmen Flores recibe quejas cada día.', '«La situación es tremenda para muchos pacientes», añadió.'])).toEqual(['Carmen Flores']);
    expect(speakers('pt', ['Arthur Lira voltou a defender uma trégua.', '"Nós vamos encontrar uma saída negociada para todos", disse.'])).toEqual(['Arthur Lira']);
  });

  it('Czech: a declined surname resolves to the person first named', () => {
    expect(speakers('cs', [
      'Ředitel teplárny Martin Dvořáček oznámil zdražení.',
      'Podle Dvořáčka jde o nutný krok. „Ceny plynu se za rok zdvojnásobily,“ řekl Dvořáček.',
    ])).toEqual(['Martin Dvořáček']);
  });

  it('Chinese: X表示：“…” and “…”X说', () => {
    expect(speakers('zh', [
      '省卫生健康委副主任陈立群在发布会上说：“老年人是流感重症和死亡的高风险人群。”',
      '“请大家放心，疫苗是分批到货的。”陈立群回答说。',
    ])).toEqual(['陈立群', '陈立群']);
  });

  it('Japanese: Xは「…」と述べた, with a surname resolved to the full name', () => {
    expect(speakers('ja', [
      '途中出場のFW山下蓮（23）が2得点を挙げた。',
      '山下は試合後、「ベンチから見ていて、絶対に自分が決めると思っていた」と興奮気味に話した。',
    ])).toEqual(['山下蓮']);
  });
});
