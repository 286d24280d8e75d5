// Words of dates and timestamp lines (months, weekdays, "updated", clock and zone words), for the
// tests that tell a timestamp line from prose: clean.ts drops such lines, context.ts keeps them
// out of summaries.

/** Months and weekdays with their common abbreviations, timestamp labels, clock and zone words. */
export const DATE_WORDS: ReadonlySet<string> = new Set(
  ('jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september ' +
    'october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday ' +
    'updated published posted last modified am pm a.m p.m gmt utc est edt pst pdt cst cdt bst cet cest ist').split(' '),
);
