// Chinese and Japanese have no spaces between words: their sentences, words and shingles.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { signature, similarity, storyWords } from '../../src/brief/dedupe.ts';
import { contentWords } from '../../src/brief/terms.ts';
import { eachTerm } from '../../src/brief/words.ts';
import { splitSentences } from '../../src/brief/sentences.ts';

const terms = (w: string): string[] => {
  const out: string[] = [];
  eachTerm(w, (t) => out.push(t));
  return out;
};

// Two outlets' rewrites of one wire story, and a later story on the same subject.
const ZH_A = [
  '香港行政长官梁振英周二在立法会就其住宅违建问题接受议员质询，并向香港市民公开道歉。梁振英此前承认，他早在去年参选行政长官之前就已知悉大宅存在违章建筑，事件引发诚信危机。',
  '泛民主派议员在会上要求梁振英辞职，亲北京阵营议员也对他的解释表示不满。',
  '梁振英在答问大会开始时表示，他从无存心隐瞒的意图，但承认处理有疏忽。',
].join('\n\n');
const ZH_B = [
  '因住宅违建问题陷入诚信危机的香港行政长官梁振英，周二到立法会接受议员质询，并向香港市民道歉。',
  '泛民主派议员在会上要求梁振英辞职，亲北京阵营议员也对他的解释表示不满。',
  '梁振英此前承认，他在去年参选行政长官之前就已知悉大宅存在违章建筑。',
  '他在答问大会开始时说，自己从无存心隐瞒的意图，但处理有疏忽。',
].join('\n\n');
const ZH_LATER = [
  '香港立法会周四否决了泛民主派议员提出的对行政长官梁振英的不信任动议。',
  '动议获得二十七票支持，未能在功能组别和分区直选两个组别同时获得过半数。',
  '亲北京阵营议员批评动议是政治表演，并呼吁社会把注意力放在房屋和民生问题上。',
].join('\n\n');

const JA = [
  '東京都は火曜日、新型コロナウイルスの感染者が新たに120人確認されたと発表した。1日の感染者が100人を超えるのは3日連続で、都は警戒レベルを最も高い段階に引き上げた。',
  '小池百合子知事は記者会見で「不要不急の外出を控えてほしい。」と呼びかけた。',
  '都内の病床使用率は40％に達しており、専門家は医療体制のひっ迫を懸念している。',
].join('\n\n');

describe('words without spaces', () => {
  it('gives a run of Han or Katakana its character pairs, and leaves out pairs of Hiragana alone', () => {
    expect(terms('北京市政府')).toEqual(['北京', '京市', '市政', '政府']);
    expect(terms('iPhone发布')).toEqual(['iPhone', '发布']);
    expect(terms('感染者が新たに')).toEqual(['感染', '染者', '者が', 'が新', '新た']);
    expect(terms('port')).toEqual(['port']);
  });

  it('makes content words of Chinese text, so that centrality has something to count', () => {
    const words = contentWords('梁振英表示，我们会处理违建问题。');
    expect(words).toContain('违建');
    expect(words).toContain('问题');
    expect(words).not.toContain('我们');
  });

  it('shingles Chinese rewrites of one story as alike and a later story as different', () => {
    expect(storyWords(ZH_A).length).toBeGreaterThan(50);
    const a = signature(ZH_A);
    expect(similarity(a, signature(ZH_B))).toBeGreaterThan(0.3);
    expect(similarity(a, signature(ZH_LATER))).toBeLessThan(0.1);
  });
});

describe('Chinese and Japanese briefs', () => {
  it('have a one-sentence summary and context sentences', () => {
    for (const [lang, headline, body] of [['zh', '梁振英就住宅违建事件道歉', ZH_A], ['ja', '東京都、新たに120人感染', JA]] as const) {
      const brief = condense(parseArticleText(`date 2024-03-14 ${headline}\n\n${body}`));
      expect(brief.lang, lang).toBe(lang);
      // The first paragraph holds two sentences; the summary is the first of them.
      const first = body.split('\n\n')[0]!.replace(/(?<=。).*$/u, '');
      expect(brief.summary, lang).toBe(first);
      expect(brief.context.length, lang).toBeGreaterThanOrEqual(1);
      for (const c of brief.context) {
        expect(c, lang).not.toBe(first);
        expect(splitSentences(c, lang), lang).toEqual([c]);
      }
    }
  });
});
