/** A direct quotation from an article and who said it. */
export interface Quote {
  /** The quoted words, without the quote marks. */
  text: string;
  /** Full name (as first given in the article) or the best description of the speaker; null when unknown. */
  speaker: string | null;
  /** The speaker's role when the article gives one ("Russia's Deputy Foreign Minister"). */
  role?: string;
}

/** Where a brief's story was published; a story carried by several feeds lists each. */
export interface BriefSource {
  name: string;
  link: string;
}

/** The condensed form of an article: what newsbrief stores, searches and posts. */
export interface Brief {
  /** Same as the id of the article it was made from (the first one, for merged stories). */
  id: string;
  headline: string;
  /** Publication date, YYYY-MM-DD, or null when unknown. */
  date: string | null;
  /** Name of the (first) source. */
  source: string;
  /** Every outlet that carried the story, when several feeds did (first one first). */
  sources?: BriefSource[];
  link: string;
  /** One sentence saying what happened. */
  summary: string;
  /** Every attributed direct quotation, most important first. */
  quotes: Quote[];
  /** 2-4 sentences of background. */
  context: string[];
  /**
   * Language of the article, as a BCP 47 primary tag ("en", "de", "zh"), or null when unknown.
   * Always set by the condenser; absent only in briefs stored before languages were detected.
   */
  lang?: string | null;
  /** Names of the topics the brief matched. */
  topics: string[];
}
