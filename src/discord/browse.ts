import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { cursorOf, feedScope, guildBriefs } from '../delivery/index.ts';
import type { BriefCursor, QuoteHit, StoredBrief } from '../store/index.ts';
import type { Topic } from '../topics/index.ts';
import type { BotContext } from './context.ts';
import { briefEmbed, quoteLine } from './embed.ts';
import { LIMITS } from './limits.ts';
import { compactEmbed } from './render.ts';
import { fail, type Reply } from './respond.ts';
import { fitEscaped, joinFitting, maskedLink } from './text.ts';

export const PAGE_SIZE = 5;
/** Pages and quote lists say "N in all" up to this many; counting further would read the whole match. */
const COUNT_CAP = 50;
/** Autocomplete ranks the speakers of this many newest quotes of the last `SPEAKER_DAYS` days. */
const SPEAKER_WINDOW = 500;
const SPEAKER_DAYS = 30;
/** At most this many quote lines fit one embed (each is at least ~90 characters). */
const QUOTES_READ = 50;
const DAY_MS = 86_400_000;

export interface BriefBrowse {
  topic?: string;
  /** YYYY-MM-DD, already resolved from today/yesterday. */
  date?: string;
  search?: string;
}

/** Where a page starts: after the brief shown last (Next) or before the one shown first (Previous). */
export interface PageCursor {
  direction: 'after' | 'before';
  id: string;
}

/**
 * Button ids carry the whole query and the keyset position (Discord allows 100 characters):
 * `brief:<page>:<a|b><briefId>:<topic>:<date>:<search>`. The brief's creation time is read back from the
 * archive by its id, so the id stays short; a search cut by the limit is the only loss, as before.
 */
export function pageButtonId(q: BriefBrowse, page: number, cursor?: PageCursor): string {
  const at = cursor ? `${cursor.direction === 'after' ? 'a' : 'b'}${cursor.id}` : '';
  return `brief:${page}:${at}:${q.topic ?? ''}:${q.date ?? ''}:${q.search ?? ''}`.slice(0, 100);
}

export function parsePageButtonId(id: string): { query: BriefBrowse; page: number; cursor?: PageCursor } | null {
  const m = /^brief:(\d{1,4}):(?:([ab])([^:]+))?:([a-z0-9-]*):(\d{4}-\d{2}-\d{2})?:(.*)$/s.exec(id);
  if (!m) return null;
  return {
    page: Number(m[1]),
    query: { ...(m[4] ? { topic: m[4] } : {}), ...(m[5] ? { date: m[5] } : {}), ...(m[6] ? { search: m[6] } : {}) },
    ...(m[2] ? { cursor: { direction: m[2] === 'a' ? 'after' : 'before', id: m[3]! } as PageCursor } : {}),
  };
}

async function guildTopicOf(ctx: BotContext, guildId: string | null, topic: string | undefined): Promise<Topic | undefined> {
  if (!topic || !guildId || ctx.config.topics.some((t) => t.name === topic)) return undefined;
  return ctx.guildTopics.get(guildId, topic);
}

/** "The archive goes back to 12 March 2025": how far back /brief and /quotes can look. */
async function archiveExtent(ctx: BotContext): Promise<string> {
  const oldest = await ctx.briefs.oldest();
  const kept = ctx.config.store.retention.briefsDays;
  return oldest ? `The archive goes back to ${oldest.slice(0, 10)} (briefs are kept ${kept} days).` : `The archive is empty so far (briefs are kept ${kept} days).`;
}

/**
 * One page of past briefs, newest first, with Previous/Next buttons. Only the rows of the page are read
 * (keyset pagination on creation time and id), plus one to know whether a next page exists.
 */
export async function briefPage(ctx: BotContext, q: BriefBrowse, page: number, guildId: string | null, cursor?: PageCursor): Promise<Reply> {
  const scope = await feedScope(ctx.config, ctx.store, guildId);
  const guildTopic = await guildTopicOf(ctx, guildId, q.topic);
  let at: BriefCursor | undefined;
  if (cursor) {
    const rec = await ctx.briefs.get(cursor.id);
    if (rec) at = cursorOf(rec);
  }
  // A cursor whose brief is gone (pruned) starts again from the newest.
  const direction = at ? cursor!.direction : 'after';
  let p = at ? page : 0;
  const filter = { ...(q.topic ? { topic: q.topic } : {}), ...(guildTopic ? { guildTopic } : {}), ...(q.date ? { date: q.date } : {}), ...(q.search ? { search: q.search } : {}) };
  let rows = await guildBriefs(ctx.store, scope, { ...filter, ...(at ? { [direction]: at } : {}), limit: PAGE_SIZE + 1 });
  let more: boolean;
  if (direction === 'before') {
    // Newest first, nearest the cursor last: one row beyond the page means there is a newer page.
    if (rows.length <= PAGE_SIZE) p = 0;
    rows = rows.slice(-PAGE_SIZE);
    more = true;
  } else {
    more = rows.length > PAGE_SIZE;
    rows = rows.slice(0, PAGE_SIZE);
  }
  const filters = [q.topic && `topic ${q.topic}`, q.date && `on ${q.date}`, q.search && `matching "${fitEscaped(q.search, 60)}"`].filter(Boolean).join(', ');
  const extent = await archiveExtent(ctx);
  if (!rows.length) return fail(`No briefs found${filters ? ` (${filters})` : ''}. Try another topic, date or search. ${extent}`);
  let position = `page ${p + 1}`;
  if (!guildTopic) {
    const total = await ctx.briefs.count({ ...filter, hiddenFeeds: scope.hiddenFeeds }, COUNT_CAP);
    position = total >= COUNT_CAP ? `page ${p + 1} (${COUNT_CAP}+ in all)` : `page ${p + 1} of ${Math.max(p + 1, Math.ceil(total / PAGE_SIZE))} (${total} in all)`;
  }
  return {
    content: `Briefs${filters ? ` (${filters})` : ''}, newest first: ${position}. Show one in full with /brief id:ID. ${extent}`,
    embeds: rows.map((r) => compactEmbed(r.brief)),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: pageButtonId(q, p - 1, { direction: 'before', id: rows[0]!.brief.id }), disabled: p === 0 },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: pageButtonId(q, p + 1, { direction: 'after', id: rows[rows.length - 1]!.brief.id }), disabled: !more },
        ],
      },
    ],
  };
}

