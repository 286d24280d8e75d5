/**
 * Server-side validation of slash-command option values. Discord's client-side constraints are a
 * convenience only: anything can arrive, so every value is checked here, and every failure says what
 * was wrong and what to do.
 */
import { localDate } from '../delivery/index.ts';
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: string): Checked<T> => ({ ok: false, error });

/** `HH:MM` on a 24-hour clock. */
export function parseTime(s: string): Checked<string> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return fail(`"${clip(s)}" is not a time; write it as HH:MM on a 24-hour clock, e.g. 08:00 or 18:30.`);
  return ok(`${m[1]!.padStart(2, '0')}:${m[2]}`);
}

export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseTimeZone(s: string): Checked<string> {
  const tz = s.trim();
  if (!isTimeZone(tz)) return fail(`"${clip(s)}" is not a time zone; pick an IANA name from the list, e.g. Europe/Berlin, America/New_York or UTC.`);
  return ok(tz === 'utc' ? 'UTC' : tz);
}

let zones: string[] | undefined;
/** Up to 25 IANA time zones containing the typed text (UTC first). */
export function timeZoneChoices(query: string, max = 25): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  const q = query.trim().toLowerCase().replace(/\s+/g, '_');
  return zones.filter((z) => z.toLowerCase().includes(q)).slice(0, max);
}

/** `today`, `yesterday` (in the given time zone) or a real YYYY-MM-DD date. */
export function parseDateOption(s: string, tz: string, now: Date): Checked<string> {
  const v = s.trim().toLowerCase();
  if (v === 'today') return ok(localDate(now, tz));
  if (v === 'yesterday') {
    const today = localDate(now, tz);
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return ok(d.toISOString().slice(0, 10));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const d = new Date(`${v}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v) return ok(v);
  }
  return fail(`"${clip(s)}" is not a date; use YYYY-MM-DD (e.g. 2024-03-01), today or yesterday.`);
}

export const TOPIC_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function parseTopicName(s: string): Checked<string> {
  const name = s.trim().toLowerCase();
  if (!TOPIC_NAME.test(name)) return fail(`"${clip(s)}" is not a valid topic name; use up to 32 lower-case letters, digits and dashes, e.g. space-launches.`);
  return ok(name);
}

/** Comma-separated keywords: 1 to 30 of them, each 2 to 60 characters. */
export function parseKeywords(s: string): Checked<string[]> {
  const list = [...new Set(s.split(',').map((k) => k.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (!list.length) return fail('No keywords given; list them separated by commas, e.g. "rocket, launch, SpaceX".');
  if (list.length > 30) return fail(`That is ${list.length} keywords; a topic takes at most 30.`);
  const bad = list.find((k) => k.length < 2 || k.length > 60);
  if (bad) return fail(`The keyword "${clip(bad)}" must be 2 to 60 characters long.`);
  return ok(list);
}

export function parseDays(n: number | null | undefined, max = 30): Checked<number> {
  if (n === null || n === undefined) return ok(7);
  if (!Number.isInteger(n) || n < 1 || n > max) return fail(`days must be a whole number from 1 to ${max}.`);
  return ok(n);
}

/** An absolute http(s) URL without credentials. */
export function parseFeedUrl(s: string): Checked<string> {
  let u: URL;
  try {
    u = new URL(s.trim());
  } catch {
    return fail(`"${clip(s)}" is not a URL; give the feed's full address, starting with https://.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail(`Only http:// and https:// feeds are supported, not ${u.protocol}.`);
  if (u.username || u.password) return fail('Feed URLs must not contain a user name or password.');
  u.hash = '';
  return ok(u.toString());
}

export function parseSearch(s: string | null | undefined, max = 80): Checked<string | undefined> {
  if (!s) return ok(undefined);
  const v = s.replace(/\s+/g, ' ').trim();
  if (v.length > max) return fail(`The search text is ${v.length} characters long; use at most ${max}.`);
  return ok(v || undefined);
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return (t.length > 40 ? `${t.slice(0, 39)}…` : t).replace(/[`*_~|]/g, '');
}
