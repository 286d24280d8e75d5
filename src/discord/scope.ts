import type { Config } from '../../config/schema.ts';
import { addedFeeds } from '../schedule/index.ts';
import type { StoredBrief } from '../store/briefs.ts';
import type { Store } from '../store/index.ts';

/**
 * Which briefs a server may see. Feeds a server adds with /feeds add are that server's: their briefs are
 * posted to, listed for and explained to the servers that added the feed only. A brief is visible to a
 * server unless every feed it came from was added by other servers only (a brief merged from a configured
 * feed and an added one counts as configured). A feed the operator dropped from the config, or polled
 * with --feed, is the operator's: its briefs stay visible. A feed every adding server removed keeps an
 * empty record, so its briefs stay hidden. A brief with no recorded feed is visible everywhere.
 *
 * Read once per delivery pass or query, so a feed removed from a server stops reaching it at once.
 */
export async function feedScope(config: Config, store: Store) {
  const configured = new Set(config.feeds.map((f) => f.url));
  /** URL -> servers that added it (empty: removed by all of them). */
  const added = new Map<string, string[]>();
  for await (const [, f] of addedFeeds(store).entries()) added.set(f.url, f.guildIds);

  const feedVisible = (url: string, guildId: string | null): boolean => {
    if (configured.has(url)) return true;
    const owners = added.get(url);
    if (owners === undefined) return true;
    return guildId !== null && owners.includes(guildId);
  };
  return {
    feedVisible,
    visible: (rec: Pick<StoredBrief, 'feedUrls'>, guildId: string | null): boolean => !rec.feedUrls.length || rec.feedUrls.some((u) => feedVisible(u, guildId)),
  };
}
export type FeedScope = Awaited<ReturnType<typeof feedScope>>;
