import type { Config, Environment } from '../config/index.ts';
import type { PreviewOptions } from './preview.ts';
import { boundHeapGrowth } from './heap.ts';

export { boundHeapGrowth, HEAP_GROWING_PERCENT } from './heap.ts';

// The composition root: where configuration, the store, the pipeline, the delivery engine, the Discord
// client and the schedule are put together, once, for each way newsbrief runs. Each runtime is loaded
// when it is asked for, so `preview` never loads discord.js and a one-process bot never loads BullMQ.
export type { Bot, BotOptions } from './bot.ts';
export type { PreviewOptions } from './preview.ts';

/** `newsbrief start` with a token: the one-process bot, until SIGINT/SIGTERM. */
export async function runBot(config: Config, env: Environment): Promise<number> {
  boundHeapGrowth();
  return (await import('./bot.ts')).runBot(config, env);
}

/** `newsbrief preview`: the pipeline on the schedule (or once), printing each new brief. */
export async function runPreview(config: Config, env: Environment, opts: PreviewOptions): Promise<number> {
  boundHeapGrowth();
  return (await import('./preview.ts')).runPreview(config, env, opts);
}

/** `newsbrief start --role ...` (or with `queue` configured): parts of a scaled-out bot. */
export async function runCluster(roles: readonly string[], config: Config, env: Environment): Promise<number> {
  boundHeapGrowth();
  return (await import('./cluster.ts')).runCluster(roles, config, env);
}

/** `newsbrief deploy-commands [--guild ID]`: registers the slash commands. */
export async function deployCommands(opts: { token: string; apiUrl?: string; guildId?: string }): Promise<number> {
  return (await import('./bot.ts')).deployCommands(opts);
}
