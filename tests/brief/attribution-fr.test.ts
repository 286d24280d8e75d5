// French attribution: capitalised particles inside names (Le Goff), bare role appositives
// ("Pascal Duret, guide à Chamonix") that a later "le guide" refers to, and present-tense
// incise verbs of regional copy (justifie, tempère, renchérit).
import { describe, expect, it } from 'vitest';
import { buildDoc, extractQuotes } from '../../src/brief/extract.ts';
import { speakersOf } from '../support/attribution.ts';

const speakers = speakersOf;

describe('French names and roles', () => {
  it('a capitalised particle inside a name keeps the whole name, later referred to by its surname', () => {
    expect(speakers('fr', [
      '« Nous ne fermerons pas l’école », justifie le maire, Yann Le Floch.',
      'Le budget a été voté à l’unanimité. « Chaque commune doit garder ses services », a ajouté Le Floch.',
    ])).toEqual(['Yann Le Floch', 'Yann Le Floch']);
  });

  it('a bare role noun in apposition is the role a later "le <role>" refers to', () => {
    expect(speakers('fr', [
      'Julien Mercier, pêcheur à Concarneau depuis trente ans, a vendu son bateau en mars. Les quotas ont encore baissé cette année, selon la préfecture.',
      'La criée a perdu la moitié de ses volumes depuis 2015, d’après la chambre de commerce.',
      '« On ne peut plus vivre de ce métier », tempère le pêcheur.',
    ])).toEqual(['Julien Mercier']);
  });

  it('Italian: a capitalised particle inside a name ("Lo", "De")', () => {
    expect(speakers('it', [
      'Il commissario Antonio Lo Presti ha firmato l’ordinanza.',
      '«Serve uno sforzo di tutti», ha detto Lo Presti.',
    ])).toEqual(['Antonio Lo Presti']);
  });
});

describe('an incise inside one pair of marks', () => {
  const quotes = (lang: string, paragraphs: string[]) => extractQuotes(buildDoc(paragraphs, lang)).map((q) => ({ text: q.text, speaker: q.speaker }));

  it('French: « A, a reconnu X, lors de …, et B » keeps the tag out of the quotation and names X', () => {
    const got = quotes('fr', [
      '« Nous avons sous-estimé la hausse des coûts, a admis le directeur général, Paul Renaud, devant les actionnaires, et nous devons maintenant fermer deux sites. »',
      'Le groupe emploie 900 personnes. « Aucun départ ne sera contraint », a-t-il assuré.',
    ]);
    expect(got.map((q) => q.speaker)).toEqual(['Paul Renaud', 'Paul Renaud']);
    expect(got[0]!.text).toContain('Nous avons sous-estimé la hausse des coûts');
    expect(got.every((q) => !q.text.includes('a admis'))).toBe(true);
  });

  it('Spanish: «A —recuerda— B» is one quotation without its tag', () => {
    const got = quotes('es', [
      'La bióloga Marta Ibáñez estudia la colonia desde 2005.',
      '«Cuando llegué aquí —recuerda— la playa estaba cubierta de nidos de tortuga.»',
    ]);
    expect(got.map((q) => q.speaker)).toEqual(['Marta Ibáñez']);
    expect(got[0]!.text).not.toContain('recuerda');
    expect(got[0]!.text).toContain('la playa estaba cubierta');
  });

  it('a comma inside an ordinary quotation is no incise', () => {
    const got = quotes('fr', ['« Nous avons vendu, acheté, puis revendu la même maison », raconte Claire Martin.']);
    expect(got).toEqual([{ text: 'Nous avons vendu, acheté, puis revendu la même maison', speaker: 'Claire Martin' }]);
  });
});
