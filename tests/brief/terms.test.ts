import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureLanguages, SETS } from '../../scripts/eval/sets.ts';
import { splitSentences } from '../../src/brief/sentences.ts';
import { contentWords, termsOf } from '../../src/brief/terms.ts';

describe('termsOf', () => {
  it('keeps inner apostrophes and hyphens in the words as written, and splits them for content words', () => {
    const t = termsOf("The long-running O’Brien case: players' union said it's over in 2019.");
    expect(t.tokens).toEqual(['the', 'long-running', 'o’brien', 'case', "players'", 'union', 'said', "it's", 'over', 'in', '2019']);
    expect(t.content).toEqual(['long', 'running', 'brien', 'case', 'players', 'union', '2019']);
  });

  it('gives the content words contentWords gives, sentence by sentence, over the fixture articles of every language', () => {
    const dirs = [SETS.fixtures, ...fixtureLanguages().map((l) => join(SETS.lang, l))];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.txt')).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThan(60);
    let sentences = 0;
    for (const f of files) {
      for (const s of splitSentences(readFileSync(f, 'utf8'))) {
        expect(termsOf(s).content, s).toEqual(contentWords(s));
        sentences++;
      }
    }
    expect(sentences).toBeGreaterThan(1000);
  });

  it('keeps the character-pair terms of text written without spaces', () => {
    expect(termsOf('梁振英表示，我们会处理违建问题。').content).toEqual(contentWords('梁振英表示，我们会处理违建问题。'));
  });
});
