import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { FeedState } from '../feeds/index.ts';
import { addedFeedRepository, type AddedFeedRepository } from './added-feeds.ts';
import { briefRepository, type BriefRepository } from './briefs.ts';
import type { Database, Db, Dialect, SqlContext } from './db.ts';
import { deliveryLedger, type DeliveryLedger } from './deliveries.ts';
import { StoreError } from './errors.ts';
import { failedJobRepository, type FailedJobRepository } from './failed-jobs.ts';
import { guildTopicRepository, type GuildTopicRepository } from './guild-topics.ts';
import { ensureKeyvTable } from './kv-sql.ts';
import { KV_VERSION, redisKeyValue, sqlKeyValue, type Collection, type KeyValue } from './kv.ts';
import { redactUrl } from '../util/redact-url.ts';
import { importKeyvFailures, importLegacy } from './legacy.ts';
import { migrate, unknownMigrations } from './migrations.ts';
import { seenRepository, type SeenRepository } from './seen.ts';
import { cachingStatements } from './statement-cache.ts';
import { storyRepository, type StoryRepository } from './stories.ts';
import { subscriptionRepository, type SubscriptionRepository } from './subscriptions.ts';
import { storeUrlProblem } from './url.ts';

export { StoreError } from './errors.ts';
export type { Collection } from './kv.ts';
export type { StoredBrief, BriefCursor, BriefFilter, BriefPageQuery, QuoteHit, BriefRepository } from './briefs.ts';
export { briefText } from './briefs.ts';
export type { SeenItem, SeenRepository } from './seen.ts';
export type { Subscription, DeliveryMode, SubscriptionRepository } from './subscriptions.ts';
export type { GuildTopicRepository } from './guild-topics.ts';
export type { AddedFeed, AddedFeedRepository } from './added-feeds.ts';
export { nonceFor, type LedgerEntry, type DeliveryLedger } from './deliveries.ts';
export type { StoryPage, StoryRepository } from './stories.ts';
export { failedJobKey, type FailedJob, type FailedJobRepository } from './failed-jobs.ts';
export type { Dialect } from './db.ts';
export { pruneArchive, type Retention, type PruneReport } from './retention.ts';
export { storeUrlProblem } from './url.ts';

/** Every collection of the archive, each behind its declared interface. */
export interface Repositories {
  briefs: BriefRepository;
  seen: SeenRepository;
  stories: StoryRepository;
  subscriptions: SubscriptionRepository;
  guildTopics: GuildTopicRepository;
  addedFeeds: AddedFeedRepository;
  deliveries: DeliveryLedger;
  failedJobs: FailedJobRepository;
}

/**
 * newsbrief's state. The archive (briefs, quotes, seen items, subscriptions, topics, added feeds, the
 * delivery ledger, failed jobs) is in a SQL database: SQLite by default (`sqlite://data/newsbrief.sqlite`, embedded)
 * or PostgreSQL (`postgres://user:pass@host/db`). Plain key-value state (feed HTTP state, caches) is in
 * keyv on the same database, or on Redis when the store URL (or `keyValue`) is `redis://`.
 */
export interface Store extends Repositories {
  readonly url: string;
  readonly dialect: Dialect;
  /** Key-value state (keyv). */
  collection<T>(name: string): Collection<T>;
  /** Per-feed HTTP state and health, by feed URL. */
  readonly feedStates: Collection<FeedState>;
  /** Runs `fn` with repositories whose writes all land, or none do. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreLocation {
  /** sqlite://PATH, postgres://..., or redis://... (the archive then goes to the default SQLite file). */
  url: string;
  /** Where key-value state goes instead of the archive's database (a redis:// URL). */
  keyValue?: string;
}

/** Where a `redis://` store keeps its archive: Redis holds the key-value state only. */
export const DEFAULT_ARCHIVE = 'sqlite://data/newsbrief.sqlite';

export function repositories(ctx: SqlContext, url?: string): Repositories {
  const repos: Repositories = {
    briefs: briefRepository(ctx),
    seen: seenRepository(ctx),
    stories: storyRepository(ctx),
    subscriptions: subscriptionRepository(ctx),
    guildTopics: guildTopicRepository(ctx),
    addedFeeds: addedFeedRepository(ctx),
    deliveries: deliveryLedger(ctx),
    failedJobs: failedJobRepository(ctx),
  };
  if (url === undefined) return repos;
  for (const key of Object.keys(repos) as (keyof Repositories)[]) (repos as unknown as Record<string, object>)[key] = guarded(repos[key], url);
  return repos;
}

/** A repository whose failures on a damaged database say so (and what to do) instead of a raw driver error. */
function guarded<T extends object>(repo: T, url: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repo)) {
    out[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (err) {
              throw damaged(err) ? storeFailure(url, err) : err;
            }
          }
        : fn;
  }
  return out as T;
}

const damaged = (err: unknown) => ['SQLITE_CORRUPT', 'SQLITE_NOTADB'].includes((err as { code?: string }).code ?? '');

