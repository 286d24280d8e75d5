import type { Store } from '../store/index.ts';
import type { Topic } from '../topics/index.ts';
import type { Config } from '../../config/schema.ts';

export type DeliveryMode = 'instant' | 'digest';

/** A channel's subscription to one topic: the one type for the concept, stored as is. */
export interface Subscription {
  guildId: string;
  channelId: string;
  /** Forum channels get one thread per brief; everything else gets messages. */
  channelKind: 'messages' | 'forum';
  topic: string;
  mode: DeliveryMode;
  /** Local time of the digest (HH:MM); null for instant subscriptions. */
  time: string | null;
  /** IANA time zone the digest time is read in. */
  timezone: string;
  mentionRoleId?: string;
  /** Briefs stored before this instant (ISO) are never delivered. */
  since: string;
  /**
   * Every brief stored or changed before this instant (ISO) has been posted or did not match, so a
   * delivery pass starts here instead of rescanning from `since` (looking back `brief.mergeWindowHours`
   * only for briefs changed since). Advanced only by a pass with no failure.
   */
  deliveredThrough?: string;
  state: 'active' | 'paused';
  pausedReason?: string;
  lastPostAt?: string;
  /** The last post Discord refused (recorded as failed in the ledger), shown in /subscriptions. */
  lastFailure?: { at: string; reason: string };
  /** Local date (YYYY-MM-DD) of the last digest completed. */
  lastDigestDate?: string;
  createdBy: string;
  createdAt: string;
}

export const subscriptionKey = (channelId: string, topic: string) => `${channelId}/${topic}`;

export function subscriptionRepository(store: Store) {
  const subs = store.collection<Subscription>('subscriptions');
  async function all(): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for await (const [, s] of subs.entries()) out.push(s);
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.channelId.localeCompare(b.channelId) || a.topic.localeCompare(b.topic));
  }
  return {
    get: (channelId: string, topic: string) => subs.get(subscriptionKey(channelId, topic)),
    save: (s: Subscription) => subs.set(subscriptionKey(s.channelId, s.topic), s),
    remove: (channelId: string, topic: string) => subs.delete(subscriptionKey(channelId, topic)),
    all,
    forChannel: async (channelId: string) => (await all()).filter((s) => s.channelId === channelId),
    forGuild: async (guildId: string) => (await all()).filter((s) => s.guildId === guildId),
    /** Pauses every active subscription of a channel (the channel is gone or closed to the bot). */
    async pauseChannel(channelId: string, reason: string): Promise<number> {
      let n = 0;
      for (const s of await all()) {
        if (s.channelId !== channelId || s.state !== 'active') continue;
        await subs.set(subscriptionKey(s.channelId, s.topic), { ...s, state: 'paused', pausedReason: reason });
        n++;
      }
      return n;
    },
    async update(channelId: string, topic: string, change: Partial<Subscription>): Promise<void> {
      const s = await subs.get(subscriptionKey(channelId, topic));
      if (s) await subs.set(subscriptionKey(channelId, topic), { ...s, ...change });
    },
  };
}
export type SubscriptionRepository = ReturnType<typeof subscriptionRepository>;

/** Topics a guild defined with /topics add, on top of the configured ones. */
export function guildTopicRepository(store: Store) {
  const col = store.collection<Topic[]>('guild-topics');
  return {
    list: async (guildId: string): Promise<Topic[]> => (await col.get(guildId)) ?? [],
    async add(guildId: string, topic: Topic): Promise<void> {
      const list = ((await col.get(guildId)) ?? []).filter((t) => t.name !== topic.name);
      await col.set(guildId, [...list, topic].sort((a, b) => a.name.localeCompare(b.name)));
    },
    async remove(guildId: string, name: string): Promise<boolean> {
      const list = (await col.get(guildId)) ?? [];
      if (!list.some((t) => t.name === name)) return false;
      await col.set(guildId, list.filter((t) => t.name !== name));
      return true;
    },
  };
}
export type GuildTopicRepository = ReturnType<typeof guildTopicRepository>;

/** Configured topics plus the guild's own, with where each comes from. */
export async function topicsForGuild(config: Config, guildTopics: GuildTopicRepository, guildId: string | null): Promise<(Topic & { guild: boolean })[]> {
  const own = guildId ? await guildTopics.list(guildId) : [];
  return [...config.topics.map((t) => ({ ...t, guild: false })), ...own.map((t) => ({ ...t, guild: true }))];
}
