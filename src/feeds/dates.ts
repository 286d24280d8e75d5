// Date parsing for feed timestamps. Pure.
//
// Feeds write RFC 822 dates with zone names JavaScript does not know (CEST, IST, "GMT+2"),
// two-digit years, missing seconds and wrong weekday names, and ISO 8601 with or without a
// zone. Anything unreadable becomes null rather than failing the item or the feed.

const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, IST: 60, WEST: 60, CET: 60, MET: 60, CEST: 120, MEST: 120, EET: 120,
  EEST: 180, MSK: 180, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660, ACST: 570,
  AWST: 480, NZST: 720, NZDT: 780,
};

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

// Beyond these a timestamp is a typo or a placeholder, not a publication date.
const MIN_YEAR = 1970;
const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 0; // RFC 822 without a zone: read as UTC (the most common intent).
  const z = zone.toUpperCase();
  const numeric = /^(?:GMT|UTC|UT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const h = Number(numeric[2]);
    const m = Number(numeric[3] ?? 0);
    if (h > 14 || m > 59) return null;
    return sign * (h * 60 + m);
  }
  const named = ZONES[z];
  if (named !== undefined) return named;
  if (/^[A-IK-Z]$/.test(z)) return 0; // Military letters are unreliable (RFC 1123 §5.2.14): treat as UTC.
  return null;
}

function plausible(ms: number, now: number): boolean {
  return Number.isFinite(ms) && new Date(ms).getUTCFullYear() >= MIN_YEAR && ms <= now + MAX_AHEAD_MS;
}

function rfc822(s: string): number | null {
  const m =
    /^(?:[A-Za-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{2,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}:?\d{2})?\s*(?:\([^)]*\))?$/.exec(
      s,
    );
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return null;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  const offset = zoneOffsetMinutes(m[7]);
  if (offset === null) return null;
  const day = Number(m[1]);
  const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (day < 1 || day > 31 || h > 23 || min > 59 || sec > 60) return null;
  return Date.UTC(year, month, day, h, min, Math.min(sec, 59)) - offset * 60_000;
}

function iso8601(s: string): number | null {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const [h, mi, se] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 24 || mi > 59 || se > 60) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  let offset = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
  }
  return Date.UTC(y, mo - 1, d, h, mi, Math.min(se, 59), ms) - offset * 60_000;
}

/** ISO 8601 string for a feed date, or null when it is missing, unreadable or implausible. */
export function parseDate(value: unknown, now: Date = new Date()): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  const nowMs = now.getTime();
  for (const attempt of [iso8601, rfc822]) {
    const ms = attempt(s);
    if (ms !== null) return plausible(ms, nowMs) ? new Date(ms).toISOString() : null;
  }
  // Last resort for other shapes ("Tuesday, March 5, 2024 10:00 AM"): V8's own parser.
  const ms = Date.parse(s);
  return plausible(ms, nowMs) ? new Date(ms).toISOString() : null;
}
