import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, loadEnvironment } from '../config/index.ts';
import { StoreError } from '../store/index.ts';
import { parseCli, USAGE, UsageError, type CliArgs } from './args.ts';

/** Entry point of the `newsbrief` command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (err) {
    return fail(err);
  }
  if (args.version) {
    console.log(readVersion());
    return 0;
  }
  if (args.help || !args.command) {
    console.log(USAGE);
    return args.command || args.help ? 0 : 2;
  }
  try {
    const env = loadEnvironment();
    switch (args.command) {
      case 'condense': {
        const { condenseCommand } = await import('./condense.ts');
        return await condenseCommand(args, loadConfig(args.config, { store: args.store }));
      }
      case 'preview': {
        const { previewCommand } = await import('./preview.ts');
        return await previewCommand(args, loadConfig(args.config, { feeds: args.feeds, store: args.store }), env);
      }
      case 'start': {
        const { startCommand } = await import('./start.ts');
        return await startCommand(args, loadConfig(args.config, { feeds: args.feeds, store: args.store }), env);
      }
      case 'feeds': {
        const { feedsCommand } = await import('./feeds.ts');
        return await feedsCommand(args, loadConfig(args.config, { feeds: args.feeds, store: args.store }));
      }
      case 'status': {
        const { statusCommand } = await import('./status.ts');
        return await statusCommand(args, loadConfig(args.config, { store: args.store }));
      }
      case 'deploy-commands': {
        // The config is read for its errors only: registering needs the token alone.
        loadConfig(args.config, { store: args.store });
        const { deployCommandsCommand } = await import('./deploy-commands.ts');
        return await deployCommandsCommand(args, env);
      }
      default:
        throw new UsageError(`unknown command "${args.command}"; expected start, preview, condense, feeds, status or deploy-commands (see newsbrief --help)`);
    }
  } catch (err) {
    return fail(err);
  }
}

/** Expected failures print one clear message and no stack trace; anything else is a bug and shows its stack. */
function fail(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`newsbrief: ${err.message}\n`);
    return 2;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`newsbrief: ${err.message}\n`);
    return 2;
  }
  if (err instanceof StoreError) {
    process.stderr.write(`newsbrief: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`newsbrief: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
