import type { Config } from '../config/index.ts';
import { isDue } from '../feeds/index.ts';
import type { Store, StoredBrief } from '../store/index.ts';
import { briefMatches, type Topic } from '../topics/index.ts';

/**
 * What the roles read from the shared archive, in one place: the feeds due for a poll, the channels a
 * stored brief may go to, and a feed's briefs since an instant.
 */

/** Briefs read per query when a poll job looks up what it stored. */
const READ_BATCH = 500;

/** The configured and admin-added feeds that are due at `now` (backoff and Retry-After respected). */
export async function dueFeeds(config: Config, store: Store, now: Date): Promise<{ url: string; name?: string; added: boolean }[]> {
  const operator = config.feeds.map((f) => ({ url: f.url, ...(f.name ? { name: f.name } : {}), added: false }));
  const urls = new Set(operator.map((f) => f.url));
  const added: typeof operator = [];
  for (const f of await store.addedFeeds.polled()) {
    if (!urls.has(f.url)) added.push({ url: f.url, ...(f.name ? { name: f.name } : {}), added: true });
  }
  const out: typeof operator = [];
  for (const f of [...operator, ...added]) if (isDue(await store.feedStates.get(f.url), now)) out.push(f);
  return out;
}

/**
 * The channels with an active instant subscription whose topic these briefs match (a superset is
 * fine: a deliverer's pass checks visibility, cursors and the ledger, and posts only what is due).
 */
export async function channelsFor(store: Store, records: readonly StoredBrief[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (!records.length) return out;
  const cache = new Map<string, Topic[]>();
  for (const sub of await store.subscriptions.active('instant')) {
    if (out.has(sub.channelId)) continue;
    let list = cache.get(sub.guildId);
    if (!list) cache.set(sub.guildId, (list = await store.guildTopics.list(sub.guildId)));
    const guildTopic = list.find((t) => t.name === sub.topic);
    if (records.some((r) => briefMatches(r, sub.topic, guildTopic))) out.add(sub.channelId);
  }
  return out;
}

/** Every channel with an active instant subscription. */
export async function activeChannels(store: Store): Promise<Set<string>> {
  return new Set((await store.subscriptions.active('instant')).map((s) => s.channelId));
}

/** A feed's briefs stored or changed since `since` (a poll job re-run after a crash looks these up). */
export async function briefsOfFeedSince(store: Store, url: string, since: Date): Promise<StoredBrief[]> {
  const out: StoredBrief[] = [];
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const batch = await store.briefs.changedSince(since.toISOString(), READ_BATCH, after);
    out.push(...batch.filter((r) => r.feedUrls.includes(url)));
    if (batch.length < READ_BATCH) return out;
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.updatedAt, id: last.brief.id };
  }
}
