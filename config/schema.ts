import { z } from 'zod';
import { validate as isValidCron } from 'node-cron';

/**
 * The shape of newsbrief's configuration file. Every field has a default, so a user config only
 * names what it changes. Objects merge with the defaults; lists (feeds, topics) replace them.
 */
const cron = z.string().refine((s) => isValidCron(s), {
  message: 'expected a cron expression such as "*/15 * * * *" (minute hour day month weekday, optional seconds first)',
});

const httpUrl = z.string().refine(
  (s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  },
  { message: 'expected an absolute http(s):// URL' },
);

export const feedSchema = z.strictObject({
  url: httpUrl,
  name: z.string().min(1).optional(),
});

export const topicSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'expected a lower-case name of letters, digits and dashes (at most 32 characters)'),
  keywords: z.array(z.string().trim().min(1)).min(1, 'expected at least one keyword'),
});

export const configSchema = z.strictObject({
  feeds: z.array(feedSchema),
  topics: z.array(topicSchema).refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, {
    message: 'expected topic names to be unique',
  }),
  schedule: z.strictObject({
    /** When feeds are polled (node-cron syntax). */
    poll: cron,
    /** A large cycle spreads its feed requests over at most this many seconds (100 ms per feed). */
    spreadSeconds: z.number().int().min(0).max(3600),
    /** Time zone the poll schedule is read in (IANA name). */
    timezone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin" or "UTC"' }),
  }),
  /** keyv store URL: sqlite://PATH, redis://HOST, postgres://USER@HOST/DB. */
  store: z.string().min(1),
  /**
   * Redis URL of the job queues (redis://HOST:PORT). Absent: one embedded process does everything. Set:
   * `newsbrief start --role ...` runs scheduler, poller, deliverer and gateway parts that share it.
   */
  queue: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/i, 'expected a Redis URL such as "redis://127.0.0.1:6379"')
    .optional(),
  cluster: z.strictObject({
    /** Discord requests per second every deliverer together may make (Discord allows 50). */
    budgetPerSecond: z.number().int().min(1).max(50),
    /** Seconds after which the job or channel lock of a worker that stopped answering is taken over. */
    lockSeconds: z.number().int().min(1).max(600),
    /** Tries per job (with exponential backoff) before it counts as failed and is reported. */
    attempts: z.number().int().min(1).max(50),
    /** Jobs one poller or deliverer process runs at once. */
    concurrency: z.number().int().min(1).max(200),
  }),
  fetch: z.strictObject({
    timeoutMs: z.number().int().min(100).max(120_000),
    connectTimeoutMs: z.number().int().min(100).max(60_000),
    maxBytes: z.number().int().min(1024).max(100 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20),
    concurrency: z.number().int().min(1).max(1000),
    perHost: z.number().int().min(1).max(100),
    /** Fetch the article page when a feed item carries only a snippet. */
    fullText: z.boolean(),
    /** Operator switch: lets feeds reach loopback/private addresses (tests, intranet feeds). Off for admin-added feeds. */
    allowPrivateAddresses: z.boolean(),
  }),
  brief: z.strictObject({
    /** How many quotes a posted brief shows; /quotes searches them all. */
    quotesShown: z.number().int().min(0).max(10),
    /** The same story from another feed within this many hours merges into the first brief. */
    mergeWindowHours: z.number().int().min(0).max(24 * 30),
  }),
  discord: z.strictObject({
    /** Brief backlog a new subscription receives (0 starts from now). */
    backlogOnSubscribe: z.number().int().min(0).max(3),
    /** Whether guild admins may add feeds with /feeds add. */
    allowGuildFeeds: z.boolean(),
  }),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  }),
});

export type Config = z.infer<typeof configSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
