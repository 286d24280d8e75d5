import type { Config } from '../config/index.ts';
import { feedCondition, listFeedStatus } from '../pipeline/index.ts';
import { openStore } from '../store/index.ts';
import { redactUrls } from '../util/redact-url.ts';
import type { CliArgs } from './args.ts';

/** `newsbrief feeds [--json]`: every polled feed with its health, from the store. */
export async function feedsCommand(args: CliArgs, config: Config): Promise<number> {
  const store = await openStore(config.store);
  try {
    const feeds = await listFeedStatus(config, store);
    for (const f of feeds) {
      // Operator feed URLs may carry credentials: never printed, in either form.
      if (args.json) {
        process.stdout.write(`${redactUrls(JSON.stringify({ ...f, condition: feedCondition(f) }))}\n`);
        continue;
      }
      const h = f.health;
      const lines = [`${f.name ?? h?.title ?? f.url}${f.added ? ' (added by a server admin)' : ''}: ${feedCondition(f)}`, `  ${f.url}`];
      if (h) {
        lines.push(`  last success ${h.lastSuccess ?? 'never'} · items seen ${h.itemsSeen} · next poll ${h.nextPollAt ?? 'next cycle'}`);
        if (h.lastError) lines.push(`  last error ${h.lastErrorAt ?? ''}: ${h.lastError}`);
      }
      if (f.failedJob) lines.push(`  poll job failed ${f.failedJob.at} after ${f.failedJob.attempts} tries: ${f.failedJob.error}`);
      process.stdout.write(`${redactUrls(lines.join('\n'))}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
