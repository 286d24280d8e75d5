import { Migrator, sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
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
    // A brief's topics, feeds, quotes and story signature point at its `seq` (the order briefs were
    // first stored in) instead of its id. Ids are hashes: every new brief put a row at a random place
    // in four primary keys, so each group of items dirtied a page of each per item and its commit grew
    // with the archive. Keyed by `seq`, a new brief's rows are appended. `seen_brief` was never read.
    '0003_brief_seq': {
      async up(db: Kysely<unknown>) {
        if (dialect === 'sqlite') await sqliteSeq(db);
        else await postgresSeq(db);
      },
    },
  };
}

// The tables and indexes below repeat 0001's definitions on purpose: a released migration must make the
// same layout forever, so the two never share a helper that a later change could edit under 0001.

/** The briefs' columns other than `seq`, as 0001 made them. */
const BRIEF_COLUMNS = 'id, created_at, updated_at, day, brief, feed_urls, article_ids, content_hash, lang';

/**
 * SQLite cannot add a primary key to a table: `briefs` is made again with `seq` as its row id (the old
 * row ids, so the full-text index's row ids stay right), and so are the four tables pointing at it.
 * Kysely runs SQLite migrations outside a transaction; this one is one, taken for writing at once so a
 * second process starting together waits instead of failing half-way, and it does nothing when that
 * process has already run it.
 */
async function sqliteSeq(db: Kysely<unknown>): Promise<void> {
  await sql`BEGIN IMMEDIATE`.execute(db);
  try {
    const columns = await sql<{ name: string }>`SELECT name FROM pragma_table_info('briefs')`.execute(db);
    if (!columns.rows.some((c) => c.name === 'seq')) {
      await sql`ALTER TABLE briefs RENAME TO briefs_v2`.execute(db);
      await db.schema
        .createTable('briefs')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('brief', 'text', (c) => c.notNull())
        .addColumn('feed_urls', 'text', (c) => c.notNull())
        .addColumn('article_ids', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('lang', 'text')
        .execute();
      await sql`INSERT INTO briefs (seq, ${sql.raw(BRIEF_COLUMNS)}) SELECT rowid, ${sql.raw(BRIEF_COLUMNS)} FROM briefs_v2`.execute(db);
      await rebuildChildren(db, 'sqlite');
      await sql`DROP TABLE briefs_v2`.execute(db);
      await briefIndexes(db);
    }
    await sql`COMMIT`.execute(db);
  } catch (err) {
    await sql`ROLLBACK`.execute(db).catch(() => {});
    throw err;
  }
}

/** PostgreSQL numbers the existing briefs as it adds the column; the migration runs in a transaction. */
async function postgresSeq(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE briefs ADD COLUMN seq integer GENERATED BY DEFAULT AS IDENTITY`.execute(db);
  await sql`ALTER TABLE briefs ADD CONSTRAINT briefs_seq_key UNIQUE (seq)`.execute(db);
  await rebuildChildren(db, 'postgres');
}

async function briefIndexes(db: Kysely<unknown>): Promise<void> {
  // Newest first, and keyset pages on (created_at, id).
  await db.schema.createIndex('briefs_created').on('briefs').columns(['created_at', 'id']).execute();
  // The delivery planner reads what changed since a cursor.
  await db.schema.createIndex('briefs_updated').on('briefs').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('briefs_day').on('briefs').columns(['day', 'created_at', 'id']).execute();
}

/** Topics, feeds, quotes and stories keyed by `seq`, with every row of the old tables carried over. */
async function rebuildChildren(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  for (const table of ['brief_topics', 'brief_feeds', 'quotes', 'stories']) await sql`ALTER TABLE ${sql.table(table)} RENAME TO ${sql.table(`${table}_v2`)}`.execute(db);
  const parent = (c: ColumnDefinitionBuilder) => c.notNull().references('briefs.seq').onDelete('cascade');

  await db.schema
    .createTable('brief_topics')
    .addColumn('brief_seq', 'integer', parent)
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('brief_topics_seq_pk', ['brief_seq', 'topic'])
    .execute();
  await sql`INSERT INTO brief_topics (brief_seq, topic, created_at) SELECT b.seq, t.topic, t.created_at FROM brief_topics_v2 t JOIN briefs b ON b.id = t.brief_id`.execute(db);

  await db.schema
    .createTable('brief_feeds')
    .addColumn('brief_seq', 'integer', parent)
    .addColumn('feed_url', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('brief_feeds_seq_pk', ['brief_seq', 'feed_url'])
    .execute();
  await sql`INSERT INTO brief_feeds (brief_seq, feed_url) SELECT b.seq, f.feed_url FROM brief_feeds_v2 f JOIN briefs b ON b.id = f.brief_id`.execute(db);

  let quotes = db.schema
    .createTable('quotes')
    .addColumn('brief_seq', 'integer', parent)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('speaker', 'text')
    .addColumn('role', 'text')
    .addPrimaryKeyConstraint('quotes_seq_pk', ['brief_seq', 'position']);
  if (dialect === 'postgres') quotes = quotes.addColumn('speaker_search', sql`tsvector`);
  await quotes.execute();
  if (dialect === 'sqlite') {
    // Row ids kept: the speakers' full-text index refers to them.
    await sql`INSERT INTO quotes (rowid, brief_seq, position, created_at, text, speaker, role) SELECT q.rowid, b.seq, q.position, q.created_at, q.text, q.speaker, q.role FROM quotes_v2 q JOIN briefs b ON b.id = q.brief_id`.execute(db);
  } else {
    await sql`INSERT INTO quotes (brief_seq, position, created_at, text, speaker, role, speaker_search) SELECT b.seq, q.position, q.created_at, q.text, q.speaker, q.role, q.speaker_search FROM quotes_v2 q JOIN briefs b ON b.id = q.brief_id`.execute(db);
  }

  // On SQLite `brief_seq` is the stories table's row id itself.
  await db.schema
    .createTable('stories')
    .addColumn('brief_seq', 'integer', (c) => c.primaryKey().references('briefs.seq').onDelete('cascade'))
    .addColumn('sig', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO stories (brief_seq, sig, at) SELECT b.seq, s.sig, s.at FROM stories_v2 s JOIN briefs b ON b.id = s.brief_id`.execute(db);

  // Children first: nothing points at a table when it goes, so nothing cascades.
  for (const table of ['brief_topics', 'brief_feeds', 'quotes', 'stories']) await sql`DROP TABLE ${sql.table(`${table}_v2`)}`.execute(db);
  await db.schema.createIndex('brief_topics_topic').on('brief_topics').columns(['topic', 'created_at', 'brief_seq']).execute();
  await db.schema.createIndex('brief_feeds_feed').on('brief_feeds').columns(['feed_url', 'brief_seq']).execute();
  await db.schema.createIndex('quotes_created').on('quotes').columns(['created_at', 'brief_seq', 'position']).execute();
  if (dialect === 'postgres') await sql`CREATE INDEX quotes_speaker_search ON quotes USING GIN (speaker_search)`.execute(db);
  await db.schema.createIndex('stories_at').on('stories').column('at').execute();
  await db.schema.dropIndex('seen_brief').execute();
}

export const MIGRATION_NAMES = Object.keys(migrations('sqlite'));

/**
 * Runs every migration not yet run (up to and including `upTo`, when given: tests build the layout of an
 * earlier version so); throws with the reason when one fails.
 */
export async function migrate(db: Kysely<unknown>, dialect: Dialect, upTo?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
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
