import type { Config } from '../config/index.ts';
import type { GuildTopicRepository } from '../store/guild-topics.ts';
import type { StoredBrief } from '../store/briefs.ts';
import { matchTopics } from './match.ts';
import { topicText } from './text.ts';
import type { Topic } from './types.ts';

/**
 * Compiled keyword patterns, kept across calls: a delivery pass or a page of /brief checks the same few
 * guild topics against many briefs. Topics read from the store are new objects each time, so they are
 * keyed by their content; the cache is dropped whole when it grows past a bound.
 */
const canonical = new Map<string, Topic>();
const compiled = new Map<Topic, RegExp[]>();
const CACHE_MAX = 2000;

function cached(topic: Topic): Topic {
  const key = `${topic.name}\u0000${topic.keywords.join('\u0000')}`;
  let t = canonical.get(key);
  if (!t) {
    if (canonical.size >= CACHE_MAX) {
      canonical.clear();
      compiled.clear();
    }
    canonical.set(key, (t = topic));
  }
  return t;
}

/**
 * Whether a brief belongs to a topic: for a configured topic, the topics the pipeline assigned; for a
 * guild's own topic, that guild's keywords only (another guild may use the same name differently).
 */
export function briefMatches(rec: Pick<StoredBrief, 'brief'>, topic: string, guildTopic?: Topic): boolean {
  if (guildTopic) return matchTopics(topicText(rec.brief), [cached(guildTopic)], compiled).length > 0;
  return rec.brief.topics.includes(topic);
}

/** Configured topics plus the guild's own, with where each comes from. */
export async function topicsForGuild(config: Config, guildTopics: GuildTopicRepository, guildId: string | null): Promise<(Topic & { guild: boolean })[]> {
  const own = guildId ? await guildTopics.list(guildId) : [];
  return [...config.topics.map((t) => ({ ...t, guild: false })), ...own.map((t) => ({ ...t, guild: true }))];
}
