// Which store URLs newsbrief can open: checked with the rest of the configuration, so a bad one is
// reported with the field or flag it came from (exit 2) before anything is opened.

export const STORE_FORMS = 'sqlite://PATH, redis://HOST:PORT or postgres://USER@HOST/DB';

const SCHEMES = new Set(['sqlite', 'redis', 'rediss', 'postgres', 'postgresql']);

/** What is wrong with a store URL, or null when newsbrief can open that kind of store. */
export function storeUrlProblem(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme || !SCHEMES.has(scheme)) return `unsupported store URL${scheme ? ` (scheme "${scheme}")` : ''}; use ${STORE_FORMS}`;
  if (scheme === 'sqlite' && !url.replace(/^sqlite:(\/\/)?/i, '')) return 'the sqlite:// store URL names no file; use sqlite://PATH, such as sqlite://data/newsbrief.sqlite';
  return null;
}
