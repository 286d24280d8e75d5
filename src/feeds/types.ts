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
  /** Plain text of the article body: paragraphs separated by blank lines. */
  text: string;
  /** Original HTML of the body when the feed carried HTML, else null. */
  html: string | null;
  /** Declared language (BCP 47) of the page (`<html lang>`, `og:locale`) or the feed (`<language>`), or null when none is declared. */
  lang?: string | null;
  /** Where `text` came from: the feed item (default) or the linked page (full-text fetch). */
  textSource?: 'feed' | 'page';
}

/** Configuration of one feed to poll. */
export interface FeedSource {
  url: string;
  /** Display name; defaults to the feed's own title. */
  name?: string;
}
