import type { Config } from '../../config/schema.ts';
import { addedFeeds } from '../schedule/index.ts';
import type { StoredBrief } from '../store/briefs.ts';
import type { Store } from '../store/index.ts';

/**
 * Which briefs a server may see. Feeds a server adds with /feeds add are that server's: their briefs are
 * posted to, listed for and explained to the servers that added the feed only. A brief is visible to a
 * server when one of the feeds it came from is configured or added by that server (a brief merged from a
 * configured feed and an added one counts as configured). Fail closed: a brief whose every feed is no
 * longer configured or added is shown to no server, since nothing says whose it was. A brief with no
 * recorded feed (seeded or imported) is visible everywhere.
 *
 * Read once per delivery pass or query, so a feed removed from a server stops reaching it at once.
 */
export async function feedScope(config: Config, store: Store) {
  const configured = new Set(config.feeds.map((f) => f.url));
  /** URL -> servers that added it; null for a record older than server tracking (every server's). */
  const added = new Map<string, string[] | null>();
  for await (const [, f] of addedFeeds(store).entries()) added.set(f.url, f.guildIds ?? null);

  const feedVisible = (url: string, guildId: string | null): boolean => {
    if (configured.has(url)) return true;
    const owners = added.get(url);
    if (owners === undefined) return false;
    return owners === null || (guildId !== null && owners.includes(guildId));
  };
  return {
    feedVisible,
    visible: (rec: Pick<StoredBrief, 'feedUrls'>, guildId: string | null): boolean => !rec.feedUrls.length || rec.feedUrls.some((u) => feedVisible(u, guildId)),
  };
}
export type FeedScope = Awaited<ReturnType<typeof feedScope>>;
