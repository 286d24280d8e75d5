import type { SqlContext } from './db.ts';

export interface StoredSignature {
  id: string;
  sig: number[];
  /** When it was remembered (ISO). */
  at: string;
  /** Its brief's place in storage order: with `at`, where the next page goes on. */
  seq: number;
}

/** A page of a stretch of signatures: at most `limit`, after the one remembered at `after.at` with `after.seq`. */
export interface StoryPage {
  limit: number;
  after?: { at: string; seq: number };
}

/** Story signatures of recent briefs, so the same story from another feed merges into the first brief. */
export interface StoryRepository {
  /** Signatures remembered at or after `since` (ISO), in the order remembered; a page at a time with `page`. */
  since(since: string, page?: StoryPage): Promise<StoredSignature[]>;
  /**
   * The briefs whose signatures were remembered at or after `since`, without the signatures: a cheap
   * look at a recent stretch; a page at a time as `since` pages.
   */
  idsSince(since: string, page?: StoryPage): Promise<Omit<StoredSignature, 'sig'>[]>;
  /** The signatures of these briefs, of those that have one. */
  signatures(briefIds: string[]): Promise<StoredSignature[]>;
  /** Remembers the signature of a stored brief (nothing, for a brief that is not stored). */
  remember(briefId: string, sig: number[], at: string): Promise<void>;
  /** Forgets signatures older than `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export function storyRepository({ db }: SqlContext): StoryRepository {
  const parsed = (rows: { id: string; seq: number; sig: string; at: string }[]) => rows.map((r) => ({ id: r.id, sig: JSON.parse(r.sig) as number[], at: r.at, seq: r.seq }));
  const withBrief = () => db.selectFrom('stories as s').innerJoin('briefs as b', 'b.seq', 's.brief_seq').select(['b.id', 's.brief_seq as seq', 's.at']);
  /**
   * Stories remembered at or after `since`, in the order remembered (ties by seq), a page after `after`
   * when asked. Walks the `at` index from `since`: a refresh's look at the last few minutes reads those
   * rows, not the whole window before them, as walking the primary key did.
   */
  const paged = (since: string, page?: StoryPage) => {
    let query = withBrief().where('s.at', '>=', since).orderBy('s.at', 'asc').orderBy('s.brief_seq', 'asc');
    const after = page?.after;
    if (after) {
      // The plain bound lets the index seek to the cursor; the pair orders ties by seq.
      query = query.where('s.at', '>=', after.at).where((eb) => eb.or([eb('s.at', '>', after.at), eb.and([eb('s.at', '=', after.at), eb('s.brief_seq', '>', after.seq)])]));
    }
    if (page) query = query.limit(page.limit);
    return query;
  };
  return {
    async since(since, page) {
      return parsed(await paged(since, page).select('s.sig').execute());
    },
    async idsSince(since, page) {
      return paged(since, page).execute();
    },
    async signatures(briefIds) {
      if (briefIds.length === 0) return [];
      return parsed(await withBrief().select('s.sig').where('b.id', 'in', briefIds).execute());
    },
    async remember(briefId, sig, at) {
      const value = JSON.stringify(sig);
      await db
        .insertInto('stories')
        .columns(['brief_seq', 'sig', 'at'])
        .expression((eb) => eb.selectFrom('briefs').select((s) => ['seq', s.val(value).as('sig'), s.val(at).as('at')]).where('id', '=', briefId))
        .onConflict((oc) => oc.column('brief_seq').doUpdateSet({ sig: value, at }))
        .execute();
    },
    async prune(before) {
      const r = await db.deleteFrom('stories').where('at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
