// Portuguese attribution: European press verbs (referiu, adiantou), a role and a lowercase
// title before the name in an inverted tag, role nouns that refer back, and a first name alone.
import { describe, expect, it } from 'vitest';
import { attributionsOf } from '../support/attribution.ts';

const quotes = (paragraphs: string[]) => attributionsOf('pt', paragraphs);

describe('Portuguese attribution', () => {
  it('"afirmou o relator do projeto, deputado X": the name after the lowercase title, the role before it', () => {
    expect(quotes(['"Ninguém vai perder o emprego por causa desta lei", afirmou o relator da proposta, senador Rui Tavares, no plenário.']))
      .toEqual([{ speaker: 'Rui Tavares', role: expect.stringContaining('relator') }]);
  });

  it('referiu and a role noun with its article ("a magistrada") refer back to the person just named', () => {
    const got = quotes([
      'A juíza Inês Carvalho leu o acórdão durante a manhã.',
      '«A prova é clara e não deixa dúvidas sobre a autoria», referiu a magistrada.',
    ]);
    expect(got.map((q) => q.speaker)).toEqual(['Inês Carvalho']);
  });

  it('a first name alone is the one person with that first name', () => {
    expect(quotes([
      'O atacante Wesley Prado marcou os dois gols da vitória.',
      '"Esse gol é para a minha família", disse Wesley, ainda no gramado.',
    ]).map((q) => q.speaker)).toEqual(['Wesley Prado']);
  });
});
