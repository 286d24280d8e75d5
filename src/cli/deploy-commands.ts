import type { Environment } from '../config/index.ts';
import { deployCommands } from '../app/index.ts';
import type { CliArgs } from './args.ts';

/** `newsbrief deploy-commands [--guild ID]`: needs the token; `--guild` must be a server id. */
export async function deployCommandsCommand(args: CliArgs, env: Environment): Promise<number> {
  if (!env.discordToken) {
    process.stderr.write('newsbrief: DISCORD_TOKEN is not set; deploying commands needs the bot token\n');
    return 2;
  }
  if (args.guild !== undefined && !/^\d{17,20}$/.test(args.guild)) {
    process.stderr.write(`newsbrief: --guild expects a server id (17 to 20 digits; enable Developer Mode, right-click the server, Copy Server ID), not "${args.guild}"\n`);
    return 2;
  }
  return deployCommands({ token: env.discordToken, apiUrl: env.discordApiUrl, guildId: args.guild });
}
