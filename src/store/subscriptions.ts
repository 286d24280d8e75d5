import type { SqlContext, SubscriptionsTable } from './db.ts';

export type DeliveryMode = 'instant' | 'digest';

/** A channel's subscription to one topic: the one type for the concept. */
export interface Subscription {
  guildId: string;
  channelId: string;
  /** Forum channels get one thread per brief; everything else gets messages. */
  channelKind: 'messages' | 'forum';
  topic: string;
  mode: DeliveryMode;
  /** Local time of the digest (HH:MM); null for instant subscriptions. */
  time: string | null;
  /** IANA time zone the digest time is read in. */
  timezone: string;
  mentionRoleId?: string;
  /** Briefs stored before this instant (ISO) are never delivered. */
  since: string;
  /**
   * Every brief stored or changed before this instant (ISO) has been posted or did not match, so a
   * delivery pass starts here instead of rescanning from `since` (looking back `brief.mergeWindowHours`
   * only for briefs changed since). Advanced only by a pass with no failure.
   */
  deliveredThrough?: string;
  state: 'active' | 'paused';
  pausedReason?: string;
  lastPostAt?: string;
  /** The last post Discord refused (recorded as failed in the ledger), shown in /subscriptions. */
  lastFailure?: { at: string; reason: string };
  /** Local date (YYYY-MM-DD) of the last digest completed. */
  lastDigestDate?: string;
  createdBy: string;
  createdAt: string;
}

export interface SubscriptionRepository {
  get(channelId: string, topic: string): Promise<Subscription | undefined>;
  save(s: Subscription): Promise<void>;
  remove(channelId: string, topic: string): Promise<boolean>;
  forChannel(channelId: string): Promise<Subscription[]>;
  forGuild(guildId: string): Promise<Subscription[]>;
  /** Active subscriptions of one mode, oldest first. */
  active(mode: DeliveryMode): Promise<Subscription[]>;
  /** How many subscriptions are paused. */
  pausedCount(): Promise<number>;
  /** Pauses every active subscription of a channel (the channel is gone or closed to the bot). */
  pauseChannel(channelId: string, reason: string): Promise<number>;
  /**
   * Changes the given fields of one subscription (a field given as undefined is cleared), in one
   * statement; with `onlyIf`, only while the stored subscription still has those values.
   */
  update(channelId: string, topic: string, change: Partial<Subscription>, onlyIf?: Partial<Pick<Subscription, 'state' | 'since'>>): Promise<boolean>;
}

const FIELDS: Record<keyof Subscription, keyof SubscriptionsTable> = {
  guildId: 'guild_id',
  channelId: 'channel_id',
  channelKind: 'channel_kind',
  topic: 'topic',
  mode: 'mode',
  time: 'time',
  timezone: 'timezone',
  mentionRoleId: 'mention_role_id',
  since: 'since',
  deliveredThrough: 'delivered_through',
  state: 'state',
  pausedReason: 'paused_reason',
  lastPostAt: 'last_post_at',
  lastFailure: 'last_failure_at',
  lastDigestDate: 'last_digest_date',
  createdBy: 'created_by',
  createdAt: 'created_at',
};

function toRow(s: Subscription): SubscriptionsTable {
  return {
    channel_id: s.channelId,
    topic: s.topic,
    guild_id: s.guildId,
    channel_kind: s.channelKind,
    mode: s.mode,
    time: s.time,
    timezone: s.timezone,
    mention_role_id: s.mentionRoleId ?? null,
    since: s.since,
    delivered_through: s.deliveredThrough ?? null,
    state: s.state,
    paused_reason: s.pausedReason ?? null,
    last_post_at: s.lastPostAt ?? null,
    last_failure_at: s.lastFailure?.at ?? null,
    last_failure_reason: s.lastFailure?.reason ?? null,
    last_digest_date: s.lastDigestDate ?? null,
    created_by: s.createdBy,
    created_at: s.createdAt,
  };
}

function fromRow(r: SubscriptionsTable): Subscription {
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    channelKind: r.channel_kind as Subscription['channelKind'],
    topic: r.topic,
    mode: r.mode as DeliveryMode,
    time: r.time,
    timezone: r.timezone,
    ...(r.mention_role_id ? { mentionRoleId: r.mention_role_id } : {}),
    since: r.since,
    ...(r.delivered_through ? { deliveredThrough: r.delivered_through } : {}),
    state: r.state as Subscription['state'],
    ...(r.paused_reason ? { pausedReason: r.paused_reason } : {}),
    ...(r.last_post_at ? { lastPostAt: r.last_post_at } : {}),
    ...(r.last_failure_at ? { lastFailure: { at: r.last_failure_at, reason: r.last_failure_reason ?? '' } } : {}),
    ...(r.last_digest_date ? { lastDigestDate: r.last_digest_date } : {}),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function subscriptionRepository({ db }: SqlContext): SubscriptionRepository {
  const ordered = () => db.selectFrom('subscriptions').selectAll().orderBy('created_at').orderBy('channel_id').orderBy('topic');
  return {
    async get(channelId, topic) {
      const r = await db.selectFrom('subscriptions').selectAll().where('channel_id', '=', channelId).where('topic', '=', topic).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    async save(s) {
      const row = toRow(s);
      const { channel_id: _c, topic: _t, ...change } = row;
      await db.insertInto('subscriptions').values(row).onConflict((oc) => oc.columns(['channel_id', 'topic']).doUpdateSet(change)).execute();
    },
    async remove(channelId, topic) {
      const r = await db.deleteFrom('subscriptions').where('channel_id', '=', channelId).where('topic', '=', topic).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    forChannel: async (channelId) => (await ordered().where('channel_id', '=', channelId).execute()).map(fromRow),
    forGuild: async (guildId) => (await ordered().where('guild_id', '=', guildId).execute()).map(fromRow),
    active: async (mode) => (await ordered().where('state', '=', 'active').where('mode', '=', mode).execute()).map(fromRow),
    async pausedCount() {
      const r = await db.selectFrom('subscriptions').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'paused').executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async pauseChannel(channelId, reason) {
      const r = await db.updateTable('subscriptions').set({ state: 'paused', paused_reason: reason }).where('channel_id', '=', channelId).where('state', '=', 'active').executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async update(channelId, topic, change, onlyIf) {
      const set: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(change) as [keyof Subscription, unknown][]) {
        if (k === 'channelId' || k === 'topic') continue;
        if (k === 'lastFailure') {
          const f = v as Subscription['lastFailure'];
          set.last_failure_at = f?.at ?? null;
          set.last_failure_reason = f?.reason ?? null;
        } else set[FIELDS[k]] = (v as string | null | undefined) ?? null;
      }
      if (!Object.keys(set).length) return false;
      let q = db.updateTable('subscriptions').set(set as Partial<SubscriptionsTable>).where('channel_id', '=', channelId).where('topic', '=', topic);
      if (onlyIf?.state) q = q.where('state', '=', onlyIf.state);
      if (onlyIf?.since) q = q.where('since', '=', onlyIf.since);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
