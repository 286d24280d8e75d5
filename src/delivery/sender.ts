import type { Brief } from '../brief/index.ts';

/** Where a post was (or would be) made. */
export interface PostTarget {
  guildId: string;
  channelId: string;
  forum: boolean;
}

/** How to recognise a post of ours: same content, the item's footer id (briefs), or the forum thread name. */
export interface PostMatch {
  content: string;
  /** A brief's id, as its embed footer shows it (`id <briefId>`). */
  footerId?: string;
  threadName: string;
}

/** What a failed post means for its subscription. */
export type SendFailure = { kind: 'pause'; reason: string } | { kind: 'reject'; reason: string } | { kind: 'retry'; reason: string };

/**
 * Where delivery posts go. The Discord side implements it over discord.js REST, which queues requests
 * per rate-limit bucket, waits out 429s and keeps the global request budget; delivery only decides what
 * goes where, in which order, and how many posts are in flight.
 */
export interface Sender<M> {
  /** A message in a text, announcement or thread channel; `nonce` makes Discord dedupe a retry. */
  post(channelId: string, msg: M, nonce: string): Promise<{ messageId: string }>;
  /** A new forum thread whose first message is `msg`. */
  forumPost(channelId: string, name: string, msg: M): Promise<{ messageId: string; threadId: string }>;
  /** A post of the bot's matching `what` made recently in `where`; null when none is found. */
  findPosted(where: PostTarget, what: PostMatch): Promise<{ messageId: string; threadId?: string } | null>;
  /** What an error thrown by `post`/`forumPost` means. */
  classify(err: unknown): SendFailure;
}

/** Turns briefs into messages of the Sender's kind. */
export interface Renderer<M> {
  /** The post of one brief; `guildTopic` is the server's own topic it matched (shown in this post only). */
  brief(brief: Brief, opts: { roleId?: string; guildTopic?: string }): M;
  threadName(brief: Brief): string;
  /** The messages of one digest (a heading, then the briefs), oldest brief first. */
  digest(briefs: readonly Brief[], opts: { topic: string; date: string; roleId?: string }): M[];
  /** The text content of a message (to recognise an earlier post). */
  content(msg: M): string;
}
