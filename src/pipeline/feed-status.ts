import type { Config } from '../config/index.ts';
import type { FeedState } from '../feeds/index.ts';
import { failedJobKey, type FailedJob, type Store } from '../store/index.ts';

/** One polled feed as operators see it: configured or admin-added, with the health the poller recorded. */
export interface FeedStatus {
  url: string;
  name?: string;
  /** Added at run time by a server admin (removable), as opposed to configured. */
  added: boolean;
  addedBy?: string;
  /** The servers that added it (absent for configured feeds). */
  guildIds?: string[];
  health?: FeedState;
  /** A scaled-out bot's poll job for this feed that failed after every retry (cleared by a later success). */
  failedJob?: FailedJob;
}

/**
 * Every feed the cycle polls: the configured ones first, then admin-added ones. With `guildId`, only the
 * added feeds that server added (what /feeds list shows it); without, all of them (the CLI).
 */
export async function listFeedStatus(config: Config, store: Store, guildId?: string): Promise<FeedStatus[]> {
  const out: FeedStatus[] = config.feeds.map((f) => ({ url: f.url, ...(f.name ? { name: f.name } : {}), added: false }));
  for (const f of await store.addedFeeds.list(guildId)) {
    if (!out.some((o) => o.url === f.url)) out.push({ url: f.url, ...(f.name ? { name: f.name } : {}), added: true, addedBy: f.addedBy, guildIds: f.guildIds });
  }
  const states = store.feedStates;
  const failed = await store.failedJobs.byKeys(out.map((f) => failedJobKey.poll(f.url)));
  for (const f of out) {
    const s = await states.get(f.url);
    if (s) f.health = s;
    const job = failed.get(failedJobKey.poll(f.url));
    if (job) f.failedJob = job;
  }
  return out;
}

/** "ok", "failing (3 in a row)", "unhealthy", "not polled yet": a feed's state in a word or two. */
export function feedCondition(f: FeedStatus): string {
  const h = f.health;
  if (f.failedJob) return `poll job failed (${f.failedJob.attempts} tries)`;
  if (!h) return 'not polled yet';
  if (h.unhealthy) return `unhealthy (${h.consecutiveFailures} failures in a row)`;
  if (h.consecutiveFailures) return `failing (${h.consecutiveFailures} in a row)`;
  return 'ok';
}
