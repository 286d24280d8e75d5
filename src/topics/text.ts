import type { Brief } from '../brief/index.ts';
import { matchTopics, type TopicText } from './match.ts';
import type { Topic } from './types.ts';

/** The text of a brief that topics are matched against: what a reader sees, plus the feed's own categories. */
export function topicText(brief: Brief, categories: readonly string[] = []): TopicText {
  return {
    lead: [brief.headline, brief.summary, ...categories].join('\n'),
    body: [...brief.context, ...brief.quotes.map((q) => q.text)].join('\n'),
    lang: brief.lang ?? null,
  };
}

/** Names of the topics a brief is about. */
export function briefTopics(brief: Brief, topics: readonly Topic[], categories: readonly string[] = []): string[] {
  return matchTopics(topicText(brief, categories), topics);
}
