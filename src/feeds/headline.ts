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

// The same for CJK names, which have no word boundaries: a name ending in one of these.
const CJK_SITE_WORDS = /(?:新闻|新聞|日报|日報|晚报|晚報|时报|時報|周刊|週刊|网|網|电视台|電視台|广播|廣播|中文|ニュース|新聞|通信|放送|テレビ)$/u;
// A bare domain name ("Sportsnet.ca", "news.example.org").
const DOMAIN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,12}$/iu;

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
  const trimmed = segment.trim();
  if (DOMAIN.test(trimmed) || CJK_SITE_WORDS.test(trimmed)) return true;
  const ws = trimmed.split(/\s+/);
  // A masthead in capitals, possibly with an issue number ("DER SPIEGEL 52/2018").
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  if (ws.length >= 2 && letters.length >= 4 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return true;
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
  // Whatever follows a segment that names the site is the site's furniture too
  // ("Headline - BBC中文网 - 两岸三地").
  {
    const parts = t.split(CJK.test(t) ? CJK_SEPARATOR : SEPARATOR);
    for (let i = 2; i < parts.length; i += 2) {
      if (namesSite(parts[i]!, sites) && size(parts.slice(0, i - 1).join('')) >= 2) {
        t = parts.slice(0, i - 1).join('').trim();
        break;
      }
    }
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
