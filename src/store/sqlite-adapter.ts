import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';

/**
 * A keyv storage adapter over better-sqlite3.
 *
 * @keyv/sqlite is built on the `sqlite3` package, whose install downloads a prebuilt binary;
 * better-sqlite3 builds from source with the machine's own headers, is synchronous (one
 * statement cannot interleave with another, so a crash never leaves half a write) and is faster.
 * One adapter per keyv namespace: keyv writes its namespace into the adapter it is given.
 */
export function createSqliteAdapter(db: Database.Database, table = 'keyv') {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const getStmt = db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`);
  const setStmt = db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  const delStmt = db.prepare(`DELETE FROM ${table} WHERE key = ?`);
  const clearStmt = db.prepare(`DELETE FROM ${table} WHERE key LIKE ? ESCAPE '\\'`);
  const pageStmt = db.prepare<[string, string, number], { key: string; value: string }>(
    `SELECT key, value FROM ${table} WHERE key LIKE ? ESCAPE '\\' AND key > ? ORDER BY key LIMIT ?`,
  );
  const likePrefix = (namespace: string | undefined) =>
    namespace ? `${namespace.replace(/[\\%_]/g, (c) => `\\${c}`)}:%` : '%';

  const adapter = Object.assign(new EventEmitter(), {
    opts: { dialect: 'sqlite', url: 'sqlite://' },
    namespace: undefined as string | undefined,
    async get(key: string) {
      return getStmt.get(key)?.value;
    },
    async set(key: string, value: unknown) {
      setStmt.run(key, typeof value === 'string' ? value : JSON.stringify(value));
    },
    async delete(key: string) {
      return delStmt.run(key).changes > 0;
    },
    async clear() {
      clearStmt.run(likePrefix(adapter.namespace));
    },
    async has(key: string) {
      return getStmt.get(key) !== undefined;
    },
    async getMany(keys: string[]) {
      return keys.map((k) => getStmt.get(k)?.value);
    },
    // Pages through the namespace so a large table is never loaded at once.
    async *iterator(namespace?: string) {
      const pattern = likePrefix(namespace);
      let after = '';
      for (;;) {
        const rows = pageStmt.all(pattern, after, 500);
        for (const row of rows) yield [row.key, row.value];
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.key;
      }
    },
    async disconnect() {
      // The database handle is shared by every namespace; the store closes it once.
    },
  });
  return adapter;
}
