import { createStoryIndex, signature, type StoryIndex } from '../brief/index.ts';
import type { Article } from '../feeds/index.ts';
import { bodyText } from '../feeds/index.ts';
import type { Store, StoryRepository } from '../store/index.ts';

export interface Stories {
  /** The id of the brief already made for this article's story, if any. */
  findDuplicate(article: Article): string | null;
  signatureOf(article: Article): number[];
  /** Remembers that `briefId` covers the story with this signature (through `repo`, a transaction's). */
  remember(briefId: string, sig: number[], at: Date, repo?: StoryRepository): Promise<void>;
}

/** Signatures read per query when the index is loaded. */
const LOAD_PAGE = 2000;

/** The words that identify a story: its headline and body. */
function storyTextOf(article: Article): string {
  return `${article.title}\n${bodyText(article.body)}`;
}

/**
 * The stories briefed within the merge window, so the same story from a second feed merges
 * into the first brief instead of becoming another one. Signatures persist in the store, so a
 * restart keeps recognising recent stories; older ones are dropped as the index is loaded.
 */
export async function loadStories(store: Store, now: Date, windowHours: number): Promise<Stories> {
  const cutoff = new Date(now.getTime() - windowHours * 3_600_000).toISOString();
  await store.stories.prune(cutoff);
  // A page at a time: a window of a hundred thousand stories read at once, as parsed JSON, took about
  // 200 MB for as long as the index took to build.
  const index: StoryIndex = createStoryIndex();
  for (let after: string | undefined; ; ) {
    const page = await store.stories.since(cutoff, { limit: LOAD_PAGE, ...(after !== undefined ? { after } : {}) });
    for (const s of page) index.addSignature(s.id, s.sig);
    if (page.length < LOAD_PAGE) break;
    after = page[page.length - 1]!.id;
  }

  return {
    findDuplicate: (article) => index.findDuplicate(storyTextOf(article))?.id ?? null,
    signatureOf: (article) => signature(storyTextOf(article)),
    async remember(briefId, sig, at, repo = store.stories) {
      index.addSignature(briefId, sig);
      await repo.remember(briefId, sig, at.toISOString());
    },
  };
}
