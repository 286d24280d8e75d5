import type { Kysely } from 'kysely';
import type { Topic } from '../topics/index.ts';
import type { AddedFeed } from './added-feeds.ts';
import type { StoredBrief } from './briefs.ts';
import type { Database } from './db.ts';
import type { LedgerEntry } from './deliveries.ts';
import type { FailedJob } from './failed-jobs.ts';
import type { KeyValue } from './kv.ts';
import type { SeenItem } from './seen.ts';
import type { Subscription } from './subscriptions.ts';
import type { Store } from './index.ts';

const MARK = 'keyv-archive-imported';

/** Collections the keyv store of earlier versions kept the archive in; feed state (`feeds`) stays in keyv. */
const LEGACY = ['briefs', 'brief-days', 'seen', 'links', 'identities', 'subscriptions', 'deliveries', 'guild-topics', 'added-feeds', 'stories'] as const;

/**
 * Moves the archive of a store written by an earlier version (every record in keyv collections) into the
 * tables, once, on the first start: briefs, seen items, subscriptions, guild topics, added feeds, the
 * delivery ledger and story signatures. Feed state stays where it is (it is still key-value state). The old
 * records are deleted only after every table write has committed; a crash before that imports again
 * (every write is an upsert) on the next start. The per-day index and the link index are not needed any
 * more: the tables are indexed.
 */
export async function importLegacy(store: Store, db: Kysely<Database>, kv: KeyValue): Promise<{ imported: number } | null> {
  const done = await db.selectFrom('meta').select('value').where('key', '=', MARK).executeTakeFirst();
  if (done) return null;
  const meta = kv.collection<{ schemaVersion: number; createdAt: string }>('meta');
  const legacy = await meta.get('schema');
  let imported = 0;
  if (legacy) {
    imported = await copy(store, kv);
    await markDone(db, imported);
    for (const name of LEGACY) await kv.collection(name).clear();
  } else {
    await meta.set('schema', { schemaVersion: 1, createdAt: new Date().toISOString() });
    await markDone(db, 0);
  }
  return { imported };
}

async function markDone(db: Kysely<Database>, imported: number) {
  const value = JSON.stringify({ at: new Date().toISOString(), imported });
  await db.insertInto('meta').values({ key: MARK, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/**
 * Moves the failed-job records earlier versions of a scaled-out bot kept in the keyv collection
 * `job-failures` into their table. It runs at every start, since a process of the earlier version may
 * still be running while others are upgraded: when nothing is left in keyv it costs one empty range
 * read. A record the table already has with a later failure is kept; the keyv records go only after
 * every one is in the table, so a crash in between moves them again on the next start.
 */
export async function importKeyvFailures(store: Store, kv: KeyValue): Promise<number> {
  const old = kv.collection<Partial<FailedJob>>('job-failures');
  const records: [string, FailedJob][] = [];
  for await (const [key, f] of old.entries()) {
    records.push([key, { key: typeof f.key === 'string' && f.key ? f.key : key, error: String(f.error ?? 'unknown error'), attempts: Number(f.attempts) || 0, at: typeof f.at === 'string' ? f.at : new Date(0).toISOString() }]);
  }
  if (!records.length) return 0;
  const have = await store.failedJobs.byKeys(records.map(([, r]) => r.key));
  for (const [, r] of records) {
    const later = have.get(r.key);
    if (!later || later.at < r.at) await store.failedJobs.record(r);
  }
  // Record by record, not the whole collection: one an earlier-version process wrote meanwhile stays for the next start.
  for (const [key] of records) await old.delete(key);
  return records.length;
}
/** Copies in batches, each batch one transaction. */
async function copy(store: Store, kv: KeyValue): Promise<number> {
  let n = 0;
  async function each<T>(name: string, write: (tx: Parameters<Parameters<Store['transaction']>[0]>[0], key: string, value: T) => Promise<void>) {
    let batch: [string, T][] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      await store.transaction(async (tx) => {
        for (const [k, v] of rows) await write(tx, k, v);
      });
      n += rows.length;
    };
    for await (const entry of kv.collection<T>(name).entries()) {
      batch.push(entry);
      if (batch.length >= 200) await flush();
    }
    if (batch.length) await flush();
  }
  // keyv gives keys without their namespace.
  const briefs: StoredBrief[] = [];
  const flushBriefs = async () => {
    n += briefs.length;
    await store.briefs.saveMany(briefs.splice(0));
  };
  for await (const [, rec] of kv.collection<StoredBrief>('briefs').entries()) {
    briefs.push(rec);
    if (briefs.length >= 1000) await flushBriefs();
  }
  await flushBriefs();
  await each<SeenItem>('seen', (tx, _k, item) => tx.seen.set(item, item.firstSeen));
  await each<string>('identities', (tx, key, articleId) => tx.seen.setIdentities([key], articleId));
  await each<Subscription>('subscriptions', (tx, _k, s) => tx.subscriptions.save(s));
  await each<Topic[]>('guild-topics', async (tx, key, topics) => {
    for (const t of topics) await tx.guildTopics.add(key, t);
  });
  await each<AddedFeed>('added-feeds', (tx, _k, f) => tx.addedFeeds.set(f));
  await each<LedgerEntry>('deliveries', async (tx, key, e) => {
    const slash = key.indexOf('/');
    await tx.deliveries.set(key.slice(0, slash), key.slice(slash + 1), e);
  });
  await each<{ sig: number[]; at: string }>('stories', (tx, key, s) => tx.stories.remember(key, s.sig, s.at));
  return n;
}
