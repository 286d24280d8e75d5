import type { Config } from '../../config/schema.ts';
import type { Store } from '../store/index.ts';
import { briefRepository, type StoredBrief } from '../store/briefs.ts';
import { briefTopics, type Topic } from '../topics/index.ts';
import type { Logger } from '../util/log.ts';
import { digestMessages, dueDigest } from './digest.ts';
import { deliveryLedger } from './ledger.ts';
import { nonceFor } from './ledger.ts';
import { instantMessage, threadName, type OutgoingMessage } from './render.ts';
import { feedScope } from './scope.ts';
import { classifySendError, type Sender } from './sender.ts';
import { guildTopicRepository, subscriptionRepository, type Subscription } from './subscriptions.ts';

const DAY_MS = 86_400_000;
/** How far back a delivery pass looks (a bot down for longer starts again from this window). */
const MAX_DAYS = 31;

export interface DeliveryDeps {
  store: Store;
  config: Config;
  sender: Sender;
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
 * Whether a brief belongs to a topic: for a configured topic, the topics the pipeline assigned; for a
 * guild's own topic, that guild's keywords only (another guild may use the same name differently).
 */
export function briefMatches(rec: StoredBrief, topic: string, guildTopic?: Topic): boolean {
  if (guildTopic) return briefTopics(rec.brief, [guildTopic]).length > 0;
  return rec.brief.topics.includes(topic);
}

/**
 * Delivery is driven by store state, never by in-memory events: a pass computes, per active instant
 * subscription, the briefs stored since its `since` that match its topic, are visible to its server
 * (`feedScope`: a feed one server added feeds that server only) and have no `sent` ledger entry, and
 * posts them oldest first through one queue. Digests go through the same queue.
 *
 * Topics that change after posting: a brief keeps its `createdAt` when a copy from another feed is
 * merged into it or its article is updated, and may gain topics then. It is delivered to the
 * subscriptions of the topics it had when first stored, plus those of topics it gains within
 * `brief.mergeWindowHours` of being stored (the time copies are merged): a pass also looks at briefs
 * updated since a subscription's cursor, and the ledger keeps those already posted from going again.
 * A topic gained later does not bring an old story to its subscribers as if it were news. Digests
 * take the briefs of their day as they are at digest time.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { store, config, sender, log } = deps;
  const now = deps.now ?? (() => new Date());
  const subs = subscriptionRepository(store);
  const ledger = deliveryLedger(store);
  const briefs = briefRepository(store);
  const guildTopics = guildTopicRepository(store);

  let chain: Promise<unknown> = Promise.resolve();
  let stopping = false;
  let running: Promise<PassReport> | null = null;
  let again = false;

  /** The single delivery queue: jobs run one after the other; after stop() no new job starts. */
  function enqueue<T>(job: () => Promise<T>): Promise<T | undefined> {
    const run = chain.then(() => (stopping ? undefined : job()));
    chain = run.catch(() => {});
    return run;
  }

  async function topicOf(sub: Subscription, cache: Map<string, Topic[]>): Promise<Topic | undefined> {
    let list = cache.get(sub.guildId);
    if (!list) cache.set(sub.guildId, (list = await guildTopics.list(sub.guildId)));
    return list.find((t) => t.name === sub.topic);
  }

