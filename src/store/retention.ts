import type { Store } from './index.ts';

export interface Retention {
  briefsDays: number;
  deliveriesDays: number;
  seenDays: number;
  failedJobsDays: number;
}

export interface PruneReport {
  briefs: number;
  deliveries: number;
  seen: number;
  /** Failed-job records of work given up long ago, or of work that is gone (see `pruneGone`). */
  failedJobs: number;
  /** Whether something old is left for the next run (the batch budget ran out). */
  more: boolean;
}

const DAY_MS = 86_400_000;
const GONE_JOBS = 'failed-jobs-gone';

/**
 * Deletes what the archive keeps no longer (`store.retention`): briefs (with their quotes, topics and
 * story signatures) stored more than `briefsDays` ago, delivery records of posts made more than
 * `deliveriesDays` ago, seen items their feed stopped listing more than `seenDays` ago, and failed-job
 * records of work given up more than `failedJobsDays` ago or whose work is gone (a channel no longer
 * subscribed; a feed neither in `feeds`, the configured feed URLs, nor added by a server). It deletes in
 * small batches, each its own short transaction, and yields between them, so commands and delivery go on
 * meanwhile; at most `maxBatches` batches per run, the rest is left to the next one.
 */
export async function pruneArchive(
  store: Store,
  retention: Retention,
  now: Date,
  opts: { feeds: readonly string[]; batch?: number; maxBatches?: number },
): Promise<PruneReport> {
  const batch = opts.batch ?? 500;
  let budget = opts.maxBatches ?? 20;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const report: PruneReport = { briefs: 0, deliveries: 0, seen: 0, failedJobs: 0, more: false };
  /** Deletes one batch: how many went, and whether that was the last batch there was. */
  const deleting = (prune: () => Promise<number>) => async () => {
    const n = await prune();
    return { deleted: n, done: n < batch };
  };
  const configured = new Set(opts.feeds);
  // Where the look over the failed jobs for work that is gone stopped, kept for the next run: with
  // more records than a run's batches, each run goes on from there instead of starting over.
  const progress = store.collection<{ after: string }>('retention');
  let after: string | undefined;
  const jobs: [keyof Omit<PruneReport, 'more'>, () => Promise<{ deleted: number; done: boolean }>][] = [
    ['briefs', deleting(() => store.briefs.prune(before(retention.briefsDays), batch))],
    ['deliveries', deleting(() => store.deliveries.prune(before(retention.deliveriesDays), batch))],
    ['seen', deleting(() => store.seen.prune(before(retention.seenDays), batch))],
    ['failedJobs', deleting(() => store.failedJobs.prune(before(retention.failedJobsDays), batch))],
    [
      'failedJobs',
      async () => {
        after ??= (await progress.get(GONE_JOBS))?.after ?? '';
        const r = await store.failedJobs.pruneGone(configured, after, batch);
        if ((r.next ?? '') !== after) await progress.set(GONE_JOBS, { after: r.next ?? '' });
        after = r.next ?? '';
        return { deleted: r.deleted, done: r.next === null };
      },
    ],
  ];
  for (const [what, run] of jobs) {
    for (;;) {
      if (budget-- <= 0) {
        report.more = true;
        return report;
      }
      const { deleted, done } = await run();
      report[what] += deleted;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done) break;
    }
  }
  return report;
}
