import type { Config } from '../config/index.ts';
import { clusterStatus, renderStatus } from '../cluster/index.ts';
import { redactUrls } from '../util/redact-url.ts';
import type { CliArgs } from './args.ts';

/** `newsbrief status [--json]`: queue depths, failed jobs and Discord budget use of a scaled-out bot. */
export async function statusCommand(args: CliArgs, config: Config): Promise<number> {
  if (!config.queue) {
    process.stderr.write('newsbrief: status reports on the job queues of a scaled-out bot; set "queue" (a redis:// URL) in the config. One embedded process has no queues: see newsbrief feeds\n');
    return 2;
  }
  const s = await clusterStatus(config);
  // Feed URLs (in poll jobs and failure records) may carry credentials: never printed.
  process.stdout.write(`${redactUrls(args.json ? JSON.stringify(s) : renderStatus(s))}\n`);
  return 0;
}
