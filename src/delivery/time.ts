// Wall-clock arithmetic in IANA time zones, for digest times and `today`/`yesterday`.

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(now: Date, tz: string): string {
  const p = parts(now, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The wall-clock time (HH:MM) of an instant in a time zone. */
export function localTime(now: Date, tz: string): string {
  const p = parts(now, tz);
  return `${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

function parts(d: Date, tz: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
}

/** The instant at which the wall clock in `tz` shows `date` `time` (the earlier one around a DST change). */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = parts(new Date(guess), tz);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}
