import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export interface CliArgs {
  command: string;
  positionals: string[];
  config?: string;
  feeds: string[];
  store?: string;
  json: boolean;
  once: boolean;
  guild?: string;
  /** `start --role`: the parts of a scaled-out deployment this process runs. */
  roles: string[];
  help: boolean;
  version: boolean;
}

export const USAGE = `newsbrief: news feeds condensed into short, trustworthy briefs

Usage:
  newsbrief start                     run the Discord bot (DISCORD_TOKEN set) or, without a token, the preview
  newsbrief preview [--once] [--json] poll, condense and print briefs locally, on the configured schedule
  newsbrief condense PATH|URL... [--json]
                                      print the brief of each article (a text file, an HTML file or a URL)
  newsbrief feeds [--json]            every polled feed with its health (ok, failing, unhealthy), from the store
  newsbrief deploy-commands [--guild ID]
                                      register the slash commands globally or for one guild
  newsbrief start --role ROLE         with "queue" and a PostgreSQL "store" in the config: run one part
                                      (scheduler, poller, deliverer, gateway; repeatable, or all)
  newsbrief status [--json]           queue depths, failed jobs and Discord budget use of a scaled-out bot

Options:
  --config PATH   config file (JSON) merged over config/default.json
  --feed URL      poll this feed instead of the configured ones (repeatable)
  --store URL     state store: sqlite://PATH (default sqlite://data/newsbrief.sqlite), redis://…, postgres://…
  --json          one JSON object per line on stdout
  --once          run one cycle and exit
  --guild ID      with deploy-commands: register for one guild only (instant, for testing)
  --role ROLE     with start: scheduler, poller, deliverer, gateway or all (repeatable)
  -h, --help      this help
  --version       print the version

Environment: DISCORD_TOKEN, DISCORD_API_URL, LOG_LEVEL (also read from ./.env).
Exit codes: 0 ok, 1 some work failed (details on stderr), 2 bad usage or configuration.`;

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        feed: { type: 'string', multiple: true },
        store: { type: 'string' },
        json: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        guild: { type: 'string' },
        role: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; see newsbrief --help`);
  }
  const [command = '', ...positionals] = parsed.positionals;
  const v = parsed.values;
  return {
    command,
    positionals,
    config: v.config,
    feeds: v.feed ?? [],
    store: v.store,
    json: v.json ?? false,
    once: v.once ?? false,
    guild: v.guild,
    roles: v.role ?? [],
    help: v.help ?? false,
    version: v.version ?? false,
  };
}
