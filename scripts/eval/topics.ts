// Topic precision and recall on the real-web pages, against the hand annotation in
// tests/fixtures/realweb-topics.json. Topics given that the annotation calls optional count
// neither way; every other topic given and not expected is wrong.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './sets.ts';

export interface TopicAnnotation {
  topics: string[];
  optional: string[];
}

export const TOPIC_ANNOTATIONS = resolve(repoRoot, 'tests', 'fixtures', 'realweb-topics.json');

export function loadTopicAnnotations(path = TOPIC_ANNOTATIONS): Map<string, TopicAnnotation> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { pages: Record<string, TopicAnnotation> };
  return new Map(Object.entries(json.pages));
}

export interface TopicCase {
  name: string;
  /** The topics the brief got. */
  topics: string[];
  expected: TopicAnnotation;
}

export interface TopicReport {
  pages: number;
  precision: number;
  recall: number;
  right: number;
  wrong: number;
  required: number;
  /** Per page, what was wrong or missing (pages with neither are left out). */
  errors: { name: string; wrong: string[]; missed: string[] }[];
}

export function scoreTopics(cases: readonly TopicCase[]): TopicReport {
  let right = 0;
  let wrong = 0;
  let required = 0;
  const errors: TopicReport['errors'] = [];
  for (const c of cases) {
    const got = new Set(c.topics);
    const bad = c.topics.filter((t) => !c.expected.topics.includes(t) && !c.expected.optional.includes(t));
    const missed = c.expected.topics.filter((t) => !got.has(t));
    required += c.expected.topics.length;
    right += c.expected.topics.length - missed.length;
    wrong += bad.length;
    if (bad.length || missed.length) errors.push({ name: c.name, wrong: bad, missed });
  }
  return {
    pages: cases.length,
    precision: right + wrong ? right / (right + wrong) : 1,
    recall: required ? right / required : 1,
    right,
    wrong,
    required,
    errors,
  };
}

/** Pairs each page with its annotation; a page without one is an error (annotate new pages). */
export function topicCases(briefs: readonly { name: string; topics: string[] }[], annotations: Map<string, TopicAnnotation>): TopicCase[] {
  return briefs.map((b) => {
    const expected = annotations.get(b.name);
    if (!expected) throw new Error(`no topic annotation for page ${b.name} in ${TOPIC_ANNOTATIONS}`);
    return { name: b.name, topics: b.topics, expected };
  });
}
