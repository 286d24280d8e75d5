// Word lists shared by attribution and name resolution. Kept in one place so that the
// grammar of "who said it" is consistent across modules.

/** Verbs that introduce or close a direct quotation. Forms that are also nouns ("claims", "notes") are left out. */
export const SPEECH_VERBS = [
  'said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'stated', 'warned', 'warns', 'urged', 'urges',
  'remarked', 'predicted', 'predicts', 'continued', 'continues', 'noted', 'wrote', 'writes', 'insisted',
  'insists', 'argued', 'argues', 'explained', 'explains', 'asked', 'asks', 'replied', 'replies', 'smiled',
  'posted', 'tweeted', 'declared', 'declares', 'announced', 'claimed', 'admitted', 'admits', 'acknowledged',
  'conceded', 'recalled', 'recalls', 'observed', 'cautioned', 'suggested', 'suggests', 'concluded',
  'complained', 'joked', 'jokes', 'laughed', 'shouted', 'yelled', 'whispered', 'responded', 'commented',
  'confirmed', 'maintained', 'countered', 'boasted', 'quipped', 'vowed', 'promised', 'pledged', 'stressed',
  'emphasised', 'emphasized', 'contended', 'reported', 'recounted', 'mused', 'lamented', 'agreed', 'wondered',
  'demanded', 'estimated', 'revealed', 'testified', 'fumed', 'snapped', 'sighed',
  'exclaimed', 'pleaded', 'proclaimed', 'assured', 'reiterated', 'shot back', 'went on', 'chimed in',
  'pointed out', 'summed up', 'tells', 'texted', 'emailed', 'messaged', 'recalled', 'predicted', 'raged',
  'opined', 'explained', 'added', 'interjected', 'cried', 'screamed', 'began', 'answered', 'wrote',
  'called', 'described', 'sings', 'sang', 'put it', 'chanted',
];

const SINGLE_VERBS = new Set(SPEECH_VERBS.filter((v) => !v.includes(' ')));
const PHRASAL_VERBS = new Set(SPEECH_VERBS.filter((v) => v.includes(' ')));
const PHRASAL_HEADS = new Set([...PHRASAL_VERBS].map((v) => v.split(' ')[0]!));
/** Shortest and longest single verb or phrasal head: no other word length can be a hit. */
const HEAD_LENGTHS = [...SINGLE_VERBS, ...PHRASAL_HEADS].map((w) => w.length);
const MIN_VERB = Math.min(...HEAD_LENGTHS);
const MAX_VERB = Math.max(...HEAD_LENGTHS);

export interface VerbHit {
  index: number;
  end: number;
  verb: string;
}

/**
 * Speech verbs in a text, in order. A word scan with set look-ups rather than one big
 * alternation regex: the condenser calls this for every quotation, so it must stay cheap.
 */
export function speechVerbs(s: string): VerbHit[] {
  const hits: VerbHit[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    // Words are maximal runs of ASCII letters, found by char code: most words are not verbs,
    // and a length test rejects many before any lowercased copy is made.
    while (i < n && !isAsciiLetter(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && isAsciiLetter(s.charCodeAt(i))) i++;
    const len = i - start;
    if (len < MIN_VERB || len > MAX_VERB) continue;
    const w = s.slice(start, i).toLowerCase();
    if (PHRASAL_HEADS.has(w)) {
      const next = /^\s+([A-Za-z]+)\b/.exec(s.slice(i, i + 20));
      if (next && PHRASAL_VERBS.has(`${w} ${next[1]!.toLowerCase()}`)) {
        const end = i + next[0].length;
        hits.push({ index: start, end, verb: `${w} ${next[1]!.toLowerCase()}` });
        i = end;
        continue;
      }
    }
    if (SINGLE_VERBS.has(w)) hits.push({ index: start, end: i, verb: w });
  }
  return hits;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'them']);
export const FIRST_PERSON = new Set([
  'i', 'we', 'me', 'us', 'you', 'it', "i'm", 'i’m', "i've", 'i’ve', "i'd", 'i’d', "i'll", 'i’ll', "we're", 'we’re',
  "we've", 'we’ve', "you're", 'you’re', "it's", 'it’s',
]);

/** Words between a subject and its verb that do not change who speaks. */
export const AUX_WORDS = new Set([
  'also', 'later', 'then', 'has', 'had', 'have', 'would', 'will', 'once', 'previously', 'recently', 'again',
  'further', 'just', 'did', 'does', 'do', 'never', 'often', 'simply', 'reportedly', 'allegedly', 'famously',
  'quickly', 'repeatedly', 'frequently', 'initially', 'subsequently', 'last', 'week', 'year', 'month', 'today',
  'yesterday', 'tonight', 'earlier', 'afterwards', 'finally', 'even', 'only', 'still', 'privately', 'publicly',
  'openly', 'angrily', 'calmly', 'bluntly', 'flatly', 'once', 'herself', 'himself', 'themselves', 'could',
  'should', 'might', 'may', 'can', 'not',
]);

