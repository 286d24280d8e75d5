// Name particles are lexicon data: sequences ("van den", "von der", "de la", "de los") stay
// inside a name, and the surname written with its particle later ("Van den Berg", "El Idrissi")
// is the person first named.
import { describe, expect, it } from 'vitest';
import { speakersOf } from '../support/attribution.ts';
import { lexiconFor } from '../../src/brief/lexicon.ts';

const speakers = speakersOf;

describe('name particles', () => {
  it('compiles particle sequences per language', () => {
    expect(lexiconFor('nl').particleRun(['van', 'den', 'Berg'], 0)).toBe(2);
    expect(lexiconFor('nl').particleRun(['Van', 'der', 'Meer'], 0)).toBe(2);
    expect(lexiconFor('de').particleRun(['von', 'der', 'Leyen'], 0)).toBe(2);
    expect(lexiconFor('es').particleRun(['de', 'los', 'Santos'], 0)).toBe(2);
    expect(lexiconFor('nl').particleRun(['minister'], 0)).toBe(0);
  });

  it('Dutch: a double particle stays in the name and the capitalised surname resolves to her', () => {
    expect(speakers('nl', [
      'Onderzoeker Sanne van der Meer volgt de proef al drie jaar.',
      '‘De resultaten zijn veelbelovend’, zegt Van der Meer.',
      '‘Maar we zijn er nog lang niet’, zei ze.',
    ])).toEqual(['Sanne van der Meer', 'Sanne van der Meer']);
  });

  it('Dutch: a lowercase Arabic particle, later capitalised, is one person', () => {
    expect(speakers('nl', [
      'Advocaat Yasmina el Idrissi stond de familie bij tijdens de zitting.',
      '“Dit is een zwarte dag voor de rechtsstaat”, zei El Idrissi na afloop.',
    ])).toEqual(['Yasmina el Idrissi']);
  });

  it('Dutch: a particle before a lowercase word is a preposition, not part of the name', () => {
    expect(speakers('nl', ['‘We gaan dit zorgvuldig bekijken’, zegt gedeputeerde Jan de Bruin van de provincie Utrecht.'])).toEqual(['Jan de Bruin']);
  });

  it('German: von der', () => {
    expect(speakers('de', [
      'EU-Kommissionschefin Ursula von der Leyen reiste am Montag nach Kiew.',
      '„Europa steht an Ihrer Seite“, sagte von der Leyen.',
    ])).toEqual(['Ursula von der Leyen']);
  });

  it('French: de la', () => {
    expect(speakers('fr', [
      'La députée Claire de la Tour a défendu le texte jeudi.',
      '« Ce texte protège enfin les locataires », a affirmé Mme de la Tour.',
    ])).toEqual(['Claire de la Tour']);
  });

  it('Spanish: de los', () => {
    expect(speakers('es', [
      'El alcalde Juan de los Santos inauguró el nuevo puente el lunes.',
      '«Es un día histórico para el barrio», dijo De los Santos.',
    ])).toEqual(['Juan de los Santos']);
  });

  it('Portuguese: da', () => {
    expect(speakers('pt', [
      'O treinador Luís da Costa elogiou a equipa depois do jogo.',
      '"Foi uma vitória merecida", disse Da Costa.',
    ])).toEqual(['Luís da Costa']);
  });

  it('Italian: di and de', () => {
    expect(speakers('it', [
      'Il ministro Paolo di Stefano ha presentato il piano.',
      '«È una svolta per il paese», ha detto di Stefano.',
      'La sindaca Anna de Angelis ha risposto in serata. «Aspettiamo i fondi», ha spiegato de Angelis.',
    ])).toEqual(['Paolo di Stefano', 'Anna de Angelis']);
  });
});
