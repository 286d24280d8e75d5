import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { configSchema, type Config } from '../../config/schema.ts';
import { storeUrlProblem } from '../store/index.ts';

export type { Config } from '../../config/schema.ts';

const DEFAULT_CONFIG_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../config/default.json');

/** A config problem the user must fix; the CLI prints `problems` and exits 2, without a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface ConfigOverrides {
  /** Replaces the configured feeds (CLI --feed, repeatable). */
  feeds?: string[];
  /** CLI --store. */
  store?: string;
}

/** Secrets and deployment settings that never live in the config file. */
export interface Environment {
  discordToken?: string;
  discordApiUrl?: string;
  logLevel?: string;
}

export function loadConfig(configPath?: string, overrides: ConfigOverrides = {}): Config {
  const defaults = readJson(DEFAULT_CONFIG_PATH);
  let merged = defaults;
  const source = configPath ? resolve(configPath) : DEFAULT_CONFIG_PATH;
  if (configPath) merged = mergeConfig(defaults, readJson(source));
  if (overrides.feeds?.length) {
    const bad = overrides.feeds.filter((url) => !isFeedUrl(url));
    if (bad.length) throw new ConfigError('--feed', bad.map((url) => `"${url}" is not an absolute http(s) URL; give the feed's full address, such as https://example.org/feed.xml`));
    merged = { ...(merged as object), feeds: overrides.feeds.map((url) => ({ url })) };
  }
  if (overrides.store !== undefined) {
    const problem = storeUrlProblem(overrides.store);
    if (problem) throw new ConfigError('--store', [problem]);
    // --store replaces the URL only: a configured retention or key-value URL still applies.
    const current = (merged as { store?: unknown }).store;
    merged = { ...(merged as object), store: isPlainObject(current) ? { ...current, url: overrides.store } : overrides.store };
  }
  return parseConfig(merged, source);
}

export function parseConfig(value: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or rename them`;
  if (issue.code === 'invalid_type') return `${path}: expected ${issue.expected}${issue.message.includes('received') ? `, ${issue.message.slice(issue.message.indexOf('received'))}` : ''}`;
  return `${path}: ${issue.message}`;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the --config path`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
}

/** Objects merge key by key; arrays and scalars from the user config replace the defaults. */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeConfig(base[k], v) : v;
    return out;
  }
  return override;
}

function isFeedUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads DISCORD_TOKEN and friends from the environment, after loading `.env` in the working directory if present. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Environment {
  const dotenv = join(cwd, '.env');
  if (env === process.env && existsSync(dotenv)) {
    // Values already in the environment win over the file, as with every .env loader.
    process.loadEnvFile(dotenv);
  }
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || undefined;
  if (logLevel && !LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('the environment', [`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`]);
  }
  const discordApiUrl = env.DISCORD_API_URL?.trim() || undefined;
  if (discordApiUrl && !/^https?:\/\/[^\s/]+/i.test(discordApiUrl)) {
    throw new ConfigError('the environment', [`DISCORD_API_URL: expected an http(s) base URL such as https://discord.com/api, got "${discordApiUrl}"`]);
  }
  return { discordToken: env.DISCORD_TOKEN?.trim() || undefined, discordApiUrl, logLevel };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
