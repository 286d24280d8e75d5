// Spanish attribution: an inverted tag whose appositive gives the name after an article and a
// lowercase title, and role nouns of business and sports copy that refer back.
import { describe, expect, it } from 'vitest';
import { speakersOf } from '../support/attribution.ts';

const speakers = (paragraphs: string[]) => speakersOf('es', paragraphs);

describe('Spanish attribution', () => {
  it('"afirmó el director general, el ingeniero X": the name after the article and the title', () => {
    expect(speakers(['“Vamos a duplicar la producción en dos años”, afirmó el consejero delegado, el economista Andrés Valero, ante los accionistas.']))
      .toEqual(['Andrés Valero']);
  });

  it('"aseguró la funcionaria", "dijo el preparador": the person just named', () => {
    expect(speakers([
      'La secretaria de Hacienda, Marta Gil, presentó el presupuesto el martes.',
      '“No habrá nuevos impuestos este año”, aseguró la funcionaria.',
      'El entrenador del Atlético Norte, Iñaki Goñi, lamentó la derrota. “Nos faltó intensidad”, dijo el preparador.',
    ])).toEqual(['Marta Gil', 'Iñaki Goñi']);
  });
});
