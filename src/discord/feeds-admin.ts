import type { FeedStatus } from '../pipeline/index.ts';
import type { BotContext } from './context.ts';
import { LIMITS } from './limits.ts';
import { feedScope } from '../delivery/index.ts';
import { briefMatches } from '../topics/index.ts';
import { fail, type Reply } from './respond.ts';
import { fitEscaped, joinFitting, shownUrl } from './text.ts';
import { parseFeedUrl } from './validate.ts';
import { redactUrl } from '../util/redact-url.ts';

const ts = (iso: string | undefined, style = 'R') => (iso ? `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>` : 'never');

export function describeFeed(f: FeedStatus): string {
  const h = f.health;
  const name = fitEscaped(f.name ?? h?.title ?? new URL(f.url).host, 60);
  const head = `${h?.unhealthy || f.failedJob ? '🔴' : h?.lastError && h.consecutiveFailures ? '🟡' : '🟢'} **${name}**${f.added ? ' (added)' : ''} ${shownUrl(redactUrl(f.url))}`;
  const failed = f.failedJob ? `
  poll job failed ${ts(f.failedJob.at)} after ${f.failedJob.attempts} tries: ${fitEscaped(f.failedJob.error, 120)}` : '';
  if (!h) return `${head}
  not polled yet${failed}`;
  const parts = [`last success ${ts(h.lastSuccess)}`, `items seen ${h.itemsSeen}`, `next poll ${ts(h.nextPollAt)}`];
  if (h.lastError) parts.push(`last error ${ts(h.lastErrorAt)}: ${fitEscaped(h.lastError, 120)}${h.consecutiveFailures ? ` (${h.consecutiveFailures} in a row)` : ''}`);
  if (h.unhealthy) parts.push('**unhealthy**');
  return `${head}\n  ${parts.join(' · ')}${failed}`;
}

/** Configured feeds plus the ones this server added (other servers' added feeds stay theirs). */
export async function listFeeds(ctx: BotContext, guildId: string): Promise<Reply> {
  const feeds = await ctx.feeds.list(guildId);
  if (!feeds.length) return { content: 'No feeds are configured. Add one with /feeds add.', ephemeral: true };
  const lines = feeds.map(describeFeed);
  const body = joinFitting(lines, LIMITS.content - 80);
  const shown = body.split('\n').filter((l) => !l.startsWith('  ')).length;
  return { content: `Feeds (${feeds.length}):\n${body}${shown < feeds.length ? `\n…and ${feeds.length - shown} more.` : ''}`, ephemeral: true };
}

export async function addFeed(ctx: BotContext, rawUrl: string, userId: string, guildId: string): Promise<Reply> {
  if (!ctx.config.discord.allowGuildFeeds) return fail('Adding feeds from Discord is turned off on this bot (discord.allowGuildFeeds); ask its operator to add the feed to the configuration.');
  const url = parseFeedUrl(rawUrl);
  if (!url.ok) return fail(url.error);
  if ((await ctx.feeds.list(guildId)).some((f) => f.url === url.value)) return fail('That feed is already polled; see /feeds list.');
  const r = await ctx.feeds.add(url.value, userId, guildId);
  if (!r.ok) return fail(`Not added: ${r.reason}`);
  return { content: `Added **${fitEscaped(r.title, 100)}** (${r.items} items now). It is polled on the schedule \`${ctx.config.schedule.poll}\`.`, ephemeral: true };
}

/** Takes away this server's claim on a feed it added; other servers that added the same URL keep it. */
export async function removeFeed(ctx: BotContext, rawUrl: string, guildId: string): Promise<Reply> {
  const url = parseFeedUrl(rawUrl);
  if (!url.ok) return fail(url.error);
  const known = (await ctx.feeds.list(guildId)).find((f) => f.url === url.value);
  if (known && !known.added) return fail('That feed comes from the configuration file; only feeds added with /feeds add can be removed here.');
  if (!known || !(await ctx.feeds.remove(url.value, guildId))) return fail('This server has added no feed with that URL; see /feeds list.');
  return { content: `Removed ${shownUrl(url.value)}: its briefs no longer come to this server. Messages already posted stay.`, ephemeral: true };
}

