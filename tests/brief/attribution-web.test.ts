// Attribution patterns of real news pages: names that are not people, organisations that
// speak, and lead-ins that hide the subject.
import { describe, expect, it } from 'vitest';
import { blockQuotesOf, buildDoc, extractQuotes } from '../../src/brief/extract.ts';

const speakers = (paragraphs: string[]) => extractQuotes(buildDoc(paragraphs)).map((q) => [q.text.split(' ').slice(0, 3).join(' '), q.speaker]);

describe('attribution on real-page patterns', () => {
  it('never takes a word of nationality for a person', () => {
    expect(speakers([
      'Jose Mourinho has agreed a deal with the club. The Portuguese boss had been out of work for a year.',
      'The 56-year-old said: "I am excited to be joining a club with such a great heritage."',
    ])).toEqual([['I am excited', 'Jose Mourinho']]);
  });

  it('does not resolve a pronoun to a place or a thing named after an article or a preposition', () => {
    expect(speakers([
      'Alberto Shiguematsu, a resident, tweeted about the smoke in São Paulo.',
      'The sky over São Paulo went dark in the afternoon, and the Kismot Killer curry sold out.',
      '“The smoke coming here, thousands of kilometres away, hit me by surprise,” he said.',
    ])).toEqual([['The smoke coming', 'Alberto Shiguematsu']]);
  });

  it('gives "it" and "the statement" the organisation named just before', () => {
    expect(speakers([
      'Two soldiers died in a crash, the US military said in a statement on Wednesday.',
      '"The cause of the crash is under investigation for now," the statement said.',
      'The Swedish Prosecution Authority dropped the case on Tuesday.',
      '"The evidence has weakened considerably over the years," it added.',
    ])).toEqual([['The cause of', 'US military'], ['The evidence has', 'Swedish Prosecution Authority']]);
  });

  it('reads a subject past a relative clause, a parenthesis or a statement participle', () => {
    expect(speakers([
      'Jennifer McCormick spoke on Tuesday. McCormick, who has split from many fellow Republicans, told teachers that they were “asking for far too little of the state.”',
      'State Sen. Michael Doherty (R-Warren) said the governor “sold himself to the people of New Jersey.”',
      'In a reflection of the confusion, the Electoral Commission issued a statement warning that “voters are entitled to transparency from campaigners.”',
    ])).toEqual([['asking for far', 'Jennifer McCormick'], ['sold himself to', 'Michael Doherty'], ['voters are entitled', 'Electoral Commission']]);
  });

  it('gives "X did this and said:" to the sentence subject, and keeps "Jr." in the name', () => {
    expect(speakers([
      'Local councillor Gordon Mackenzie branded the event a "shambles" and said: "The owners owe a debt to the ambulance service."',
      'U.S. Attorney James Kennedy Jr. said in the release that people "cannot make threats to harm lawmakers."',
    ])).toEqual([['The owners owe', 'Gordon Mackenzie'], ['cannot make threats', 'James Kennedy Jr']]);
  });

  it('closes a quotation typed with two apostrophes', () => {
    expect(speakers(['“It was an attempt to mislead voters,’’ Will Moy, chief executive of Full Fact, told the BBC.']))
      .toEqual([['It was an', 'Will Moy']]);
  });

  it('learns she or he from the first pronoun after a name', () => {
    expect(speakers([
      'Dr Omar Haddad examined the patient. Curie Kim was so ill that she had to be taken to hospital.',
      'She said: "I have always enjoyed spicy foods and thought this was for a good cause."',
    ])).toEqual([['I have always', 'Curie Kim']]);
  });

  it("reads a signed block quote (an embedded post) as its signer's words, and drops unsigned ones", () => {
    const body = [
      'On Twitter, Dave Schukin explains how the effect is achieved with a depth map.',
      'How the new camera correction works: it simply maps your face and adjusts the eyes.',
      '— Dave Schukin (@schukin) July 3, 2019',
      'The feature ships in the autumn, the company said on Tuesday.',
      'Nobody had asked for a camera that moves your eyes around like this.',
    ];
    const kinds = ['paragraph', 'quote', 'quote', 'paragraph', 'quote'];
    const prose = body.filter((_, i) => i !== 2);
    const q = extractQuotes(buildDoc(prose, 'en', blockQuotesOf(body, kinds))).map((x) => [x.text.split(' ').slice(0, 3).join(' '), x.speaker]);
    expect(q).toEqual([['How the new', 'Dave Schukin']]);
  });
});
