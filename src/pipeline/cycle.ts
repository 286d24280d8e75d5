import { condense, mergeBriefs } from '../brief/index.ts';
import type { Config } from '../config/index.ts';
import { defaultFetchOptions, isDue, pollFeeds, type FeedState, type PollResult, bodyText, identityKeys, resolveArticleId } from '../feeds/index.ts';
import type { Article, FeedSource } from '../feeds/index.ts';
import type { AddedFeed, Repositories, SeenItem, Store, StoredBrief } from '../store/index.ts';
import { assignTopics } from '../topics/index.ts';
import type { Topic } from '../topics/index.ts';
import type { Logger } from '../util/log.ts';
import { recentStories, type Stories } from './recent-stories.ts';

export type { AddedFeed };

export interface CycleReport {
  startedAt: string;
  durationMs: number;
  polled: number;
  ok: string[];
  notModified: string[];
  failed: { url: string; name: string; error: string }[];
  newItems: number;
  /** New items that were another feed's copy of a story already briefed, merged into its brief. */
  merged: number;
  /**
   * Ids of the briefs this cycle stored new, and of those it changed. Ids, not records: a first cycle
   * over a large feed set stores a hundred thousand briefs (about 4 KB each in memory); whoever needs
   * the records takes them from `onBrief` as they are stored, or reads them back by id.
   */
  newBriefIds: string[];
  updatedBriefIds: string[];
  skipped: { articleId: string; reason: string }[];
}

export interface CycleDeps {
  config: Config;
  store: Store;
  log: Logger;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with each new or updated brief as soon as its transaction has committed (a brief that
   * several items of the cycle merged into comes once per item). The report keeps only ids.
   */
  onBrief?: (record: StoredBrief, isNew: boolean) => void | Promise<void>;
  /**
   * Poll these feeds (if due) instead of every configured and added one: a poller's job. `added`
   * marks a feed a server admin added (never allowed to reach private addresses).
   */
  only?: (FeedSource & { added: boolean })[];
  /**
   * The recent-story index to merge duplicates with, kept across cycles (the bot keeps one, a poller one
   * across its jobs) and refreshed as a cycle starts; when absent, the cycle reads the window for itself.
   */
  stories?: Stories;
}

const SPREAD_PER_FEED_MS = 100;

/**
 * A feed's items are written in groups, one transaction each: a transaction per item cost more than the
 * item's own writes (each commit appends every index page it touched to the journal, and SQLite's
 * full-text index makes a new segment per commit). A group ends after this many items, or once it has
 * been open this long, so the connection (SQLite has one) is never held from commands for longer.
 */
const GROUP_ITEMS = 50;
const GROUP_MS = 50;

/** What ingesting items adds to the report, kept apart until their transaction has committed. */
type Tally = Pick<CycleReport, 'newItems' | 'merged' | 'newBriefIds' | 'updatedBriefIds' | 'skipped'>;
const emptyTally = (): Tally => ({ newItems: 0, merged: 0, newBriefIds: [], updatedBriefIds: [], skipped: [] });

