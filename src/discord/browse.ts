import { ButtonStyle, ComponentType } from 'discord.js';
import type { BriefQuery, StoredBrief } from '../store/briefs.ts';
import type { BotContext } from './context.ts';
import { briefEmbed, quoteLine } from './embed.ts';
import { LIMITS } from './limits.ts';
import { compactEmbed } from './render.ts';
import { fail, type Reply } from './respond.ts';
import { fitEscaped, joinFitting, maskedLink } from './text.ts';
import { briefMatches } from './delivery.ts';
import { feedScope } from './scope.ts';

export const PAGE_SIZE = 5;
const BROWSE_DAYS = 30;

export interface BriefBrowse {
  topic?: string;
  /** YYYY-MM-DD, already resolved from today/yesterday. */
  date?: string;
  search?: string;
}

/** Button ids carry the whole query (at most 100 characters): `brief:<page>:<topic>:<date>:<search>`. */
export function pageButtonId(q: BriefBrowse, page: number): string {
  return `brief:${page}:${q.topic ?? ''}:${q.date ?? ''}:${q.search ?? ''}`.slice(0, 100);
}

export function parsePageButtonId(id: string): { query: BriefBrowse; page: number } | null {
  const m = /^brief:(\d{1,4}):([a-z0-9-]*):(\d{4}-\d{2}-\d{2})?:(.*)$/s.exec(id);
  if (!m) return null;
  return { page: Number(m[1]), query: { ...(m[2] ? { topic: m[2] } : {}), ...(m[3] ? { date: m[3] } : {}), ...(m[4] ? { search: m[4] } : {}) } };
}

/**
 * Briefs for a query as one guild sees them: only briefs visible to it (`feedScope`). A configured topic
 * filters on the brief's stored topics; a guild's own topic on that guild's keywords (`briefMatches`),
 * as delivery does.
 */
async function briefsFor(ctx: BotContext, guildId: string | null, query: BriefQuery, topic?: string): Promise<StoredBrief[]> {
  const guildTopic = topic && guildId ? (await ctx.guildTopics.list(guildId)).find((t) => t.name === topic) : undefined;
  const scope = await feedScope(ctx.config, ctx.store);
  const found = await ctx.briefs.query({ ...query, ...(topic && !guildTopic ? { topics: [topic] } : {}) }, ctx.now());
  return found.filter((r) => scope.visible(r, guildId) && (!guildTopic || briefMatches(r, guildTopic.name, guildTopic)));
}

/** One page of past briefs, newest first, with Previous/Next buttons. */
export async function briefPage(ctx: BotContext, q: BriefBrowse, page: number, guildId: string | null): Promise<Reply> {
  const query: BriefQuery = { days: BROWSE_DAYS, ...(q.date ? { date: q.date } : {}), ...(q.search ? { search: q.search } : {}) };
  const all = await briefsFor(ctx, guildId, query, q.topic);
  const filters = [q.topic && `topic ${q.topic}`, q.date && `on ${q.date}`, q.search && `matching "${fitEscaped(q.search, 60)}"`].filter(Boolean).join(', ');
  if (!all.length) {
    return fail(`No briefs found${filters ? ` (${filters})` : ` in the last ${BROWSE_DAYS} days`}. Try another topic, date or search.`);
  }
  const pages = Math.ceil(all.length / PAGE_SIZE);
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = all.slice(p * PAGE_SIZE, p * PAGE_SIZE + PAGE_SIZE);
  return {
    content: `Briefs${filters ? ` (${filters})` : ''}, newest first: page ${p + 1} of ${pages} (${all.length} in all). Show one in full with /brief id:ID.`,
    embeds: shown.map((r) => compactEmbed(r.brief)),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: pageButtonId(q, p - 1), disabled: p === 0 },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: pageButtonId(q, p + 1), disabled: p >= pages - 1 },
        ],
      },
    ],
  };
}

export async function briefById(ctx: BotContext, id: string, guildId: string | null): Promise<Reply> {
  const rec = await ctx.briefs.get(id.trim());
  if (!rec || !(await feedScope(ctx.config, ctx.store)).visible(rec, guildId)) return fail(`No brief has the id "${fitEscaped(id, 40)}". Ids are shown in each brief's footer; list briefs with /brief.`);
  return { embeds: [briefEmbed(rec.brief, { quotesShown: 10 })] };
}

export interface QuotesInput {
  speaker?: string;
  topic?: string;
  days: number;
}

function quoteHits(recent: StoredBrief[], speaker?: string) {
  const who = speaker?.trim().toLowerCase();
  return recent.flatMap((r) => r.brief.quotes.filter((q) => !who || (q.speaker ?? '').toLowerCase().includes(who)).map((q) => ({ q, r })));
}

/** Key quotes, newest brief first: the quote, its speaker, the date and the brief it comes from. */
export async function quotes(ctx: BotContext, input: QuotesInput, guildId: string | null): Promise<Reply> {
  const recent = await briefsFor(ctx, guildId, { days: input.days }, input.topic);
  const hits = quoteHits(recent, input.speaker);
  const filters = [input.speaker && `by ${fitEscaped(input.speaker, 60)}`, input.topic && `on ${input.topic}`, `last ${input.days} days`].filter(Boolean).join(', ');
  if (!hits.length) return fail(`No quotes found (${filters}). Try more days, another speaker or no topic.`);
  const lines = hits.map(({ q, r }) => {
    const from = `${r.brief.date ?? r.createdAt.slice(0, 10)} · ${maskedLink(r.brief.headline, r.brief.link, 80)} (id ${r.brief.id})`;
    return `${quoteLine(q, 500)}\n  ${from}`;
  });
  const description = joinFitting(lines, LIMITS.embedDescription - 100, '\n\n');
  const shown = description.split('\n\n').length;
  return {
    content: `Key quotes (${filters}): ${hits.length} found${shown < hits.length ? `, showing the newest ${shown}` : ''}.`,
    embeds: [{ title: 'Key quotes', description, color: 0x2b6cb0 }],
  };
}

/** Speakers quoted in recent briefs whose names contain the typed text, most quoted first. */
export async function speakerChoices(ctx: BotContext, typed: string, guildId: string | null): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const { q } of quoteHits(await briefsFor(ctx, guildId, { days: BROWSE_DAYS }), typed || undefined)) {
    if (q.speaker) counts.set(q.speaker, (counts.get(q.speaker) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 25).map(([s]) => s);
}
