import pino from 'pino';
import { redactUrls } from './redact-url.ts';

/**
 * Structured JSON logs on stderr (stdout belongs to command output such as `--json` lines).
 * Quiet by default: warnings and errors only, unless LOG_LEVEL or the config asks for more.
 * Anything that may hold a secret is redacted by key, wherever it sits.
 */
export type Logger = pino.Logger;

export function createLogger(level: string = 'warn', destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      level,
      base: { app: 'newsbrief' },
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'password', '*.password'], censor: '[redacted]' },
      // URLs with credentials (operator feeds, store URLs) are redacted wherever they appear in a line.
      formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactUrls(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (depth > 6 || !value || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redactUrls(value.message), stack: value.stack && redactUrls(value.stack) };
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]));
}

/** A logger that drops everything, for tests and pure callers. */
export const silentLogger: Logger = pino({ level: 'silent' });
