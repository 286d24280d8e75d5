import type { Config, Environment } from '../config/index.ts';
import { runBot, runCluster, runPreview } from '../app/index.ts';
import type { CliArgs } from './args.ts';

/**
 * `newsbrief start [--role ROLE]`: with a queue (or roles asked for) this process is one part of a
 * scaled-out bot; otherwise the bot, or the preview when there is no token.
 */
export async function startCommand(args: CliArgs, config: Config, env: Environment): Promise<number> {
  if (args.roles.length || config.queue) return runCluster(args.roles, config, env);
  if (!env.discordToken) {
    process.stderr.write('newsbrief: DISCORD_TOKEN is not set, so the bot is not started; running the preview instead (Ctrl-C to stop).\n');
    return runPreview(config, env, { once: args.once, json: args.json });
  }
  return runBot(config, env);
}
