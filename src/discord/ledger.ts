import { createHash } from 'node:crypto';
import type { Store } from '../store/index.ts';

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

export const ledgerKey = (channelId: string, itemId: string) => `${channelId}/${itemId}`;

/** Deterministic message nonce (Discord allows 25 characters) for an item in a channel. */
export function nonceFor(channelId: string, itemId: string): string {
  return createHash('sha256').update(`${channelId}/${itemId}`).digest('base64url').slice(0, 25);
}

export function deliveryLedger(store: Store) {
  const col = store.collection<LedgerEntry>('deliveries');
  return {
    get: (channelId: string, itemId: string) => col.get(ledgerKey(channelId, itemId)),
    set: (channelId: string, itemId: string, e: LedgerEntry) => col.set(ledgerKey(channelId, itemId), e),
    /** Every channel an item was posted to (for /feeds why). */
    async postsOf(itemId: string): Promise<{ channelId: string; entry: LedgerEntry }[]> {
      const out: { channelId: string; entry: LedgerEntry }[] = [];
      for await (const [key, entry] of col.entries()) {
        const slash = key.indexOf('/');
        if (key.slice(slash + 1) === itemId) out.push({ channelId: key.slice(0, slash), entry });
      }
      return out;
    },
  };
}
export type DeliveryLedger = ReturnType<typeof deliveryLedger>;
