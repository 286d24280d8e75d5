import type { Brief } from '../brief/index.ts';
import type { Config, Environment } from '../config/index.ts';
import { briefEmbed, embedToText } from '../discord/index.ts';
import { describeCycle, recentStories, runCycle } from '../pipeline/index.ts';
import { openStore, type Store, type StoredBrief } from '../store/index.ts';
import { createLogger } from '../util/log.ts';
import { redactUrl } from '../util/redact-url.ts';
import { startSchedule } from './schedule.ts';
import { waitForSignal } from './signals.ts';

export interface PreviewOptions {
  /** One cycle, then exit (1 when every feed polled failed). */
  once: boolean;
  /** One `Brief` JSON object per line instead of the text a channel would show. */
  json: boolean;
}

/**
 * `newsbrief preview`: the whole pipeline without Discord. Each new brief is printed as it would
 * read in a channel (or as a JSON line with --json); each cycle ends with a progress line on stderr.
 */
export async function runPreview(config: Config, env: Environment, opts: PreviewOptions): Promise<number> {
  // The progress line already names every failing feed; at the default level the log would say it twice.
  const log = createLogger(env.logLevel ?? (config.log.level === 'warn' ? 'error' : config.log.level));
  const store = await openStore(config.store);
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\rpolling feeds ${done}/${total}`)
    : undefined;

  const printer = await previewPrinter(store, (brief) => printBrief(brief, opts.json, config.brief.quotesShown));
  // Whatever an earlier run stored but did not print (killed between the two) comes first.
  await printer.printPending();
  // One index of recent stories for every cycle of this run, refreshed as each starts.
  const stories = recentStories(store, config.brief.mergeWindowHours);
  const cycle = async () => {
    // Each new brief is printed as soon as it is stored, so a long first cycle shows its work.
    const onBrief = async (rec: StoredBrief, isNew: boolean) => {
      if (!isNew) return;
      if (progress) process.stderr.write('\r\x1b[K');
      await printer.print(rec);
    };
    const report = await runCycle({ config, store, log, stories, onProgress: progress, onBrief });
    // A brief stored but not handed to onBrief (a failure in between) is printed from the store.
    await printer.printPending();
    if (progress) process.stderr.write('\r\x1b[K');
    process.stderr.write(`newsbrief: ${describeCycle(report)}\n`);
    return report;
  };

  if (opts.once) {
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
  const failed = { poll: 'cycle failed', digest: 'digest tick failed', prune: 'pruning the archive failed' } as const;
  const schedule = startSchedule({ config, store, poll: cycle, onError: (job, err) => process.stderr.write(`newsbrief: ${failed[job]}: ${(err as Error).message}\n`) });
  await schedule.pollNow();
  await waitForSignal();
  process.stderr.write('newsbrief: stopping…\n');
  await schedule.stop();
  await store.close();
  return 0;
}

const DAY_MS = 86_400_000;
/** How far back a preview looks for briefs it has not printed (as delivery does). */
const MAX_DAYS = 31;

/**
 * What the preview prints comes from store state, as delivery does: a brief is printed when it is
 * stored after the preview's cursor and has no `printed` record, and recorded as printed right after.
 * A preview killed between storing a brief and printing it prints it on its next start. The cursor
 * is set the first time a preview runs on a store, so an existing store's history is not replayed.
 */
export async function previewPrinter(store: Store, write: (brief: Brief) => void) {
  const state = store.collection<string>('preview');
  // Printed records hold the brief's creation time. Only briefs created at or after the cursor
  // can come up again, so records older than the cursor are deleted once it moves past them:
  // the collection holds about one cycle of briefs, not every brief ever printed (a record
  // written by an earlier run that stopped mid-cycle is left behind, once).
  const printed = store.collection<string>('preview-printed');
  const printedHere = new Map<string, string>();
  let cursor = await state.get('cursor');
  if (!cursor) {
    cursor = new Date().toISOString();
    await state.set('cursor', cursor);
  }
  const print = async (rec: StoredBrief) => {
    if (await printed.has(rec.brief.id)) return;
    write(rec.brief);
    await printed.set(rec.brief.id, rec.createdAt);
    printedHere.set(rec.brief.id, rec.createdAt);
  };
  return {
    print,
    async printPending() {
      // Stored since the cursor, oldest first, through the index on the change time, a page at a time.
      const from = new Date(Math.max(Date.parse(cursor!), Date.now() - MAX_DAYS * DAY_MS)).toISOString();
      const pending: StoredBrief[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (;;) {
        const batch = await store.briefs.changedSince(from, 500, after);
        pending.push(...batch.filter((r) => r.createdAt >= from));
        if (batch.length < 500) break;
        after = { createdAt: batch[batch.length - 1]!.updatedAt, id: batch[batch.length - 1]!.brief.id };
      }
      pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.brief.id.localeCompare(b.brief.id));
      for (const rec of pending) await print(rec);
      // Inclusive: briefs of one cycle share their creation time; the printed records tell them apart.
      const newest = pending.at(-1)?.createdAt;
      if (newest && newest > cursor!) await state.set('cursor', (cursor = newest));
      for (const [id, createdAt] of printedHere) {
        if (createdAt >= cursor!) continue;
        await printed.delete(id);
        printedHere.delete(id);
      }
    },
  };
}

function printBrief(brief: Brief, json: boolean, quotesShown: number) {
  if (json) process.stdout.write(`${JSON.stringify(brief)}\n`);
  else process.stdout.write(`${embedToText(briefEmbed(brief, { quotesShown }))}\n\n`);
}
