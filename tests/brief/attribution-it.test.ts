// Italian (and French) attribution: a circumstance between the inverted verb and its subject,
// a title governing a department with its article, the gender of a role read from the role
// itself, age nouns ("il 58enne") and "fa sapere".
import { describe, expect, it } from 'vitest';
import { speakersOf } from '../support/attribution.ts';

const speakers = speakersOf;

describe('Italian and French attribution', () => {
  it('"ha detto in Aula la relatrice del testo, la senatrice X": the subject after the circumstance', () => {
    expect(speakers('it', ['«Questa legge restituisce il tempo libero ai lavoratori», ha detto in Aula la relatrice del testo, la senatrice Chiara Fontana.']))
      .toEqual(['Chiara Fontana']);
  });

  it('an age noun and a role noun refer back; "fa sapere il Comune" is the council', () => {
    expect(speakers('it', [
      'Il commissario Marco Ferri ha presentato il piano idrico.',
      'Rispondendo ai giornalisti, il 61enne ingegnere ha ammesso: «Le condotte sono vecchie di cinquant’anni.»',
      'Il Comune di Lerici ha chiuso la strada. «I lavori finiranno entro marzo», fa sapere il Comune in una nota.',
    ])).toEqual(['Marco Ferri', 'Comune']);
  });

  it('French: "le ministre de la Santé X" is a man whatever the article of his department', () => {
    expect(speakers('fr', [
      'Le ministre de la Santé Paul Girard a présenté sa démission jeudi soir.',
      'La Première ministre Claire Dumas a accepté. « Je n’ai commis aucune faute », a-t-il déclaré.',
    ])).toEqual(['Paul Girard']);
  });
});
