import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openStore, type Store, type StoredBrief } from '../../src/store/index.ts';
import { sqlKeyValue, type KeyValue } from '../../src/store/kv.ts';
import { ensureKeyvTable } from '../../src/store/kv-sql.ts';
import { migrate } from '../../src/store/migrations.ts';

/**
 * The store backend the suite runs on: SQLite by default, PostgreSQL when NEWSBRIEF_TEST_STORE=postgres
 * (`npm test` runs the store-touching suites both ways; the global setup starts the server).
 */
export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.NEWSBRIEF_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

let counter = 0;

/** A new, empty store URL of the test backend; reopening the same URL finds what was written. */
export async function testStoreUrl(opts: { file?: boolean } = {}): Promise<string> {
  if (TEST_BACKEND === 'sqlite') return opts.file ? `sqlite://${join(mkdtempSync(join(tmpdir(), 'nb-store-')), 'store.sqlite')}` : 'sqlite://:memory:';
  const server = process.env.NEWSBRIEF_TEST_PG;
  if (!server) throw new Error('NEWSBRIEF_TEST_STORE=postgres needs the PostgreSQL server of the global setup (NEWSBRIEF_TEST_PG is not set)');
  const name = `nb_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return server.replace(/\/[^/]*$/, `/${name}`);
}

export async function openTestStore(opts: { file?: boolean } = {}): Promise<Store> {
  return openStore(await testStoreUrl(opts));
}

/** A stored brief for store tests: the fields every repository reads, overridable. */
export function storedBrief(id: string, over: Partial<StoredBrief['brief']> = {}, createdAt = '2026-11-20T10:00:00.000Z', feedUrls = ['https://example.org/feed']): StoredBrief {
  return {
    brief: { id, headline: `Headline ${id}`, date: createdAt.slice(0, 10), source: 'Test', link: `https://example.org/${id}`, summary: 'A thing happened.', quotes: [], context: [], topics: ['world'], ...over },
    createdAt,
    updatedAt: createdAt,
    feedUrls,
    articleIds: [id],
    contentHash: 'h',
  };
}

/** The stored records of these brief ids (a cycle report carries ids only), in the same order; fails on a missing one. */
export async function briefsByIds(store: Pick<Store, 'briefs'>, ids: readonly string[]): Promise<StoredBrief[]> {
  return Promise.all(
    ids.map(async (id) => {
      const rec = await store.briefs.get(id);
      if (!rec) throw new Error(`brief ${id} is in the cycle report but not in the store`);
      return rec;
    }),
  );
}

/**
 * The store at `url` as an earlier version left it: the archive's migrations up to `lastMigration`, and
 * the key-value table. `fill` writes that version's rows (raw SQL on `db`, key-value records on `kv`).
 */
export async function oldLayout(url: string, lastMigration: string, fill: (db: Kysely<unknown>, kv: KeyValue) => Promise<void>): Promise<void> {
  const db: Kysely<unknown> = url.startsWith('sqlite:')
    ? new Kysely({ dialect: new SqliteDialect({ database: new Sqlite(url.replace(/^sqlite:\/\//, '')) }) })
    : new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    await migrate(db, url.startsWith('sqlite:') ? 'sqlite' : 'postgres', lastMigration);
    await ensureKeyvTable(db);
    await fill(db, sqlKeyValue(db));
  } finally {
    await db.destroy();
  }
}
