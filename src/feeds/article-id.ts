// The identity of a feed item: which items are the same article. One home for the rule, so
// ingestion, the store and `/feeds why` agree on it.
import { createHash } from 'node:crypto';

// Query parameters that identify a campaign or a click, never the article.
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ocid|cmpid|ncid|sr_share|at_medium|at_campaign|spm)$/i;

/** The link without tracking parameters and fragment, so the same story has one identity. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) {
      if (TRACKING.test(key)) url.searchParams.delete(key);
    }
    if (url.search === '?') url.search = '';
    return url.href;
  } catch {
    return link;
  }
}

function sha12(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 12);
}

/**
 * Stable 12-hex id. A guid is scoped by the feed URL (guids such as "1" repeat across feeds);
 * a link is global (the same URL from two feeds is one story); otherwise title and text.
 */
export function articleId(feedUrl: string, guid: string, link: string, title: string, text: string): string {
  if (guid) return sha12(`guid\n${feedUrl}\n${guid}`);
  if (link) return sha12(`link\n${canonicalLink(link)}`);
  return sha12(`content\n${title}\n${text}`);
}

/** Hash of an item's title and text as the feed gave them: what decides whether a seen item changed. */
export function contentHash(title: string, text: string): string {
  return createHash('sha1').update(title).update('\n').update(text).digest('hex').slice(0, 16);
}

/** What ingestion remembers of an item it has seen, as far as identity needs it. */
export interface KnownItem {
  link: string;
  title?: string;
  /** Hash of the item's title and text. */
  contentHash: string;
}

/** The store's answers to the identity questions. */
export interface IdentityLookup {
  /** The item seen under this article id. */
  seen(id: string): Promise<KnownItem | undefined>;
  /** The article id recorded under an identity key (`identityKeys`). */
  byKey(key: string): Promise<string | undefined>;
}

const linkKey = (feedUrl: string, link: string) => `link\n${feedUrl}\n${canonicalLink(link)}`;
// Content with its link: items of one feed that differ only in their link ("Live updates") stay apart.
const contentKey = (feedUrl: string, link: string, contentHash: string) => `content\n${feedUrl}\n${link ? canonicalLink(link) : ''}\n${contentHash}`;

/** The keys under which an item's id is recorded once it is ingested, for `resolveArticleId`. */
export function identityKeys(item: { feedUrl: string; link: string }, contentHash: string): string[] {
  return [contentKey(item.feedUrl, item.link, contentHash), ...(item.link ? [linkKey(item.feedUrl, item.link)] : [])];
}

/**
 * The id an item is stored under, given what was seen before. `articleId` is the first answer; feeds
 * that misuse GUIDs need two corrections, both within one feed:
 * - an item whose link and content (title and text) were seen before is that article, and so is one
 *   whose link was seen before with the same title: a feed that gives an item a new GUID on every poll
 *   does not make it a new story (a link alone is not enough: some feeds link every item to their home
 *   page);
 * - an item whose GUID is already taken by a different item (another link, or another content in the
 *   same poll) is a story of its own, with an id made from the GUID's id and its link or content.
 * `taken` holds the ids already given to items of the same poll of this feed.
 */
export async function resolveArticleId(item: { id: string; feedUrl: string; link: string; title: string }, contentHash: string, lookup: IdentityLookup, taken: ReadonlySet<string>): Promise<string> {
  const sameContent = await lookup.byKey(contentKey(item.feedUrl, item.link, contentHash));
  if (sameContent) return sameContent;
  const prior = await lookup.seen(item.id);
  const link = item.link ? canonicalLink(item.link) : '';
  const otherItem = prior && ((link && prior.link && canonicalLink(prior.link) !== link) || (taken.has(item.id) && prior.contentHash !== contentHash));
  if (prior && !otherItem) return item.id;
  if (link) {
    const id = await lookup.byKey(linkKey(item.feedUrl, link));
    const known = id && id !== item.id ? await lookup.seen(id) : undefined;
    if (id && known && known.title === item.title) return id;
  }
  return otherItem ? sha12(`shared\n${item.id}\n${link || contentHash}`) : item.id;
}
