import type { Brief } from '../brief/index.ts';
import { LIMITS } from './limits.ts';
import { allowedMentions, compactEmbed, type OutgoingMessage } from './render.ts';
import { fitEscaped } from './text.ts';

/** A digest lists at most this many briefs; the rest are counted and left to /brief. */
export const DIGEST_MAX_BRIEFS = 50;

/**
 * The messages of one digest: a heading, then one compact embed per brief, oldest first, as many per
 * message as fit (10 embeds, 6,000 characters); the heading of later messages says which part they are.
 */
export function digestMessages(briefs: readonly Brief[], opts: { topic: string; date: string; roleId?: string }): OutgoingMessage[] {
  const shown = briefs.slice(0, DIGEST_MAX_BRIEFS);
  const groups: ReturnType<typeof compactEmbed>[][] = [];
  let current: ReturnType<typeof compactEmbed>[] = [];
  let size = 0;
  for (const b of shown) {
    const e = compactEmbed(b);
    const len = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    if (current.length && (current.length >= LIMITS.embedsPerMessage || size + len > LIMITS.embedTotal)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += len;
  }
  if (current.length) groups.push(current);
  const mention = opts.roleId ? `<@&${opts.roleId}> ` : '';
  const more = briefs.length - shown.length;
  return groups.map((embeds, i) => {
    let head = `${mention}**${fitEscaped(opts.topic, 40)} digest for ${opts.date}**: ${briefs.length} ${briefs.length === 1 ? 'brief' : 'briefs'}`;
    if (groups.length > 1) head += ` (part ${i + 1} of ${groups.length})`;
    if (more > 0 && i === groups.length - 1) head += `\n…and ${more} more: use /brief topic:${opts.topic} date:${opts.date}`;
    return { content: head, embeds, allowed_mentions: allowedMentions(opts.roleId) };
  });
}
