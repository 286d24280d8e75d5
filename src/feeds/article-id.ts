// The identity of a feed item: which items are the same article. One home for the rule, so
// ingestion, the store and `/feeds why` agree on it.
import { createHash } from 'node:crypto';

// Query parameters that identify a campaign or a click, never the article.
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ocid|cmpid|ncid|sr_share|at_medium|at_campaign|spm)$/i;

/** The link without tracking parameters and fragment, so the same story has one identity. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) {
      if (TRACKING.test(key)) url.searchParams.delete(key);
    }
    if (url.search === '?') url.search = '';
    return url.href;
  } catch {
    return link;
  }
}

function sha12(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 12);
}

/**
 * Stable 12-hex id. A guid is scoped by the feed URL (guids such as "1" repeat across feeds);
 * a link is global (the same URL from two feeds is one story); otherwise title and text.
 */
export function articleId(feedUrl: string, guid: string, link: string, title: string, text: string): string {
  if (guid) return sha12(`guid\n${feedUrl}\n${guid}`);
  if (link) return sha12(`link\n${canonicalLink(link)}`);
  return sha12(`content\n${title}\n${text}`);
}
