import type { Config, Environment } from '../config/index.ts';
import { runPreview } from '../app/index.ts';
import type { CliArgs } from './args.ts';

/** `newsbrief preview [--once] [--json]`. */
export async function previewCommand(args: CliArgs, config: Config, env: Environment): Promise<number> {
  return runPreview(config, env, { once: args.once, json: args.json });
}
