import type { SqlContext } from './db.ts';

/** Story signatures of recent briefs, so the same story from another feed merges into the first brief. */
export interface StoryRepository {
  /** Signatures remembered at or after `since` (ISO). */
  since(since: string): Promise<{ id: string; sig: number[] }[]>;
  remember(briefId: string, sig: number[], at: string): Promise<void>;
  /** Forgets signatures older than `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export function storyRepository({ db }: SqlContext): StoryRepository {
  return {
    async since(since) {
      const rows = await db.selectFrom('stories').select(['brief_id', 'sig']).where('at', '>=', since).orderBy('at', 'asc').execute();
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
