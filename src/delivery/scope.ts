import type { Config } from '../config/index.ts';
import type { BriefCursor, BriefPageQuery, Store, StoredBrief } from '../store/index.ts';
import { briefMatches, type Topic } from '../topics/index.ts';

/**
 * Which briefs a server may see. Feeds a server adds with /feeds add are that server's: their briefs are
 * posted to, listed for and explained to the servers that added the feed only. A brief is visible to a
 * server unless every feed it came from was added by other servers only (a brief merged from a configured
 * feed and an added one counts as configured). A feed the operator dropped from the config, or polled
 * with --feed, is the operator's: its briefs stay visible. A feed every adding server removed keeps an
 * empty record, so its briefs stay hidden. A brief with no recorded feed is visible everywhere.
 *
 * Read once per command or delivery pass and server (one indexed query over the added feeds), so a feed
 * removed from a server stops reaching it at once. The archive applies the same rule in SQL
 * (`hiddenFeeds`), so pages are filtered in the database.
 */
export interface FeedScope {
  /** Feeds whose briefs this server must not see, unless another of the brief's feeds is visible. */
  hiddenFeeds: string[];
  feedVisible(url: string): boolean;
  visible(rec: Pick<StoredBrief, 'feedUrls'>): boolean;
}

export async function feedScope(config: Config, store: Store, guildId: string | null): Promise<FeedScope> {
  const configured = new Set(config.feeds.map((f) => f.url));
  const hidden = new Set((await store.addedFeeds.notClaimedBy(guildId)).filter((u) => !configured.has(u)));
  const feedVisible = (url: string) => !hidden.has(url);
  return {
    hiddenFeeds: [...hidden],
    feedVisible,
    visible: (rec) => !rec.feedUrls.length || rec.feedUrls.some(feedVisible),
  };
}

export const cursorOf = (r: StoredBrief): BriefCursor => ({ createdAt: r.createdAt, id: r.brief.id });

/** Rows read per query while filtering on a guild topic's keywords. */
const SCAN_BATCH = 200;

/**
 * One page of the briefs a server sees for a topic, newest first. A configured topic, a date, a search and
 * the server's scope are all indexed filters, so the database returns the page itself. A guild's own topic
 * is matched on its keywords (`briefMatches`), so it reads batches of the filtered rows until the page is
 * full or `scanLimit` rows were read: bounded, whatever the archive holds.
 */
export async function guildBriefs(
  store: Store,
  scope: FeedScope,
  q: Omit<BriefPageQuery, 'hiddenFeeds' | 'topic'> & { topic?: string; guildTopic?: Topic; scanLimit?: number },
): Promise<StoredBrief[]> {
  const { guildTopic, scanLimit = 5000, ...rest } = q;
  const base: BriefPageQuery = { ...rest, hiddenFeeds: scope.hiddenFeeds, ...(q.topic && !guildTopic ? { topic: q.topic } : { topic: undefined }) };
  if (!guildTopic) return store.briefs.page(base);
  const out: StoredBrief[] = [];
  let after = q.after;
  let before = q.before;
  for (let scanned = 0; out.length < q.limit && scanned < scanLimit; ) {
    const batch = await store.briefs.page({ ...base, ...(after ? { after } : {}), ...(before ? { before } : {}), limit: SCAN_BATCH });
    if (!batch.length) break;
    scanned += batch.length;
    if (q.before) {
      // Newest first: the rows nearest the cursor are at the end.
      for (let i = batch.length - 1; i >= 0 && out.length < q.limit; i--) if (briefMatches(batch[i]!, guildTopic.name, guildTopic)) out.unshift(batch[i]!);
      before = cursorOf(batch[0]!);
    } else {
      for (const r of batch) if (out.length < q.limit && briefMatches(r, guildTopic.name, guildTopic)) out.push(r);
      after = cursorOf(batch[batch.length - 1]!);
    }
    if (batch.length < SCAN_BATCH) break;
  }
  return out;
}
