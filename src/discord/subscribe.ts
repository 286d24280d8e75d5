import { ChannelType } from 'discord-api-types/v10';
import type { BotContext } from './context.ts';
import { dueDigest, feedScope, guildBriefs } from '../delivery/index.ts';
import type { DeliveryMode, Subscription } from '../store/index.ts';
import { topicsForGuild } from '../topics/index.ts';
import { fail, type Reply } from './respond.ts';
import { fitEscaped, joinFitting } from './text.ts';
import { parseTime, parseTimeZone } from './validate.ts';
import { LIMITS } from './limits.ts';

export interface SubscribeInput {
  guildId: string;
  channelId: string;
  channelType: ChannelType | null;
  userId: string;
  topic: string;
  mode: string | null;
  time: string | null;
  timezone: string | null;
  mentionRoleId: string | null;
}

const MESSAGE_CHANNELS = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** Which kind of posting a channel supports, or null when newsbrief cannot post there. */
export function channelKind(type: ChannelType | null): Subscription['channelKind'] | null {
  if (type === ChannelType.GuildForum) return 'forum';
  return type !== null && MESSAGE_CHANNELS.has(type) ? 'messages' : null;
}

const ts = (d: Date, style = 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

/** The next instant a digest subscription will post (today's time if still ahead, else tomorrow's). */
export function nextDigestAt(sub: Pick<Subscription, 'time' | 'timezone'>, now: Date): Date {
  for (let h = 0; h <= 48; h++) {
    const probe = new Date(now.getTime() + h * 3_600_000);
    const due = dueDigest({ mode: 'digest', state: 'active', time: sub.time, timezone: sub.timezone, since: now.toISOString() }, probe);
    if (due) return due.at;
  }
  return now;
}

export async function subscribe(ctx: BotContext, input: SubscribeInput): Promise<Reply> {
  const kind = channelKind(input.channelType);
  if (!kind) return fail('newsbrief can post only in text, announcement, thread and forum channels. Run /subscribe in one of those.');
  const topics = await topicsForGuild(ctx.config, ctx.guildTopics, input.guildId);
  const topicName = input.topic.trim().toLowerCase();
  if (!topics.some((t) => t.name === topicName)) return fail(`There is no topic "${fitEscaped(input.topic, 40)}". Pick one from the list, or see /topics list.`);
  const mode = (input.mode ?? 'instant') as DeliveryMode;
  if (mode !== 'instant' && mode !== 'digest') return fail('mode must be instant (each brief as it comes) or digest (one message a day).');
  let time: string | null = null;
  if (input.time) {
    if (mode !== 'digest') return fail('A time only applies to digests; add mode:digest, or leave the time out.');
    const t = parseTime(input.time);
    if (!t.ok) return fail(t.error);
    time = t.value;
  } else if (mode === 'digest') time = '08:00';
  const tz = parseTimeZone(input.timezone ?? ctx.config.schedule.timezone);
  if (!tz.ok) return fail(tz.error);
  if (input.mentionRoleId === input.guildId) return fail('Mentioning @everyone is not allowed; pick a specific role to mention.');

  const now = ctx.now();
  const existing = await ctx.subs.get(input.channelId, topicName);
  let since = existing?.state === 'active' ? existing.since : now.toISOString();
  let backlog = 0;
  if (mode === 'instant' && (!existing || existing.state === 'paused') && ctx.config.discord.backlogOnSubscribe > 0) {
    const guildTopic = topics.find((t) => t.name === topicName && t.guild);
    const scope = await feedScope(ctx.config, ctx.store, input.guildId);
    const from = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const latest = await guildBriefs(ctx.store, scope, { since: from, topic: topicName, ...(guildTopic ? { guildTopic } : {}), limit: ctx.config.discord.backlogOnSubscribe });
    if (latest.length) {
      since = latest[latest.length - 1]!.createdAt;
      backlog = latest.length;
    }
  }
  const sub: Subscription = {
    guildId: input.guildId,
    channelId: input.channelId,
    channelKind: kind,
    topic: topicName,
    mode,
    time,
    timezone: tz.value,
    ...(input.mentionRoleId ? { mentionRoleId: input.mentionRoleId } : {}),
    since,
    state: 'active',
    ...(existing?.lastPostAt ? { lastPostAt: existing.lastPostAt } : {}),
    ...(existing?.lastDigestDate ? { lastDigestDate: existing.lastDigestDate } : {}),
    // An active subscription changed (say, a mention added) keeps its place in the stream.
    ...(existing?.state === 'active' && existing.deliveredThrough ? { deliveredThrough: existing.deliveredThrough } : {}),
    createdBy: existing?.createdBy ?? input.userId,
    createdAt: existing?.createdAt ?? now.toISOString(),
  };
  await ctx.subs.save(sub);

  const where = kind === 'forum' ? 'as a new forum post (one thread per brief)' : 'here';
  const what =
    mode === 'instant'
      ? `each new **${topicName}** brief will be posted ${where} as soon as it is made (feeds are checked on the schedule \`${ctx.config.schedule.poll}\`).`
      : `one **${topicName}** digest with the day's briefs will be posted ${where} every day at ${time} ${tz.value} (next: ${ts(nextDigestAt(sub, now))}).`;
  const lines = [`${existing ? (existing.state === 'paused' ? 'Resumed' : 'Updated') : 'Subscribed'}: ${what}`];
  if (sub.mentionRoleId) lines.push(`Each post mentions <@&${sub.mentionRoleId}>.`);
  lines.push(backlog ? `The latest ${backlog} matching ${backlog === 1 ? 'brief follows' : 'briefs follow'} now.` : 'Briefs start from now.');
  lines.push('Stop with /unsubscribe.');
  return { content: lines.join('\n'), ephemeral: true };
}

export async function unsubscribe(ctx: BotContext, channelId: string, topic: string): Promise<Reply> {
  const name = topic.trim().toLowerCase();
  if (!(await ctx.subs.get(channelId, name))) {
    const here = (await ctx.subs.forChannel(channelId)).map((s) => s.topic);
    return fail(
      here.length
        ? `This channel is not subscribed to "${fitEscaped(topic, 40)}". Its subscriptions: ${here.join(', ')}.`
        : 'This channel has no subscriptions; nothing to unsubscribe. Run /subscriptions all to see the server\'s.',
    );
  }
  await ctx.subs.remove(channelId, name);
  return { content: `Unsubscribed: no more **${name}** briefs in this channel.`, ephemeral: true };
}

/** One line per subscription, with its state and last post. */
export function describeSubscription(s: Subscription, withChannel: boolean): string {
  const mode = s.mode === 'digest' ? `daily digest at ${s.time} ${s.timezone}` : 'instant';
  const state = s.state === 'active' ? 'active' : `**paused**: ${s.pausedReason ?? 'no reason recorded'}`;
  const last = s.lastPostAt ? `last post ${ts(new Date(s.lastPostAt), 'R')}` : 'nothing posted yet';
  const role = s.mentionRoleId ? ` · mentions <@&${s.mentionRoleId}>` : '';
  const failed = s.lastFailure && (!s.lastPostAt || s.lastFailure.at >= s.lastPostAt) ? ` · last post failed ${ts(new Date(s.lastFailure.at), 'R')}: ${fitEscaped(s.lastFailure.reason, 200)}` : '';
  return `• ${withChannel ? `<#${s.channelId}> ` : ''}**${s.topic}** · ${mode}${role} · ${state} · ${last}${failed}`;
}

export async function listSubscriptions(ctx: BotContext, guildId: string, channelId: string, all: boolean): Promise<Reply> {
  const list = all ? await ctx.subs.forGuild(guildId) : await ctx.subs.forChannel(channelId);
  if (!list.length) return { content: all ? 'No channel in this server is subscribed yet. Use /subscribe in a channel.' : 'This channel has no subscriptions. Use /subscribe, or /subscriptions all for the whole server.', ephemeral: true };
  const head = all ? `Subscriptions in this server (${list.length}):` : `Subscriptions of this channel (${list.length}):`;
  const lines = list.map((s) => describeSubscription(s, all));
  let body = joinFitting(lines, LIMITS.content - head.length - 40);
  const shown = body ? body.split('\n').length : 0;
  if (shown < lines.length) body += `\n…and ${lines.length - shown} more.`;
  return { content: `${head}\n${body}`, ephemeral: true };
}
