import type { SqlContext } from './db.ts';
import { chunks } from './sql.ts';

/**
 * Work of a scaled-out bot that kept failing after every retry, one record per piece of work (the newest
 * failure), so any process can report it: `/feeds list` and `newsbrief feeds` show a feed's, `newsbrief
 * status` all of them. A later success of the same work clears its record. Kept in the archive rather
 * than only in the queue, which trims its failed jobs: a failure is never silently dropped.
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
  };
}
