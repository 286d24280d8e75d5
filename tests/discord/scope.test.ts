import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, mergeConfig, parseConfig } from '../../src/config/index.ts';
import { feedScope } from '../../src/delivery/scope.ts';
import type { Store } from '../../src/store/index.ts';
import { openTestStore } from '../support/store.ts';

let store: Store;
afterEach(async () => store?.close());

describe('which briefs a server sees', () => {
  it('hides only briefs whose every feed was added by other servers', async () => {
    store = await openTestStore();
    const config = parseConfig(mergeConfig(loadConfig(), { feeds: [{ url: 'https://configured.example/rss' }] }));
    await store.addedFeeds.set({ url: 'https://a.example/rss', guildIds: ['A'], addedBy: 'u', addedAt: '2026-11-01T00:00:00.000Z' });
    await store.addedFeeds.set({ url: 'https://gone.example/rss', guildIds: [], addedBy: 'u', addedAt: '2026-11-01T00:00:00.000Z' });
    // Configured as well as added by a server: the operator's.
    await store.addedFeeds.set({ url: 'https://configured.example/rss', guildIds: ['A'], addedBy: 'u', addedAt: '2026-11-01T00:00:00.000Z' });
    const a = await feedScope(config, store, 'A');
    const b = await feedScope(config, store, 'B');
    const from = (...feedUrls: string[]) => ({ feedUrls });

    expect(b.visible(from('https://configured.example/rss'))).toBe(true);
    expect(a.visible(from('https://a.example/rss'))).toBe(true);
    expect(b.visible(from('https://a.example/rss'))).toBe(false);
    expect(b.visible(from('https://a.example/rss', 'https://configured.example/rss'))).toBe(true);
    // An operator feed later dropped from the config stays the operator's.
    expect(b.visible(from('https://dropped.example/rss'))).toBe(true);
    // A feed every adding server removed keeps its briefs private.
    expect(a.visible(from('https://gone.example/rss'))).toBe(false);
    expect(b.visible(from())).toBe(true);
    expect(b.hiddenFeeds.sort()).toEqual(['https://a.example/rss', 'https://gone.example/rss']);
    // Outside any server (null), every added feed is hidden.
    expect((await feedScope(config, store, null)).visible(from('https://a.example/rss'))).toBe(false);
  });
});
