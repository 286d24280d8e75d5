import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, mergeConfig, parseConfig } from '../../src/config/index.ts';
import { feedScope } from '../../src/discord/scope.ts';
import { addedFeeds } from '../../src/schedule/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

let store: Store;
afterEach(async () => store?.close());

describe('which briefs a server sees', () => {
  it('hides only briefs whose every feed was added by other servers', async () => {
    store = await openStore('sqlite://:memory:');
    const config = parseConfig(mergeConfig(loadConfig(), { feeds: [{ url: 'https://configured.example/rss' }] }));
    const added = addedFeeds(store);
    await added.set('https://a.example/rss', { url: 'https://a.example/rss', guildIds: ['A'], addedBy: 'u', addedAt: '2026-11-01T00:00:00.000Z' });
    await added.set('https://gone.example/rss', { url: 'https://gone.example/rss', guildIds: [], addedBy: 'u', addedAt: '2026-11-01T00:00:00.000Z' });
    const scope = await feedScope(config, store);
    const from = (...feedUrls: string[]) => ({ feedUrls });

    expect(scope.visible(from('https://configured.example/rss'), 'B')).toBe(true);
    expect(scope.visible(from('https://a.example/rss'), 'A')).toBe(true);
    expect(scope.visible(from('https://a.example/rss'), 'B')).toBe(false);
    expect(scope.visible(from('https://a.example/rss', 'https://configured.example/rss'), 'B')).toBe(true);
    // An operator feed later dropped from the config stays the operator's.
    expect(scope.visible(from('https://dropped.example/rss'), 'B')).toBe(true);
    // A feed every adding server removed keeps its briefs private.
    expect(scope.visible(from('https://gone.example/rss'), 'A')).toBe(false);
    expect(scope.visible(from(), 'B')).toBe(true);
  });
});
