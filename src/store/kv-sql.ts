import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';

/**
 * A keyv storage adapter over the archive's own database (SQLite or PostgreSQL), in the `keyv` table
 * earlier versions wrote (`key` = `namespace:key`, `value` = keyv's serialized text), so their feed
 * state is read as it is. A namespace is the key range [`ns:`, `ns;`): listing one is an index range
 * scan, never a `LIKE` over the whole table. One adapter per keyv namespace (keyv sets it).
 */
export function createSqlAdapter(db: Kysely<unknown>) {
  const range = (namespace: string | undefined) => (namespace ? [`${namespace}:`, `${namespace};`] : ['', '\uffff']);
  const adapter = Object.assign(new EventEmitter(), {
    // keyv offers `iterator` only for dialects it knows can list; this one can.
    opts: { dialect: 'sqlite', url: 'sqlite://' },
    namespace: undefined as string | undefined,
    async get(key: string) {
      const r = await sql<{ value: string }>`SELECT value FROM keyv WHERE key = ${key}`.execute(db);
      return r.rows[0]?.value;
    },
    async set(key: string, value: unknown) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      await sql`INSERT INTO keyv (key, value) VALUES (${key}, ${text}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db);
    },
    async delete(key: string) {
      const r = await sql`DELETE FROM keyv WHERE key = ${key}`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
    async clear() {
      const [from, to] = range(adapter.namespace);
      await sql`DELETE FROM keyv WHERE key >= ${from} AND key < ${to}`.execute(db);
    },
    async has(key: string) {
      return (await adapter.get(key)) !== undefined;
    },
    async getMany(keys: string[]) {
      return Promise.all(keys.map((k) => adapter.get(k)));
    },
    // Pages through the namespace so a large one is never loaded at once.
    async *iterator(namespace?: string) {
      const [from, to] = range(namespace);
      let after = from;
      let first = true;
      for (;;) {
        const rows = (
          await sql<{ key: string; value: string }>`SELECT key, value FROM keyv WHERE ${first ? sql`key >= ${after}` : sql`key > ${after}`} AND key < ${to} ORDER BY key LIMIT 500`.execute(db)
        ).rows;
        first = false;
        for (const row of rows) yield [row.key, row.value];
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.key;
      }
    },
    async disconnect() {
      // The database is the archive's; the store closes it once.
    },
  });
  return adapter;
}

/** The table, created when missing (a store made by an earlier version already has it). */
export async function ensureKeyvTable(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(db);
}
