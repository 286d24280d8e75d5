import type { Interaction } from 'discord.js';
import type { Command } from './command.ts';
import type { BotContext } from './context.ts';
import { answerError, fail, respond } from './respond.ts';

const OUTDATED = 'This command is not known to this version of newsbrief; ask the bot\'s operator to restart it (a start registers the current commands) or to run `newsbrief deploy-commands`.';

/** Routes every interaction to its command; an unexpected error is logged and answered, never thrown. */
export function interactionHandler(commands: readonly Command[], ctx: BotContext) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  return async (i: Interaction): Promise<void> => {
    try {
      if (i.isChatInputCommand()) {
        const c = byName.get(i.commandName);
        if (!c) return await respond(i, fail(OUTDATED));
        await c.execute(i, ctx);
      } else if (i.isAutocomplete()) {
        const c = byName.get(i.commandName);
        await (c?.autocomplete ? c.autocomplete(i, ctx) : i.respond([]));
      } else if (i.isButton()) {
        const c = byName.get(i.customId.slice(0, i.customId.indexOf(':')));
        if (!c?.button) return await respond(i, fail('This button has expired; run the command again.'));
        await c.button(i, ctx);
      }
    } catch (err) {
      if (i.isRepliable() || i.isAutocomplete()) await answerError(i, err, ctx.log);
      else ctx.log.error({ err }, 'interaction failed');
    }
  };
}
