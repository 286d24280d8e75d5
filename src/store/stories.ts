import type { SqlContext } from './db.ts';

/** Story signatures of recent briefs, so the same story from another feed merges into the first brief. */
export interface StoryRepository {
  /**
   * Signatures remembered at or after `since` (ISO), in brief id order: with `page`, at most `limit` of
   * them after the brief id `after`, so that a large window is read a page at a time.
   */
  since(since: string, page?: { limit: number; after?: string }): Promise<{ id: string; sig: number[] }[]>;
  remember(briefId: string, sig: number[], at: string): Promise<void>;
  /** Forgets signatures older than `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export function storyRepository({ db }: SqlContext): StoryRepository {
  return {
    async since(since, page) {
      // Walks the primary key, so a page costs the same wherever it starts (the table holds about the window).
      let query = db.selectFrom('stories').select(['brief_id', 'sig']).where('at', '>=', since).orderBy('brief_id', 'asc');
      if (page?.after !== undefined) query = query.where('brief_id', '>', page.after);
      if (page) query = query.limit(page.limit);
      const rows = await query.execute();
      return rows.map((r) => ({ id: r.brief_id, sig: JSON.parse(r.sig) as number[] }));
    },
    async remember(briefId, sig, at) {
      const row = { brief_id: briefId, sig: JSON.stringify(sig), at };
      await db.insertInto('stories').values(row).onConflict((oc) => oc.column('brief_id').doUpdateSet({ sig: row.sig, at })).execute();
    },
    async prune(before) {
      const r = await db.deleteFrom('stories').where('at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
