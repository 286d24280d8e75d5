import type { SqlContext } from './db.ts';

export interface StoredSignature {
  id: string;
  sig: number[];
  /** When it was remembered (ISO). */
  at: string;
}

/** Story signatures of recent briefs, so the same story from another feed merges into the first brief. */
export interface StoryRepository {
  /**
   * Signatures remembered at or after `since` (ISO), in brief id order: with `page`, at most `limit` of
   * them after the brief id `after`, so that a large window is read a page at a time.
   */
  since(since: string, page?: { limit: number; after?: string }): Promise<StoredSignature[]>;
  /**
   * The briefs whose signatures were remembered at or after `since`, without the signatures: a cheap
   * look at a recent stretch; a page at a time as `since` pages.
   */
  idsSince(since: string, page?: { limit: number; after?: string }): Promise<{ id: string; at: string }[]>;
  /** The signatures of these briefs, of those that have one. */
  signatures(briefIds: string[]): Promise<StoredSignature[]>;
  remember(briefId: string, sig: number[], at: string): Promise<void>;
  /** Forgets signatures older than `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export function storyRepository({ db }: SqlContext): StoryRepository {
  const parsed = (rows: { brief_id: string; sig: string; at: string }[]) => rows.map((r) => ({ id: r.brief_id, sig: JSON.parse(r.sig) as number[], at: r.at }));
  /** Stories remembered at or after `since`, in brief id order, a page after `after` when asked. */
  const paged = (since: string, page?: { limit: number; after?: string }) => {
    // Walks the primary key, so a page costs the same wherever it starts (the table holds about the window).
    let query = db.selectFrom('stories').select(['brief_id', 'at']).where('at', '>=', since).orderBy('brief_id', 'asc');
    if (page?.after !== undefined) query = query.where('brief_id', '>', page.after);
    if (page) query = query.limit(page.limit);
    return query;
  };
  return {
    async since(since, page) {
      return parsed(await paged(since, page).select('sig').execute());
    },
    async idsSince(since, page) {
      return (await paged(since, page).execute()).map((r) => ({ id: r.brief_id, at: r.at }));
    },
    async signatures(briefIds) {
      if (briefIds.length === 0) return [];
      return parsed(await db.selectFrom('stories').select(['brief_id', 'sig', 'at']).where('brief_id', 'in', briefIds).execute());
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
