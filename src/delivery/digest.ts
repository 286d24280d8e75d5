import type { Subscription } from '../store/index.ts';
import { localDate, localTime, zonedInstant } from './time.ts';

const DAY_MS = 86_400_000;

export interface DueDigest {
  /** Local date of the digest. */
  date: string;
  /** The instant of the digest time on that date. */
  at: Date;
  /** Briefs stored in (from, at] go into it. */
  from: Date;
}

/**
 * Whether a digest subscription owes a digest at `now`: its local time has come today (in its time zone),
 * today's digest is not done yet, and the subscription existed at that time. A bot that was down at the
 * digest time catches up when it comes back.
 */
export function dueDigest(sub: Pick<Subscription, 'mode' | 'state' | 'time' | 'timezone' | 'since' | 'lastDigestDate'>, now: Date): DueDigest | null {
  if (sub.mode !== 'digest' || sub.state !== 'active' || !sub.time) return null;
  const date = localDate(now, sub.timezone);
  if (sub.lastDigestDate && sub.lastDigestDate >= date) return null;
  if (localTime(now, sub.timezone) < sub.time) return null;
  const at = zonedInstant(date, sub.time, sub.timezone);
  if (at.getTime() > now.getTime() || at.getTime() < Date.parse(sub.since)) return null;
  return { date, at, from: new Date(Math.max(at.getTime() - DAY_MS, Date.parse(sub.since))) };
}
