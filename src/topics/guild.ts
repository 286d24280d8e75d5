import type { Config } from '../config/index.ts';
import type { GuildTopicRepository, StoredBrief } from '../store/index.ts';
import { briefTopics } from './text.ts';
import type { Topic } from './types.ts';

/**
 * Whether a brief belongs to a topic: for a configured topic, the topics the pipeline assigned; for a
 * guild's own topic, that guild's keywords only (another guild may use the same name differently).
 * Keyword patterns are compiled once per topic and kept (`compiled` in match.ts), also for guild topics
 * read fresh from the store.
 */
export function briefMatches(rec: Pick<StoredBrief, 'brief'>, topic: string, guildTopic?: Topic): boolean {
  if (guildTopic) return briefTopics(rec.brief, [guildTopic]).length > 0;
  return rec.brief.topics.includes(topic);
}

/** Configured topics plus the guild's own, with where each comes from. */
export async function topicsForGuild(config: Config, guildTopics: GuildTopicRepository, guildId: string | null): Promise<(Topic & { guild: boolean })[]> {
  const own = guildId ? await guildTopics.list(guildId) : [];
  return [...config.topics.map((t) => ({ ...t, guild: false })), ...own.map((t) => ({ ...t, guild: true }))];
}
