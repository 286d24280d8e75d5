// Boilerplate removal. It runs before anything else so that captions, prompts and publisher
// blurbs can never become a summary, a context sentence or a quote.
import { DATE_WORDS } from './date-words.ts';
import { splitSentences, wordCount } from './sentences.ts';

/** Paragraphs that are page furniture as a whole (prompts, credits, share bars). */
const FURNITURE: RegExp[] = [
  /^(?:read|see|click|tap)\s+(?:more|the rest|the full story|here|also)\b/i,
  // Promos for other pages: "See TIME's Pictures of the Week.", "Watch the video here."
  /^(?:see|watch|read|listen|click|tap|view)\b[^.!?]{0,60}\b(?:pictures?|photos?|video|gallery|galleries|slideshow|coverage|here|podcast)\b[^.!?]{0,30}[.!?]?$/i,
  /^(?:enlarge|expand|view) (?:image|photo|picture|gallery)$/i,
  // The same prompts in the other languages newsbrief reads.
  /^(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|weiterlesen|zum artikel|à lire (?:aussi|également)|lire (?:aussi|la suite)|voir aussi|sur le même sujet|lee (?:también|más)|leer más|te puede interesar|más información|leia (?:também|mais)|veja também|saiba mais|leggi anche|potrebbe interessarti|per saperne di più|lees (?:ook|meer)|meer over|čtěte (?:také|též)|přečtěte si (?:také|též)|související články?|相关(?:新闻|阅读|报道)|延伸阅读|推荐阅读|関連記事|関連ニュース|あわせて読みたい)\s*(?:[:|–—-]|$|\s)/iu,
  /^(?:anzeige|werbung|publicité|publicidad|publicidade|pubblicità|advertentie|reklama|广告|広告)\s*:?$/iu,
  /^(?:foto|fotos|bild|bilder|photo|imagen|imágenes|immagine|afbeelding|obrázek|图片|圖片|图|写真)\s*(?:[:：]|\(|（)/iu,
  /^(?:teilen|partager|compartir|compartilhe|condividi|delen|sdílet|分享|シェア)\s*(?:[:|]|$)/iu,
  /^(?:jetzt )?(?:newsletter abonnieren|abonnez-vous à (?:notre|la) newsletter|suscríbete a (?:nuestro|la) (?:newsletter|boletín)|assine (?:a|nossa) newsletter|iscriviti alla newsletter|schrijf je in voor (?:de|onze) nieuwsbrief)\b/iu,
  /^(?:责任编辑|編輯|编辑|原标题|來源|来源)\s*[:：]/u,
  /^(?:continue|keep) reading\b/i,
  // Blog feeds end every item with "The post <title> appeared first on <site>."
  /^the post .{1,200} appeared first on .{1,100}$/i,
  /^(?:related|more|also read|recommended|most read|trending|advertisement|sponsored|watch|listen|video|photos?|gallery)\s*(?:[:|–—-]|$)/i,
  /^scroll down (?:for|to)\b/i,
  /^(?:share|tweet|email|print|save)(?:\s+(?:this|on|via|to|article|story)\b|\s*$)/i,
  /^(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email)(?:\s*[|,·•/]\s*(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|copy link|print))+\s*$/i,
  /^(?:sign up|subscribe|get our|get the|join our|don't miss|never miss|register)\b.*\b(?:newsletter|inbox|email|updates|briefing|subscription|free)\b/i,
  /\b(?:sign up|subscribe)\b.{0,60}\b(?:newsletter|inbox)\b/i,
  /^(?:©|\(c\)|copyright\b)/i,
  /\ball rights reserved\b/i,
  // "The contents of this site are ©2019 Example Publishing Corp."
  /©\s*(?:\d{4}|copyright)\b/i,
  /^(?:photo|image|picture|credit|photograph|illustration)s?\s*(?:credit)?\s*[:|]/i,
  /^(?:\(?(?:photo|image|picture)\s*:?\s*)?[^.]{0,80}\/\s*(?:getty images|afp|ap|reuters|epa|shutterstock|alamy|pa(?: wire)?)\)?\s*$/i,
  /^(?:reporting|additional reporting|writing|editing|compiled) by\b/i,
  /^(?:published|updated|last updated|posted)\s*:?\s*(?:\d|on\b|at\b|\w+day\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i,
  // Case matters here: "By the way, …" is prose, "By Jane Porter, Staff Writer" a byline.
  /^(?:By|BY)\s+(?:\.\s*)?(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*\s*(?:(?:and|&)\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*\s*)?(?:[,|–—-]\s*[^.!?]{0,40})?\.?$/u,
  /^(?:Von|VON|Par|PAR|Por|POR|Di|DI|Door|DOOR|Autor|Autorin|Auteur|Autore|Texto|Text)\s*:?\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*\s*(?:(?:und|et|y|e|en|a|&)\s+(?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*\s*)?(?:[,|–—-]\s*[^.!?]{0,40})?\.?$/u,
  /^(?:follow|contact|email)\s+(?:us|the author|him|her|them|@)\b/i,
  /^(?:this (?:article|story|post|piece|report) (?:was|has been|first appeared|originally)|a version of this (?:article|story|post))\b/i,
  /^(?:we use cookies|this site uses cookies|cookie policy|privacy policy|terms of (?:use|service))\b/i,
  /^(?:comments?|leave a comment|join the (?:conversation|discussion))\b/i,
  /^(?:getty images|ap photo|afp|reuters|epa|pa)\s*$/i,
];

/**
 * The furniture patterns as run: those anchored at the start and sharing their flags are joined
 * into one alternation, so a paragraph is tested a handful of times instead of once per pattern
 * (this runs for every short paragraph). The others run as they are.
 */
const FURNITURE_TESTS: RegExp[] = (() => {
  const anchored = new Map<string, string[]>();
  const free: RegExp[] = [];
  for (const re of FURNITURE) {
    if (!re.source.startsWith('^')) free.push(re);
    else anchored.set(re.flags, [...(anchored.get(re.flags) ?? []), `(?:${re.source})`]);
  }
  return [...[...anchored].map(([flags, sources]) => new RegExp(sources.join('|'), flags)), ...free];
})();

/** A sentence that describes the publisher, not the news ("X is a daily newspaper published in …"). */
const PUBLISHER_BLURB =
  /\b(?:is|are|was)\s+(?:an?|the)\s+(?:[\p{L}-]+\s+){0,4}(?:newspaper|news (?:site|website|outlet|agency|service|organi[sz]ation|portal|publication)|news and (?:media|opinion)|magazine|publication|media (?:company|outlet|group|organi[sz]ation)|broadcaster|wire service)\b.*\b(?:published|based|headquartered|founded|owned|covering|serving|operated)\b/iu;

const CAPTION_CREDIT = /(?:^|\s)[([]?\s*(?:photo|image|picture|credit|pictured)\s*(?:by|credit)?\s*:\s*[^)\]]{1,80}[)\]]?\s*$/i;

// Agencies and credit words that close a photo caption: "(AP Photo/Jan Olsen)",
// "(Getty/Kevork Djansezian)", "Photograph: Guy Smallman/Getty Images", "Win McNamee / Getty Images".
const AGENCY = String.raw`(?:AP|AFP|Getty(?: Images)?|Reuters|EPA(?:-EFE)?|EFE|Shutterstock|Alamy|PA(?: Wire| Images)?|Bloomberg|Xinhua|dpa|ANP|Anadolu|NurPhoto|SOPA|ZUMA(?: Press)?|Imago|Sipa|Belga|Keystone|ANSA|Kyodo|Yonhap|TASS|Polaris|Redux|Corbis|iStock|Flickr|Wikimedia(?: Commons)?)`;
const CREDIT_ONLY = new RegExp(String.raw`^(?:\(?\s*(?:photo|image|picture|credit|photograph|illustration|foto|bild|imagen)s?\s*(?:credit|by)?\s*:?\s*)?(?:[\p{L}.'’ -]{0,60}\s*\/\s*)?${AGENCY}(?:\s*(?:Photo|Images|File))?(?:\s*\/\s*[\p{L}.'’ -]{1,60})?\s*\)?\.?$`, 'iu');
const CREDIT_AT_END = new RegExp(String.raw`\((?:[^()]{0,60}\/\s*)?(?:${AGENCY}|photo|credit|foto)(?:\s*photo)?(?:\s*\/[^()]{1,60}|:[^()]{1,60})?\)\s*$|\b(?:photograph|photo|picture|image)\s*:\s*[^.]{1,60}\/\s*${AGENCY}\s*$`, 'iu');

/** A caption closed by its credit; the cheap end checks spare most paragraphs the full pattern. */
function endsWithCredit(p: string): boolean {
  const tail = p.slice(-160);
  if (!/\)\s*$/.test(tail) && !/\/\s*[\p{L}.]+(?:\s+[\p{L}.]+)?\s*$/u.test(tail.slice(-40))) return false;
  return CREDIT_AT_END.test(tail);
}

/**
 * Every word a timestamp line may hold: the date words, the pieces the replacements below take
 * apart ("tues", "thurs", the letters of "4pm", "a.m.", "10h") and the linking "on"/"at". A line
 * with any other word is prose, which this cheap word scan tells before the replacements run.
 */
const TIMESTAMP_WORDS = new Set([...DATE_WORDS, ...'tues wednes thurs satur a m p h et on at mst mdt'.split(' ')]);

function onlyTimestampWords(p: string): boolean {
  const lower = p.toLowerCase();
  for (const m of lower.matchAll(/\p{L}+/gu)) if (!TIMESTAMP_WORDS.has(m[0])) return false;
  return true;
}

/** A line of dates, times and their labels only ("November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm"). */
function isTimestampLine(p: string): boolean {
  if (p.length > 160 || !/\d/.test(p) || !onlyTimestampWords(p)) return false;
  const rest = p
    .replace(/(\d)\s*(?:am|pm|a\.m\.|p\.m\.|h)\b/gi, '$1')
    .replace(/\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?/gi, '')
    .replace(/\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?/gi, '')
    .replace(/\b(?:updated|published|posted|last updated|modified|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|cest|[ecmp][sd]t|et|on|at)\b/gi, '')
    .replace(/[\d:.,|/·•\-–—()\s]/g, '');
  return rest.length === 0;
}

/** A leftover attribution with nothing to attribute ("Blinken, according to a senior US official."). */
function isFragment(sentence: string): boolean {
  const stripped = sentence
    .replace(/,?\s*according to\b[^.]*\.?$/i, '')
    .replace(/,?\s*(?:\p{Lu}[\p{L}'’-]*\s*){1,3}(?:said|says|reported|reports)\.?$/u, '')
    .trim();
  if (stripped === sentence.trim()) return false;
  return wordCount(stripped, 2) <= 2;
}

/** `words`: the paragraph's word count when already taken (exact up to 30 at least). */
function isFurniture(paragraph: string, words?: number): boolean {
  // Furniture is short; a long paragraph that happens to start with "Share" or "Published" is prose.
  const n = words ?? wordCount(paragraph, 30);
  if (n > 30) return false;
  if (n > 12 && /^(?:share|tweet|email|print|save|published|updated|last updated|posted|watch|listen|video)\b/i.test(paragraph)) return false;
  return FURNITURE_TESTS.some((re) => re.test(paragraph));
}

/** Drops trailing publisher blurbs and dangling fragments from the last paragraphs. */
function trimTail(paragraphs: string[]): string[] {
  const out = paragraphs.slice();
  for (let guard = 0; guard < 4 && out.length > 0; guard++) {
    const last = out[out.length - 1]!;
    const sentences = splitSentences(last);
    const kept = sentences.slice();
    while (kept.length > 0 && (PUBLISHER_BLURB.test(kept[kept.length - 1]!) || isFurniture(kept[kept.length - 1]!))) kept.pop();
    // Only a broken leftover at the very end is dropped: mid-article it may be a real sentence.
    while (kept.length > 0 && isFragment(kept[kept.length - 1]!)) kept.pop();
    if (kept.length === sentences.length) break;
    if (kept.length === 0) out.pop();
    else out[out.length - 1] = kept.join(' ');
  }
  return out;
}

/** A date before a dash opening the story ("June 4, 2019 -- ", "4 June 2019 – "). */
const DATE_DATELINE = /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})\s*[-–—]{1,2}\s+(?=\S)/i;

/** Removes a wire dateline ("WASHINGTON (Reuters) - ", "June 4, 2019 -- ") from the first paragraph. */
export function stripDateline(paragraph: string): string {
  return paragraph.replace(DATE_DATELINE, '').replace(
    /^(?:\p{Lu}[\p{Lu}\p{M}.' -]{1,40}(?:,\s*[\p{L}\p{N}.' ]{2,30})?\s*(?:\([\p{L}\s&.]{1,30}\))?|\([\p{L}\s&.]{1,30}\))\s*[-–—]{1,2}\s+(?=\S)/u,
    '',
  );
}

/** Removes boilerplate paragraphs, captions' credits and trailing blurbs. */
export function cleanParagraphs(paragraphs: string[]): string[] {
  const kept: string[] = [];
  let dated = false;
  // Each paragraph is asked "a credit line alone?" as itself and as the next one's successor:
  // the answer is kept.
  const credit: (boolean | undefined)[] = [];
  const creditOnly = (k: number): boolean => (credit[k] ??= paragraphs[k]!.length < 140 && CREDIT_ONLY.test(paragraphs[k]!));
  for (let i = 0; i < paragraphs.length; i++) {
    const raw = paragraphs[i]!;
    // A photo caption left in the text: its credit closes it, or stands on the next line.
    if (creditOnly(i) || isTimestampLine(raw)) continue;
    // A quotation above a credit is a quote card the article shows, not a caption: it stays.
    // (The credit tests first: they read the paragraph's end and settle nearly every paragraph.)
    if ((endsWithCredit(raw) || (i + 1 < paragraphs.length && creditOnly(i + 1))) && !/["“”«»„]/.test(raw) && wordCount(raw, 60) <= 60) continue;
    let p = /photo|image|picture|credit|pictured/i.test(raw) ? raw.replace(CAPTION_CREDIT, '').trim() : raw;
    // Promos inside a paragraph: "(See pictures of the spill.)", "(Read more: …)".
    if (/\((?:see|read|watch|listen|more|related)\b/i.test(p)) p = p.replace(/\s*\((?:see|read|watch|listen|more|related)\b[^()]{0,120}\)/gi, '').trim();
    if (!dated && kept.length < 3) {
      // A dateline marks where the story starts; short lines before it are a standfirst or
      // subheadings that repeat the headline.
      const stripped = stripDateline(p);
      if (stripped !== p) {
        dated = true;
        p = stripped;
        if (kept.every((k) => wordCount(k, 30) <= 30)) kept.length = 0;
      }
    }
    if (!p) continue;
    // Counted once (exact up to 30) for the furniture and short-line tests.
    const words = wordCount(p, 30);
    if (isFurniture(p, words)) continue;
    // Lone short lines without sentence punctuation are captions, kickers or link lists.
    // (Chinese and Japanese paragraphs are one "word" long: their own full stops count.)
    if (words <= 12 && kept.length > 0 && !/[.!?…"”’'):。！？」』]\s*$/.test(p) && !/["“”«»‘「]/.test(p)) continue;
    kept.push(p);
  }
  return trimTail(kept);
}
