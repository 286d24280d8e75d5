import type { Topic } from './types.ts';

/**
 * Keyword matching for topics: case-insensitive, on word boundaries, with simple plurals
 * ("sanction" matches "sanctions", "company" matches "companies") and possessives.
 * A keyword written in capitals ("UN", "AI", "WHO") matches case-sensitively, because its
 * lower-case form is an ordinary word ("un", "ai", "who").
 */
export function compileTopic(topic: Topic): RegExp[] {
  const exact: string[] = [];
  const folded: string[] = [];
  for (const raw of topic.keywords) {
    const kw = raw.trim();
    if (!kw) continue;
    const alternation = keywordPattern(kw);
    if (/^[A-Z0-9]{2,5}$/.test(kw)) exact.push(alternation);
    else folded.push(alternation);
  }
  const wrap = (alts: string[]) => `(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?:'s|’s)?(?![\\p{L}\\p{N}])`;
  const out: RegExp[] = [];
  if (folded.length) out.push(new RegExp(wrap(folded), 'iu'));
  if (exact.length) out.push(new RegExp(wrap(exact), 'u'));
  return out;
}

function keywordPattern(keyword: string): string {
  const words = keyword.split(/\s+/).map(escapeRegExp);
  const last = words.pop()!;
  // Only the last word of a phrase takes a plural: "interest rates", not "interests rate".
  const plural = /[^aeiou]y$/i.test(last) ? `(?:${last}|${last.slice(0, -1)}ies)` : `${last}(?:s|es)?`;
  return [...words, plural].join('[\\s\\-]+');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names of the topics whose keywords occur in the given text, in the order the topics are listed. */
export function matchTopics(text: string, topics: readonly Topic[], compiled = new Map<Topic, RegExp[]>()): string[] {
  const names: string[] = [];
  for (const topic of topics) {
    let res = compiled.get(topic);
    if (!res) compiled.set(topic, (res = compileTopic(topic)));
    if (res.some((re) => re.test(text))) names.push(topic.name);
  }
  return names;
}
