import { describe, expect, it } from 'vitest';
import { splitSentences, wordCount } from '../../src/brief/sentences.ts';

describe('splitSentences', () => {
  it('splits on sentence ends', () => {
    expect(splitSentences('The vote passed. Critics were furious! Why now?')).toEqual(['The vote passed.', 'Critics were furious!', 'Why now?']);
  });

  it('does not split after titles and initials', () => {
    expect(splitSentences('Sen. Ada Cole met Mary J. Lane on Friday. They spoke.')).toEqual(['Sen. Ada Cole met Mary J. Lane on Friday.', 'They spoke.']);
  });

  it('keeps closing quote marks with their sentence', () => {
    expect(splitSentences('“It is over.” The crowd left.')).toEqual(['“It is over.”', 'The crowd left.']);
  });

  it('splits after U.S. only before a typical sentence opener', () => {
    expect(splitSentences('He flew to the U.S. The talks began.')).toHaveLength(2);
    expect(splitSentences('The U.S. Army said so.')).toHaveLength(1);
  });
});

describe('sentences in every script', () => {
  it('ends Chinese and Japanese sentences at 。！？ and their closing marks, with no space after', () => {
    expect(splitSentences('香港行政长官周二在立法会接受质询，并向市民道歉。他此前承认早已知悉违建问题！反对派要求他辞职？')).toEqual([
      '香港行政长官周二在立法会接受质询，并向市民道歉。',
      '他此前承认早已知悉违建问题！',
      '反对派要求他辞职？',
    ]);
    expect(splitSentences('東京都は火曜日、新たに120人の感染を確認したと発表した。「警戒を続けてほしい。」知事は記者会見で呼びかけた。', 'ja')).toEqual([
      '東京都は火曜日、新たに120人の感染を確認したと発表した。',
      '「警戒を続けてほしい。」知事は記者会見で呼びかけた。',
    ]);
  });

  it('keeps a quotation and its attribution together in Chinese and Japanese', () => {
    expect(splitSentences('他在记者会上说：“我们不会放弃。我们会继续努力。”他补充说，谈判将在下周恢复。', 'zh')).toEqual([
      '他在记者会上说：“我们不会放弃。我们会继续努力。”他补充说，谈判将在下周恢复。',
    ]);
    expect(splitSentences('首相は「改革を進める。」と述べた。野党は反発している。', 'ja')).toEqual(['首相は「改革を進める。」と述べた。', '野党は反発している。']);
    expect(splitSentences('他说：“我们不会放弃。” “谈判将继续。”', 'zh')).toEqual(['他说：“我们不会放弃。”', '“谈判将继续。”']);
  });

  it('knows the abbreviations of each language', () => {
    expect(splitSentences('Das kostet z. B. rund 5 Mio. Euro im Jahr. Der Bund zahlt die Hälfte.', 'de')).toEqual(['Das kostet z. B. rund 5 Mio. Euro im Jahr.', 'Der Bund zahlt die Hälfte.']);
    expect(splitSentences('Am 3. Oktober feiert Deutschland die Einheit. Die Kanzlerin spricht in Halle.', 'de')).toHaveLength(2);
    expect(splitSentences('M. Macron a reçu Mme. Lagarde à l’Élysée. Ils ont parlé du budget.', 'fr')).toEqual(['M. Macron a reçu Mme. Lagarde à l’Élysée.', 'Ils ont parlé du budget.']);
    expect(splitSentences('El Sr. García y la Dra. López visitaron la fábrica de Telefónica S.A. El Gobierno lo confirmó.', 'es')).toEqual([
      'El Sr. García y la Dra. López visitaron la fábrica de Telefónica S.A.',
      'El Gobierno lo confirmó.',
    ]);
    expect(splitSentences('Segundo o Sr. Silva e a Dra. Costa, o acordo foi fechado. O governo nega.', 'pt')).toHaveLength(2);
    expect(splitSentences('Il dott. Rossi e il Sig. Bianchi hanno firmato con la Fiat S.p.A. Il sindaco ha applaudito.', 'it')).toEqual([
      'Il dott. Rossi e il Sig. Bianchi hanno firmato con la Fiat S.p.A.',
      'Il sindaco ha applaudito.',
    ]);
    expect(splitSentences('Volgens dhr. Jansen is het plan bijv. te duur. De raad stemt morgen.', 'nl')).toEqual(['Volgens dhr. Jansen is het plan bijv. te duur.', 'De raad stemt morgen.']);
  });

  it('keeps another language’s abbreviations out of English', () => {
    // "ago." and "set." are Spanish and Portuguese month abbreviations, and English words.
    expect(splitSentences('The plant closed two years ago. Workers were told in March.', 'en')).toHaveLength(2);
    expect(splitSentences('The plant closed two years ago. Workers were told in March.')).toHaveLength(2);
    expect(splitSentences('The stage was set. Then the band came on.', 'en')).toHaveLength(2);
  });
});

describe('wordCount', () => {
  it('counts a word per two characters in Chinese and Japanese, and words by spaces elsewhere', () => {
    expect(wordCount('The port is closed')).toBe(4);
    expect(wordCount('香港行政长官道歉')).toBe(4);
    expect(wordCount('梁振英表示：“我会道歉。”')).toBe(5);
    expect(wordCount('iPhone 15 发布')).toBe(3);
  });
});