  async function recentBriefs(since: number): Promise<StoredBrief[]> {
    const days = Math.min(MAX_DAYS, Math.max(1, Math.ceil((now().getTime() - since) / DAY_MS) + 1));
    return briefs.query({ since: new Date(since), days }, now());
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
  async function sendItem(sub: Subscription, itemId: string, msg: OutgoingMessage, title: string, footerId?: string, mayPost?: () => Promise<boolean>): Promise<SendOutcome> {
    const current = await subs.get(sub.channelId, sub.topic);
    if (!current || current.state !== 'active') return 'held';
    const prior = await ledger.get(sub.channelId, itemId);
    if (prior?.state === 'sent') return 'posted';
    if (prior?.state === 'failed') return 'refused';
    const nonce = nonceFor(sub.channelId, itemId);
    if (prior?.state === 'sending') {
      const where = { guildId: sub.guildId, channelId: sub.channelId, forum: current.channelKind === 'forum' };
      const found = await sender.findPosted(where, { content: msg.content ?? '', threadName: title, ...(footerId ? { footerId } : {}) }).catch((err: unknown) => {
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
    await ledger.set(sub.channelId, itemId, { state: 'sending', nonce, topic: sub.topic, at: now().toISOString() });
    let posted: { messageId: string; threadId?: string };
    try {
      posted = current.channelKind === 'forum' ? await sender.forumPost(sub.channelId, title, msg) : await sender.post(sub.channelId, msg, nonce);
    } catch (err) {
      const failure = classifySendError(err);
      if (failure.kind === 'pause') {
        const n = await subs.pauseChannel(sub.channelId, failure.reason);
        log.warn({ channelId: sub.channelId, guildId: sub.guildId, paused: n, reason: failure.reason }, 'delivery: channel unusable, subscriptions paused');
      } else if (failure.kind === 'reject') {
        log.error({ channelId: sub.channelId, itemId, reason: failure.reason }, 'delivery: message refused by Discord, recorded as failed and not retried');
        const at = now().toISOString();
        await ledger.set(sub.channelId, itemId, { state: 'failed', reason: failure.reason, nonce, topic: sub.topic, at });
        await subs.update(sub.channelId, sub.topic, { lastFailure: { at, reason: failure.reason } });
        return 'refused';
      } else {
        log.warn({ channelId: sub.channelId, itemId, reason: failure.reason }, 'delivery: post failed, retrying on the next pass');
      }
      return 'held';
    }
    const at = now().toISOString();
    await ledger.set(sub.channelId, itemId, { state: 'sent', nonce, topic: sub.topic, at, messageId: posted.messageId, ...(posted.threadId ? { threadId: posted.threadId } : {}) });
    await subs.update(sub.channelId, sub.topic, { lastPostAt: at });
    return 'posted';
  }

  /** Posts of `passChannel` calls in flight, which `stop()` lets finish. */
  const inFlight = new Set<Promise<unknown>>();

  /**
   * One pass over every channel, or over one channel (`channelId`): a deliverer's job, which posts
   * that channel's briefs itself, in order, outside the process's single queue, so one process can
   * serve many channels at once (the channel lock keeps any other process off this channel).
   */
  async function passOnce(channelId?: string, mayPost?: () => Promise<boolean>): Promise<PassReport> {
    const report: PassReport = { sent: 0, failed: 0, held: 0, paused: 0 };
    const active = (await subs.all()).filter((s) => s.state === 'active' && s.mode === 'instant' && (channelId === undefined || s.channelId === channelId));
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
    const recent = await recentBriefs(since);
    // The cursor: every brief stored or changed before it has been handled.
    let newest: string | undefined;
    for (const r of recent) for (const t of [r.createdAt, r.updatedAt]) if (!newest || t > newest) newest = t;
    if (newest && deps.cursorLagMs) {
      const held = new Date(readAt - deps.cursorLagMs).toISOString();
      if (held < newest) newest = held;
    }
    const cache = new Map<string, Topic[]>();
    const scope = await feedScope(config, store);
    const pending = new Map<string, { sub: Subscription; rec: StoredBrief; guildTopic?: string }>();
    for (const sub of active) {
      const guildTopic = await topicOf(sub, cache);
      for (const rec of recent) {
        const key = `${sub.channelId}/${rec.brief.id}`;
        if (pending.has(key) || !due(sub, rec) || !scope.visible(rec, sub.guildId) || !briefMatches(rec, sub.topic, guildTopic)) continue;
        const done = (await ledger.get(sub.channelId, rec.brief.id))?.state;
        if (done === 'sent' || done === 'failed') continue;
        pending.set(key, { sub, rec, ...(guildTopic ? { guildTopic: guildTopic.name } : {}) });
      }
    }
    const jobs = [...pending.values()].sort((a, b) => a.rec.createdAt.localeCompare(b.rec.createdAt) || a.rec.brief.id.localeCompare(b.rec.brief.id));
    const send = ({ sub, rec, guildTopic }: (typeof jobs)[number]) =>
      sendItem(sub, rec.brief.id, instantMessage(rec.brief, { roleId: sub.mentionRoleId, quotesShown: config.brief.quotesShown, guildTopic }), threadName(rec.brief), rec.brief.id, mayPost);
    let results: (SendOutcome | undefined)[];
    if (channelId === undefined) results = await Promise.all(jobs.map((j) => enqueue(() => send(j))));
    else {
      results = [];
      for (const j of jobs) {
        if (stopping) break;
        const p = send(j);
        inFlight.add(p);
        results.push(await p.finally(() => inFlight.delete(p)));
      }
    }
    // Held back per channel: one post stands for every subscription of its channel that matched it.
    const failedChannels = new Set<string>();
    // A pass stopped part-way (the process is stopping) leaves the rest for the job's retry.
    if (results.length < jobs.length) {
      failedChannels.add(channelId!);
      report.failed += jobs.length - results.length;
      report.held += jobs.length - results.length;
    }
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
        const current = await subs.get(sub.channelId, sub.topic);
        if (current?.state === 'active' && current.since === sub.since) await subs.update(sub.channelId, sub.topic, { deliveredThrough: newest });
      }
    }
    report.paused = (await subs.all()).filter((s) => s.state === 'paused' && (channelId === undefined || s.channelId === channelId)).length;
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

    /**
     * One pass over one channel's instant subscriptions, its posts in order (a deliverer's job).
     * `mayPost` is asked right before each post (is the channel lock still ours?); no stops the pass.
     */
    passChannel: (channelId: string, mayPost?: () => Promise<boolean>): Promise<PassReport> => passOnce(channelId, mayPost),

    /** Posts every digest that is due at `at` (called each minute by the scheduler, or by tests). */
    async digestTick(at: Date = now()): Promise<number> {
      let posted = 0;
      const cache = new Map<string, Topic[]>();
      const scope = await feedScope(config, store);
      for (const sub of await subs.all()) {
        const due = dueDigest(sub, at);
        if (!due) continue;
        const guildTopic = await topicOf(sub, cache);
        const list = (await recentBriefs(due.from.getTime()))
          .filter((r) => Date.parse(r.createdAt) <= due.at.getTime() && scope.visible(r, sub.guildId) && briefMatches(r, sub.topic, guildTopic))
          .reverse();
        const messages = digestMessages(
          list.map((r) => r.brief),
          { topic: sub.topic, date: due.date, roleId: sub.mentionRoleId },
        );
        let complete = true;
        for (const [i, msg] of messages.entries()) {
          const ok = await enqueue(() => sendItem(sub, `digest:${sub.topic}:${due.date}:${i + 1}`, msg, `${sub.topic} digest ${due.date}${messages.length > 1 ? ` (${i + 1})` : ''}`));
          if (ok === 'posted') posted++;
          else if (ok !== 'refused') complete = false;
        }
        if (complete && !stopping) await subs.update(sub.channelId, sub.topic, { lastDigestDate: due.date });
      }
      return posted;
    },

    /** Lets the post in flight finish, starts no other, and resolves when the queue is idle. */
    async stop(): Promise<void> {
      stopping = true;
      await chain;
      await Promise.allSettled([...inFlight]);
      if (running) await running.catch(() => {});
    },

    /** Resolves when every queued job has run. */
    idle: () => chain.then(() => undefined),
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
