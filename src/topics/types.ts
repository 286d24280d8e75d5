/**
 * Keywords of a topic: one list for every language, or lists per language keyed by BCP 47
 * primary tag (`{ "de": [...], "fr": [...] }`), where `"*"` holds the words of every language
 * (names, acronyms).
 */
export type Keywords = string[] | Record<string, string[]>;

/** A named subject that channels subscribe to, matched against briefs by keywords and phrases. */
export interface Topic {
  name: string;
  keywords: Keywords;
  /** Words that rule the topic out: a brief containing any of them never gets it. */
  exclude?: Keywords;
}
