import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept prepared: the repositories' queries, with room for lists of varying length. */
const SIZE = 256;

/**
 * The SQLite handle Kysely runs on, with its prepared statements kept. Kysely prepares every query anew,
 * and preparing (parsing and planning the SQL) cost about as much as running it: a third of the SQL time
 * of ingesting an item. Least recently used statements are dropped past `SIZE`; a statement still busy
 * (an unfinished iteration) is never handed out twice.
 */
export function cachingStatements(handle: SqliteHandle, size = SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      const kept = cache.get(sql);
      if (kept && !kept.busy) {
        // Most recently used last, so the first entry is the one to drop.
        cache.delete(sql);
        cache.set(sql, kept);
        return kept;
      }
      const stmt = handle.prepare(sql);
      if (!kept) {
        cache.set(sql, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
    close() {
      cache.clear();
      handle.close();
    },
  };
}
