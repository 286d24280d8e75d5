import type { Config } from '../config/index.ts';
import { nonceFor, type Store, type StoredBrief, type Subscription } from '../store/index.ts';
import { briefMatches, type Topic } from '../topics/index.ts';
import type { Logger } from '../util/log.ts';
import { dueDigest } from './digest.ts';
import { feedScope, guildBriefs, type FeedScope } from './scope.ts';
import type { Renderer, Sender } from './sender.ts';

const DAY_MS = 86_400_000;
/** How far back a delivery pass looks (a bot down for longer starts again from this window). */
const MAX_DAYS = 31;
/** A digest counts at most this many briefs of its day (it lists the first ones). */
const DIGEST_COUNTED = 1000;
/** Briefs read per query while a pass collects what changed since the cursors. */
const READ_BATCH = 500;

export interface DeliveryDeps<M> {
  store: Store;
  config: Config;
  sender: Sender<M>;
  renderer: Renderer<M>;
  log: Logger;
  now?: () => Date;
  /**
   * How far behind the time a pass reads the briefs its cursor stays (default 0). With several pollers,
   * a brief is stamped when made and seen by others only once stored, so one stamped a moment before
   * another may appear after it: a cursor held this far back still looks at it (the ledger keeps
   * what is already posted from going again). One process stores in stamp order and needs none.
   */
  cursorLagMs?: number;
}

type SendOutcome = 'posted' | 'refused' | 'held';

export interface PassReport {
  sent: number;
  failed: number;
  /** Of the failed, those not settled (not refused by Discord for good): tried again later. */
  held: number;
  paused: number;
}

/**
 * Delivery is driven by store state, never by in-memory events: a pass computes, per active instant
 * subscription, the briefs stored since its cursor that match its topic, are visible to its server
 * (`feedScope`: a feed one server added feeds that server only) and have no `sent` ledger entry, and
 * posts them oldest first. Digests go the same way.
 *
 * Posts to different channels are in flight together, at most `discord.postConcurrency` at once (the
 * sender's REST client queues each rate-limit bucket and keeps the global request budget); the posts of
 * one channel go one after the other, in order. Each brief is rendered once per pass and mention.
 *
 * Topics that change after posting: a brief keeps its `createdAt` when a copy from another feed is
 * merged into it or its article is updated, and may gain topics then. It is delivered to the
 * subscriptions of the topics it had when first stored, plus those of topics it gains within
 * `brief.mergeWindowHours` of being stored (the time copies are merged): a pass also looks at briefs
 * updated since a subscription's cursor, and the ledger keeps those already posted from going again.
 * A topic gained later does not bring an old story to its subscribers as if it were news. Digests
 * take the briefs of their day as they are at digest time.
 */