/** One pass of the pipeline: poll due feeds, condense new items, match topics, store briefs. */
export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const { config, store, log } = deps;
  const clock = deps.now ?? (() => new Date());
  const now = clock();
  const started = performance.now();
  const states = store.feedStates;

  const operatorFeeds: FeedSource[] = deps.only ? deps.only.filter((f) => !f.added) : config.feeds;
  const operatorUrls = new Set(operatorFeeds.map((f) => f.url));
  const adminFeeds: FeedSource[] = deps.only ? deps.only.filter((f) => f.added) : [];
  if (!deps.only) {
    for (const f of await store.addedFeeds.polled()) {
      if (!operatorUrls.has(f.url)) adminFeeds.push({ url: f.url, ...(f.name ? { name: f.name } : {}) });
    }
  }

  const stateMap = new Map<string, FeedState>();
  for (const f of [...operatorFeeds, ...adminFeeds]) {
    const s = await states.get(f.url);
    if (s) stateMap.set(f.url, s);
  }
  const due = (list: FeedSource[]) => list.filter((f) => isDue(stateMap.get(f.url), now));
  const dueOperator = due(operatorFeeds);
  const dueAdmin = due(adminFeeds);
  const total = dueOperator.length + dueAdmin.length;

  const report: CycleReport = {
    startedAt: now.toISOString(),
    durationMs: 0,
    polled: total,
    ok: [],
    notModified: [],
    failed: [],
    newItems: 0,
    merged: 0,
    newBriefIds: [],
    updatedBriefIds: [],
    skipped: [],
  };
  // Configured topics only: guild topics are matched per guild at delivery time (src/discord).
  const topics = config.topics;
  const stories = deps.stories ?? recentStories(store, config.brief.mergeWindowHours);
  await stories.refresh(now);
  const names = new Map([...operatorFeeds, ...adminFeeds].map((f) => [f.url, f.name]));

  // Results are ingested one at a time as each feed finishes: articles never pile up in memory,
  // and two feeds carrying the same item cannot both take it for new.
  let queue: Promise<void> = Promise.resolve();
  const ingestResult = async (result: PollResult) => {
    const name = names.get(result.url) ?? result.state.title ?? result.url;
    if (!result.ok) {
      // The poller has logged the failure; the report carries it to the caller.
      report.failed.push({ url: result.url, name, error: withHint(result.error ?? 'unknown error', operatorUrls.has(result.url)) });
    } else {
      if (result.notModified) report.notModified.push(result.url);
      else report.ok.push(result.url);
      const listed: string[] = [];
      // Ids given to this poll's items: two items of one feed never share one (see resolveArticleId).
      const taken = new Set<string>();
      const articles = result.articles;
      for (let next = 0; next < articles.length; ) {
        const tally = emptyTally();
        const stored: { record: StoredBrief; isNew: boolean }[] = [];
        await store.transaction(async (tx) => {
          // Timed from the transaction's start, not from waiting for the connection: a group always
          // takes at least one item.
          const opened = performance.now();
          for (let inGroup = 0; next < articles.length && inGroup < GROUP_ITEMS && performance.now() - opened < GROUP_MS; inGroup++) {
            const one = await ingestArticle(articles[next++]!, now, topics, tx, stories, tally, log, clock, listed, taken);
            if (one) stored.push(one);
            // Results are handled one feed after another; a feed of thousands of items must not hold the
            // event loop (connect timers of the other feeds in flight, Discord's interactions).
            await yieldNow();
          }
        });
        report.newItems += tally.newItems;
        report.merged += tally.merged;
        report.newBriefIds.push(...tally.newBriefIds);
        report.updatedBriefIds.push(...tally.updatedBriefIds);
        report.skipped.push(...tally.skipped);
        for (const one of stored) await deps.onBrief?.(one.record, one.isNew);
      }
      // Items the feed still lists stay remembered (retention) while it does.
      await store.seen.touch(listed, now.toISOString());
    }
    // Saved last: if storing the articles failed, the old ETag makes the next cycle fetch them again.
    await states.set(result.url, result.state);
  };
  // A storage failure costs that feed this cycle only: its state is not saved, so the next cycle
  // fetches the same items again, and the other feeds carry on.
  const onResult = (result: PollResult) =>
    (queue = queue.then(() =>
      ingestResult(result).catch((err: unknown) => {
        const error = `could not store its items: ${(err as Error).message}`;
        log.error({ feed: result.url, err }, error);
        report.failed.push({ url: result.url, name: names.get(result.url) ?? result.state.title ?? result.url, error });
      }),
    ));

  let done = 0;
  const progress = () => deps.onProgress?.(++done, total);
  // An item stored unchanged is skipped at ingestion anyway; knowing it before the poll ends
  // spares its page a fetch on every cycle.
  const isKnown = async (a: Article) => (await store.seen.get(a.id))?.contentHash === a.contentHash;
  const fetchOptions = { ...defaultFetchOptions, ...config.fetch, logger: log, keepArticles: false, onResult, isKnown };
  // Spread the starts of a large cycle so thousands of feeds do not hit the network in one burst;
  // a handful of feeds still starts at once.
  const spreadMs = (n: number) => Math.min(config.schedule.spreadSeconds * 1000, n * SPREAD_PER_FEED_MS);
  await pollFeeds(dueOperator, stateMap, { ...fetchOptions, spreadMs: spreadMs(dueOperator.length) }, progress);
  // Feeds added by server admins never reach private addresses, whatever the operator allows for their own.
  await pollFeeds(dueAdmin, stateMap, { ...fetchOptions, allowPrivateAddresses: false, spreadMs: spreadMs(dueAdmin.length) }, progress);
  await queue;
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** One item, read and written through `store`, the transaction of its group. */
async function ingestArticle(
  article: Article,
  now: Date,
  topics: Topic[],
  store: Repositories,
  stories: Stories,
  report: Tally,
  log: Logger,
  clock: () => Date,
  listed: string[],
  taken: Set<string>,
): Promise<{ record: StoredBrief; isNew: boolean } | null> {
  const contentHash = article.contentHash;
  const id = await resolveArticleId(article, contentHash, { seen: (key) => store.seen.get(key), byKey: (key) => store.seen.identity(key) }, taken);
  taken.add(id);
  if (id !== article.id) article = { ...article, id };
  const seen = await store.seen.get(article.id);
  if (seen && seen.contentHash === contentHash) {
    listed.push(article.id);
    // The same item from another feed (ids come from links, shared across feeds): record that this
    // feed carries it too, so every server that may see this feed sees the brief.
    if (seen.briefId && article.feedUrl) await addFeedTo(store, seen.briefId, article.feedUrl, clock());
    return null;
  }
  if (!seen) report.newItems++;

  // An item with neither title nor text (`<item></item>`, a lone GUID) would make an empty brief.
  if (!article.title.trim() && !bodyText(article.body).trim()) {
    const reason = 'the item has no title and no text';
    report.skipped.push({ articleId: article.id, reason });
    await markSeen(store, article, seenRecord(article, now, null, contentHash, reason, seen), now);
    return null;
  }

  let brief;
  try {
    brief = assignTopics(condense(article), topics, article.categories);
  } catch (err) {
    const reason = `could not condense: ${(err as Error).message}`;
    log.warn({ article: article.link || article.id, err: (err as Error).message }, 'condense failed');
    report.skipped.push({ articleId: article.id, reason });
    await markSeen(store, article, seenRecord(article, now, null, contentHash, reason, seen), now);
    return null;
  }

  // Stamped when stored, not when the cycle started: deliveries and digests compare these stamps
  // with the wall clock (a subscription's start, a digest's time) while a long cycle is still running.
  const stamp = clock().toISOString();
  // Where this article's brief goes: the brief it went into before (an update of the story),
  // else the brief another feed's copy of the same story made (a merge), else a new one.
  // The story's signature is needed to look for a copy and to remember a new brief; an update of an
  // item's own brief needs neither.
  const sig = seen?.briefId ? null : stories.signatureOf(article);
  const targetId = seen?.briefId ?? (sig ? stories.findDuplicate(sig) : null) ?? brief.id;
  const previous = await store.briefs.get(targetId);
  let merged = brief;
  if (previous && previous.brief.id !== brief.id) merged = mergeBriefs(previous.brief, brief);
  else if (previous?.brief.sources?.length) merged = mergeBriefs(brief, previous.brief);
  if (previous && previous.brief.id !== brief.id && !seen) report.merged++;
  const record: StoredBrief = {
    brief: merged,
    createdAt: previous?.createdAt ?? stamp,
    updatedAt: stamp,
    feedUrls: union(previous?.feedUrls, [article.feedUrl]),
    articleIds: union(previous?.articleIds, [article.id]),
    contentHash,
  };
  // The brief, its story signature and the seen item are in one transaction (the group's): a crash
  // never leaves a brief whose item would be briefed again, nor an item marked seen without its brief.
  const isNew = await store.briefs.save(record);
  // Stamped when stored, as the brief is: another writer's refresh looks back from its last one by these stamps.
  if (isNew) await stories.remember(record.brief.id, sig ?? stories.signatureOf(article), new Date(stamp), store.stories);
  await markSeen(store, article, seenRecord(article, now, record.brief.id, contentHash, undefined, seen), now);
  (isNew ? report.newBriefIds : report.updatedBriefIds).push(record.brief.id);
  return { record, isNew };
}

