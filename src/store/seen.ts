import type { SqlContext, SeenTable } from './db.ts';
import { chunks, inTransaction } from './sql.ts';

/** What newsbrief remembers of every feed item it has seen, so no restart briefs it twice. */
export interface SeenItem {
  articleId: string;
  feedUrl: string;
  link: string;
  /** Its title, to recognise it under another GUID (see `resolveArticleId`). */
  title?: string;
  firstSeen: string;
  /** The brief it went into (its own, or the one of the story it duplicated). */
  briefId: string | null;
  contentHash: string;
  /** Why it has no brief, when it has none. */
  skipped?: string;
  /** Where the brief's text came from: the feed item, or the linked page. */
  bodySource?: 'feed' | 'page';
  /** Why the linked page was not used, when it was wanted. */
  bodyNote?: string;
}

/** Feed items seen, by article id and by link (for `/feeds why`), and their identity keys. */
export interface SeenRepository {
  /** The article id an identity key (an item's content, its link) was recorded for. */
  identity(key: string): Promise<string | undefined>;
  /** Records identity keys of an item. */
  setIdentities(keys: readonly string[], articleId: string): Promise<void>;
  get(articleId: string): Promise<SeenItem | undefined>;
  /** Records an item as seen and listed by its feed at `listedAt`. */
  set(item: SeenItem, listedAt?: string): Promise<void>;
  /** Items seen with any of these links, most recently listed first. */
  byLinks(links: readonly string[]): Promise<SeenItem[]>;
  /** Notes that a poll listed these items again at `at` (retention keeps items their feed still lists). */
  touch(articleIds: readonly string[], at: string): Promise<void>;
  /** Deletes up to `batch` items last listed before `before`; returns how many. */
  prune(before: string, batch: number): Promise<number>;
}

function fromRow(r: SeenTable): SeenItem {
  return {
    articleId: r.article_id,
    feedUrl: r.feed_url,
    link: r.link,
    ...(r.title !== null ? { title: r.title } : {}),
    firstSeen: r.first_seen,
    briefId: r.brief_id,
    contentHash: r.content_hash,
    ...(r.skipped ? { skipped: r.skipped } : {}),
    ...(r.body_source ? { bodySource: r.body_source as SeenItem['bodySource'] } : {}),
    ...(r.body_note ? { bodyNote: r.body_note } : {}),
  };
}

export function seenRepository({ db }: SqlContext): SeenRepository {
  return {
    async identity(key) {
      return (await db.selectFrom('identities').select('article_id').where('key', '=', key).executeTakeFirst())?.article_id;
    },
    async setIdentities(keys, articleId) {
      for (const part of chunks([...new Set(keys)])) {
        await db
          .insertInto('identities')
          .values(part.map((key) => ({ key, article_id: articleId })))
          .onConflict((oc) => oc.column('key').doUpdateSet({ article_id: articleId }))
          .execute();
      }
    },
    async get(articleId) {
      const r = await db.selectFrom('seen').selectAll().where('article_id', '=', articleId).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    async set(item, listedAt = new Date().toISOString()) {
      const row = {
        article_id: item.articleId,
        feed_url: item.feedUrl,
        link: item.link,
        title: item.title ?? null,
        first_seen: item.firstSeen,
        last_listed: listedAt,
        brief_id: item.briefId,
        content_hash: item.contentHash,
        skipped: item.skipped ?? null,
        body_source: item.bodySource ?? null,
        body_note: item.bodyNote ?? null,
      };
      const { article_id: _id, first_seen: _first, ...change } = row;
      await db.insertInto('seen').values(row).onConflict((oc) => oc.column('article_id').doUpdateSet(change)).execute();
    },
    async byLinks(links) {
      if (!links.length) return [];
      const rows = await db.selectFrom('seen').selectAll().where('link', 'in', [...links]).orderBy('last_listed', 'desc').limit(20).execute();
      return rows.map(fromRow);
    },
    async touch(articleIds, at) {
      for (const ids of chunks([...new Set(articleIds)])) await db.updateTable('seen').set({ last_listed: at }).where('article_id', 'in', ids).execute();
    },
    async prune(before, batch) {
      const ids = (await db.selectFrom('seen').select('article_id').where('last_listed', '<', before).limit(batch).execute()).map((r) => r.article_id);
      if (ids.length) {
        await inTransaction(db, async (tx) => {
          await tx.deleteFrom('identities').where('article_id', 'in', ids).execute();
          await tx.deleteFrom('seen').where('article_id', 'in', ids).execute();
        });
      }
      return ids.length;
    },
  };
}
