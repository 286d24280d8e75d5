// The condenser's front door: Article in, Brief out. Pure and deterministic: no I/O, no clock,
// no randomness, so the same article always gives the same brief.
import type { Article, Block } from '../feeds/index.ts';
import { cleanParagraphs } from './clean.ts';
import { pickContext, pickSummary, sentencesOf } from './context.ts';
import { blockQuotesOf, buildDoc, extractQuotes } from './extract.ts';
import { articleLanguage } from '../lang/index.ts';
import { rankQuotes } from './rank.ts';
import { termWeights } from './terms.ts';
import type { Brief, Quote } from './types.ts';

export type { Brief, BriefSource, Quote } from './types.ts';
export { createStoryIndex, mergeBriefs, signature, type StoryIndex, type StoryMatch } from './dedupe.ts';

/** Feed parsers sometimes hand over objects where strings belong; treat those as absent. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The paragraphs the condenser reads: the body's running text and block quotes. Captions are
 * never article prose, and headings inside the body are signposts, not sentences.
 */
function proseOf(article: Article): { paragraphs: string[]; kinds: Block['kind'][] } {
  const paragraphs: string[] = [];
  const kinds: Block['kind'][] = [];
  for (const b of Array.isArray(article.body) ? article.body : []) {
    if (!b || typeof b.text !== 'string' || b.kind === 'caption' || b.kind === 'heading') continue;
    paragraphs.push(b.text);
    kinds.push(b.kind);
  }
  return { paragraphs, kinds };
}

function dateOf(published: string | null): string | null {
  const m = published ? /^(\d{4}-\d{2}-\d{2})/.exec(published) : null;
  return m ? m[1]! : null;
}

export function condense(article: Article): Brief {
  // The feed stage cleaned the title (site and section names gone).
  const headline = str(article.title).replace(/\s+/g, ' ').trim();
  const prose = proseOf(article);
  let paragraphs = cleanParagraphs(prose.paragraphs);
  // Some feeds repeat the headline as the first line of the body.
  if (headline && paragraphs[0] && paragraphs[0].replace(/[.\s]+$/, '') === headline.replace(/[.\s]+$/, '')) paragraphs = paragraphs.slice(1);
  // One language for everything that follows: the declared one, else the detected one.
  const lang = articleLanguage(str(article.lang) || null, headline, paragraphs);
  // Quotes are attributed with the lexicon of that language; block quotes may be someone's words.
  const doc = buildDoc(paragraphs, lang ?? 'en', blockQuotesOf(prose.paragraphs, prose.kinds));
  const sentences = sentencesOf(doc, lang);
  const weights = termWeights(sentences.map((s) => s.words), headline);
  const found = rankQuotes(extractQuotes(doc), weights);
  const quotes: Quote[] = found.map((q) => ({ text: q.text, speaker: q.speaker, ...(q.role ? { role: q.role } : {}) }));
  const summary = pickSummary(sentences, headline);
  return {
    id: article.id,
    headline,
    date: dateOf(str(article.published) || null),
    source: str(article.source),
    link: str(article.link),
    summary: summary?.text ?? '',
    quotes,
    context: pickContext(sentences, summary, weights, headline),
    lang,
    topics: [],
  };
}
