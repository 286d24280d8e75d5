import type { Config } from '../config/index.ts';
import { defaultFetchOptions, pollFeed, type PollResult } from '../feeds/index.ts';
import type { FeedSource } from '../feeds/index.ts';
import { listFeedStatus } from '../pipeline/index.ts';
import type { Store } from '../store/index.ts';
import type { FeedsPort } from './context.ts';

/**
 * /feeds over the pipeline's state: configured feeds plus the feeds this server added, each with the
 * health the poller records. Adding polls the feed once first, never allowing private addresses;
 * removing takes away this server's claim only (the record goes when no server is left).
 */
export function storeFeedsPort(config: Config, store: Store, poll: (source: FeedSource) => Promise<PollResult> = defaultPoll(config)): FeedsPort {
  const added = store.addedFeeds;
  const states = store.feedStates;
  return {
    list: (guildId) => listFeedStatus(config, store, guildId),
    async add(url, addedBy, guildId) {
      const r = await poll({ url });
      if (!r.ok) return { ok: false, reason: `${r.error ?? 'the feed could not be read'}. Check the URL opens as an RSS, Atom or JSON feed.` };
      if (!r.articles.length && !r.state.title) return { ok: false, reason: 'the address answered, but not with a feed that has a title or items.' };
      // Another server may have added the URL already: one record, one poll, this server's claim added.
      await added.claim(url, guildId, { ...(r.state.title ? { name: r.state.title } : {}), addedBy, addedAt: new Date().toISOString() });
      // Without its validators: this poll's items were not stored, so the next cycle must fetch
      // the feed in full rather than be told "not modified".
      const { etag: _etag, lastModified: _lastModified, ...state } = r.state;
      await states.set(url, state);
      return { ok: true, title: r.name ?? r.state.title ?? url, items: r.articles.length };
    },
    async remove(url, guildId) {
      // The last server's removal keeps the record with no servers: it is no longer polled, and the
      // briefs it brought stay hidden from servers that never added it.
      return added.release(url, guildId);
    },
  };
}

function defaultPoll(config: Config) {
  // Feeds added from Discord never reach private or loopback addresses, whatever the operator allows.
  return (source: FeedSource) => pollFeed(source, undefined, { ...defaultFetchOptions, ...config.fetch, fullText: false, allowPrivateAddresses: false });
}
