import type { APIEmbed } from 'discord.js';
import type { Brief, Quote } from '../brief/types.ts';
import { LIMITS } from './limits.ts';
import { fitEscaped, joinFitting } from './text.ts';

export interface EmbedOptions {
  /** How many quotes the embed shows (the brief keeps them all). */
  quotesShown?: number;
  /** Brand colour of the embed's side bar. */
  color?: number;
}

const DEFAULT_COLOR = 0x2b6cb0;

/** The Discord embed of one brief: pure data, within every embed limit. */
export function briefEmbed(brief: Brief, opts: EmbedOptions = {}): APIEmbed {
  const shown = opts.quotesShown ?? 3;
  const embed: APIEmbed = {
    title: fitEscaped(brief.headline || brief.summary || 'Untitled', LIMITS.embedTitle),
    color: opts.color ?? DEFAULT_COLOR,
    description: fitEscaped(brief.summary, 1200),
    fields: [],
    footer: { text: footerText(brief) },
  };
  if (isHttpUrl(brief.link)) embed.url = brief.link;
  if (brief.date) embed.timestamp = new Date(`${brief.date}T00:00:00Z`).toISOString();

  const quoteLines = brief.quotes.slice(0, shown).map((q) => quoteLine(q, 400));
  const quotes = joinFitting(quoteLines.filter(Boolean), LIMITS.fieldValue);
  if (quotes) embed.fields!.push({ name: 'Key quotes', value: quotes });

  const context = joinFitting(brief.context.map((s) => fitEscaped(s, 500)).filter(Boolean), LIMITS.fieldValue, ' ');
  if (context) embed.fields!.push({ name: 'Context', value: context });

  if (brief.topics.length) {
    embed.fields!.push({ name: 'Topics', value: fitEscaped(brief.topics.join(' · '), LIMITS.fieldValue), inline: true });
  }
  return embed;
}

/** `“…” — Speaker, role`, with the marks always paired even when the quote is shortened. */
export function quoteLine(q: Quote, max: number = LIMITS.fieldValue): string {
  const who = [q.speaker, q.role].filter(Boolean).join(', ');
  const attribution = who ? ` — ${fitEscaped(who, 120)}` : '';
  return fitEscaped(q.text, max - attribution.length, (t) => `“${t}”`) + attribution;
}

function footerText(brief: Brief): string {
  const sources = brief.sources?.map((s) => s.name) ?? [brief.source];
  const parts = [[...new Set(sources.filter(Boolean))].join(', ')];
  if (brief.date) parts.push(brief.date);
  parts.push(`id ${brief.id}`);
  // Footers are not markdown; only length matters.
  return parts.filter(Boolean).join(' · ').slice(0, LIMITS.footer);
}

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s);
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
  return s.replace(/\\([\\*_~`|>#\-[\]()])/g, '$1').replace(/\u200b/g, '');
}
