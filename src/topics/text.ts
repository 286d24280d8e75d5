import type { Brief } from '../brief/types.ts';

/** The text of a brief that topics are matched against: what a reader sees, plus the feed's own categories. */
export function topicText(brief: Brief, categories: readonly string[] = []): string {
  return [brief.headline, brief.summary, ...brief.context, ...brief.quotes.map((q) => q.text), ...categories].join('\n');
}
