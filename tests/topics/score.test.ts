import { describe, expect, it } from 'vitest';
import { scoreTopics, topicCases } from '../../scripts/eval/topics.ts';

describe('topic scoring', () => {
  it('counts required topics found, wrong topics given, and ignores optional ones', () => {
    const r = scoreTopics([
      { name: 'a', topics: ['world', 'politics', 'sports'], expected: { topics: ['world'], optional: ['politics'] } },
      { name: 'b', topics: [], expected: { topics: ['health'], optional: [] } },
    ]);
    expect(r).toMatchObject({ right: 1, wrong: 1, required: 2, precision: 0.5, recall: 0.5 });
    expect(r.errors).toEqual([{ name: 'a', wrong: ['sports'], missed: [] }, { name: 'b', wrong: [], missed: ['health'] }]);
  });

  it('refuses a page without an annotation', () => {
    expect(() => topicCases([{ name: 'new-page', topics: [] }], new Map())).toThrow(/no topic annotation for page new-page/);
  });
});
