import type { Config } from '../config/index.ts';
import { briefMatches } from '../discord/delivery.ts';
import { guildTopicRepository, subscriptionRepository } from '../discord/subscriptions.ts';
import { isDue } from '../feeds/index.ts';
import { addedFeeds, feedStates } from '../schedule/index.ts';
import { briefRepository, type StoredBrief } from '../store/briefs.ts';
import type { Store } from '../store/index.ts';
import type { Topic } from '../topics/index.ts';

/**
 * What the roles read from the shared archive, in one place: the feeds due for a poll, the channels a
 * stored brief may go to, and a feed's briefs since an instant.
 */

/** The configured and admin-added feeds that are due at `now` (backoff and Retry-After respected). */
export async function dueFeeds(config: Config, store: Store, now: Date): Promise<{ url: string; name?: string; added: boolean }[]> {
  const operator = config.feeds.map((f) => ({ url: f.url, ...(f.name ? { name: f.name } : {}), added: false }));
  const urls = new Set(operator.map((f) => f.url));
  const added: typeof operator = [];
  for await (const [, f] of addedFeeds(store).entries()) {
    if (f.guildIds.length && !urls.has(f.url)) added.push({ url: f.url, ...(f.name ? { name: f.name } : {}), added: true });
  }
  const states = feedStates(store);
  const out: typeof operator = [];
  for (const f of [...operator, ...added]) if (isDue(await states.get(f.url), now)) out.push(f);
  return out;
}

/**
 * The channels with an active instant subscription whose topic these briefs match (a superset is
 * fine: a deliverer's pass checks visibility, cursors and the ledger, and posts only what is due).
 */
export async function channelsFor(store: Store, records: readonly StoredBrief[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!records.length) return out;
  const subs = (await subscriptionRepository(store).all()).filter((s) => s.state === 'active' && s.mode === 'instant');
  const topics = guildTopicRepository(store);
  const cache = new Map<string, Topic[]>();
  for (const sub of subs) {
    if (out.has(sub.channelId)) continue;
    let list = cache.get(sub.guildId);
    if (!list) cache.set(sub.guildId, (list = await topics.list(sub.guildId)));
    const guildTopic = list.find((t) => t.name === sub.topic);
    if (records.some((r) => briefMatches(r, sub.topic, guildTopic))) out.add(sub.channelId);
  }
  return out;
}

/** Every channel with an active instant subscription. */
export async function activeChannels(store: Store): Promise<Set<string>> {
  const subs = await subscriptionRepository(store).all();
  return new Set(subs.filter((s) => s.state === 'active' && s.mode === 'instant').map((s) => s.channelId));
}

/** A feed's briefs stored or changed since `since` (a poll job re-run after a crash looks these up). */
export async function briefsOfFeedSince(store: Store, url: string, since: Date, now: Date): Promise<StoredBrief[]> {
  const days = Math.max(1, Math.ceil((now.getTime() - since.getTime()) / 86_400_000) + 1);
  const recent = await briefRepository(store).query({ days }, now);
  return recent.filter((r) => r.feedUrls.includes(url) && Date.parse(r.updatedAt) >= since.getTime());
}
