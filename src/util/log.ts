import pino from 'pino';

/**
 * Structured JSON logs on stderr (stdout belongs to command output such as `--json` lines).
 * Quiet by default: warnings and errors only, unless LOG_LEVEL or the config asks for more.
 * Anything that may hold a secret is redacted by key, wherever it sits.
 */
export type Logger = pino.Logger;

export function createLogger(level: string = 'warn'): Logger {
  return pino(
    {
      level,
      base: { app: 'newsbrief' },
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for tests and pure callers. */
export const silentLogger: Logger = pino({ level: 'silent' });