/** Words that may open a clause before its subject ("As Lavrov warned …"). */
export const CLAUSE_OPENERS = new Set([
  'as', 'while', 'when', 'but', 'and', 'yet', 'so', 'after', 'before', 'although', 'though', 'because',
  'since', 'meanwhile', 'however', 'whereas', 'where', 'until', 'if', 'then', 'now', 'still', 'instead',
  'indeed', 'also', 'later', 'earlier', 'separately', 'elsewhere', 'today', 'there', 'here',
]);

/** Determiners that start a descriptive speaker ("the spokesperson", "a senior official"). */
export const DETERMINERS = new Set([
  'the', 'a', 'an', 'his', 'her', 'their', 'its', 'one', 'another', 'some', 'many', 'several', 'two', 'three',
  'four', 'both', 'our', 'this', 'that', 'these', 'those', 'other', 'each', 'every', 'most',
]);

/** Plural nouns that can speak without a determiner ("officials said"). */
export const BARE_SPEAKERS = new Set([
  'officials', 'critics', 'experts', 'analysts', 'residents', 'witnesses', 'police', 'sources', 'aides',
  'supporters', 'opponents', 'observers', 'economists', 'scientists', 'researchers', 'lawmakers', 'democrats',
  'republicans', 'investigators', 'prosecutors', 'authorities', 'organisers', 'organizers', 'doctors',
  'fans', 'parents', 'teachers', 'students', 'protesters', 'activists', 'campaigners', 'voters', 'locals',
]);

/** Titles and honorifics that precede a name ("Sen. Ada Cole", "Russian Foreign Minister Sergei Lavrov"). */
export const TITLES = new Set([
  'president', 'minister', 'secretary', 'senator', 'sen', 'rep', 'representative', 'gov', 'governor', 'mayor',
  'ambassador', 'chancellor', 'judge', 'justice', 'general', 'gen', 'lt', 'lieutenant', 'colonel', 'col',
  'captain', 'capt', 'sgt', 'sergeant', 'officer', 'detective', 'inspector', 'chief', 'director', 'chairman',
  'chairwoman', 'chair', 'ceo', 'spokesman', 'spokeswoman', 'spokesperson', 'coach', 'manager', 'professor',
  'prof', 'dr', 'mr', 'mrs', 'ms', 'miss', 'sir', 'dame', 'lord', 'lady', 'king', 'queen', 'prince',
  'princess', 'pope', 'rev', 'reverend', 'bishop', 'archbishop', 'speaker', 'leader', 'commissioner',
  'councillor', 'councilman', 'councilwoman', 'attorney', 'prosecutor', 'sheriff', 'premier', 'deputy',
  'vice', 'candidate', 'nominee', 'founder', 'executive', 'economist', 'analyst', 'striker', 'midfielder',
  'defender', 'goalkeeper', 'skipper', 'boss', 'admiral', 'adm', 'commander', 'cmdr', 'major', 'maj',
  'superintendent', 'supt', 'constable', 'minister', 'envoy', 'diplomat', 'chairperson', 'treasurer',
  'trustee', 'dean', 'principal', 'head', 'mp', 'mep', 'mayor-elect', 'president-elect', 'emperor', 'sultan',
  'sheikh', 'ayatollah', 'cardinal', 'rabbi', 'imam', 'father', 'sister', 'brother', 'nurse', 'doctor',
  'correspondent', 'editor', 'reporter', 'columnist', 'host', 'anchor', 'surgeon', 'physicist', 'researcher',
  'scientist', 'astronaut', 'officer', 'agent', 'official', 'aide', 'adviser', 'advisor', 'strategist',
  'pollster', 'lawyer', 'counsel', 'solicitor', 'barrister', 'magistrate', 'coroner', 'chef', 'owner',
  'whip', 'majority', 'minority', 'acting', 'interim', 'former', 'first', 'lady', 'assistant', 'associate',
  'general', 'state', 'foreign', 'defence', 'defense', 'finance', 'health', 'interior', 'prime', 'senior',
  // Descriptions that stand before names in feature writing ("Teenager Mia Stone", "singer Adele").
  'teenager', 'singer', 'actor', 'actress', 'author', 'writer', 'rapper', 'billionaire', 'star', 'veteran',
  'mother', 'grandmother', 'grandfather', 'widow', 'widower', 'pensioner', 'student', 'teacher', 'businessman',
  'businesswoman', 'entrepreneur', 'farmer', 'runner', 'cyclist', 'boxer', 'golfer', 'player', 'comedian',
  'presenter', 'model', 'designer', 'artist', 'photographer', 'musician', 'pilot', 'soldier', 'driver',
  'swimmer', 'sprinter', 'champion', 'novelist', 'director', 'producer', 'filmmaker', 'campaigner', 'activist',
  'survivor', 'victim', 'resident', 'neighbour', 'neighbor', 'witness', 'homeowner', 'shopkeeper', 'landlord',
  'organiser', 'organizer', 'volunteer', 'coordinator', 'consultant', 'worker', 'employee', 'founder', 'owner',
]);

