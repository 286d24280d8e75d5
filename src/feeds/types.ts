/** One item of a feed, normalised. Everything after ingestion works on Articles, never on raw feed XML. */
export interface Article {
  /** Stable identity: the feed's guid, else the canonical link, else a hash of the content. */
  id: string;
  /** URL of the feed the item came from ('' for articles read from a file). */
  feedUrl: string;
  /** Human name of the source (the feed's title, or the site's host name). */
  source: string;
  title: string;
  /** Absolute link to the article, or '' when the item has none. */
  link: string;
  /** ISO 8601 publication time, or null when the feed gives none. */
  published: string | null;
  author: string | null;
  categories: string[];
  /**
   * The article's one body: its text as blocks (paragraphs, headings, block quotes, list items,
   * captions), made by the feed stage from the feed item's content or from the linked page.
   * Nothing downstream sees HTML.
   */
  body: Block[];
  /** Where `body` came from: the feed item, or the linked page (full-text fetch). */
  bodySource: 'feed' | 'page';
  /** Why the linked page was not used, when a page was wanted and the feed's text was kept. */
  bodyNote?: string;
  /**
   * Hash of the item as the feed gave it (title and the feed's own text), so an unchanged item
   * is recognised before its page is fetched again, whatever the page does between polls.
   */
  contentHash: string;
  /** Declared language (BCP 47 primary tag, lower case: the page's lang / og:locale, the feed's <language>), or null. */
  lang: string | null;
}

export type BlockKind = 'paragraph' | 'heading' | 'quote' | 'item' | 'caption';

/** One block of an article's text: plain text, whitespace collapsed. */
export interface Block {
  kind: BlockKind;
  text: string;
}

/** Configuration of one feed to poll. */
export interface FeedSource {
  url: string;
  /** Display name; defaults to the feed's own title. */
  name?: string;
}