function linkVariants(link: string): string[] {
  const out = [link.trim()];
  try {
    const u = new URL(link.trim());
    u.hash = '';
    out.push(u.toString(), u.toString().replace(/\/$/, ''), `${u.toString().replace(/\/$/, '')}/`);
  } catch {
    /* not a URL: exact match only */
  }
  return [...new Set(out)];
}

/** Explains for an article link whether it was seen, briefed, matched which topics, and posted where. */
export async function whyLink(ctx: BotContext, link: string, guildId: string): Promise<Reply> {
  if (!/^https?:\/\//i.test(link.trim())) return fail('Give the full article link, starting with https://.');
  // An article from a feed another server added is none of this server's business.
  const scope = await feedScope(ctx.config, ctx.store, guildId);
  const seen = (await ctx.store.seen.byLinks(linkVariants(link))).find((item) => scope.feedVisible(item.feedUrl));
  if (!seen) return { content: `newsbrief has not seen ${shownUrl(link)} in any feed it polls. Check that its feed is listed in /feeds list, or wait for the next poll.`, ephemeral: true };
  const lines = [`Seen ${shownUrl(seen.link)} in ${shownUrl(redactUrl(seen.feedUrl))} ${ts(seen.firstSeen)}.`];
  if (!seen.briefId) {
    lines.push(`No brief was made: ${fitEscaped(seen.skipped ?? 'no reason recorded', 300)}.`);
    return { content: lines.join('\n'), ephemeral: true };
  }
  const rec = await ctx.briefs.get(seen.briefId);
  if (!rec || !scope.visible(rec)) {
    lines.push(`It went into brief ${seen.briefId}, which is no longer stored.`);
    return { content: lines.join('\n'), ephemeral: true };
  }
  lines.push(`Briefed as **${fitEscaped(rec.brief.headline, 150)}** (id ${rec.brief.id}) ${ts(rec.createdAt)}${seen.briefId !== seen.articleId ? ', merged with the same story from another feed' : ''}.`);
  if (seen.bodySource === 'page') lines.push("Briefed from the article's page (the feed carried only a teaser).");
  else if (seen.bodyNote) lines.push(`Briefed from the feed's own text: ${fitEscaped(seen.bodyNote, 300)}.`);
  lines.push(rec.brief.topics.length ? `Matched topics: ${rec.brief.topics.join(', ')}.` : 'It matched no built-in topic.');
  const own = (await ctx.guildTopics.list(guildId)).filter((t) => !rec.brief.topics.includes(t.name));
  const ownHits = own.filter((t) => briefMatches(rec, t.name, t)).map((t) => t.name);
  if (ownHits.length) lines.push(`Matches this server's topics: ${ownHits.join(', ')}.`);
  const posts = await ctx.ledger.postsOf(rec.brief.id);
  const subs = await ctx.subs.forGuild(guildId);
  const here = posts.filter((p) => subs.some((s) => s.channelId === p.channelId));
  if (!here.length) lines.push('It has not been posted in this server (no subscription here matched it since it was made).');
  if (posts.length > here.length) lines.push(`Posted in ${posts.length - here.length} channel(s) of other servers.`);
  for (const p of here) {
    if (p.entry.state === 'failed') lines.push(`Failed in <#${p.channelId}> for topic ${p.entry.topic} ${ts(p.entry.at)}: ${fitEscaped(p.entry.reason ?? 'no reason recorded', 300)}`);
    else lines.push(`${p.entry.state === 'sent' ? 'Posted' : 'Being posted'} in <#${p.channelId}> for topic ${p.entry.topic} ${ts(p.entry.at)}.`);
  }
  return { content: joinFitting(lines, LIMITS.content), ephemeral: true };
}
