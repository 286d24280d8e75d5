import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import type { KeyvStoreAdapter } from 'keyv';
import { createSqliteAdapter } from './sqlite-adapter.ts';
import { redactUrl } from '../util/redact-url.ts';
import { storeUrlProblem } from './url.ts';

/**
 * newsbrief's state lives in keyv. The store URL picks the backend:
 *   sqlite://data/newsbrief.sqlite (default, embedded file), sqlite://:memory:,
 *   redis://host:6379, postgres://user:pass@host/db.
 * Every record lives in a named collection; collection names carry the schema version so a
 * future layout change can migrate instead of misreading old records.
 */
export const SCHEMA_VERSION = 1;

export interface Collection<T> {
  readonly name: string;
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
  /** Every record of the collection; order is backend-defined. */
  entries(): AsyncIterable<[string, T]>;
}

export interface Store {
  readonly url: string;
  collection<T>(name: string): Collection<T>;
  close(): Promise<void>;
}

export class StoreError extends Error {}

type AdapterFactory = () => KeyvStoreAdapter;

export async function openStore(url: string, cwd = process.cwd()): Promise<Store> {
  const { factory, close } = await backendFor(url, cwd);
  const collections = new Map<string, Collection<unknown>>();

  const collection = <T>(name: string): Collection<T> => {
    let c = collections.get(name);
    if (!c) {
      // throwOnErrors: by default keyv turns a failed read into "not found" and drops a failed write.
      c = makeCollection<T>(name, new Keyv<T>({ store: factory(), namespace: `newsbrief.v${SCHEMA_VERSION}.${name}`, throwOnErrors: true }), url);
      collections.set(name, c);
    }
    return c as Collection<T>;
  };

  const meta = collection<{ schemaVersion: number; createdAt: string }>('meta');
  let existing;
  try {
    existing = await meta.get('schema');
  } catch (err) {
    await close().catch(() => {});
    throw new StoreError(`cannot use the store at ${redactUrl(url)}: ${(err as Error).message.replace(/^store read of meta\/schema failed: /, '')}; check the URL and that the server is running`);
  }
  if (existing && existing.schemaVersion > SCHEMA_VERSION) {
    await close();
    throw new StoreError(
      `store ${redactUrl(url)} was written by a newer newsbrief (schema ${existing.schemaVersion}, this one reads ${SCHEMA_VERSION}); upgrade newsbrief or point --store elsewhere`,
    );
  }
  if (!existing) await meta.set('schema', { schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString() });

  return { url, collection, close };
}

function makeCollection<T>(name: string, keyv: Keyv<T>, url: string): Collection<T> {
  // keyv reports backend errors as events; surface them as rejections instead of crashing.
  keyv.on('error', () => {});
  const failure = (what: string, key: string, err: unknown) => {
    const e = err as { code?: string; message?: string };
    // SQLite says so when the file itself is broken (a disk fault, a half-copied file).
    if (e.code === 'SQLITE_CORRUPT' || e.code === 'SQLITE_NOTADB') {
      return new StoreError(`the store ${redactUrl(url)} is damaged (${e.message}); restore it from a backup, or move the file aside to start with an empty store`);
    }
    return new StoreError(`store ${what} of ${name}/${key} failed: ${e.message ?? String(err)}`);
  };
  const wrap = async <R>(what: string, key: string, op: () => Promise<R>): Promise<R> => {
    try {
      return await op();
    } catch (err) {
      throw failure(what, key, err);
    }
  };
  return {
    name,
    get: (key) => wrap('read', key, async () => (await keyv.get(key)) as T | undefined),
    set: (key, value) => wrap('write', key, async () => void (await keyv.set(key, value))),
    delete: (key) => wrap('delete', key, () => keyv.delete(key)),
    has: (key) => wrap('read', key, () => keyv.has(key)),
    async *entries() {
      if (!keyv.iterator) throw new StoreError(`the store backend cannot list ${name}`);
      const it = keyv.iterator(undefined)[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<[unknown, unknown]>;
        try {
          next = (await it.next()) as IteratorResult<[unknown, unknown]>;
        } catch (err) {
          throw failure('listing', '*', err);
        }
        if (next.done) return;
        yield [next.value[0] as string, next.value[1] as T];
      }
    },
  };
}

async function backendFor(url: string, cwd: string): Promise<{ factory: AdapterFactory; close: () => Promise<void> }> {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = url.replace(/^sqlite:(\/\/)?/i, '');
      if (!path) throw new StoreError(`${url}: ${storeUrlProblem(url)}`);
      const { default: Database } = await import('better-sqlite3');
      let db;
      try {
        if (path !== ':memory:') makeDirectories(dirname(resolve(cwd, path)));
        db = new Database(path === ':memory:' ? ':memory:' : resolve(cwd, path));
        db.pragma('journal_mode = WAL');
        // Durable enough for a bot: WAL with synchronous=NORMAL survives process crashes.
        db.pragma('synchronous = NORMAL');
      } catch (err) {
        throw new StoreError(`cannot open SQLite store ${path}: ${(err as Error).message}; check the path and its permissions`);
      }
      const handle = db;
      return { factory: () => createSqliteAdapter(handle) as unknown as KeyvStoreAdapter, close: async () => void handle.close() };
    }
    case 'redis':
    case 'rediss': {
      const { default: KeyvRedis, createClient } = await import('@keyv/redis');
      // A few quick retries, then a clear failure: an unreachable server must not hang start-up.
      const client = createClient({
        url,
        socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => (retries >= 3 ? new Error('gave up after 3 retries') : 500) },
      });
      client.on('error', () => {});
      try {
        await client.connect();
      } catch (err) {
        throw new StoreError(`cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message || String(err)}; check the URL and that the server is running`);
      }
      return {
        factory: () => new KeyvRedis(client) as unknown as KeyvStoreAdapter,
        close: async () => {
          if (client.isOpen) await client.close();
        },
      };
    }
    case 'postgres':
    case 'postgresql': {
      const { default: KeyvPostgres } = await import('@keyv/postgres');
      const adapters: { disconnect(): Promise<void> }[] = [];
      return {
        factory: () => {
          const a = new KeyvPostgres({ uri: url });
          adapters.push(a);
          return a as unknown as KeyvStoreAdapter;
        },
        close: async () => {
          await Promise.all(adapters.map((a) => a.disconnect().catch(() => {})));
        },
      };
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
