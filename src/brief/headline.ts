// Headline cleanup. Feed titles often carry the site's name ("… - BBC News", "… | Reuters");
// the brief names its source separately, so the suffix goes. Quote marks in the headline stay.

const SITE_WORDS =
  /\b(?:news|times|post|journal|herald|tribune|telegraph|mail|online|daily|press|agency|wire|today|report|magazine|guardian|independent|observer|gazette|chronicle|star|sun|express|mirror|standard|review|weekly|radio|tv|network|media)\b|\.(?:com|co\.uk|org|net|news)\b|^[\p{Lu}]{2,6}$/iu;

function isSiteName(s: string): boolean {
  const words = s.trim().split(/\s+/);
  if (words.length === 0 || words.length > 5) return false;
  if (!words.every((w) => /^[\p{Lu}\p{N}&.]/u.test(w) || /^(?:of|the|and|on)$/.test(w))) return false;
  return SITE_WORDS.test(s.trim());
}

export function cleanHeadline(title: string): string {
  // Titles arrive as text: the feed stage decoded their markup and entities.
  let t = title.replace(/\s+/g, ' ').trim();
  for (let guard = 0; guard < 3; guard++) {
    const m = /^(.{8,})\s+(?:\||[-–—]|::)\s+([^|–—]{2,60})$/u.exec(t);
    if (!m) break;
    const suffix = m[2]!;
    // A pipe almost always separates a site or section name; a dash only when it looks like one.
    const pipe = /\s\|\s/.test(t.slice(m[1]!.length, m[1]!.length + 4));
    if ((pipe && suffix.split(/\s+/).length <= 5) || isSiteName(suffix)) t = m[1]!.trim();
    else break;
  }
  return t;
}