export async function openStore(location: string | StoreLocation, cwd = process.cwd()): Promise<Store> {
  const loc = typeof location === 'string' ? { url: location } : location;
  const scheme = schemeOf(loc.url);
  const archiveUrl = scheme === 'redis' || scheme === 'rediss' ? DEFAULT_ARCHIVE : loc.url;
  const kvUrl = loc.keyValue ?? (archiveUrl === loc.url ? undefined : loc.url);
  // Redis first: an unreachable server fails before anything is created on disk.
  const redis = kvUrl ? await redisKeyValue(kvUrl) : undefined;
  let opened;
  try {
    opened = await openDatabase(archiveUrl, cwd);
  } catch (err) {
    await redis?.close().catch(() => {});
    throw err;
  }
  const { db, dialect } = opened;

  let kv: KeyValue;
  try {
    const newer = await unknownMigrations(db as unknown as Kysely<unknown>);
    if (newer.length) {
      throw new StoreError(`store ${redactUrl(archiveUrl)} was written by a newer newsbrief (migrations ${newer.join(', ')}); upgrade newsbrief or point --store elsewhere`);
    }
    await migrate(db as unknown as Kysely<unknown>, dialect);
    await ensureKeyvTable(db as unknown as Kysely<unknown>);
    kv = redis ?? sqlKeyValue(db as unknown as Kysely<unknown>);
  } catch (err) {
    await redis?.close().catch(() => {});
    await db.destroy().catch(() => {});
    throw storeFailure(archiveUrl, err);
  }

  const repos = repositories({ db, dialect }, archiveUrl);
  const store: Store = {
    url: loc.url,
    dialect,
    ...repos,
    collection: (name) => kv.collection(name),
    feedStates: kv.collection<FeedState>('feeds'),
    transaction: <T>(fn: (tx: Repositories) => Promise<T>) => db.transaction().execute((tx: Transaction<Database>) => fn(repositories({ db: tx, dialect }, archiveUrl))),
    async close() {
      await kv.close();
      await db.destroy();
    },
  };

  try {
    await checkLayout(store, archiveUrl);
    await importLegacy(store, db, kv);
    await importKeyvFailures(store, kv);
  } catch (err) {
    await store.close().catch(() => {});
    throw storeFailure(archiveUrl, err);
  }
  return store;
}

/** One clear message for a store that cannot be used. */
function storeFailure(url: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string };
  // SQLite says so when the file itself is broken (a disk fault, a half-copied file).
  if (damaged(err)) {
    return new StoreError(`the store ${redactUrl(url)} is damaged (${e.message}); restore it from a backup, or move the file aside to start with an empty store`);
  }
  return new StoreError(`cannot use the store at ${redactUrl(url)}: ${e.message ?? String(err)}; check the URL and that the server is running`);
}

/** A key-value layout newer than this version's is refused rather than misread. */
async function checkLayout(store: Store, url: string): Promise<void> {
  const meta = store.collection<{ schemaVersion: number; createdAt: string }>('meta');
  const existing = await meta.get('schema');
  if (existing && existing.schemaVersion > KV_VERSION) {
    throw new StoreError(
      `store ${redactUrl(url)} was written by a newer newsbrief (schema ${existing.schemaVersion}, this one reads ${KV_VERSION}); upgrade newsbrief or point --store elsewhere`,
    );
  }
}

function schemeOf(url: string): string {
  return url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
}

async function openDatabase(url: string, cwd: string): Promise<{ db: Kysely<Database>; dialect: Dialect }> {
  switch (schemeOf(url)) {
    case 'sqlite': {
      const path = url.replace(/^sqlite:(\/\/)?/i, '');
      if (!path) throw new StoreError(`${url}: ${storeUrlProblem(url)}`);
      const { default: Sqlite } = await import('better-sqlite3');
      let handle;
      try {
        if (path !== ':memory:') makeDirectories(dirname(resolve(cwd, path)));
        handle = new Sqlite(path === ':memory:' ? ':memory:' : resolve(cwd, path));
        handle.pragma('journal_mode = WAL');
        // Durable enough for a bot: WAL with synchronous=NORMAL survives process crashes.
        handle.pragma('synchronous = NORMAL');
        // Another process writing the same file (a second poller) is waited for, not failed.
        handle.pragma('busy_timeout = 5000');
        handle.pragma('foreign_keys = ON');
      } catch (err) {
        throw new StoreError(`cannot open SQLite store ${path}: ${(err as Error).message}; check the path and its permissions`);
      }
      return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(handle) }) }), dialect: 'sqlite' };
    }
    case 'postgres':
    case 'postgresql': {
      const { default: pg } = await import('pg');
      // allowExitOnIdle: an idle pool never keeps a finished process (a CLI command, a test) alive.
      const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, allowExitOnIdle: true });
      pool.on('error', () => {});
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      try {
        await sql`SELECT 1`.execute(db);
      } catch (err) {
        await db.destroy().catch(() => {});
        throw new StoreError(`cannot use the store at ${redactUrl(url)}: ${(err as Error).message || String(err)}; check the URL and that the server is running`);
      }
      return { db, dialect: 'postgres' };
    }
    default:
      throw new StoreError(`${redactUrl(url)}: ${storeUrlProblem(url) ?? 'unsupported store URL'}`);
  }
}

/**
 * Creates a directory and its missing parents one level at a time. (Node 20's recursive mkdir
 * never returns under some pseudo file systems such as /proc; one level at a time fails cleanly.)
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (!statSync(at).isDirectory()) throw new Error(`${at} is not a directory`);
  for (const d of missing) mkdirSync(d);
}

export type { Db };
