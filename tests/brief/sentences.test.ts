import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/brief/sentences.ts';

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
