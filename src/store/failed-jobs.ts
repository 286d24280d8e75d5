import { sql } from 'kysely';
import type { SqlContext } from './db.ts';
import { chunks } from './sql.ts';

/**
 * Work of a scaled-out bot that kept failing after every retry, one record per piece of work (the newest
 * failure), so any process can report it: `/feeds list` and `newsbrief feeds` show a feed's, `newsbrief
 * status` all of them. A later success of the same work clears its record, and retention deletes the
 * records of work that is gone or was given up long ago. Kept in the archive rather than only in the
 * queue, which trims its failed jobs: a failure is never silently dropped.
 */
export interface FailedJob {
  /** The work that failed (see `failedJobKey`): a feed's polls, a channel's deliveries, the digest tick. */
  key: string;
  error: string;
  /** Tries made before it was given up. */
  attempts: number;
  /** When it was given up (ISO). */
  at: string;
}

/** Keys of failed work: `poll:<feed URL>`, `deliver:<channel id>`, `digest`. */
export const failedJobKey = {
  poll: (url: string) => `poll:${url}`,
  deliver: (channelId: string) => `deliver:${channelId}`,
  digest: 'digest',
} as const;

export interface FailedJobRepository {
  /** Records the failure of one piece of work, replacing its earlier one. */
  record(f: FailedJob): Promise<void>;
  /** The records of these keys (keys with none are absent from the map). */
  byKeys(keys: readonly string[]): Promise<Map<string, FailedJob>>;
  /** The newest `limit` records, newest first. */
  list(limit: number): Promise<FailedJob[]>;
  count(): Promise<number>;
  /** The work succeeded: its record goes. False when it had none. */
  clear(key: string): Promise<boolean>;
  /** Retention: deletes up to `batch` records of work given up before `before` (ISO); returns how many. */
  prune(before: string, batch: number): Promise<number>;
  /**
   * Retention: looks at up to `batch` records after the key `after` (in key order) and deletes those of
   * work that no longer exists: deliveries to a channel without any subscription, polls of a feed that
   * is neither in `configuredFeeds` nor claimed by a server. `next` is the last key looked at, or null
   * when the last record was looked at.
   */
  pruneGone(configuredFeeds: ReadonlySet<string>, after: string, batch: number): Promise<{ deleted: number; next: string | null }>;
}

type Row = { key: string; error: string; attempts: number; at: string };
const fromRow = (r: Row): FailedJob => ({ key: r.key, error: r.error, attempts: Number(r.attempts), at: r.at });

export function failedJobRepository({ db }: SqlContext): FailedJobRepository {
  const rows = () => db.selectFrom('failed_jobs').select(['key', 'error', 'attempts', 'at']);
  return {
    async record(f) {
      const values = { error: f.error, attempts: f.attempts, at: f.at };
      await db
        .insertInto('failed_jobs')
        .values({ key: f.key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },
    async byKeys(keys) {
      const out = new Map<string, FailedJob>();
      for (const part of chunks([...new Set(keys)])) {
        for (const r of await rows().where('key', 'in', part).execute()) out.set(r.key, fromRow(r));
      }
      return out;
    },
    async list(limit) {
      return (await rows().orderBy('at', 'desc').orderBy('key', 'desc').limit(limit).execute()).map(fromRow);
    },
    async count() {
      const r = await db.selectFrom('failed_jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async clear(key) {
      const r = await db.deleteFrom('failed_jobs').where('key', '=', key).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async prune(before, batch) {
      const r = await sql`DELETE FROM failed_jobs WHERE key IN (SELECT key FROM failed_jobs WHERE at < ${before} ORDER BY at, key LIMIT ${batch})`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },
    async pruneGone(configuredFeeds, after, batch) {
      // Through the primary key, a batch at a time; each record's work is looked up by index.
      const keys = (await db.selectFrom('failed_jobs').select('key').where('key', '>', after).orderBy('key').limit(batch).execute()).map((r) => r.key);
      if (!keys.length) return { deleted: 0, next: null };
      const channels = keys.filter((k) => k.startsWith(DELIVER)).map((k) => k.slice(DELIVER.length));
      const feeds = keys.filter((k) => k.startsWith(POLL)).map((k) => k.slice(POLL.length)).filter((url) => !configuredFeeds.has(url));
      const subscribed = channels.length ? new Set((await db.selectFrom('subscriptions').select('channel_id').distinct().where('channel_id', 'in', channels).execute()).map((r) => r.channel_id)) : new Set<string>();
      const claimed = feeds.length ? new Set((await db.selectFrom('added_feed_guilds').select('url').distinct().where('url', 'in', feeds).execute()).map((r) => r.url)) : new Set<string>();
      const gone = [...channels.filter((c) => !subscribed.has(c)).map(failedJobKey.deliver), ...feeds.filter((url) => !claimed.has(url)).map(failedJobKey.poll)];
      // Looked up and deleted apart, not in one transaction: a channel subscribed again in between whose
      // delivery also failed for good meanwhile would lose that new record, and its next failure records it again.
      const r = gone.length ? await db.deleteFrom('failed_jobs').where('key', 'in', gone).executeTakeFirst() : { numDeletedRows: 0n };
      return { deleted: Number(r.numDeletedRows), next: keys.length < batch ? null : keys[keys.length - 1]! };
    },
  };
}

const DELIVER = failedJobKey.deliver('');
const POLL = failedJobKey.poll('');
