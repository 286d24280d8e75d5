// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), checked with zod. Pure.
import { z } from 'zod';
import type { RawItem } from './normalize.ts';

const Author = z.object({ name: z.string().nullish(), url: z.string().nullish() }).loose();

const Item = z
  .object({
    // The spec says string; numbers are common in the wild and just as unique.
    id: z.union([z.string(), z.number()]).transform(String),
    url: z.string().nullish(),
    external_url: z.string().nullish(),
    title: z.string().nullish(),
    content_html: z.string().nullish(),
    content_text: z.string().nullish(),
    summary: z.string().nullish(),
    date_published: z.string().nullish(),
    date_modified: z.string().nullish(),
    author: Author.nullish(),
    authors: z.array(Author).nullish(),
    tags: z.array(z.string()).nullish(),
  })
  .loose();

const Feed = z
  .object({
    version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\/1(\.1)?\/?$/, 'not a JSON Feed version URL'),
    title: z.string().nullish(),
    home_page_url: z.string().nullish(),
    language: z.string().nullish(),
    feed_url: z.string().nullish(),
    // Items are checked one by one below, so one bad item does not lose the others.
    items: z.array(z.unknown()),
  })
  .loose();

export interface JsonFeedResult {
  title: string;
  homePage: string | null;
  language: string | null;
  items: RawItem[];
  /** Items dropped because they failed the schema. */
  rejected: number;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Maps a parsed JSON value to raw items; throws an Error naming the schema problem. */
export function readJsonFeed(value: unknown): JsonFeedResult {
  const feed = Feed.safeParse(value);
  if (!feed.success) throw new Error(`invalid JSON Feed: ${describe(feed.error)}`);
  const items: RawItem[] = [];
  let rejected = 0;
  for (const candidate of feed.data.items) {
    const item = Item.safeParse(candidate);
    if (!item.success) {
      rejected++;
      continue;
    }
    const it = item.data;
    const author = it.authors?.find((a) => a.name)?.name ?? it.author?.name ?? null;
    const html = it.content_html ?? null;
    items.push({
      guid: it.id,
      title: it.title ?? null,
      link: it.url ?? it.external_url ?? null,
      date: it.date_published ?? it.date_modified ?? null,
      author,
      categories: it.tags ?? [],
      bodies: html ? [html, it.summary] : [it.content_text, it.summary],
      bodyIsText: !html,
    });
  }
  return { title: feed.data.title ?? '', homePage: feed.data.home_page_url ?? null, language: feed.data.language ?? null, items, rejected };
}
