import type { APIEmbed } from 'discord.js';
import type { Brief, Quote } from '../brief/index.ts';
import { stripControls } from '../feeds/index.ts';
import { LIMITS } from './limits.ts';
import { fitEscaped, joinFitting, safeUrl, truncateWords } from './text.ts';

export interface EmbedOptions {
  /** How many quotes the embed shows (the brief keeps them all). */
  quotesShown?: number;
  /** Brand colour of the embed's side bar. */
  color?: number;
}

const DEFAULT_COLOR = 0x2b6cb0;

/**
 * The Discord embed of one brief: pure data, within every embed limit. When the whole would pass
 * Discord's 6,000 characters (many topics, many quotes shown, long source names), quotes are dropped
 * from the end first, then context sentences, so the post is never refused.
 */
export function briefEmbed(brief: Brief, opts: EmbedOptions = {}): APIEmbed {
  const shown = opts.quotesShown ?? 3;
  const quoteLines = brief.quotes.slice(0, shown).map((q) => quoteLine(q, 400)).filter(Boolean);
  const context = brief.context.map((s) => fitEscaped(s, 500)).filter(Boolean);
  const build = (quotes: number, sentences: number): APIEmbed => {
    const embed: APIEmbed = {
      title: fitEscaped(brief.headline || brief.summary || 'Untitled', LIMITS.embedTitle),
      color: opts.color ?? DEFAULT_COLOR,
      description: fitEscaped(brief.summary, 1200),
      fields: [],
      footer: { text: footerText(brief) },
    };
    const url = safeUrl(brief.link);
    if (url) embed.url = url;
    if (brief.date) embed.timestamp = new Date(`${brief.date}T00:00:00Z`).toISOString();
    const quoteField = joinFitting(quoteLines.slice(0, quotes), LIMITS.fieldValue);
    if (quoteField) embed.fields!.push({ name: 'Key quotes', value: quoteField });
    const contextField = joinFitting(context.slice(0, sentences), LIMITS.fieldValue, ' ');
    if (contextField) embed.fields!.push({ name: 'Context', value: contextField });
    if (brief.topics.length) {
      embed.fields!.push({ name: 'Topics', value: fitEscaped(brief.topics.join(' · '), LIMITS.fieldValue), inline: true });
    }
    return embed;
  };
  let quotes = quoteLines.length;
  let sentences = context.length;
  for (;;) {
    const embed = build(quotes, sentences);
    if (embedLength(embed) <= LIMITS.embedTotal || (quotes === 0 && sentences === 0)) return embed;
    if (quotes > 0) quotes--;
    else sentences--;
  }
}

/** `“…” — Speaker, role`, with the marks always paired even when the quote is shortened. */
export function quoteLine(q: Quote, max: number = LIMITS.fieldValue): string {
  const who = [q.speaker, q.role].filter(Boolean).join(', ');
  const attribution = who ? ` — ${fitEscaped(who, 120)}` : '';
  return fitEscaped(q.text, max - attribution.length, (t) => `“${t}”`) + attribution;
}

/** Longest list of source names a footer shows, so the footer never crowds out the brief. */
const FOOTER_SOURCES = 300;

/**
 * `Source, Other · date · id …`. Footers are not markdown; only length matters. The id always stays:
 * it is how a restart recognises its own earlier post.
 */
export function footerText(brief: Brief): string {
  const sources = brief.sources?.map((s) => s.name) ?? [brief.source];
  const names = truncateWords([...new Set(sources.filter(Boolean))].join(', ').replace(/\s+/g, ' ').trim(), FOOTER_SOURCES);
  return [names, brief.date, `id ${brief.id}`].filter(Boolean).join(' · ');
}

/** Total characters of an embed as Discord counts them against the 6,000 limit. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** The embed as plain text, for the preview in a terminal. */
export function embedToText(e: APIEmbed): string {
  const lines = [`■ ${e.title ?? ''}`];
  if (e.url) lines.push(`  ${e.url}`);
  if (e.description) lines.push('', e.description);
  for (const f of e.fields ?? []) lines.push('', `${f.name}:`, ...f.value.split('\n').map((l) => `  ${l}`));
  if (e.footer) lines.push('', `— ${e.footer.text}`);
  return unescapeMarkdown(lines.join('\n'));
}

function unescapeMarkdown(s: string): string {
  // Stored text is clean already; a terminal gets no escape sequence whatever reached the brief.
  return stripControls(s.replace(/\\([\\*_~`|>#\-[\]()])/g, '$1').replace(/\u200b/g, ''));
}
