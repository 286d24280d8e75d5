// The feeds module's logger. Callers may pass their own (a child of the app logger) instead.
import { pino, type Logger } from 'pino';

export type { Logger };

export const feedsLogger: Logger = pino({ name: 'feeds', level: process.env.LOG_LEVEL ?? 'info' });
