import type { Brief } from '../brief/types.ts';
import { matchTopics } from './match.ts';
import type { Topic } from './types.ts';

export type { Topic } from './types.ts';
export { compileTopic, matchTopics } from './match.ts';

/** The text of a brief that topics are matched against: what a reader sees, plus the feed's own categories. */
export function topicText(brief: Brief, categories: readonly string[] = []): string {
  return [brief.headline, brief.summary, ...brief.context, ...brief.quotes.map((q) => q.text), ...categories].join('\n');
}

/** Returns the brief with `topics` set to every topic it matches. */
export function assignTopics(brief: Brief, topics: readonly Topic[], categories: readonly string[] = []): Brief {
  return { ...brief, topics: matchTopics(topicText(brief, categories), topics) };
}
