// Characters feed text may carry that must never reach the store, Discord or a terminal.

/**
 * C0 controls except tab, newline and carriage return (ESC starts terminal escape sequences), DEL,
 * C1 controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
 * can make text read backwards ("exe.gnp"). The right-to-left and left-to-right marks (U+200E,
 * U+200F, U+061C) stay: Arabic and Hebrew text uses them legitimately, and they reorder nothing.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(s: string): string {
  return s.replace(UNSAFE, '');
}

/**
 * The article (or any data taken from a feed) with every string cleaned, wherever it sits, so a new
 * field of the article body is covered without listing it here.
 */
export function cleanFeedText<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => cleanFeedText(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanFeedText(v)])) as T;
  }
  return value;
}
