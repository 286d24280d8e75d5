import { MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord-api-types/v10';
import type { ButtonInteraction, AutocompleteInteraction, RepliableInteraction } from 'discord.js';
import type { Logger } from '../util/log.ts';

/** What a command answers, as plain data; handlers build it, `respond` sends it. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Only the member who ran the command sees it. Failures are always ephemeral. */
  ephemeral?: boolean;
}

export const fail = (content: string): Reply => ({ content, ephemeral: true });

/** Sends a reply, or edits the deferred one. Mentions never ping from a command reply. */
export async function respond(i: RepliableInteraction, r: Reply): Promise<void> {
  const body = { content: r.content ?? '', embeds: r.embeds ?? [], components: r.components ?? [], allowedMentions: { parse: [] } };
  if (i.deferred || i.replied) {
    await i.editReply(body);
    return;
  }
  await i.reply({ ...body, ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
}

/** Defers the reply (work that may take more than Discord's 3 seconds). */
export async function defer(i: RepliableInteraction, ephemeral: boolean): Promise<void> {
  if (!i.deferred && !i.replied) await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}

export const GENERIC_ERROR = 'Something went wrong while handling this command. It has been logged; please try again in a moment.';

/** Last resort for an unexpected error: a generic ephemeral answer, logged, never a crash. */
export async function answerError(i: RepliableInteraction | AutocompleteInteraction, err: unknown, log: Logger): Promise<void> {
  log.error({ err, command: 'commandName' in i ? i.commandName : undefined, interactionId: i.id }, 'interaction failed');
  try {
    if (i.isAutocomplete()) {
      if (!i.responded) await i.respond([]);
    } else if (i.deferred || i.replied) {
      await i.followUp({ content: GENERIC_ERROR, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    } else {
      await i.reply({ content: GENERIC_ERROR, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    }
  } catch (e) {
    log.warn({ err: e, interactionId: i.id }, 'could not report the failure to the member');
  }
}

/** Autocomplete answers: at most 25 choices, names and values within 100 characters. */
export function choices(values: readonly string[], label: (v: string) => string = (v) => v): { name: string; value: string }[] {
  return [...new Set(values)].slice(0, 25).map((v) => ({ name: label(v).slice(0, 100), value: v.slice(0, 100) }));
}

/**
 * Runs a command's work and answers with its reply. Discord wants an answer within 3 seconds: when the
 * work is not done after `slowMs`, the reply is deferred first and edited once the work is done.
 */
export async function answer(i: RepliableInteraction, work: () => Promise<Reply>, opts: { ephemeral: boolean; slowMs?: number }): Promise<void> {
  const result = work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), opts.slowMs ?? 1500)));
  try {
    if ((await Promise.race([result, slow])) === 'slow') await defer(i, opts.ephemeral);
  } finally {
    clearTimeout(timer);
  }
  await respond(i, await result);
}

/** Like `answer`, for a button that updates the message it sits on. */
export async function answerUpdate(i: ButtonInteraction, work: () => Promise<Reply>, slowMs = 1500): Promise<void> {
  const result = work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), slowMs)));
  try {
    if ((await Promise.race([result, slow])) === 'slow') await i.deferUpdate();
  } finally {
    clearTimeout(timer);
  }
  const r = await result;
  const body = { content: r.content ?? '', embeds: r.embeds ?? [], components: r.components ?? [], allowedMentions: { parse: [] } };
  if (i.deferred) await i.editReply(body);
  else await i.update(body);
}
