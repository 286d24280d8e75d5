import { z } from 'zod';
import { validate as isValidCron } from 'node-cron';
import { storeUrlProblem } from '../src/store/index.ts';

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

/** Keywords as one list for every language, or lists per BCP 47 primary tag ("*": every language). */
type Keywords = string[] | Record<string, string[]>;

function keywordsField(what: string, required: boolean) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      const list = (v: unknown, path: (string | number)[]) => {
        if (!Array.isArray(v)) {
          ctx.addIssue({ code: 'custom', path, message: `expected a list of ${what} such as ["election", "parliament"]` });
          return;
        }
        if (required && v.length === 0) ctx.addIssue({ code: 'custom', path, message: `expected at least one ${what.replace(/s$/, '')}` });
        v.forEach((k, i) => {
          if (typeof k !== 'string' || !k.trim()) ctx.addIssue({ code: 'custom', path: [...path, i], message: `expected a non-empty ${what.replace(/s$/, '')} (a string)` });
        });
      };
      if (Array.isArray(value)) return list(value, []);
      if (value === null || typeof value !== 'object') {
        ctx.addIssue({ code: 'custom', message: `expected a list of ${what} (["…"]) for every language, or lists per language ({ "de": ["…"], "fr": ["…"], "*": ["…"] })` });
        return;
      }
      const entries = Object.entries(value);
      if (required && entries.length === 0) ctx.addIssue({ code: 'custom', message: `expected at least one language with ${what}` });
      for (const [lang, v] of entries) {
        if (!/^(?:\*|[a-z]{2,3})$/.test(lang)) {
          ctx.addIssue({ code: 'custom', path: [lang], message: `"${lang}" is not a language: use a lower-case BCP 47 primary tag such as "de", "fr" or "zh", or "*" for every language` });
        } else list(v, [lang]);
      }
    })
    .transform((value): Keywords => {
      const clean = (v: unknown) => (v as string[]).map((k) => k.trim());
      return Array.isArray(value) ? clean(value) : Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, clean(v)]));
    });
}

export const topicSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'expected a lower-case name of letters, digits and dashes (at most 32 characters)'),
  /** What the topic is about: keywords matched in the brief, per the article's language. */
  keywords: keywordsField('keywords', true),
  /** Words that rule the topic out wherever they occur in a brief. */
  exclude: keywordsField('excluded words', false).optional(),
});

/** A store URL newsbrief can open (the message says which forms it takes). */
const storeUrl = z.string().superRefine((url, ctx) => {
  const problem = storeUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
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
  /**
   * Where state goes: the store URL alone (sqlite://PATH or postgres://USER@HOST/DB for the archive and
   * key-value state; redis://HOST for key-value state, the archive then in data/newsbrief.sqlite), or an
   * object with the URL, an optional Redis URL for key-value state, and how long the archive keeps things.
   */
  store: z
    .union([
      storeUrl,
      z.strictObject({
        url: storeUrl,
        keyValue: z.string().regex(/^rediss?:\/\//i, 'expected a redis:// URL').optional(),
        retention: z
          .strictObject({
            /** Briefs (with their quotes) are deleted this many days after they were stored. */
            briefsDays: z.number().int().min(1).max(36_500).default(365),
            /** Delivery records are deleted this many days after the post. */
            deliveriesDays: z.number().int().min(2).max(36_500).default(30),
            /** A seen feed item is forgotten this many days after its feed last listed it. */
            seenDays: z.number().int().min(1).max(36_500).default(30),
            /** A scaled-out bot's failed-job record is deleted this many days after the work was given up (sooner once the feed or the channel's subscriptions are gone). */
            failedJobsDays: z.number().int().min(1).max(36_500).default(30),
          })
          .prefault({}),
      }),
    ])
    .transform((s) => (typeof s === 'string' ? { url: s, retention: { briefsDays: 365, deliveriesDays: 30, seenDays: 30, failedJobsDays: 30 } } : s)),
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
    /** Posts in flight at once, each to a different channel (discord.js keeps Discord's rate limits). */
    postConcurrency: z.number().int().min(1).max(50).default(10),
    /** Register the slash commands for this server only (at once) instead of globally (up to an hour). */
    guildId: z.string().regex(/^\d{17,20}$/, 'expected a server id (17 to 20 digits; enable Developer Mode, right-click the server, Copy Server ID)').optional(),
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
