import type { APIEmbed } from 'discord.js';
import type { Brief } from '../brief/index.ts';
import type { Renderer } from '../delivery/index.ts';
import { digestMessages } from './digest.ts';
import { briefEmbed, embedLength, footerText } from './embed.ts';
import { LIMITS } from './limits.ts';
import { fitEscaped, safeUrl, truncateWords } from './text.ts';

/** A message as sent to Discord's REST API (snake_case body). */
export interface OutgoingMessage {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: []; roles: string[] };
}

/** No mention ever pings, except the subscription's own role when it has one. */
export function allowedMentions(roleId?: string): OutgoingMessage['allowed_mentions'] {
  return { parse: [], roles: roleId ? [roleId] : [] };
}

/**
 * The post for one brief of an instant subscription. `guildTopic` is the subscribing guild's own topic
 * the brief matched: shown in this post's Topics field only (stored briefs carry configured topics only).
 */
export function instantMessage(brief: Brief, opts: { roleId?: string; quotesShown?: number; guildTopic?: string }): OutgoingMessage {
  const shown = opts.guildTopic && !brief.topics.includes(opts.guildTopic) ? { ...brief, topics: [...brief.topics, opts.guildTopic] } : brief;
  const msg: OutgoingMessage = { embeds: [briefEmbed(shown, { quotesShown: opts.quotesShown })], allowed_mentions: allowedMentions(opts.roleId) };
  if (opts.roleId) msg.content = `<@&${opts.roleId}>`;
  return msg;
}

/** Delivery's renderer: posts and digests as Discord messages. */
export function discordRenderer(opts: { quotesShown: number }): Renderer<OutgoingMessage> {
  return {
    brief: (brief, o) => instantMessage(brief, { ...o, quotesShown: opts.quotesShown }),
    threadName,
    digest: (briefs, o) => digestMessages(briefs, o),
    content: (m) => m.content ?? '',
  };
}

/** A forum thread's title: the headline, shortened at a word (thread names are not markdown). */
export function threadName(brief: Brief): string {
  const name = truncateWords((brief.headline || brief.summary || 'News brief').replace(/\s+/g, ' ').trim(), LIMITS.threadName);
  return name || 'News brief';
}

/** Total embed characters of a message, as Discord counts them against 6,000. */
export function messageEmbedLength(m: OutgoingMessage): number {
  return m.embeds.reduce((n, e) => n + embedLength(e), 0);
}

/** True when a message respects every Discord limit newsbrief relies on. */
export function withinLimits(m: OutgoingMessage): boolean {
  return (m.content?.length ?? 0) <= LIMITS.content && m.embeds.length <= LIMITS.embedsPerMessage && messageEmbedLength(m) <= LIMITS.embedTotal;
}

/** A compact embed for lists (digests, /brief pages): headline, link, summary, source and id. */
export function compactEmbed(brief: Brief): APIEmbed {
  const e: APIEmbed = {
    title: fitEscaped(brief.headline || brief.summary || 'Untitled', LIMITS.embedTitle),
    description: fitEscaped(brief.summary, 400),
    footer: { text: footerText({ ...brief, sources: undefined }) },
  };
  const url = safeUrl(brief.link);
  if (url) e.url = url;
  return e;
}
