
import Keyv from 'keyv';
import type { KeyvStoreAdapter } from 'keyv';
import type { Kysely } from 'kysely';
import { createSqlAdapter } from './kv-sql.ts';
import { StoreError } from './errors.ts';
import { redactUrl } from '../util/redact-url.ts';

/**
 * Plain key-value state (feed HTTP state, caches) lives in keyv, next to the archive: in the same SQLite
 * file, the same PostgreSQL database, or on a Redis server. Collection names carry the layout version
 * so a future change can migrate instead of misreading old records.
 */
export const KV_VERSION = 1;

export interface Collection<T> {
  readonly name: string;
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
  /** Every record of the collection; order is backend-defined. Only for moving old stores over. */
  entries(): AsyncIterable<[string, T]>;
  /** Deletes every record of the collection. */
  clear(): Promise<void>;
}

export type AdapterFactory = () => KeyvStoreAdapter;

export interface KeyValue {
  collection<T>(name: string): Collection<T>;
  close(): Promise<void>;
}

export function keyValue(factory: AdapterFactory, close: () => Promise<void>): KeyValue {
  const collections = new Map<string, Collection<unknown>>();
  return {
    collection<T>(name: string): Collection<T> {
      let c = collections.get(name);
      if (!c) {
        // throwOnErrors: by default keyv turns a failed read into "not found" and drops a failed write.
        c = makeCollection<T>(name, new Keyv<T>({ store: factory(), namespace: `newsbrief.v${KV_VERSION}.${name}`, throwOnErrors: true }));
        collections.set(name, c);
      }
      return c as Collection<T>;
    },
    close,
  };
}

function makeCollection<T>(name: string, keyv: Keyv<T>): Collection<T> {
  // keyv reports backend errors as events; surface them as rejections instead of crashing.
  keyv.on('error', () => {});
  const wrap = async <R>(what: string, key: string, op: () => Promise<R>): Promise<R> => {
    try {
      return await op();
    } catch (err) {
      throw new StoreError(`store ${what} of ${name}/${key} failed: ${(err as Error).message}`);
    }
  };
  return {
    name,
    get: (key) => wrap('read', key, async () => (await keyv.get(key)) as T | undefined),
    set: (key, value) => wrap('write', key, async () => void (await keyv.set(key, value))),
    delete: (key) => wrap('delete', key, () => keyv.delete(key)),
    has: (key) => wrap('read', key, () => keyv.has(key)),
    clear: () => wrap('delete', '*', () => keyv.clear()),
    async *entries() {
      if (!keyv.iterator) throw new StoreError(`the store backend cannot list ${name}`);
      for await (const [key, value] of keyv.iterator(undefined)) yield [key as string, value as T];
    },
  };
}

/** keyv over the archive's own database: the same SQLite file or PostgreSQL database. */
export function sqlKeyValue(db: Kysely<unknown>): KeyValue {
  return keyValue(() => createSqlAdapter(db) as unknown as KeyvStoreAdapter, async () => {});
}

export async function redisKeyValue(url: string): Promise<KeyValue> {
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  // A few quick retries, then a clear failure: an unreachable server must not hang start-up.
  const client = createClient({
    url,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => (retries >= 3 ? new Error('gave up after 3 retries') : 500) },
  });
  client.on('error', () => {});
  // Every collection's adapter listens on the one client.
  client.setMaxListeners(0);
  try {
    await client.connect();
  } catch (err) {
    throw new StoreError(`cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message || String(err)}; check the URL and that the server is running`);
  }
  return keyValue(
    () => new KeyvRedis(client) as unknown as KeyvStoreAdapter,
    async () => {
      if (client.isOpen) await client.close();
    },
  );
}
