import type { Transaction } from 'kysely';
import type { Database, Db, Dialect } from './db.ts';

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
export async function inTransaction<T>(db: Db, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}

/**
 * A full-text query from typed words: every word must occur, as a word or the start of one
 * ("kule" finds "Kuleba"). Only letters and digits are kept, so nothing typed is read as query syntax.
 * Null when no word is left.
 */
export function ftsQuery(dialect: Dialect, typed: string): string | null {
  const words = typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return null;
  return dialect === 'sqlite' ? words.map((w) => `"${w}"*`).join(' ') : words.map((w) => `${w}:*`).join(' & ');
}

/** Placeholders per statement stay well under both dialects' limits when lists are cut to this size. */
export const BATCH = 500;

export function chunks<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
