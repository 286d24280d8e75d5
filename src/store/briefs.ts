import type { Brief } from '../brief/types.ts';
import type { Collection, Store } from './index.ts';

/** A brief as stored: the brief plus what the pipeline and `/feeds why` need to know about it. */
export interface StoredBrief {
  brief: Brief;
  /** When newsbrief first stored it (ISO). Deliveries and digests are ordered by this. */
  createdAt: string;
  /** When it was last changed by an update of its article or a merged duplicate (ISO). */
  updatedAt: string;
  /** Every feed and article that contributed (several when the same story came from several feeds). */
  feedUrls: string[];
  articleIds: string[];
  /** Hash of the article text it was made from, to notice a later update of the story. */
  contentHash: string;
}

/** What newsbrief remembers of every feed item it has seen, so no restart briefs it twice. */
export interface SeenItem {
  articleId: string;
  feedUrl: string;
  link: string;
  /** Its title, to recognise it under another GUID (see `resolveArticleId`). */
  title?: string;
  firstSeen: string;
  /** The brief it went into (its own, or the one of the story it duplicated). */
  briefId: string | null;
  contentHash: string;
  /** Why it has no brief, when it has none. */
  skipped?: string;
  /** Where the brief's text came from: the feed item, or the linked page. */
  bodySource?: 'feed' | 'page';
  /** Why the linked page was not used, when it was wanted. */
  bodyNote?: string;
}

export interface BriefQuery {
  topics?: readonly string[];
  /** YYYY-MM-DD: only briefs dated (or, lacking a date, stored) that day. */
  date?: string;
  /** Only briefs stored at or after this instant. */
  since?: Date;
  /** Case-insensitive words that must all occur in the brief. */
  search?: string;
  limit?: number;
  /** How many days back to look when no date is given. */
  days?: number;
}

const DAY_MS = 86_400_000;

/** Repository of briefs over the store, with a per-day index so recent briefs are found without a full scan. */
export function briefRepository(store: Store) {
  const briefs: Collection<StoredBrief> = store.collection('briefs');
  const days: Collection<string[]> = store.collection('brief-days');
  const seen: Collection<SeenItem> = store.collection('seen');
  const links: Collection<string> = store.collection('links');
  /** Identity keys of seen items (their content, their link) -> article id; see `resolveArticleId`. */
  const identities: Collection<string> = store.collection('identities');

  async function indexDay(day: string, id: string) {
    const ids = (await days.get(day)) ?? [];
    if (!ids.includes(id)) await days.set(day, [...ids, id]);
  }

  return {
    get: (id: string) => briefs.get(id),
    seen,
    links,
    identities,

    /** Saves a brief; returns true when it is new. Indexed under its creation day and its own date. */
    async save(record: StoredBrief): Promise<boolean> {
      const existed = await briefs.has(record.brief.id);
      await briefs.set(record.brief.id, record);
      await indexDay(record.createdAt.slice(0, 10), record.brief.id);
      if (record.brief.date && record.brief.date !== record.createdAt.slice(0, 10)) await indexDay(record.brief.date, record.brief.id);
      return !existed;
    },

    /** Briefs newest first (by creation time) that match the query. */
    async query(q: BriefQuery, now = new Date()): Promise<StoredBrief[]> {
      const dayKeys: string[] = [];
      if (q.date) dayKeys.push(q.date);
      else {
        const span = q.days ?? 30;
        for (let i = 0; i < span; i++) dayKeys.push(new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10));
      }
      const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const found = new Map<string, StoredBrief>();
      for (const day of dayKeys) {
        for (const id of (await days.get(day)) ?? []) {
          if (found.has(id)) continue;
          const rec = await briefs.get(id);
          if (!rec) continue;
          if (q.date && (rec.brief.date ?? rec.createdAt.slice(0, 10)) !== q.date) continue;
          if (q.since && Date.parse(rec.createdAt) < q.since.getTime()) continue;
          if (q.topics?.length && !rec.brief.topics.some((t) => q.topics!.includes(t))) continue;
          if (words.length) {
            const hay = briefText(rec.brief).toLowerCase();
            if (!words.every((w) => hay.includes(w))) continue;
          }
          found.set(id, rec);
        }
      }
      const list = [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.brief.id.localeCompare(b.brief.id));
      return q.limit ? list.slice(0, q.limit) : list;
    },
  };
}

export type BriefRepository = ReturnType<typeof briefRepository>;

export function briefText(b: Brief): string {
  return [b.headline, b.summary, ...b.context, ...b.quotes.flatMap((q) => [q.text, q.speaker ?? '', q.role ?? '']), b.source].join('\n');
}
