// Headline cleanup, in one place for feed titles, page titles and article files. Titles carry
// the site's name and section ("… - BBC News", "… | Editorial | Opinion | The Guardian",
// "Opinion | …", "…_科技_…网", "…（共同通信）"); a brief names its source separately, so they go.
// The headline's own quote marks and dashes stay ("Biden-Putin talks - what we know").

// Words that make a short title segment look like a site or a publication.
const SITE_WORDS =
  /\b(?:news|times|post|journal|herald|tribune|telegraph|mail|online|daily|press|agency|wire|today|report|magazine|guardian|independent|observer|gazette|chronicle|star|sun|express|mirror|standard|review|weekly|radio|tv|network|media|zeitung|nachrichten|presse|rundschau|journal|noticias|diario|periódico|jornal|notícias|quotidiano|giornale|krant|nieuws|dagblad|novinky|zprávy|新闻|新聞|日报|日報|时报|時報|网|網|ニュース|新聞)\b|\.(?:com|co\.uk|org|net|news|de|fr|es|it|nl|cz|pt|br|cn|jp)\b|^[\p{Lu}]{2,6}$/iu;

// Separators between a headline and a site or section: " | ", " - ", " – ", " — ", " :: ",
// " · ", " • ", " / ", " » ", full-width bars and dashes, and "_" as Chinese portals join channels.
const SEPARATOR = /(\s+(?:\||-{1,2}|–|—|::|·|•|\/|»)\s+|\s*｜\s*)/u;
const CJK_SEPARATOR = /(\s+(?:\||-{1,2}|–|—|::|·|•|\/|»)\s+|\s*｜\s*|\s*[-—–]\s*|_)/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Separators that almost always set off a site or section name.
const STRONG = /^\s*(?:\||::|·|•|»|｜|_)\s*$/u;

const norm = (s: string): string => s.toLowerCase().replace(/[′’‘`]/g, "'").replace(/\s+/g, ' ').trim();
const words = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;
// CJK segments have no spaces; count characters instead, roughly two per word.
const size = (s: string): number => (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s) ? Math.ceil(s.trim().length / 2) : words(s));

function namesSite(segment: string, sites: readonly string[]): boolean {
  const p = norm(segment);
  if (!p) return false;
  if (sites.some((s) => norm(s) === p)) return true;
  if (size(segment) <= 5 && sites.some((s) => norm(s).length >= 3 && (p.includes(norm(s)) || norm(s).includes(p)))) return true;
  if (size(segment) > 5) return false;
  const ws = segment.trim().split(/\s+/);
  // A site name is written like a name: capitalised words (or CJK), not a phrase of the headline.
  const capitalised = ws.every((w) => /^[\p{Lu}\p{N}&.]/u.test(w) || /^(?:of|the|and|on|de|la|el|der|die|das|di|do|da)$/.test(w) || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(w));
  return capitalised && SITE_WORDS.test(segment.trim());
}

/** The headline without site and section names. `sites` are names the title may carry (feed title, site name, host). */
export function cleanHeadline(title: string, sites: readonly string[] = []): string {
  let t = title.replace(/\s+/g, ' ').trim();
  // Two or more bars: "Headline | Section | Tagline | Site". The headline is the first segment
  // long enough to be one (a one- or two-word first segment is a kicker label).
  const bars = t.split(/\s+\|\s+|\s*｜\s*/u);
  if (bars.length >= 3) {
    const headline = bars.find((b) => size(b) >= 3 && !namesSite(b, sites));
    if (headline) t = headline.trim();
  }
  for (let guard = 0; guard < 5; guard++) {
    const parts = t.split(CJK.test(t) ? CJK_SEPARATOR : SEPARATOR);
    // parts alternate: text, separator, text, …
    if (parts.length < 3) break;
    const last = parts[parts.length - 1]!;
    const lastSep = parts[parts.length - 2]!;
    const first = parts[0]!;
    const firstSep = parts[1]!;
    const restAfterFirst = parts.slice(2).join('');
    const restBeforeLast = parts.slice(0, -2).join('');
    if (size(restBeforeLast) >= 2 && (namesSite(last, sites) || (STRONG.test(lastSep) && size(last) <= 4 && size(restBeforeLast) >= 3))) {
      t = restBeforeLast.trim();
    } else if (size(restAfterFirst) >= 3 && (namesSite(first, sites) || (STRONG.test(firstSep) && size(first) <= 2 && size(restAfterFirst) >= 4))) {
      t = restAfterFirst.trim();
    } else break;
  }
  // Japanese and Chinese titles put the site in brackets at the end: "…（共同通信）", "…【ニュース】".
  t = t.replace(/\s*[（(【[]([^（）()【】[\]]{1,20})[）)】\]]\s*$/u, (whole, inner: string) => (namesSite(inner, sites) ? '' : whole)).trim();
  return t;
}
