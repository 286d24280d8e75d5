import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The archive's tables, as Kysely sees them. Instants are ISO-8601 UTC strings (`2026-11-22T08:00:00.000Z`):
 * fixed width, so they sort and compare as text the same way in SQLite and PostgreSQL. Structured values
 * that are only ever read whole (a brief, a topic's keywords) are JSON text.
 */
export interface BriefsTable {
  /**
   * The brief's place in the order briefs were first stored (SQLite's row id; an identity column on
   * PostgreSQL). Its topics, feeds, quotes and story signature point at it rather than at the id: a new
   * brief's rows then go at the end of those tables' indexes instead of at a random place (ids are
   * hashes), which keeps a group's commit small however large the archive grows.
   */
  seq: Generated<number>;
  id: string;
  created_at: string;
  updated_at: string;
  /** The brief's own date, or its creation day when it has none: what `/brief date:` filters on. */
  day: string;
  /** The `Brief` as JSON. */
  brief: string;
  feed_urls: string;
  article_ids: string;
  content_hash: string;
  /** BCP 47 primary language tag of the brief, when known. */
  lang: string | null;
}

export interface BriefTopicsTable {
  brief_seq: number;
  topic: string;
  created_at: string;
}

export interface BriefFeedsTable {
  brief_seq: number;
  feed_url: string;
}

export interface QuotesTable {
  brief_seq: number;
  position: number;
  created_at: string;
  text: string;
  speaker: string | null;
  role: string | null;
}

export interface SeenTable {
  article_id: string;
  feed_url: string;
  link: string;
  title: string | null;
  first_seen: string;
  /** The last time a poll of its feed listed it (retention keeps it while the feed does). */
  last_listed: string;
  brief_id: string | null;
  content_hash: string;
  skipped: string | null;
  body_source: string | null;
  body_note: string | null;
}

export interface IdentitiesTable {
  key: string;
  article_id: string;
}

export interface StoriesTable {
  brief_seq: number;
  sig: string;
  at: string;
}

export interface SubscriptionsTable {
  channel_id: string;
  topic: string;
  guild_id: string;
  channel_kind: string;
  mode: string;
  time: string | null;
  timezone: string;
  mention_role_id: string | null;
  since: string;
  delivered_through: string | null;
  state: string;
  paused_reason: string | null;
  last_post_at: string | null;
  last_failure_at: string | null;
  last_failure_reason: string | null;
  last_digest_date: string | null;
  created_by: string;
  created_at: string;
}

export interface GuildTopicsTable {
  guild_id: string;
  name: string;
  /** The topic's keywords (one list, or lists per language) as JSON. */
  keywords: string;
  /** Its excluded words as JSON, when it has any. */
  exclude: string | null;
}

export interface AddedFeedsTable {
  url: string;
  name: string | null;
  added_by: string;
  added_at: string;
}

export interface AddedFeedGuildsTable {
  url: string;
  guild_id: string;
}

export interface DeliveriesTable {
  channel_id: string;
  item_id: string;
  state: string;
  reason: string | null;
  nonce: string;
  message_id: string | null;
  thread_id: string | null;
  topic: string;
  at: string;
}

export interface FailedJobsTable {
  /** `poll:<feed URL>`, `deliver:<channel id>` or `digest`. */
  key: string;
  error: string;
  attempts: number;
  at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  briefs: BriefsTable;
  brief_topics: BriefTopicsTable;
  brief_feeds: BriefFeedsTable;
  quotes: QuotesTable;
  seen: SeenTable;
  identities: IdentitiesTable;
  stories: StoriesTable;
  subscriptions: SubscriptionsTable;
  guild_topics: GuildTopicsTable;
  added_feeds: AddedFeedsTable;
  added_feed_guilds: AddedFeedGuildsTable;
  deliveries: DeliveriesTable;
  failed_jobs: FailedJobsTable;
  meta: MetaTable;
}

export type Dialect = 'sqlite' | 'postgres';

/** A handle repositories run their queries on: the database, or one transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

/** What every repository is built from. */
export interface SqlContext {
  db: Db;
  dialect: Dialect;
}
