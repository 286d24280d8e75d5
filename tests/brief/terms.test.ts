import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureLanguages, SETS } from '../../scripts/eval/sets.ts';
import { splitSentences, wordCount } from '../../src/brief/sentences.ts';
import { contentWords, isFunctionWord, termsOf } from '../../src/brief/terms.ts';
import { eachWord } from '../../src/brief/words.ts';

/** The content-word rule read plainly: words without their inner marks, three letters or more, no function words. */
function plainContentWords(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  eachWord(lower, false, (a, b) => {
    const w = lower.slice(a, b);
    if (w.length > 2 && !isFunctionWord(w)) out.push(w);
  });
  return out;
}

describe('termsOf', () => {
  it('keeps inner apostrophes and hyphens in the words as written, and splits them for content words', () => {
    const t = termsOf("The long-running O’Brien case: players' union said it's over in 2019.");
    expect(t.tokens).toEqual(['the', 'long-running', 'o’brien', 'case', "players'", 'union', 'said', "it's", 'over', 'in', '2019']);
    expect(t.content).toEqual(['long', 'running', 'brien', 'case', 'players', 'union', '2019']);
    expect(t.words).toBe(11);
  });

  it('counts words as wordCount does around quote marks, no-break spaces and full-width punctuation', () => {
    for (const s of ['“Yes,” he said — twice.', 'a\u00a0b c', '«Oui» , dit-il…', 'Ｔｏｋｙｏ：ｎｅｗｓ', '  spaced   out  ', '']) {
      expect(termsOf(s).words, JSON.stringify(s)).toBe(wordCount(s));
    }
  });

  it('gives the content words of the plain rule and the word count wordCount gives, sentence by sentence, over the fixture articles of every language', () => {
    const dirs = [SETS.fixtures, ...fixtureLanguages().map((l) => join(SETS.lang, l))];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.txt')).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThan(60);
    let sentences = 0;
    for (const f of files) {
      for (const s of splitSentences(readFileSync(f, 'utf8'))) {
        const t = termsOf(s);
        // Text without spaces has a rule of its own (character pairs), tested below.
        if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s)) expect(t.content, s).toEqual(plainContentWords(s));
        expect(t.words, s).toBe(wordCount(s));
        sentences++;
      }
    }
    expect(sentences).toBeGreaterThan(1000);
  });

  it('keeps the character-pair terms of text written without spaces', () => {
    expect(termsOf('梁振英表示，我们会处理违建问题。').content).toEqual(['梁振', '振英', '英表', '们会', '会处', '处理', '理违', '违建', '建问', '问题']);
    for (const s of ['梁振英表示，我们会处理违建问题。', 'Tokyo 東京都の知事は「安全だ」と述べた。']) {
      expect(contentWords(s)).toEqual(termsOf(s).content);
      expect(termsOf(s).words).toBe(wordCount(s));
    }
  });
});
