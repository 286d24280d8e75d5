import type { SqlContext } from './db.ts';
import { inTransaction } from './sql.ts';

/**
 * A feed added at run time by server admins (as opposed to the operator's config). Keyed by URL, so a
 * URL is polled once however many servers added it; its briefs go only to those servers.
 */
export interface AddedFeed {
  url: string;
  name?: string;
  /**
   * The servers that added it. Empty once every one of them removed it: the record stays (and is no
   * longer polled) so the briefs it brought stay private to servers instead of becoming everyone's.
   */
  guildIds: string[];
  /** Who added it first, and when (the later servers' claims keep only their id). */
  addedBy: string;
  addedAt: string;
}

export interface AddedFeedRepository {
  get(url: string): Promise<AddedFeed | undefined>;
  /** Writes the record whole (its servers replaced). */
  set(feed: AddedFeed): Promise<void>;
  /** Adds one server's claim (creating the record if it is the first); safe with several writers. */
  claim(url: string, guildId: string, by: { name?: string; addedBy: string; addedAt: string }): Promise<void>;
  /** Takes away one server's claim; false when it had none. The record stays. */
  release(url: string, guildId: string): Promise<boolean>;
  /** Feeds some server still claims (what the cycle polls). */
  polled(): Promise<AddedFeed[]>;
  /** Every added feed with at least one server, or only those `guildId` claims. */
  list(guildId?: string): Promise<AddedFeed[]>;
  /** Added feeds `guildId` has no claim on (an indexed anti-join over the added feeds only). */
  notClaimedBy(guildId: string | null): Promise<string[]>;
}

export function addedFeedRepository({ db }: SqlContext): AddedFeedRepository {
  async function withGuilds(rows: { url: string; name: string | null; added_by: string; added_at: string }[]): Promise<AddedFeed[]> {
    if (!rows.length) return [];
    const claims = await db.selectFrom('added_feed_guilds').select(['url', 'guild_id']).where('url', 'in', rows.map((r) => r.url)).orderBy('guild_id').execute();
    const by = new Map<string, string[]>();
    for (const c of claims) by.set(c.url, [...(by.get(c.url) ?? []), c.guild_id]);
    return rows.map((r) => ({ url: r.url, ...(r.name ? { name: r.name } : {}), guildIds: by.get(r.url) ?? [], addedBy: r.added_by, addedAt: r.added_at }));
  }
  const feeds = () => db.selectFrom('added_feeds as f').select(['f.url', 'f.name', 'f.added_by', 'f.added_at']);
  return {
    async get(url) {
      const r = await feeds().where('f.url', '=', url).executeTakeFirst();
      return r ? (await withGuilds([r]))[0] : undefined;
    },
    async set(feed) {
      await inTransaction(db, async (tx) => {
        const row = { url: feed.url, name: feed.name ?? null, added_by: feed.addedBy, added_at: feed.addedAt };
        await tx.insertInto('added_feeds').values(row).onConflict((oc) => oc.column('url').doUpdateSet({ name: row.name, added_by: row.added_by, added_at: row.added_at })).execute();
        await tx.deleteFrom('added_feed_guilds').where('url', '=', feed.url).execute();
        if (feed.guildIds.length) await tx.insertInto('added_feed_guilds').values(feed.guildIds.map((guild_id) => ({ url: feed.url, guild_id }))).execute();
      });
    },
    async claim(url, guildId, by) {
      await inTransaction(db, async (tx) => {
        await tx.insertInto('added_feeds').values({ url, name: by.name ?? null, added_by: by.addedBy, added_at: by.addedAt }).onConflict((oc) => oc.column('url').doNothing()).execute();
        if (by.name) await tx.updateTable('added_feeds').set({ name: by.name }).where('url', '=', url).execute();
        await tx.insertInto('added_feed_guilds').values({ url, guild_id: guildId }).onConflict((oc) => oc.columns(['url', 'guild_id']).doNothing()).execute();
      });
    },
    async release(url, guildId) {
      const r = await db.deleteFrom('added_feed_guilds').where('url', '=', url).where('guild_id', '=', guildId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async polled() {
      const rows = await feeds()
        .where(({ exists, selectFrom }) => exists(selectFrom('added_feed_guilds as g').select('g.url').whereRef('g.url', '=', 'f.url')))
        .orderBy('f.added_at')
        .orderBy('f.url')
        .execute();
      return withGuilds(rows);
    },
    async list(guildId) {
      let q = feeds();
      q =
        guildId === undefined
          ? q.where(({ exists, selectFrom }) => exists(selectFrom('added_feed_guilds as g').select('g.url').whereRef('g.url', '=', 'f.url')))
          : q.where(({ exists, selectFrom }) => exists(selectFrom('added_feed_guilds as g').select('g.url').whereRef('g.url', '=', 'f.url').where('g.guild_id', '=', guildId)));
      return withGuilds(await q.orderBy('f.added_at').orderBy('f.url').execute());
    },
    async notClaimedBy(guildId) {
      let q = db.selectFrom('added_feeds as f').select('f.url');
      if (guildId !== null) {
        q = q.where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('added_feed_guilds as g').select('g.url').whereRef('g.url', '=', 'f.url').where('g.guild_id', '=', guildId))),
        );
      }
      return (await q.execute()).map((r) => r.url);
    },
  };
}
