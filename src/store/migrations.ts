import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './db.ts';

/**
 * The archive's schema, as versioned migrations run at start (Kysely's migrator records each one it ran
 * and takes a lock, so several processes starting together run each migration once). A migration is never
 * edited once released: a change of layout is a new one at the end of the list.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_archive': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('briefs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('brief', 'text', (c) => c.notNull())
          .addColumn('feed_urls', 'text', (c) => c.notNull())
          .addColumn('article_ids', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('lang', 'text')
          .execute();
        // Newest first, and keyset pages on (created_at, id).
        await db.schema.createIndex('briefs_created').on('briefs').columns(['created_at', 'id']).execute();
        // The delivery planner reads what changed since a cursor.
        await db.schema.createIndex('briefs_updated').on('briefs').columns(['updated_at', 'id']).execute();
        await db.schema.createIndex('briefs_day').on('briefs').columns(['day', 'created_at', 'id']).execute();

        await db.schema
          .createTable('brief_topics')
          .addColumn('brief_id', 'text', (c) => c.notNull().references('briefs.id').onDelete('cascade'))
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('brief_topics_pk', ['brief_id', 'topic'])
          .execute();
        await db.schema.createIndex('brief_topics_topic').on('brief_topics').columns(['topic', 'created_at', 'brief_id']).execute();

        await db.schema
          .createTable('brief_feeds')
          .addColumn('brief_id', 'text', (c) => c.notNull().references('briefs.id').onDelete('cascade'))
          .addColumn('feed_url', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('brief_feeds_pk', ['brief_id', 'feed_url'])
          .execute();
        await db.schema.createIndex('brief_feeds_feed').on('brief_feeds').columns(['feed_url', 'brief_id']).execute();

        await db.schema
          .createTable('quotes')
          .addColumn('brief_id', 'text', (c) => c.notNull().references('briefs.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('speaker', 'text')
          .addColumn('role', 'text')
          .addPrimaryKeyConstraint('quotes_pk', ['brief_id', 'position'])
          .execute();
        await db.schema.createIndex('quotes_created').on('quotes').columns(['created_at', 'brief_id', 'position']).execute();

        await db.schema
          .createTable('seen')
          .addColumn('article_id', 'text', (c) => c.primaryKey())
          .addColumn('feed_url', 'text', (c) => c.notNull())
          .addColumn('link', 'text', (c) => c.notNull())
          .addColumn('title', 'text')
          .addColumn('first_seen', 'text', (c) => c.notNull())
          .addColumn('last_listed', 'text', (c) => c.notNull())
          .addColumn('brief_id', 'text')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('skipped', 'text')
          .addColumn('body_source', 'text')
          .addColumn('body_note', 'text')
          .execute();
        await db.schema.createIndex('seen_link').on('seen').column('link').execute();
        await db.schema.createIndex('seen_brief').on('seen').column('brief_id').execute();
        await db.schema.createIndex('seen_listed').on('seen').columns(['last_listed']).execute();

        // Identity keys of seen items (their content, their link) -> article id (see resolveArticleId).
        await db.schema
          .createTable('identities')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('article_id', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('identities_article').on('identities').column('article_id').execute();

        await db.schema
          .createTable('stories')
          .addColumn('brief_id', 'text', (c) => c.primaryKey())
          .addColumn('sig', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('stories_at').on('stories').column('at').execute();

        await db.schema
          .createTable('subscriptions')
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addColumn('channel_kind', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('time', 'text')
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('mention_role_id', 'text')
          .addColumn('since', 'text', (c) => c.notNull())
          .addColumn('delivered_through', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('paused_reason', 'text')
          .addColumn('last_post_at', 'text')
          .addColumn('last_failure_at', 'text')
          .addColumn('last_failure_reason', 'text')
          .addColumn('last_digest_date', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('subscriptions_pk', ['channel_id', 'topic'])
          .execute();
        await db.schema.createIndex('subscriptions_guild').on('subscriptions').columns(['guild_id', 'created_at']).execute();
        await db.schema.createIndex('subscriptions_state').on('subscriptions').columns(['state', 'mode', 'created_at']).execute();

        await db.schema
          .createTable('guild_topics')
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('keywords', 'text', (c) => c.notNull())
          .addColumn('exclude', 'text')
          .addPrimaryKeyConstraint('guild_topics_pk', ['guild_id', 'name'])
          .execute();

        await db.schema
          .createTable('added_feeds')
          .addColumn('url', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text')
          .addColumn('added_by', 'text', (c) => c.notNull())
          .addColumn('added_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('added_feed_guilds')
          .addColumn('url', 'text', (c) => c.notNull().references('added_feeds.url').onDelete('cascade'))
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('added_feed_guilds_pk', ['url', 'guild_id'])
          .execute();
        await db.schema.createIndex('added_feed_guilds_guild').on('added_feed_guilds').columns(['guild_id', 'url']).execute();

        await db.schema
          .createTable('deliveries')
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('item_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text')
          .addColumn('thread_id', 'text')
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('deliveries_pk', ['channel_id', 'item_id'])
          .execute();
        await db.schema.createIndex('deliveries_item').on('deliveries').columns(['item_id', 'channel_id']).execute();
        await db.schema.createIndex('deliveries_at').on('deliveries').column('at').execute();

        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        // Full-text search for /brief search and /quotes speaker.
        if (dialect === 'sqlite') {
          // Contentless: the words are indexed, the text itself lives in `briefs`/`quotes` (rowids match).
          await sql`CREATE VIRTUAL TABLE briefs_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
          await sql`CREATE VIRTUAL TABLE quotes_fts USING fts5(speaker, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
        } else {
          await sql`ALTER TABLE briefs ADD COLUMN search tsvector`.execute(db);
          await sql`CREATE INDEX briefs_search ON briefs USING GIN (search)`.execute(db);
          await sql`ALTER TABLE quotes ADD COLUMN speaker_search tsvector`.execute(db);
          await sql`CREATE INDEX quotes_speaker_search ON quotes USING GIN (speaker_search)`.execute(db);
        }
      },
    },
    // Work of a scaled-out bot that failed after every retry, one row per feed, channel or digest tick
    // (it was a keyv collection before; openStore moves those records here once).
    '0002_failed_jobs': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('failed_jobs')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('error', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('failed_jobs_at').on('failed_jobs').columns(['at', 'key']).execute();
      },
    },
  };
}

export const MIGRATION_NAMES = Object.keys(migrations('sqlite'));

/** Runs every migration not yet run; throws with the reason when one fails. */
export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}

/** Migrations this database has run that this version of newsbrief does not know (a newer version wrote it). */
export async function unknownMigrations(db: Kysely<unknown>): Promise<string[]> {
  const known = new Set(MIGRATION_NAMES);
  try {
    const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    return rows.rows.map((r) => r.name).filter((n) => !known.has(n));
  } catch {
    return [];
  }
}
