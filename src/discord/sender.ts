import { Routes, type APIMessage, type APIThreadList } from 'discord-api-types/v10';
import type { REST } from 'discord.js';
import type { PostMatch, SendFailure, Sender } from '../delivery/index.ts';
import type { OutgoingMessage } from './render.ts';

/** Whether a message is the post `what` describes (content equal, and the brief's id in an embed footer). */
export function messageMatches(m: Pick<APIMessage, 'content' | 'embeds'>, what: PostMatch): boolean {
  if ((m.content ?? '') !== what.content) return false;
  if (!what.footerId) return true;
  return (m.embeds ?? []).some((e) => (e.footer?.text ?? '').split(' · ').includes(`id ${what.footerId}`));
}

/** `botUserId` is read at call time (the client knows it once logged in). */
/** The REST sender: discord.js queues each rate-limit bucket, waits out 429s and keeps the global budget. */
export function restSender(rest: REST, botUserId: () => string | undefined = () => undefined): Sender<OutgoingMessage> {
  return {
    classify: classifySendError,
    async findPosted(where, what) {
      const me = botUserId();
      if (!me) return null;
      if (where.forum) {
        const ours = (list: APIThreadList) =>
          list.threads.find((c) => 'parent_id' in c && c.parent_id === where.channelId && 'owner_id' in c && c.owner_id === me && c.name === what.threadName);
        // Active threads first; a thread made before a long outage may have been archived since.
        const t =
          ours((await rest.get(Routes.guildActiveThreads(where.guildId))) as APIThreadList) ??
          ours((await rest.get(Routes.channelThreads(where.channelId, 'public'), { query: new URLSearchParams({ limit: '50' }) })) as APIThreadList);
        // A forum post's first message has the thread's id.
        return t ? { messageId: t.id, threadId: t.id } : null;
      }
      const recent = (await rest.get(Routes.channelMessages(where.channelId), { query: new URLSearchParams({ limit: '50' }) })) as APIMessage[];
      const m = recent.find((x) => x.author?.id === me && messageMatches(x, what));
      return m ? { messageId: m.id } : null;
    },
    async post(channelId, msg, nonce) {
      const res = (await rest.post(Routes.channelMessages(channelId), { body: { ...msg, nonce, enforce_nonce: true } })) as { id: string };
      return { messageId: res.id };
    },
    async forumPost(channelId, name, msg) {
      const res = (await rest.post(Routes.threads(channelId), { body: { name, message: msg } })) as { id: string; message?: { id: string } };
      return { threadId: res.id, messageId: res.message?.id ?? res.id };
    },
  };
}

/**
 * Classifies an error thrown by a post (discord.js DiscordAPIError carries `status` and `code`):
 * a channel that is gone or closed to the bot pauses its subscriptions; a body Discord refuses is
 * given up; anything else (network, 5xx after discord.js's own retries) is retried on the next pass.
 */
export function classifySendError(err: unknown): SendFailure {
  const e = err as { status?: number; code?: number | string; message?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (e.status === 404 || code === 10003)
    return { kind: 'pause', reason: 'Discord says the channel no longer exists or the bot cannot see it (Unknown Channel). Check the channel, then run /subscribe again.' };
  if (code === 50013)
    return { kind: 'pause', reason: 'The bot lacks permissions in this channel (Missing Permissions). Give it View Channel, Send Messages, Embed Links (and for forums Create Public Threads, Send Messages in Threads), then run /subscribe again.' };
  if (e.status === 403 || code === 50001)
    return { kind: 'pause', reason: 'The bot has no access to this channel (Missing Access). Give it View Channel and Send Messages there, then run /subscribe again.' };
  if (e.status === 400) return { kind: 'reject', reason: `Discord refused the message: ${e.message ?? 'invalid body'}` };
  return { kind: 'retry', reason: e.message ?? String(err) };
}
