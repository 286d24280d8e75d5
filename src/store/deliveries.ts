import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DeliveriesTable, SqlContext } from './db.ts';
import { chunks } from './sql.ts';

/**
 * The delivery ledger: one record per (channel, item) where an item is a brief or a digest part.
 * A record is written as `sending` with a deterministic nonce BEFORE the post and as `sent` with the
 * message id AFTER it. A crash around the post leaves `sending`: the next run first looks for the post
 * in the channel (recent messages, or active forum threads) and records it as `sent` if it is there;
 * else it posts again with the same nonce, so Discord (`enforce_nonce`, honoured for a few minutes)
 * returns the message it already created if the first attempt did land meanwhile.
 * A post Discord refuses (400: the body is invalid, so the same body would be refused again) is
 * recorded as `failed` with Discord's reason, never as `sent`, and is not retried.
 */
export interface LedgerEntry {
  state: 'sending' | 'sent' | 'failed';
  /** Why Discord refused the post (state `failed`). */
  reason?: string;
  nonce: string;
  messageId?: string;
  /** Thread created for the post (forum channels). */
  threadId?: string;
  /** Topic of the subscription that caused the post. */
  topic: string;
  at: string;
}

/** Deterministic message nonce (Discord allows 25 characters) for an item in a channel. */
export function nonceFor(channelId: string, itemId: string): string {
  return createHash('sha256').update(`${channelId}/${itemId}`).digest('base64url').slice(0, 25);
}

export interface DeliveryLedger {
  get(channelId: string, itemId: string): Promise<LedgerEntry | undefined>;
  set(channelId: string, itemId: string, e: LedgerEntry): Promise<void>;
  /**
   * Writes `e` only if the entry is still as `prior` says (absent, or the same `sending` attempt), in
   * one conditional statement; false when another writer got there first.
   */
  claim(channelId: string, itemId: string, e: LedgerEntry, prior: LedgerEntry | undefined): Promise<boolean>;
  /** Of these items, the ones already done in the channel: `sent`, or `failed` (refused, never retried). */
  sentOf(channelId: string, itemIds: readonly string[]): Promise<Set<string>>;
  /** Every channel an item was posted to (for /feeds why). */
  postsOf(itemId: string): Promise<{ channelId: string; entry: LedgerEntry }[]>;
  /** Deletes up to `batch` entries recorded before `before`; returns how many. */
  prune(before: string, batch: number): Promise<number>;
}

function fromRow(r: DeliveriesTable): LedgerEntry {
  return {
    state: r.state as LedgerEntry['state'],
    ...(r.reason ? { reason: r.reason } : {}),
    nonce: r.nonce,
    ...(r.message_id ? { messageId: r.message_id } : {}),
    ...(r.thread_id ? { threadId: r.thread_id } : {}),
    topic: r.topic,
    at: r.at,
  };
}

export function deliveryLedger({ db, dialect }: SqlContext): DeliveryLedger {
  return {
    async get(channelId, itemId) {
      const r = await db.selectFrom('deliveries').selectAll().where('channel_id', '=', channelId).where('item_id', '=', itemId).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    async set(channelId, itemId, e) {
      const change = { state: e.state, reason: e.reason ?? null, nonce: e.nonce, message_id: e.messageId ?? null, thread_id: e.threadId ?? null, topic: e.topic, at: e.at };
      await db
        .insertInto('deliveries')
        .values({ channel_id: channelId, item_id: itemId, ...change })
        .onConflict((oc) => oc.columns(['channel_id', 'item_id']).doUpdateSet(change))
        .execute();
    },
    async claim(channelId, itemId, e, prior) {
      const change = { state: e.state, reason: e.reason ?? null, nonce: e.nonce, message_id: e.messageId ?? null, thread_id: e.threadId ?? null, topic: e.topic, at: e.at };
      if (!prior) {
        const r = await db
          .insertInto('deliveries')
          .values({ channel_id: channelId, item_id: itemId, ...change })
          .onConflict((oc) => oc.columns(['channel_id', 'item_id']).doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
      }
      const r = await db
        .updateTable('deliveries')
        .set(change)
        .where('channel_id', '=', channelId)
        .where('item_id', '=', itemId)
        .where('state', '=', prior.state)
        .where('at', '=', prior.at)
        .where('nonce', '=', prior.nonce)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async sentOf(channelId, itemIds) {
      const out = new Set<string>();
      for (const ids of chunks([...new Set(itemIds)])) {
        const rows = await db.selectFrom('deliveries').select('item_id').where('channel_id', '=', channelId).where('item_id', 'in', ids).where('state', 'in', ['sent', 'failed']).execute();
        for (const r of rows) out.add(r.item_id);
      }
      return out;
    },
    async postsOf(itemId) {
      const rows = await db.selectFrom('deliveries').selectAll().where('item_id', '=', itemId).orderBy('at').execute();
      return rows.map((r) => ({ channelId: r.channel_id, entry: fromRow(r) }));
    },
    async prune(before, batch) {
      // One statement per batch; the row's physical id (rowid, ctid) stands for its two-column key.
      const row = sql.raw(dialect === 'sqlite' ? 'rowid' : 'ctid');
      const r = await sql`DELETE FROM deliveries WHERE ${row} IN (SELECT ${row} FROM deliveries WHERE at < ${before} AND state <> 'sending' LIMIT ${batch})`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },
  };
}
