// Languages as feeds and pages declare them ("en-US", "pt_BR", "de-DE-1996", "zh-Hans-CN"),
// reduced to the BCP 47 primary tag the rest of newsbrief uses ("en", "pt", "de", "zh").

/** The primary language subtag of a declared language, lower case, or null when there is none. */
export function primaryLanguage(declared: unknown): string | null {
  if (typeof declared !== 'string') return null;
  const m = /^\s*([A-Za-z]{2,3})(?:$|[-_\s;,])/.exec(declared);
  if (!m) return null;
  const tag = m[1]!.toLowerCase();
  // "und" (undetermined), "mul" (several) and "zxx" (no linguistic content) name no language.
  return tag === 'und' || tag === 'mul' || tag === 'zxx' ? null : tag;
}
