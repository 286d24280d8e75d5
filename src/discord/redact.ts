import pino from 'pino';
import type { Logger } from '../util/log.ts';

/**
 * Interaction and webhook routes carry the interaction token in their path
 * (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}/...`), and discord.js errors carry the
 * request URL: anyone reading the logs could answer as the bot for 15 minutes. The token segment is
 * replaced by `***`.
 */
export function redactDiscordUrls(text: string): string {
  return text.replace(/(\/(?:interactions|webhooks)\/[^/\s?#"'<>]+\/)[^/\s?#"'<>]+/gi, '$1***');
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactDiscordUrls(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

/** pino's standard error serializer, with interaction and webhook tokens taken out of every string. */
export function discordErrSerializer(err: unknown): unknown {
  return redactDeep(err instanceof Error ? pino.stdSerializers.err(err) : err);
}

/** A child logger for the Discord side: `{ err }` is serialized without tokens. */
export function discordLogger(log: Logger): Logger {
  return log.child({}, { serializers: { err: discordErrSerializer } });
}