/** Records the item as seen (listed by its feed now), and its identity keys so it is recognised under another GUID. */
async function markSeen(repos: Pick<Repositories, 'seen'>, article: Article, record: SeenItem, now: Date): Promise<void> {
  await repos.seen.set(record, now.toISOString());
  await repos.seen.setIdentities(identityKeys(article, record.contentHash), article.id);
}

function seenRecord(article: Article, now: Date, briefId: string | null, contentHash: string, skipped: string | undefined, previous?: { firstSeen: string }): SeenItem {
  return {
    articleId: article.id,
    feedUrl: article.feedUrl,
    link: article.link,
    title: article.title,
    firstSeen: previous?.firstSeen ?? now.toISOString(),
    briefId,
    contentHash,
    bodySource: article.bodySource,
    ...(article.bodyNote ? { bodyNote: article.bodyNote } : {}),
    ...(skipped ? { skipped } : {}),
  };
}

/** Operators (not server admins) may allow their own feeds on private addresses; tell them how. */
function withHint(error: string, operatorFeed: boolean): string {
  return operatorFeed && /^refused: .*(loopback|private|link-local|address)/i.test(error)
    ? `${error} (to poll feeds on your own network, set fetch.allowPrivateAddresses to true in the config)`
    : error;
}

async function addFeedTo(store: Repositories, briefId: string, feedUrl: string, at: Date): Promise<void> {
  const rec = await store.briefs.get(briefId);
  if (!rec || rec.feedUrls.includes(feedUrl)) return;
  await store.briefs.save({ ...rec, feedUrls: [...rec.feedUrls, feedUrl], updatedAt: at.toISOString() });
}

/** Lets timers and I/O callbacks run between two items. */
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

function union(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}
