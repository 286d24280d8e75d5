import type { Config, Environment } from '../config/index.ts';
import type { CliArgs } from './args.ts';

// The Discord client lands with the bot's own change; until then `start` with a token says so
// plainly instead of pretending to connect.
export async function startBot(_args: CliArgs, _config: Config, _env: Environment): Promise<number> {
  process.stderr.write('newsbrief: the Discord bot is not in this build yet; unset DISCORD_TOKEN to run the preview\n');
  return 1;
}

export async function deployCommands(_args: CliArgs, _config: Config, _env: Environment): Promise<number> {
  process.stderr.write('newsbrief: slash commands are not in this build yet\n');
  return 1;
}
