import type { Config, Environment } from '../config/index.ts';
import type { Brief } from '../brief/types.ts';
import { briefEmbed, embedToText } from '../discord/embed.ts';
import { describeCycle, PRUNE_SCHEDULE, runCycle, scheduleJob } from '../schedule/index.ts';
import { openStore, pruneArchive, redactUrl, type StoredBrief } from '../store/index.ts';
import { createLogger } from '../util/log.ts';
import type { CliArgs } from './args.ts';

/**
 * `newsbrief preview`: the whole pipeline without Discord. Each new brief is printed as it would
 * read in a channel (or as a JSON line with --json); each cycle ends with a progress line on stderr.
 */
export async function previewCommand(args: CliArgs, config: Config, env: Environment): Promise<number> {
  // The progress line already names every failing feed; at the default level the log would say it twice.
  const log = createLogger(env.logLevel ?? (config.log.level === 'warn' ? 'error' : config.log.level));
  const store = await openStore(config.store);
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\rpolling feeds ${done}/${total}`)
    : undefined;

  const cycle = async () => {
    // Each new brief is printed as soon as it is stored, so a long first cycle shows its work.
    const onBrief = (rec: StoredBrief, isNew: boolean) => {
      if (!isNew) return;
      if (progress) process.stderr.write('\r\x1b[K');
      printBrief(rec.brief, args.json, config.brief.quotesShown);
    };
    const report = await runCycle({ config, store, log, onProgress: progress, onBrief });
    if (progress) process.stderr.write('\r\x1b[K');
    process.stderr.write(`newsbrief: ${describeCycle(report)}\n`);
    return report;
  };

  if (args.once) {
    try {
      const report = await cycle();
      return report.polled > 0 && report.failed.length === report.polled ? 1 : 0;
    } finally {
      await store.close();
    }
  }

  process.stderr.write(
    `newsbrief: preview of ${config.feeds.length} feeds, polling on "${config.schedule.poll}" (${config.schedule.timezone}), store ${redactUrl(config.store.url)}; Ctrl-C to stop\n`,
  );
  const runner = scheduleJob(config.schedule.poll, config.schedule.timezone, async () => void (await cycle()), (err) =>
    process.stderr.write(`newsbrief: cycle failed: ${(err as Error).message}\n`),
  );
  const pruner = scheduleJob(PRUNE_SCHEDULE, 'UTC', async () => void (await pruneArchive(store, config.store.retention, new Date())), (err) =>
    process.stderr.write(`newsbrief: pruning the archive failed: ${(err as Error).message}\n`),
  );
  await runner.runNow();
  await waitForSignal();
  process.stderr.write('newsbrief: stopping…\n');
  await pruner.stop();
  await runner.stop();
  await store.close();
  return 0;
}

function printBrief(brief: Brief, json: boolean, quotesShown: number) {
  if (json) process.stdout.write(`${JSON.stringify(brief)}\n`);
  else process.stdout.write(`${embedToText(briefEmbed(brief, { quotesShown }))}\n\n`);
}

export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