export async function briefById(ctx: BotContext, id: string, guildId: string | null): Promise<Reply> {
  const rec = await ctx.briefs.get(id.trim());
  if (!rec || !(await feedScope(ctx.config, ctx.store, guildId)).visible(rec)) return fail(`No brief has the id "${fitEscaped(id, 40)}". Ids are shown in each brief's footer; list briefs with /brief.`);
  return { embeds: [briefEmbed(rec.brief, { quotesShown: 10 })] };
}

export interface QuotesInput {
  speaker?: string;
  topic?: string;
  days: number;
}

function speakerMatches(speaker: string | null, typed: string | undefined): boolean {
  if (!typed) return true;
  const words = (speaker ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return (typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).every((w) => words.some((s) => s.startsWith(w)));
}

function hitsOf(rows: StoredBrief[], speaker: string | undefined): QuoteHit[] {
  return rows.flatMap((r) =>
    r.brief.quotes
      .filter((q) => speakerMatches(q.speaker, speaker))
      .map((quote) => ({ quote, briefId: r.brief.id, headline: r.brief.headline, link: r.brief.link, day: r.brief.date ?? r.createdAt.slice(0, 10), createdAt: r.createdAt })),
  );
}

/**
 * Key quotes, newest brief first: the quote, its speaker, the date and the brief it comes from. Reads only
 * the quotes that can fit the embed (speaker and topic are indexed), and counts matches up to a bound.
 */
export async function quotes(ctx: BotContext, input: QuotesInput, guildId: string | null): Promise<Reply> {
  const scope = await feedScope(ctx.config, ctx.store, guildId);
  const since = new Date(ctx.now().getTime() - input.days * DAY_MS).toISOString();
  const guildTopic = await guildTopicOf(ctx, guildId, input.topic);
  let hits: QuoteHit[];
  let total: number;
  if (guildTopic) {
    // A guild topic is matched on its keywords: the newest matching briefs, their quotes.
    const rows = await guildBriefs(ctx.store, scope, { since, guildTopic, limit: QUOTES_READ });
    hits = hitsOf(rows, input.speaker).slice(0, QUOTES_READ);
    total = hits.length;
  } else {
    const q = { since, hiddenFeeds: scope.hiddenFeeds, ...(input.topic ? { topic: input.topic } : {}), ...(input.speaker ? { speaker: input.speaker } : {}) };
    hits = await ctx.briefs.quotes({ ...q, limit: QUOTES_READ });
    // Counting is needed only when the read was cut short below the count's own cap.
    total = hits.length < QUOTES_READ || hits.length >= COUNT_CAP ? hits.length : await ctx.briefs.countQuotes(q, COUNT_CAP);
  }
  const filters = [input.speaker && `by ${fitEscaped(input.speaker, 60)}`, input.topic && `on ${input.topic}`, `last ${input.days} days`].filter(Boolean).join(', ');
  if (!hits.length) return fail(`No quotes found (${filters}). Try more days, another speaker or no topic. ${await archiveExtent(ctx)}`);
  const lines = hits.map((h) => {
    const from = `${h.day} · ${maskedLink(h.headline, h.link, 80)} (id ${h.briefId})`;
    return `${quoteLine(h.quote, 500)}\n  ${from}`;
  });
  const description = joinFitting(lines, LIMITS.embedDescription - 100, '\n\n');
  const shown = description.split('\n\n').length;
  const found = total >= COUNT_CAP ? `${COUNT_CAP}+` : String(total);
  return {
    content: `Key quotes (${filters}): ${found} found${shown < total ? `, showing the newest ${shown}` : ''}.`,
    embeds: [{ title: 'Key quotes', description, color: 0x2b6cb0 }],
  };
}

/** Speakers quoted in recent briefs whose names start with the typed words, most quoted first. */
export async function speakerChoices(ctx: BotContext, typed: string, guildId: string | null): Promise<string[]> {
  const scope = await feedScope(ctx.config, ctx.store, guildId);
  const since = new Date(ctx.now().getTime() - SPEAKER_DAYS * DAY_MS).toISOString();
  return ctx.briefs.speakers({ since, typed, hiddenFeeds: scope.hiddenFeeds, limit: 25, window: SPEAKER_WINDOW });
}
