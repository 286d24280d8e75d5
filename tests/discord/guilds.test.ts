/**
 * Several servers on one bot: a server's own topics and added feeds stay its own. Real discord.js client
 * against the fake Discord with two guilds; assertions are on what the fake received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeFeedsPort } from '../../src/discord/feeds-port.ts';
import { defaultFetchOptions, pollFeed } from '../../src/feeds/index.ts';
import { brief, GUILD, GUILD2, harness, pipelineCycle, seedBriefs, serveFeed, testConfig, TEXT, TEXT2, type Harness } from './harness.ts';

let h: Harness | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of cleanups.splice(0)) await c();
});

type Embed = { title: string; fields?: { name: string; value: string }[] };
const embedsOf = (p: { body: Record<string, unknown> }) => p.body.embeds as Embed[];
const topicsField = (p: { body: Record<string, unknown> }) => embedsOf(p)[0]!.fields?.find((f) => f.name === 'Topics')?.value ?? '';

async function command(hh: Harness, name: string, values: Record<string, string | number | undefined>, channelId: string, guildId: string) {
  return hh.fake.response(hh.fake.command(name, values, { channelId, guildId }));
}

describe('guild topics stay in their guild', () => {
  it('are matched at delivery and query time only, never stored in the brief', async () => {
    const feed = await serveFeed();
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url) });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    expect((await command(h, 'topics', { sub: 'add', name: 'talks', keywords: 'ceasefire' }, TEXT, GUILD)).data.content).toMatch(/Added topic/);
    // The other server uses the same name for something else.
    expect((await command(h, 'topics', { sub: 'add', name: 'talks', keywords: 'football' }, TEXT2, GUILD2)).data.content).toMatch(/Added topic/);
    expect((await command(h, 'subscribe', { topic: 'talks' }, TEXT, GUILD)).data.content).toMatch(/^Subscribed/);
    expect((await command(h, 'subscribe', { topic: 'ukraine' }, TEXT2, GUILD2)).data.content).toMatch(/^Subscribed/);

    await bot.pollNow();

    const stored = await h.store.briefs.page({ limit: 100 });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.brief.topics).toContain('ukraine');
    expect(stored[0]!.brief.topics).not.toContain('talks');

    const [here] = h.fake.postsIn(TEXT);
    const [there] = h.fake.postsIn(TEXT2);
    expect(embedsOf(here!)[0]!.title).toMatch(/ceasefire talks/i);
    expect(topicsField(here!)).toContain('talks');
    expect(embedsOf(there!)[0]!.title).toMatch(/ceasefire talks/i);
    expect(topicsField(there!)).not.toContain('talks');

    const mine = await command(h, 'brief', { topic: 'talks' }, TEXT, GUILD);
    expect(mine.data.embeds!.map((e) => e.title)).toEqual([expect.stringMatching(/ceasefire talks/i)]);
    const theirs = await command(h, 'brief', { topic: 'talks' }, TEXT2, GUILD2);
    expect(theirs.data.content).toMatch(/No briefs found/);

    expect((await command(h, 'quotes', { topic: 'talks' }, TEXT, GUILD)).data.content).toMatch(/Key quotes .*found/);
    expect((await command(h, 'quotes', { topic: 'talks' }, TEXT2, GUILD2)).data.content).toMatch(/No quotes found/);
  });
});

describe('feeds a guild adds stay in that guild', () => {
  it('feed only the servers that added them; another server can neither see nor remove them', async () => {
    const feed = await serveFeed();
    cleanups.push(() => feed.server.close());
    const CONFIGURED = 'https://configured.example/rss';
    h = await harness({ config: testConfig(CONFIGURED) });
    // The real /feeds port over the store; its check-poll may reach the loopback feed in this test only.
    const feeds = storeFeedsPort(h.config, h.store, (s) => pollFeed(s, undefined, { ...defaultFetchOptions, ...h!.config.fetch }));
    const bot = await h.start({ feeds });
    expect((await command(h, 'feeds', { sub: 'add', url: feed.url }, TEXT, GUILD)).data.content).toMatch(/^Added/);
    expect((await command(h, 'feeds', { sub: 'list' }, TEXT, GUILD)).data.content).toContain(feed.url);
    expect((await command(h, 'feeds', { sub: 'list' }, TEXT2, GUILD2)).data.content).not.toContain(feed.url);
    expect((await command(h, 'feeds', { sub: 'remove', url: feed.url }, TEXT2, GUILD2)).data.content).toMatch(/has added no feed with that URL/);
    expect((await command(h, 'feeds', { sub: 'list' }, TEXT, GUILD)).data.content).toContain(feed.url);

    expect((await command(h, 'subscribe', { topic: 'ukraine' }, TEXT, GUILD)).data.content).toMatch(/^Subscribed/);
    expect((await command(h, 'subscribe', { topic: 'ukraine' }, TEXT2, GUILD2)).data.content).toMatch(/^Subscribed/);
    // Briefs as the cycle stores them: from the added feed only, merged from both, from the configured feed only.
    const from = [[feed.url], [CONFIGURED, feed.url], [CONFIGURED]];
    await seedBriefs(h.store, [brief(1), brief(2), brief(3)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString(), (i) => from[i]!);
    await bot.pollNow();
    const titlesIn = (c: string) => h!.fake.postsIn(c).map((p) => embedsOf(p)[0]!.title);
    expect(titlesIn(TEXT)).toEqual([1, 2, 3].map((n) => `Story number ${n} about Kyiv`));
    expect(titlesIn(TEXT2)).toEqual([2, 3].map((n) => `Story number ${n} about Kyiv`));

    const browse = await command(h, 'brief', { topic: 'ukraine' }, TEXT2, GUILD2);
    expect(browse.data.embeds!.map((e) => e.title)).toEqual([3, 2].map((n) => `Story number ${n} about Kyiv`));
    expect((await command(h, 'brief', { id: 'brief-1' }, TEXT2, GUILD2)).data.content).toMatch(/No brief has the id/);
    expect((await command(h, 'quotes', { days: 7 }, TEXT2, GUILD2)).data.embeds![0]!.description).not.toContain('(id brief-1)');
    expect((await command(h, 'brief', { id: 'brief-1' }, TEXT, GUILD)).data.embeds![0]!.title).toBe('Story number 1 about Kyiv');

    // Both servers add the same URL: one record; the first removing it leaves the other's.
    expect((await command(h, 'feeds', { sub: 'add', url: feed.url }, TEXT2, GUILD2)).data.content).toMatch(/^Added/);
    expect((await command(h, 'feeds', { sub: 'remove', url: feed.url }, TEXT, GUILD)).data.content).toMatch(/^Removed/);
    expect((await command(h, 'feeds', { sub: 'list' }, TEXT, GUILD)).data.content).not.toContain(feed.url);
    expect((await command(h, 'feeds', { sub: 'list' }, TEXT2, GUILD2)).data.content).toContain(feed.url);
    expect((await command(h, 'brief', { id: 'brief-1' }, TEXT2, GUILD2)).data.embeds![0]!.title).toBe('Story number 1 about Kyiv');
  });
});
