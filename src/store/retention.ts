import type { Store } from './index.ts';

export interface Retention {
  briefsDays: number;
  deliveriesDays: number;
  seenDays: number;
}

export interface PruneReport {
  briefs: number;
  deliveries: number;
  seen: number;
  /** Whether something old is left for the next run (the batch budget ran out). */
  more: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Deletes what the archive keeps no longer (`store.retention`): briefs (with their quotes, topics and
 * story signatures) stored more than `briefsDays` ago, delivery records of posts made more than
 * `deliveriesDays` ago, and seen items their feed stopped listing more than `seenDays` ago. It deletes in
 * small batches, each its own short transaction, and yields between them, so commands and delivery go on
 * meanwhile; at most `maxBatches` batches per run, the rest is left to the next one.
 */
export async function pruneArchive(store: Store, retention: Retention, now: Date, opts: { batch?: number; maxBatches?: number } = {}): Promise<PruneReport> {
  const batch = opts.batch ?? 500;
  let budget = opts.maxBatches ?? 20;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const report: PruneReport = { briefs: 0, deliveries: 0, seen: 0, more: false };
  const jobs: [keyof Omit<PruneReport, 'more'>, () => Promise<number>][] = [
    ['briefs', () => store.briefs.prune(before(retention.briefsDays), batch)],
    ['deliveries', () => store.deliveries.prune(before(retention.deliveriesDays), batch)],
    ['seen', () => store.seen.prune(before(retention.seenDays), batch)],
  ];
  for (const [what, run] of jobs) {
    for (;;) {
      if (budget-- <= 0) {
        report.more = true;
        return report;
      }
      const n = await run();
      report[what] += n;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (n < batch) break;
    }
  }
  return report;
}