export function createDelivery<M>(deps: DeliveryDeps<M>) {
  const { store, config, sender, renderer, log } = deps;
  const now = deps.now ?? (() => new Date());
  const subs = store.subscriptions;
  const ledger = store.deliveries;
  const cap = config.discord.postConcurrency;

  let stopping = false;
  let running: Promise<PassReport> | null = null;
  let again = false;

  // One queue per channel (order kept within a channel), a shared budget of posts in flight.
  const channels = new Map<string, Promise<unknown>>();
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (inFlight < cap) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(() => (inFlight++, resolve())));
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  /** Runs `job` after the channel's earlier jobs, within the budget; after stop() no new job starts. */
  function enqueue<T>(channelId: string, job: () => Promise<T>): Promise<T | undefined> {
    const run = (channels.get(channelId) ?? Promise.resolve()).then(async () => {
      if (stopping) return undefined;
      await acquire();
      try {
        return stopping ? undefined : await job();
      } finally {
        release();
      }
    });
    const tail = run.catch(() => {});
    channels.set(channelId, tail);
    void tail.then(() => {
      if (channels.get(channelId) === tail) channels.delete(channelId);
    });
    return run;
  }

  async function idle(): Promise<void> {
    while (channels.size) await Promise.all([...channels.values()]);
  }

  async function topicOf(sub: Subscription, cache: Map<string, Topic[]>): Promise<Topic | undefined> {
    let list = cache.get(sub.guildId);
    if (!list) cache.set(sub.guildId, (list = await store.guildTopics.list(sub.guildId)));
    return list.find((t) => t.name === sub.topic);
  }

  /** Each server's scope, read once per pass. */
  function scopes() {
    const cache = new Map<string, Promise<FeedScope>>();
    return (guildId: string) => {
      let s = cache.get(guildId);
      if (!s) cache.set(guildId, (s = feedScope(config, store, guildId)));
      return s;
    };
  }

  /** Briefs stored or changed since `since` (through the index on the change time), oldest change first. */
  async function changedSince(since: number): Promise<StoredBrief[]> {
    // Never further back than the ledger remembers posts (store.retention.deliveriesDays).
    const days = Math.min(MAX_DAYS, config.store.retention.deliveriesDays - 1);
    const from = new Date(Math.max(since, now().getTime() - days * DAY_MS)).toISOString();
    const out: StoredBrief[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const batch = await store.briefs.changedSince(from, READ_BATCH, after);
      out.push(...batch);
      if (batch.length < READ_BATCH) return out;
      const last = batch[batch.length - 1]!;
      after = { createdAt: last.updatedAt, id: last.brief.id };
    }
  }

  /**
   * Posts one item (a brief or a digest part) to a subscription's channel with the ledger protocol:
   * `sending` + nonce, post with enforce_nonce, then `sent` + message id. Returns whether it is posted.
   *
   * A `sending` entry means an earlier run stopped around the post, and Discord dedupes a nonce only for
   * a few minutes (forum posts take none): before posting again, the channel's recent messages (or the
   * guild's active threads) are searched for the post, and a post found is recorded as `sent`.
   *
   * `posted`: the post is in the channel; `refused`: Discord refused it for good (recorded as `failed`
   * with the reason); `held`: not posted this time, tried again on a later pass.
   */
  async function sendItem(sub: Subscription, itemId: string, msg: M, title: string, footerId?: string, mayPost?: () => Promise<boolean>): Promise<SendOutcome> {
    const current = await subs.get(sub.channelId, sub.topic);
    if (!current || current.state !== 'active') return 'held';
    const prior = await ledger.get(sub.channelId, itemId);
    if (prior?.state === 'sent') return 'posted';
    if (prior?.state === 'failed') return 'refused';
    const nonce = nonceFor(sub.channelId, itemId);
    if (prior?.state === 'sending') {
      const where = { guildId: sub.guildId, channelId: sub.channelId, forum: current.channelKind === 'forum' };
      const found = await sender.findPosted(where, { content: renderer.content(msg), threadName: title, ...(footerId ? { footerId } : {}) }).catch((err: unknown) => {
        // Without Read Message History the check fails; the nonce still covers a recent attempt.
        log.warn({ err, channelId: sub.channelId, itemId }, 'delivery: could not check for an earlier post, posting again');
        return null;
      });
      if (found) {
        log.info({ channelId: sub.channelId, itemId, messageId: found.messageId }, 'delivery: found the post an earlier run made, not posting again');
        await ledger.set(sub.channelId, itemId, { state: 'sent', nonce, topic: sub.topic, at: prior.at, messageId: found.messageId, ...(found.threadId ? { threadId: found.threadId } : {}) });
        return 'posted';
      }
    }
    // A deliverer that stalled past its channel lock must not post what another one now handles.
    if (mayPost && !(await mayPost())) return 'held';
    // Claimed only if the ledger is still as read above: of two deliverers racing on one item, one
    // posts and the other holds it (and finds it sent on a later pass).
    if (!(await ledger.claim(sub.channelId, itemId, { state: 'sending', nonce, topic: sub.topic, at: now().toISOString() }, prior))) {
      log.info({ channelId: sub.channelId, itemId }, 'delivery: another deliverer is posting this item, leaving it to it');
      return 'held';
    }
    let posted: { messageId: string; threadId?: string };
    try {
      posted = current.channelKind === 'forum' ? await sender.forumPost(sub.channelId, title, msg) : await sender.post(sub.channelId, msg, nonce);
    } catch (err) {
      const failure = sender.classify(err);
      if (failure.kind === 'pause') {
        const n = await subs.pauseChannel(sub.channelId, failure.reason);
        log.warn({ channelId: sub.channelId, guildId: sub.guildId, paused: n, reason: failure.reason }, 'delivery: channel unusable, subscriptions paused');
      } else if (failure.kind === 'reject') {
        log.error({ channelId: sub.channelId, itemId, reason: failure.reason }, 'delivery: message refused by Discord, recorded as failed and not retried');
        const at = now().toISOString();
        // The ledger's `failed` and the subscription's last failure agree, or neither is written.
        await store.transaction(async (tx) => {
          await tx.deliveries.set(sub.channelId, itemId, { state: 'failed', reason: failure.reason, nonce, topic: sub.topic, at });
          await tx.subscriptions.update(sub.channelId, sub.topic, { lastFailure: { at, reason: failure.reason } });
        });
        return 'refused';
      } else {
        log.warn({ channelId: sub.channelId, itemId, reason: failure.reason }, 'delivery: post failed, retrying on the next pass');
      }
      return 'held';
    }
    const at = now().toISOString();
    // The ledger's `sent` and the subscription's last post agree, or neither is written.
    await store.transaction(async (tx) => {
      await tx.deliveries.set(sub.channelId, itemId, { state: 'sent', nonce, topic: sub.topic, at, messageId: posted.messageId, ...(posted.threadId ? { threadId: posted.threadId } : {}) });
      await tx.subscriptions.update(sub.channelId, sub.topic, { lastPostAt: at });
    });
    return 'posted';
  }

  /**
   * One pass over every channel, or over one channel (`channelId`: a deliverer's job). `mayPost` is
   * asked right before each post (is the channel lock still ours?).
   */
  async function passOnce(channelId?: string, mayPost?: () => Promise<boolean>): Promise<PassReport> {
    const report: PassReport = { sent: 0, failed: 0, held: 0, paused: 0 };
    const active = channelId === undefined ? await subs.active('instant') : (await subs.forChannel(channelId)).filter((s) => s.state === 'active' && s.mode === 'instant');
    if (!active.length) return report;
    // Inclusive bounds: briefs of one cycle share a creation time, and one stored after the last
    // pass read that time is still looked at (the ledger then tells it apart).
    const cursorOf = (sub: Subscription) => (sub.deliveredThrough ? Date.parse(sub.deliveredThrough) : -Infinity);
    const gainWindow = config.brief.mergeWindowHours * 3_600_000;
    /** Stored since the subscription's cursor, or changed since then within the gain window (see above). */
    const due = (sub: Subscription, rec: StoredBrief) => {
      const created = Date.parse(rec.createdAt);
      const updated = Date.parse(rec.updatedAt);
      if (created < Date.parse(sub.since)) return false;
      return created >= cursorOf(sub) || (updated >= cursorOf(sub) && updated - created <= gainWindow);
    };
    const since = Math.min(...active.map((sub) => Math.max(Date.parse(sub.since), cursorOf(sub) - gainWindow)));
    const readAt = now().getTime();
    const recent = await changedSince(since);
    // The cursor: every brief stored or changed before it has been handled.
    let newest: string | undefined;
    for (const r of recent) for (const t of [r.createdAt, r.updatedAt]) if (!newest || t > newest) newest = t;
    if (newest && deps.cursorLagMs) {
      const held = new Date(readAt - deps.cursorLagMs).toISOString();
      if (held < newest) newest = held;
    }
    // Configured topics: each subscription looks only at the briefs of its topic.
    const byTopic = new Map<string, StoredBrief[]>();
    for (const r of recent) for (const t of new Set(r.brief.topics)) byTopic.set(t, [...(byTopic.get(t) ?? []), r]);
    const cache = new Map<string, Topic[]>();
    const scopeOf = scopes();
    const pending = new Map<string, { sub: Subscription; rec: StoredBrief; guildTopic?: string }>();
    for (const sub of active) {
      const guildTopic = await topicOf(sub, cache);
      const scope = await scopeOf(sub.guildId);
      const pool = guildTopic ? recent : (byTopic.get(sub.topic) ?? []);
      const candidates = pool.filter((rec) => !pending.has(`${sub.channelId}/${rec.brief.id}`) && due(sub, rec) && scope.visible(rec) && briefMatches(rec, sub.topic, guildTopic));
      if (!candidates.length) continue;
      const sent = await ledger.sentOf(sub.channelId, candidates.map((r) => r.brief.id));
      for (const rec of candidates) {
        if (!sent.has(rec.brief.id)) pending.set(`${sub.channelId}/${rec.brief.id}`, { sub, rec, ...(guildTopic ? { guildTopic: guildTopic.name } : {}) });
      }
    }
    const jobs = [...pending.values()].sort((a, b) => a.rec.createdAt.localeCompare(b.rec.createdAt) || a.rec.brief.id.localeCompare(b.rec.brief.id));
    // Rendered once per brief, mention and guild topic, however many channels it goes to.
    const rendered = new Map<string, M>();
    const messageOf = (rec: StoredBrief, sub: Subscription, guildTopic?: string) => {
      const key = `${rec.brief.id}\u0000${sub.mentionRoleId ?? ''}\u0000${guildTopic ?? ''}`;
      let m = rendered.get(key);
      if (m === undefined) rendered.set(key, (m = renderer.brief(rec.brief, { ...(sub.mentionRoleId ? { roleId: sub.mentionRoleId } : {}), ...(guildTopic ? { guildTopic } : {}) })));
      return m;
    };
    const results = await Promise.all(
      jobs.map(({ sub, rec, guildTopic }) => enqueue(sub.channelId, () => sendItem(sub, rec.brief.id, messageOf(rec, sub, guildTopic), renderer.threadName(rec.brief), rec.brief.id, mayPost))),
    );
    // Held back per channel: one post stands for every subscription of its channel that matched it.
    const failedChannels = new Set<string>();
    results.forEach((r, i) => {
      if (r === 'posted') report.sent++;
      else {
        report.failed++;
        // A refused post is settled (recorded as failed); only a held one keeps the cursor back.
        if (r !== 'refused') {
          failedChannels.add(jobs[i]!.sub.channelId);
          report.held++;
        }
      }
    });
    // A subscription whose every post landed need not look at these briefs again.
    if (newest && !stopping) {
      for (const sub of active) {
        if (failedChannels.has(sub.channelId) || (sub.deliveredThrough && sub.deliveredThrough >= newest)) continue;
        // Only while it is still the same active subscription (one statement: no lost update).
        await subs.update(sub.channelId, sub.topic, { deliveredThrough: newest }, { state: 'active', since: sub.since });
      }
    }
    report.paused = channelId === undefined ? await subs.pausedCount() : (await subs.forChannel(channelId)).filter((s) => s.state === 'paused').length;
    return report;
  }

  return {
    /** One delivery pass; a pass asked for while one runs is folded into a re-run after it. */
    pass(): Promise<PassReport> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        let r: PassReport;
        do {
          again = false;
          r = await passOnce();
        } while (again && !stopping);
        return r;
      })().finally(() => {
        running = null;
      });
      return running;
    },

    /** One pass over one channel's instant subscriptions, its posts in order (a deliverer's job). */
    passChannel: (channelId: string, mayPost?: () => Promise<boolean>): Promise<PassReport> => passOnce(channelId, mayPost),

    /** Posts every digest that is due at `at` (called each minute by the scheduler, or by tests). */
    async digestTick(at: Date = now()): Promise<number> {
      const cache = new Map<string, Topic[]>();
      const scopeOf = scopes();
      const work: Promise<number>[] = [];
      for (const sub of await subs.active('digest')) {
        const due = dueDigest(sub, at);
        if (!due) continue;
        const guildTopic = await topicOf(sub, cache);
        const list = (
          await guildBriefs(store, await scopeOf(sub.guildId), {
            topic: sub.topic,
            ...(guildTopic ? { guildTopic } : {}),
            since: due.from.toISOString(),
            until: due.at.toISOString(),
            limit: DIGEST_COUNTED,
          })
        ).reverse();
        const messages = renderer.digest(
          list.map((r) => r.brief),
          { topic: sub.topic, date: due.date, ...(sub.mentionRoleId ? { roleId: sub.mentionRoleId } : {}) },
        );
        // Digests of different channels go out together; the parts of one in order.
        const parts = messages.map((msg, i) =>
          enqueue(sub.channelId, () => sendItem(sub, `digest:${sub.topic}:${due.date}:${i + 1}`, msg, `${sub.topic} digest ${due.date}${messages.length > 1 ? ` (${i + 1})` : ''}`)),
        );
        work.push(
          Promise.all(parts).then(async (oks) => {
            // A refused part is settled; a held one keeps the digest due.
            if (oks.every((ok) => ok === 'posted' || ok === 'refused') && !stopping) await subs.update(sub.channelId, sub.topic, { lastDigestDate: due.date });
            return oks.filter((ok) => ok === 'posted').length;
          }),
        );
      }
      return (await Promise.all(work)).reduce((a, b) => a + b, 0);
    },

    /** Lets the posts in flight finish, starts no other, and resolves when every queue is idle. */
    async stop(): Promise<void> {
      stopping = true;
      await idle();
      if (running) await running.catch(() => {});
    },

    /** Resolves when every queued job has run. */
    idle,
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
