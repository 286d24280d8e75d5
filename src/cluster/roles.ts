import type { Config, Environment } from '../config/index.ts';

export const ROLES = ['scheduler', 'poller', 'deliverer', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

/** `--role` values (repeatable, or `all`) to the set of roles, or a message naming what is wrong. */
export function parseRoles(values: readonly string[]): Role[] | string {
  const out = new Set<Role>();
  for (const v of values.flatMap((x) => x.split(',')).map((x) => x.trim().toLowerCase())) {
    if (v === 'all') ROLES.forEach((r) => out.add(r));
    else if ((ROLES as readonly string[]).includes(v)) out.add(v as Role);
    else return `--role expects scheduler, poller, deliverer, gateway or all, not "${v}"`;
  }
  return ROLES.filter((r) => out.has(r));
}

/**
 * What a scaled-out start needs, or the message saying what is missing: a Redis `queue` and a
 * PostgreSQL `store` every process shares, and the bot token for the roles that talk to Discord.
 */
export function clusterProblem(config: Config, roles: readonly Role[], env: Environment): string | null {
  if (!config.queue) {
    return '--role needs "queue" in the config: the Redis URL every process of a scaled-out bot shares (for example "queue": "redis://127.0.0.1:6379"). Without it, run newsbrief start with no --role: one process does everything';
  }
  const storeUrl = config.store.url;
  if (!/^postgres(ql)?:\/\//i.test(storeUrl)) {
    const scheme = storeUrl.slice(0, Math.max(0, storeUrl.indexOf(':'))) || storeUrl;
    return `"store" must be a PostgreSQL URL (postgres://USER:PASS@HOST/DB) when "queue" is set, since every process reads and writes the same archive; it is a ${scheme} store. Remove "queue" to run one embedded process instead`;
  }
  const needsToken = roles.filter((r) => r === 'deliverer' || r === 'gateway');
  if (needsToken.length && !env.discordToken) return `DISCORD_TOKEN is not set; the ${needsToken.join(' and ')} role${needsToken.length > 1 ? 's need' : ' needs'} the bot token (environment or .env)`;
  return null;
}
