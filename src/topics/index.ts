import type { Brief } from '../brief/types.ts';
import { matchTopics } from './match.ts';
import { topicText } from './text.ts';
import type { Topic } from './types.ts';

export type { Topic } from './types.ts';
export { compileTopic, matchTopics } from './match.ts';
export { topicText } from './text.ts';
export { briefMatches, topicsForGuild } from './guild.ts';

const compiled = new Map<Topic, RegExp[]>();

/** Returns the brief with `topics` set to every topic it matches (the configured topics, compiled once). */
export function assignTopics(brief: Brief, topics: readonly Topic[], categories: readonly string[] = []): Brief {
  return { ...brief, topics: matchTopics(topicText(brief, categories), topics, compiled) };
}
