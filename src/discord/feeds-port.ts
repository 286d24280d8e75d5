import type { Config } from '../../config/schema.ts';
import { defaultFetchOptions, pollFeed, type PollResult } from '../feeds/index.ts';
import type { FeedSource } from '../feeds/types.ts';
import { addedFeeds, feedStates, listFeedStatus } from '../schedule/index.ts';
import type { Store } from '../store/index.ts';
import type { FeedsPort } from './context.ts';

/**
 * /feeds over the pipeline's state: configured feeds plus admin-added ones, each with the health the
 * poller records. Adding polls the feed once first, never allowing private addresses.
 */
export function storeFeedsPort(config: Config, store: Store, poll: (source: FeedSource) => Promise<PollResult> = defaultPoll(config)): FeedsPort {
  const added = addedFeeds(store);
  const states = feedStates(store);
  return {
    list: () => listFeedStatus(config, store),
    async add(url, addedBy) {
      const r = await poll({ url });
      if (!r.ok) return { ok: false, reason: `${r.error ?? 'the feed could not be read'}. Check the URL opens as an RSS, Atom or JSON feed.` };
      if (!r.articles.length && !r.state.title) return { ok: false, reason: 'the address answered, but not with a feed that has a title or items.' };
      await added.set(url, { url, ...(r.state.title ? { name: r.state.title } : {}), addedBy, addedAt: new Date().toISOString() });
      await states.set(url, r.state);
      return { ok: true, title: r.name ?? r.state.title ?? url, items: r.articles.length };
    },
    async remove(url) {
      if (!(await added.has(url))) return false;
      await added.delete(url);
      return true;
    },
  };
}

function defaultPoll(config: Config) {
  // Feeds added from Discord never reach private or loopback addresses, whatever the operator allows.
  return (source: FeedSource) => pollFeed(source, undefined, { ...defaultFetchOptions, ...config.fetch, fullText: false, allowPrivateAddresses: false });
}