/** Honorifics carry no role; they are dropped from names. */
export const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'mx', 'prof', 'professor']);

/** Capitalised words that never belong to a person's name. */
export const NOT_NAME = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'after', 'before', 'as', 'but', 'and', 'or', 'if', 'when', 'while',
  'for', 'from', 'with', 'without', 'by', 'to', 'of', 'it', 'he', 'she', 'they', 'we', 'i', 'this', 'that',
  'these', 'those', 'there', 'his', 'her', 'their', 'our', 'my', 'its', 'what', 'why', 'how', 'who', 'where',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'house', 'senate', 'congress', 'parliament', 'department', 'ministry', 'party', 'committee', 'council',
  'university', 'college', 'school', 'court', 'police', 'office', 'agency', 'bank', 'group', 'inc', 'corp',
  'ltd', 'plc', 'company', 'news', 'times', 'post', 'journal', 'street', 'road', 'avenue', 'city', 'county',
  'states', 'united', 'kingdom', 'union', 'republic', 'democrats', 'republicans', 'organisation',
  'organization', 'association', 'institute', 'foundation', 'center', 'centre', 'club', 'fc', 'league',
  'cup', 'airport', 'hospital', 'church', 'museum', 'square', 'island', 'river', 'mountain', 'forces',
  'army', 'navy', 'guard', 'service', 'services', 'board', 'commission', 'authority', 'federation',
  'network', 'media', 'press', 'twitter', 'facebook', 'europe', 'america', 'africa', 'asia', 'god',
  'christmas', 'easter', 'white', 'north', 'south', 'east', 'west', 'new', 'los', 'las', 'san', 'santa',
  'hong', 'fort', 'port', 'lake', 'mount', 'great', 'upper', 'lower', 'central', 'national', 'federal',
  'international', 'global', 'world', 'daily', 'weekly', 'television', 'radio', 'tv', 'online', 'channel',
  'today', 'tonight', 'yesterday', 'tomorrow', 'capitol', 'hall', 'building', 'tower', 'stadium', 'arena',
  'festival', 'awards', 'prize', 'championship', 'championships', 'olympics', 'games', 'series', 'act',
  'bill', 'law', 'treaty', 'accord', 'accords', 'agreement', 'plan', 'program', 'programme', 'project',
  'campaign', 'administration', 'government', 'cabinet', 'pentagon', 'kremlin', 'reuters', 'associated',
  'several', 'some', 'many', 'meanwhile', 'however', 'though', 'although', 'yet', 'so', 'then', 'now',
  'not', 'no', 'yes', 'all', 'every', 'each', 'both', 'either', 'neither', 'also', 'still', 'even', 'just',
  'only', 'more', 'most', 'last', 'next', 'first', 'second', 'third', 'former', 'late', 'early', 'day',
  'week', 'month', 'year', 'asked', 'said', 'says', 'democratic', 'republican', 'conservative', 'labour',
  'liberal', 'green', 'greens', 'brexit', 'covid', 'coronavirus', 'ukraine', 'russia', 'china', 'india',
  'iran', 'israel', 'france', 'germany', 'britain', 'japan', 'korea', 'mexico', 'canada', 'australia',
  'washington', 'london', 'moscow', 'paris', 'berlin', 'beijing', 'tokyo', 'kiev', 'kyiv', 'brussels',
  'street', 'times', 'mail', 'guardian', 'telegraph', 'herald', 'tribune', 'gazette', 'star', 'sun',
  'express', 'mirror', 'observer', 'economist', 'post', 'wire', 'newsweek', 'bloomberg',
  'bay', 'beach', 'valley', 'coast', 'harbour', 'harbor', 'heights', 'hills', 'springs', 'falls', 'sea',
  'ocean', 'gulf', 'peninsula', 'desert', 'forest', 'village', 'town', 'district', 'province', 'region',
  'trust', 'fund', 'games', 'report', 'study', 'website', 'magazine', 'show', 'festival', 'museum',
]);
