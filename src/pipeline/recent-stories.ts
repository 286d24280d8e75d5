import { createStoryIndex, signature, type StoryIndex } from '../brief/index.ts';
import type { Article } from '../feeds/index.ts';
import { bodyText } from '../feeds/index.ts';
import type { Store, StoryPage, StoryRepository } from '../store/index.ts';

export interface Stories {
  /** The signature of an article's story, computed once to look it up and to remember it. */
  signatureOf(article: Article): number[];
  /** The id of the brief already made for the story with this signature, if any. */
  findDuplicate(sig: number[]): string | null;
  /** Remembers that `briefId` covers the story with this signature (through `repo`, a transaction's). */
  remember(briefId: string, sig: number[], at: Date, repo?: StoryRepository): Promise<void>;
  /**
   * Brings the index up to `now`: forgets the stories older than the merge window (in the store too),
   * and reads those other writers stored since the last refresh. The first refresh reads the window.
   */
  refresh(now: Date): Promise<void>;
  readonly size: number;
}

export interface StoriesOptions {
  /** A refresh sooner than this after the last one does nothing (a poller refreshes per job). */
  refreshEveryMs?: number;
}

/** Signatures read per query when the window is loaded. */
const LOAD_PAGE = 2000;

/**
 * How far before the last refresh the next one looks for stories other writers stored. A story is
 * stamped when it is remembered, inside its transaction, and becomes visible when that commits: a
 * refresh in between misses it, and the next one must look back past the commit. Transactions hold
 * at most a group of items (50 ms) plus a wait for the connection; the margin also covers the clocks
 * of several machines disagreeing a little.
 */
const LOOK_BACK_MS = 2 * 60_000;

/** The words that identify a story: its headline and body. */
function storyTextOf(article: Article): string {
  return `${article.title}\n${bodyText(article.body)}`;
}

/**
 * The stories briefed within the merge window, so the same story from a second feed merges into the
 * first brief instead of becoming another one. Signatures persist in the store, so a restart keeps
 * recognising recent stories. The index is kept across cycles and refreshed, not read again: a
 * window of a hundred thousand stories took seconds to read, and while the new copy was built the
 * old one (about 90 MB) still waited for the garbage collector.
 */
export function recentStories(store: Store, windowHours: number, options: StoriesOptions = {}): Stories {
  // Each story with when it was remembered, to forget it once it leaves the window.
  const index: StoryIndex = createStoryIndex();
  let refreshedAt: number | null = null;
  let refreshing: Promise<void> = Promise.resolve();

  /** Every signature of the window, a page at a time (read at once, as parsed JSON, it took about 200 MB). */
  const loadWindow = async (cutoff: string) => {
    for (let after: StoryPage['after']; ; ) {
      const page = await store.stories.since(cutoff, { limit: LOAD_PAGE, ...(after !== undefined ? { after } : {}) });
      for (const s of page) index.addSignature(s.id, s.sig, Date.parse(s.at));
      if (page.length < LOAD_PAGE) break;
      after = { at: page[page.length - 1]!.at, seq: page[page.length - 1]!.seq };
    }
  };

  /**
   * What other writers stored since the last refresh: ids first, signatures only of those not held, a
   * page at a time (after a long cycle, the look-back covers every story of it).
   */
  const loadNew = async (from: string) => {
    for (let after: StoryPage['after']; ; ) {
      const page = await store.stories.idsSince(from, { limit: LOAD_PAGE, ...(after !== undefined ? { after } : {}) });
      const unknown = page.filter((s) => !index.has(s.id)).map((s) => s.id);
      for (const s of await store.stories.signatures(unknown)) index.addSignature(s.id, s.sig, Date.parse(s.at));
      if (page.length < LOAD_PAGE) break;
      after = { at: page[page.length - 1]!.at, seq: page[page.length - 1]!.seq };
    }
  };

  const refresh = async (now: Date) => {
    const started = now.getTime();
    if (refreshedAt !== null && started - refreshedAt < (options.refreshEveryMs ?? 0)) return;
    const cutoffMs = started - windowHours * 3_600_000;
    const cutoff = new Date(cutoffMs).toISOString();
    await store.stories.prune(cutoff);
    index.removeOlderThan(cutoffMs);
    if (refreshedAt === null) await loadWindow(cutoff);
    else await loadNew(new Date(Math.max(cutoffMs, refreshedAt - LOOK_BACK_MS)).toISOString());
    refreshedAt = started;
  };

  return {
    signatureOf: (article) => signature(storyTextOf(article)),
    findDuplicate: (sig) => index.findBySignature(sig)?.id ?? null,
    async remember(briefId, sig, at, repo = store.stories) {
      index.addSignature(briefId, sig, at.getTime());
      await repo.remember(briefId, sig, at.toISOString());
    },
    // One refresh at a time: jobs of a poller run side by side and share the index. A failed refresh
    // fails its caller's cycle, not the ones after it.
    refresh(now) {
      const run = refreshing.then(() => refresh(now));
      refreshing = run.catch(() => undefined);
      return run;
    },
    get size() {
      return index.size;
    },
  };
}
