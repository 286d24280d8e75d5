import { keywordList, topicsForGuild } from '../topics/index.ts';
import type { BotContext } from './context.ts';
import { LIMITS } from './limits.ts';
import { fail, type Reply } from './respond.ts';
import { fitEscaped, joinFitting } from './text.ts';
import { parseKeywords, parseTopicName } from './validate.ts';

/** Most topics a guild may define. */
export const MAX_GUILD_TOPICS = 25;

export async function listTopics(ctx: BotContext, guildId: string | null): Promise<Reply> {
  const topics = await topicsForGuild(ctx.config, ctx.guildTopics, guildId);
  // This server's own topics first: they are the ones its admins manage.
  const ordered = [...topics.filter((t) => t.guild), ...topics.filter((t) => !t.guild)];
  const lines = ordered.map((t) => `• **${t.name}**${t.guild ? ' (this server)' : ''}: ${fitEscaped(keywordList(t.keywords).join(', '), 250)}`);
  const body = joinFitting(lines, LIMITS.embedDescription - 40);
  const shown = body.split('\n').length;
  return {
    content: `Topics (${topics.length}). Subscribe a channel with /subscribe; server admins add topics with /topics add.`,
    embeds: [{ title: 'Topics and their keywords', description: `${body}${shown < lines.length ? `\n…and ${lines.length - shown} more.` : ''}`, color: 0x2b6cb0 }],
    ephemeral: true,
  };
}

/** Topic names (config and this guild's) containing the typed text. */
export async function topicChoices(ctx: BotContext, guildId: string | null, typed: string): Promise<string[]> {
  const q = typed.trim().toLowerCase();
  const names = (await topicsForGuild(ctx.config, ctx.guildTopics, guildId)).map((t) => t.name);
  return [...names.filter((n) => n.startsWith(q)), ...names.filter((n) => !n.startsWith(q) && n.includes(q))].slice(0, 25);
}

export async function addTopic(ctx: BotContext, guildId: string, rawName: string, rawKeywords: string): Promise<Reply> {
  const name = parseTopicName(rawName);
  if (!name.ok) return fail(name.error);
  const keywords = parseKeywords(rawKeywords);
  if (!keywords.ok) return fail(keywords.error);
  if (ctx.config.topics.some((t) => t.name === name.value)) return fail(`"${name.value}" is already a built-in topic; choose another name for this server's topic.`);
  const own = await ctx.guildTopics.list(guildId);
  const replacing = own.some((t) => t.name === name.value);
  if (!replacing && own.length >= MAX_GUILD_TOPICS) return fail(`This server already has ${MAX_GUILD_TOPICS} topics; remove one with /topics remove first.`);
  await ctx.guildTopics.add(guildId, { name: name.value, keywords: keywords.value });
  return {
    content: `${replacing ? 'Updated' : 'Added'} topic **${name.value}** for this server with keywords: ${fitEscaped(keywords.value.join(', '), 1500)}.\nBriefs matching it can now be subscribed to with /subscribe topic:${name.value}.`,
    ephemeral: true,
  };
}

export async function removeTopic(ctx: BotContext, guildId: string, rawName: string): Promise<Reply> {
  const name = rawName.trim().toLowerCase();
  if (ctx.config.topics.some((t) => t.name === name)) return fail(`"${name}" is a built-in topic and cannot be removed; only this server's own topics can.`);
  const inUse = (await ctx.subs.forGuild(guildId)).filter((s) => s.topic === name);
  if (!(await ctx.guildTopics.remove(guildId, name))) return fail(`This server has no topic "${fitEscaped(rawName, 40)}". See /topics list.`);
  for (const s of inUse) await ctx.subs.remove(s.channelId, s.topic);
  return { content: `Removed topic **${name}**${inUse.length ? ` and its ${inUse.length} subscription(s)` : ''}.`, ephemeral: true };
}
