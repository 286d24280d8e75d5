// German attribution around indirect speech: Konjunktiv reports are no speakers of their own,
// but a quotation after "Er habe gesagt:", "»…«, so X" or "heißt es in einer Mitteilung" is
// attributed; role nouns and fronted phrases put the speaker after the verb.
import { describe, expect, it } from 'vitest';
import { speakersOf } from '../support/attribution.ts';

const speakers = (paragraphs: string[]) => speakersOf('de', paragraphs);

describe('German indirect speech and inverted speakers', () => {
  it('"Er habe … versichert: »…«" is the pronoun’s person, not the object before the participle', () => {
    expect(speakers([
      'Werksleiter Georg Ammann trat am Morgen vor die Belegschaft. Er habe den Mitarbeitern versichert: »Niemand verliert hier seinen Arbeitsplatz.«',
    ])).toEqual(['Georg Ammann']);
    expect(speakers([
      'Landrätin Ulrike Brenner äußerte sich am Abend. Sie habe stets gesagt: »Die Klinik bleibt offen.«',
    ])).toEqual(['Ulrike Brenner']);
  });

  it('a Konjunktiv report between two quotes changes no speaker; »…«, so X', () => {
    expect(speakers([
      'Die Kreisverwaltung rechnet mit Mehrkosten. Kämmerer Jens Albrecht sagte, man werde die Pläne prüfen müssen.',
      '»Wir bauen nur, was wir bezahlen können«, so Albrecht.',
    ])).toEqual(['Jens Albrecht']);
  });

  it('"heißt es in einer Mitteilung der X" is X', () => {
    expect(speakers([
      'Der Betrieb des Hallenbads wird eingestellt. »Die Sanierung ist wirtschaftlich nicht darstellbar«, heißt es in einer Mitteilung der Stadtwerke Lindau.',
    ])).toEqual(['Stadtwerke Lindau']);
  });

  it('a role noun with its article is the person just named; an organisation noun is no role', () => {
    expect(speakers([
      'Vorstandschef Henrik Maier stellte die Zahlen vor.',
      '»Das Geschäft mit Wärmepumpen ist eingebrochen«, sagte der Manager.',
      '»Die Förderung bleibt bestehen«, teilte das Bundeswirtschaftsministerium am Abend mit.',
    ])).toEqual(['Henrik Maier', 'Bundeswirtschaftsministerium']);
  });

  it('after a fronted phrase or clause the speaker follows the verb', () => {
    expect(speakers([
      'Richterin Anna Berger verlas am Vormittag das Urteil. Der Angeklagte Tobias Kern nahm es regungslos auf.',
      'In seinem Schlusswort sagte der 39-Jährige: »Es tut mir leid.«',
      'Auf die Frage, ob sie mit einer Revision rechne, antwortete die Richterin: »Das steht jedem frei.«',
    ])).toEqual(['Tobias Kern', 'Anna Berger']);
  });

  it('a quotation inside a Konjunktiv report is the words of its subject, else of the person last written about', () => {
    expect(speakers([
      'Pfarrer Stefan Lohmann schrieb am Montag an den Kirchenvorstand. Er habe inzwischen »die Nase gestrichen voll von leeren Versprechen«.',
    ])).toEqual(['Stefan Lohmann']);
    expect(speakers([
      'Ingenieurin Carla Weiß prüfte die Brücke im Frühjahr. Sie hält eine Sperrung für möglich.',
      'Aber das heiße nicht, »dass morgen jemand in den Fluss stürzt«.',
    ])).toEqual(['Carla Weiß']);
  });
});
