import type { Brief } from '../brief/index.ts';
import { briefTopics } from './text.ts';
import type { Topic } from './types.ts';

export type { Keywords, Topic } from './types.ts';
export { compileTopic, keywordList, matchTopics, type TopicText } from './match.ts';
export { briefTopics, topicText } from './text.ts';
export { briefMatches, topicsForGuild } from './guild.ts';

/** Returns the brief with `topics` set to every topic it is about. */
export function assignTopics(brief: Brief, topics: readonly Topic[], categories: readonly string[] = []): Brief {
  return { ...brief, topics: briefTopics(brief, topics, categories) };
}
