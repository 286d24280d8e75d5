// Dutch attribution: role nouns that refer back to the person or organisation named before,
// titles with what they govern ("minister van Financiën"), separable verbs, and words that are
// not gendered in Dutch.
import { describe, expect, it } from 'vitest';
import { speakersOf, attributionsOf } from '../support/attribution.ts';

const speakers = (paragraphs: string[]) => speakersOf('nl', paragraphs);
const quotes = (paragraphs: string[]) => attributionsOf('nl', paragraphs);

describe('Dutch role nouns', () => {
  it('a definite role noun stands for the person just named, even as an object', () => {
    expect(speakers([
      'Op de boerderij van Pieter Mulder bij Dronten is de maïs dit jaar nauwelijks gegroeid.',
      '‘Zo droog heb ik het nog nooit meegemaakt’, zegt de melkveehouder.',
    ])).toEqual(['Pieter Mulder']);
  });

  it('"de minister" is the minister named with the department her title governs', () => {
    expect(quotes([
      'Het kabinet presenteerde dinsdag de begroting. Volgens minister van Sociale Zaken Eva Jansen is het plan evenwichtig.',
      '“We moeten de koopkracht van ouderen beschermen”, aldus de minister.',
    ])).toEqual([{ speaker: 'Eva Jansen', role: 'minister van Sociale Zaken' }]);
    expect(quotes([
      'Minister van Financiën Tom Bakker verdedigde het plan in de Kamer.',
      '“De schuld moet omlaag”, zei de minister.',
    ])).toEqual([{ speaker: 'Tom Bakker', role: 'Minister van Financiën' }]);
  });

  it('an age with a gendered noun goes to the person of that gender', () => {
    expect(speakers([
      'Woordvoerder Henk Vos van de gemeente had het nieuws eerder bevestigd. Wethouder Ilse Koster sprak daarna de raad toe.',
      'Na afloop zei de 44-jarige bewindsvrouw: “Dit is pas het begin.”',
    ])).toEqual(['Ilse Koster']);
  });

  it('"de stichting" and "de rechtbank" are the organisations named before', () => {
    expect(speakers([
      'De Stichting Schone Lucht had de zaak samen met omwonenden aangespannen.',
      '“Dit is een overwinning voor iedereen die hier woont”, laat de stichting in een verklaring weten.',
    ])).toEqual(['Stichting Schone Lucht']);
    expect(speakers([
      'De rechtbank Gelderland deed donderdag uitspraak in de zaak.',
      '“De provincie had de vergunning nooit mogen verlenen”, schrijft de rechtbank.',
    ])).toEqual(['rechtbank Gelderland']);
  });

  it('burgemeester, minister and wethouder say nothing about gender: "hij" may follow them', () => {
    expect(speakers([
      'Burgemeester Koen Dijkman opende zaterdag het vernieuwde havenfront.',
      '‘Het is een mooie dag voor de stad’, zei hij.',
    ])).toEqual(['Koen Dijkman']);
  });

  it('a pronoun right after the verb speaks, whatever follows it; a separable verb closes the speaker', () => {
    expect(speakers([
      'Ondernemer Ruud Hermans runt al veertig jaar een kapperszaak in de Dorpsstraat.',
      '‘Ik stop pas als mijn handen gaan trillen’, zegt hij lachend.',
      'Het Gezondheidsfonds maakte de cijfers bekend. ‘Er zijn nog altijd te weinig donoren’, laat woordvoerster Marloes Kuiper weten.',
    ])).toEqual(['Ruud Hermans', 'Marloes Kuiper']);
  });

  it('a party or portfolio in parentheses is no person, and "het" alone is no speaker', () => {
    expect(speakers([
      'Wethouder Bram Wolters (Financiën) legde het tekort uit aan de raad.',
      '“We hebben te lang gewacht met ingrijpen”, erkende hij.',
    ])).toEqual(['Bram Wolters']);
    expect(speakers(['“Dit plan is te duur en te vaag”, klinkt het bij de oppositie.'])).toEqual([null]);
  });

  it('after a fronted circumstance the speaker follows the verb: "Op de persconferentie zei Van Dam:"', () => {
    expect(speakers([
      'De regering kondigde vrijdag nieuwe maatregelen aan, zei minister Lotte van Dam.',
      'Op de persconferentie zei Van Dam: “We kunnen niet langer wachten.”',
    ])).toEqual(['Lotte van Dam']);
  });
});
