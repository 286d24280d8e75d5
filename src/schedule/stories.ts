import { createStoryIndex, signature, type StoryIndex } from '../brief/index.ts';
import type { Article } from '../feeds/types.ts';
import { bodyText } from '../feeds/article-body.ts';
import type { Store } from '../store/index.ts';

interface StoryEntry {
  sig: number[];
  /** When the story was first briefed (ISO); entries older than the window are forgotten. */
  at: string;
}

export interface Stories {
  /** The id of the brief already made for this article's story, if any. */
  findDuplicate(article: Article): string | null;
  /** Remembers that `briefId` covers this article's story. */
  remember(briefId: string, article: Article, at: Date): Promise<void>;
}

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
  const collection = store.collection<StoryEntry>('stories');
  const cutoff = now.getTime() - windowHours * 3_600_000;
  const entries: { id: string; sig: number[] }[] = [];
  const expired: string[] = [];
  for await (const [id, e] of collection.entries()) {
    if (Date.parse(e.at) < cutoff) expired.push(id);
    else entries.push({ id, sig: e.sig });
  }
  for (const id of expired) await collection.delete(id);
  const index: StoryIndex = createStoryIndex({}, entries);

  return {
    findDuplicate: (article) => index.findDuplicate(storyTextOf(article))?.id ?? null,
    async remember(briefId, article, at) {
      const sig = signature(storyTextOf(article));
      index.addSignature(briefId, sig);
      await collection.set(briefId, { sig, at: at.toISOString() });
    },
  };
}
