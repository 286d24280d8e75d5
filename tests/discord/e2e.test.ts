/**
 * End to end: the real discord.js client against the fake Discord. Every assertion is on what the fake
 * received (posts, interaction callbacks), never on the bot's internals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { nonceFor } from '../../src/store/index.ts';
import { liveMaskedLinks, markdownStrings } from '../support/discord-markdown.ts';
import { brief, fixtureFeed, FORUM, GUILD, harness, OTHER, seedBriefs, serveFeed, pipelineCycle, testConfig, TEXT, VOICE, type Harness } from './harness.ts';

let h: Harness | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const at = (s: string) => new Date(s);
const titles = (posts: { body: Record<string, unknown> }[]) => posts.map((p) => (p.body.embeds as { title: string }[])[0]!.title);

async function subscribe(hh: Harness, values: Record<string, string | undefined>, channelId = TEXT) {
  const r = await hh.fake.response(hh.fake.command('subscribe', values, { channelId, guildId: GUILD }));
  expect(r.data.content, r.data.content).toMatch(/^(Subscribed|Updated|Resumed)/);
  return r;
}

describe('delivery through the real client', () => {
  it('posts the brief of a matching article from a loopback feed exactly once, with no pings', async () => {
    const feed = await serveFeed();
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url) });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    const confirm = await subscribe(h, { topic: 'ukraine' });
    expect(h.fake.isEphemeral(confirm)).toBe(true);
    expect(confirm.data.content).toContain('**ukraine**');
    await subscribe(h, { topic: 'sports' }, OTHER);

    await bot.pollNow();
    await bot.pollNow();

    const posts = h.fake.postsIn(TEXT);
    expect(posts).toHaveLength(1);
    expect(titles(posts)[0]).toMatch(/ceasefire talks/i);
    expect(posts[0]!.body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(posts[0]!.body.enforce_nonce).toBe(true);
    expect(String(posts[0]!.body.nonce).length).toBeLessThanOrEqual(25);
    expect(h.fake.postsIn(OTHER)).toHaveLength(0);
    const sends = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${TEXT}/messages`);
    expect(sends).toHaveLength(1);
  });

  it('mentions only the subscription role and opens one forum thread per brief', async () => {
    h = await harness();
    const bot = await h.start();
    const r = await h.fake.response(h.fake.command('subscribe', { topic: 'world', mention: '300' }, { channelId: FORUM, roles: [{ id: '300', name: 'news' }] }));
    expect(r.data.content).toMatch(/forum post/);
    await seedBriefs(h.store, [brief(1), brief(2)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    await bot.pollNow();
    const threads = h.fake.requests.filter((q) => q.method === 'POST' && q.path === `/channels/${FORUM}/threads`);
    expect(threads.map((t) => (t.body as { name: string }).name)).toEqual(['Story number 1 about Kyiv', 'Story number 2 about Kyiv']);
    const msg = (threads[0]!.body as { message: { content: string; allowed_mentions: unknown } }).message;
    expect(msg.content).toBe('<@&300>');
    expect(msg.allowed_mentions).toEqual({ parse: [], roles: ['300'] });
  });

  it('posts a digest at its local time, once, split within limits', async () => {
    h = await harness({ now: at('2024-03-01T05:00:00Z') });
    const bot = await h.start();
    const r = await subscribe(h, { topic: 'ukraine', mode: 'digest', time: '08:00', timezone: 'Europe/Berlin' });
    expect(r.data.content).toContain('every day at 08:00 Europe/Berlin');
    await seedBriefs(h.store, Array.from({ length: 12 }, (_, i) => brief(i + 1)), (i) => `2024-03-01T06:${String(i).padStart(2, '0')}:00.000Z`);
    await bot.pollNow();
    expect(h.fake.postsIn(TEXT)).toHaveLength(0);

    expect(await bot.digestTick(at('2024-03-01T06:59:00Z'))).toBe(0);
    expect(h.fake.postsIn(TEXT)).toHaveLength(0);
    await bot.digestTick(at('2024-03-01T07:00:00Z'));
    const posts = h.fake.postsIn(TEXT);
    expect(posts.length).toBe(2);
    const embeds = posts.flatMap((p) => p.body.embeds as { title: string }[]);
    expect(embeds.map((e) => e.title)).toEqual(Array.from({ length: 12 }, (_, i) => `Story number ${i + 1} about Kyiv`));
    for (const p of posts) {
      expect((p.body.embeds as unknown[]).length).toBeLessThanOrEqual(10);
      expect(String(p.body.content)).toContain('ukraine digest for 2024-03-01');
      expect(p.body.allowed_mentions).toEqual({ parse: [], roles: [] });
    }
    await bot.digestTick(at('2024-03-01T07:01:00Z'));
    await bot.digestTick(at('2024-03-01T12:00:00Z'));
    expect(h.fake.postsIn(TEXT)).toHaveLength(2);
  });

  it('gives a new instant subscription the latest backlogOnSubscribe briefs, then only new ones', async () => {
    h = await harness({ config: { ...testConfig(), discord: { ...testConfig().discord, backlogOnSubscribe: 2, allowGuildFeeds: true } } });
    const bot = await h.start();
    await seedBriefs(h.store, [1, 2, 3].map((n) => brief(n)), (i) => new Date(h!.clock.now.getTime() - 60_000 + i).toISOString());
    const r = await subscribe(h, { topic: 'world' });
    expect(r.data.content).toContain('The latest 2 matching briefs follow now.');
    await h.fake.until(() => h!.fake.postsIn(TEXT).length >= 2, 5000, 'the backlog');
    await bot.pollNow();
    expect(titles(h.fake.postsIn(TEXT))).toEqual(['Story number 2 about Kyiv', 'Story number 3 about Kyiv']);
  });

  it('waits out a 429 with Retry-After and the post lands', async () => {
    h = await harness();
    const bot = await h.start();
    await subscribe(h, { topic: 'world' });
    await seedBriefs(h.store, [brief(1)], () => new Date(h!.clock.now.getTime() + 1000).toISOString());
    h.fake.fail({ method: 'POST', path: `/channels/${TEXT}/messages`, status: 429, retryAfter: 0.4 });
    await bot.pollNow();
    const sends = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${TEXT}/messages`);
    expect(sends.map((s) => s.status)).toEqual([429, 200]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(350);
    expect(h.fake.postsIn(TEXT)).toHaveLength(1);
  });

  it('pauses a subscription whose channel answers 404 and carries on with the others', async () => {
    h = await harness();
    const bot = await h.start();
    await subscribe(h, { topic: 'world' }, OTHER);
    await subscribe(h, { topic: 'world' }, TEXT);
    await seedBriefs(h.store, [brief(1), brief(2)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    h.fake.fail({ method: 'POST', path: `/channels/${OTHER}/messages`, status: 404, code: 10003 });
    await bot.pollNow();
    expect(h.fake.postsIn(OTHER)).toHaveLength(0);
    expect(titles(h.fake.postsIn(TEXT))).toEqual(['Story number 1 about Kyiv', 'Story number 2 about Kyiv']);
    const otherSends = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${OTHER}/messages`);
    expect(otherSends).toHaveLength(1);

    const list = await h.fake.response(h.fake.command('subscriptions', { all: true }, { channelId: TEXT }));
    expect(list.data.content).toMatch(new RegExp(`<#${OTHER}> \\*\\*world\\*\\* · instant · \\*\\*paused\\*\\*: .*Unknown Channel`));
    expect(list.data.content).toMatch(new RegExp(`<#${TEXT}> \\*\\*world\\*\\* · instant · active · last post <t:`));

    // Nothing more is tried while paused; /subscribe again resumes from now.
    await bot.pollNow();
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${OTHER}/messages`)).toHaveLength(1);
    const resumed = await subscribe(h, { topic: 'world' }, OTHER);
    expect(resumed.data.content).toMatch(/^Resumed/);
  });

  it('a restart in the middle of delivering posts nothing twice and drops nothing', async () => {
    h = await harness();
    let bot = await h.start();
    await subscribe(h, { topic: 'world' });
    await seedBriefs(h.store, [1, 2, 3, 4, 5].map((n) => brief(n)), (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    h.fake.delay({ method: 'POST', path: `/channels/${TEXT}/messages`, ms: 150 });
    const pass = bot.pollNow();
    await h.fake.until(() => h!.fake.postsIn(TEXT).length >= 1, 5000, 'the first post');
    await bot.stop();
    await pass;
    const before = h.fake.postsIn(TEXT).length;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(5);

    await h.reopenStore();
    bot = await h.start();
    await h.fake.until(() => h!.fake.postsIn(TEXT).length >= 5, 5000, 'all five posts');
    await bot.pollNow();
    expect(titles(h.fake.postsIn(TEXT))).toEqual([1, 2, 3, 4, 5].map((n) => `Story number ${n} about Kyiv`));

    // A crash between the post and the ledger write, and a restart after an outage longer than Discord's
    // nonce window (0 here): the nonce no longer dedupes, so only the check for the earlier post saves a
    // second one.
    await bot.stop();
    h.fake.nonceWindowMs = 0;
    const store = await h.reopenStore();
    const entry = await store.deliveries.get(TEXT, 'brief-3');
    expect(entry?.nonce).toBe(nonceFor(TEXT, 'brief-3'));
    await store.deliveries.set(TEXT, 'brief-3', { ...entry!, state: 'sending', messageId: undefined });
    // A pass that dies mid-way never advances the subscription's delivery cursor; rewind it as such a crash leaves it.
    await store.subscriptions.update(TEXT, 'world', { deliveredThrough: undefined });
    const sendsBefore = h.fake.requests.filter((r) => r.path === `/channels/${TEXT}/messages`).length;
    bot = await h.start();
    await h.fake.until(() => h!.fake.requests.filter((r) => r.path === `/channels/${TEXT}/messages` && r.status).length > sendsBefore, 5000, 'the check for the earlier post');
    await bot.pollNow();
    const after = h.fake.requests.filter((r) => r.path === `/channels/${TEXT}/messages`).slice(sendsBefore);
    expect(after.map((r) => r.method)).toEqual(['GET']);
    expect(h.fake.postsIn(TEXT)).toHaveLength(5);
    expect(await h.store.deliveries.get(TEXT, 'brief-3')).toMatchObject({ state: 'sent', messageId: h.fake.postsIn(TEXT)[2]!.id });
  });

  it('a restart after a crash around a forum post finds the thread it made and opens no second one', async () => {
    h = await harness();
    h.fake.nonceWindowMs = 0;
    let bot = await h.start();
    await subscribe(h, { topic: 'world' }, FORUM);
    await seedBriefs(h.store, [brief(1), brief(2)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    await bot.pollNow();
    const threads = () => h!.fake.requests.filter((q) => q.method === 'POST' && q.path === `/channels/${FORUM}/threads`);
    expect(threads()).toHaveLength(2);
    await bot.stop();
    const store = await h.reopenStore();
    const entry = await store.deliveries.get(FORUM, 'brief-2');
    await store.deliveries.set(FORUM, 'brief-2', { ...entry!, state: 'sending', messageId: undefined, threadId: undefined });
    await store.subscriptions.update(FORUM, 'world', { deliveredThrough: undefined });
    // A long outage: the thread has been archived meanwhile, so it is no longer among the active ones.
    h.fake.archiveThreads(FORUM);
    bot = await h.start();
    await bot.pollNow();
    await bot.pollNow();
    expect(threads()).toHaveLength(2);
    expect(h.fake.requests.some((q) => q.method === 'GET' && q.path === `/guilds/${GUILD}/threads/active`)).toBe(true);
    expect(h.fake.requests.some((q) => q.method === 'GET' && q.path === `/channels/${FORUM}/threads/archived/public`)).toBe(true);
    const threadId = (h.fake.postsIn(FORUM)[1]!.body as { thread_id: string }).thread_id;
    expect(await h.store.deliveries.get(FORUM, 'brief-2')).toMatchObject({ state: 'sent', threadId, messageId: threadId });
  });
});

describe('commands through the real client', () => {
  const member = { channelId: TEXT, guildId: GUILD };

  it('/subscribe again on an active subscription keeps its place in the stream', async () => {
    h = await harness();
    const bot = await h.start();
    await subscribe(h, { topic: 'world' });
    await seedBriefs(h.store, [brief(1)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    await bot.pollNow();
    const subs = h.store.subscriptions;
    const cursor = (await subs.get(TEXT, 'world'))?.deliveredThrough;
    expect(cursor).toBeTruthy();
    await subscribe(h, { topic: 'world', mention: '333' });
    expect((await subs.get(TEXT, 'world'))?.deliveredThrough).toBe(cursor);
  });

  it('/subscribe validates options and refuses members without Manage Channels', async () => {
    h = await harness();
    await h.start();
    const cases: [Record<string, string>, RegExp, typeof member & { permissions?: bigint }][] = [
      [{ topic: 'nope' }, /no topic "nope"/, member],
      [{ topic: 'world', time: '25:00', mode: 'digest' }, /HH:MM/, member],
      [{ topic: 'world', time: '08:00' }, /only applies to digests/, member],
      [{ topic: 'world', mode: 'digest', timezone: 'Mars/Base' }, /not a time zone/, member],
      [{ topic: 'world' }, /Manage Channels/, { ...member, permissions: PermissionFlagsBits.SendMessages }],
      [{ topic: 'world' }, /text, announcement, thread and forum/, { channelId: VOICE, guildId: GUILD }],
    ];
    for (const [values, error, who] of cases) {
      const r = await h.fake.response(h.fake.command('subscribe', values, who));
      expect(r.data.content).toMatch(error);
      expect(h.fake.isEphemeral(r)).toBe(true);
    }
    const list = await h.fake.response(h.fake.command('subscriptions', {}, member));
    expect(list.data.content).toMatch(/no subscriptions/);
  });

  it('/subscriptions and /unsubscribe list and remove this channel\'s subscriptions', async () => {
    h = await harness();
    await h.start();
    await subscribe(h, { topic: 'world' });
    await subscribe(h, { topic: 'ukraine', mode: 'digest', time: '18:30', timezone: 'America/New_York' });
    const list = await h.fake.response(h.fake.command('subscriptions', {}, member));
    expect(list.data.content).toContain('Subscriptions of this channel (2)');
    expect(list.data.content).toContain('**ukraine** · daily digest at 18:30 America/New_York · active · nothing posted yet');
    expect(list.data.content).toContain('**world** · instant · active');

    const ac = await h.fake.response(h.fake.autocomplete('unsubscribe', { topic: 'uk' }, 'topic', member));
    expect(ac.type).toBe(8);
    expect(ac.data.choices).toEqual([{ name: 'ukraine', value: 'ukraine' }]);

    const un = await h.fake.response(h.fake.command('unsubscribe', { topic: 'world' }, member));
    expect(un.data.content).toMatch(/Unsubscribed: no more \*\*world\*\*/);
    const again = await h.fake.response(h.fake.command('unsubscribe', { topic: 'world' }, member));
    expect(again.data.content).toMatch(/not subscribed to "world".*ukraine/);
    expect(h.fake.isEphemeral(again)).toBe(true);
    const after = await h.fake.response(h.fake.command('subscriptions', {}, member));
    expect(after.data.content).toContain('Subscriptions of this channel (1)');
  });

  it('autocomplete answers matching topics and time zones, at most 25', async () => {
    h = await harness();
    await h.start();
    const topics = await h.fake.response(h.fake.autocomplete('subscribe', { topic: 'u' }, 'topic', member));
    expect(topics.type).toBe(8);
    expect(topics.data.choices!.map((c) => c.value)).toEqual(['ukraine', 'business', 'russia']);
    const zones = await h.fake.response(h.fake.autocomplete('subscribe', { topic: 'world', timezone: '' }, 'timezone', member));
    expect(zones.data.choices).toHaveLength(25);
    const berlin = await h.fake.response(h.fake.autocomplete('subscribe', { topic: 'world', timezone: 'berl' }, 'timezone', member));
    expect(berlin.data.choices).toEqual([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
  });

  it('/brief pages past briefs newest first with buttons and shows one in full', async () => {
    h = await harness({ now: at('2024-03-02T12:00:00Z') });
    await h.start();
    await seedBriefs(h.store, Array.from({ length: 7 }, (_, i) => brief(i + 1)), (i) => `2024-03-01T10:0${i}:00.000Z`);
    const page1 = await h.fake.response(h.fake.command('brief', { topic: 'ukraine' }, member));
    expect(h.fake.isEphemeral(page1)).toBe(false);
    expect(page1.data.content).toContain('page 1 of 2 (7 in all)');
    expect(page1.data.embeds!.map((e) => e.title)).toEqual([7, 6, 5, 4, 3].map((n) => `Story number ${n} about Kyiv`));
    const [prev, next] = page1.data.components![0]!.components;
    expect(prev!.disabled).toBe(true);
    expect(next!.disabled).toBe(false);

    const page2 = await h.fake.response(h.fake.button(next!.custom_id!, member));
    expect(page2.type).toBe(7);
    expect(page2.data.embeds!.map((e) => e.title)).toEqual(['Story number 2 about Kyiv', 'Story number 1 about Kyiv']);

    const yesterday = await h.fake.response(h.fake.command('brief', { date: 'yesterday', search: 'story 3' }, member));
    expect(yesterday.data.embeds!.map((e) => e.title)).toEqual(['Story number 3 about Kyiv']);

    const full = await h.fake.response(h.fake.command('brief', { id: 'brief-2' }, member));
    expect(full.data.embeds![0]!.title).toBe('Story number 2 about Kyiv');
    expect(full.data.embeds![0]!.fields!.find((f) => f.name === 'Key quotes')!.value).toContain('Quote 2 from the minister');

    for (const [values, error] of [
      [{ date: '2024-13-01' }, /not a date/],
      [{ id: 'missing' }, /No brief has the id/],
      [{ date: 'today' }, /No briefs found \(on 2024-03-02\)/],
    ] as const) {
      const r = await h.fake.response(h.fake.command('brief', values, member));
      expect(r.data.content).toMatch(error);
      expect(h.fake.isEphemeral(r)).toBe(true);
    }
  });

  it('/quotes lists key quotes with speaker, date and source brief; speakers autocomplete', async () => {
    h = await harness({ now: at('2024-03-02T12:00:00Z') });
    await h.start();
    await seedBriefs(h.store, [brief(1), brief(2), brief(3)], (i) => `2024-03-01T10:0${i}:00.000Z`);
    const r = await h.fake.response(h.fake.command('quotes', { speaker: 'kuleba', days: 3 }, member));
    const text = r.data.embeds![0]!.description!;
    expect(r.data.content).toContain('2 found');
    expect(text).toContain('“Quote 3 from the minister” — Dmytro Kuleba, foreign minister');
    expect(text).toContain('2024-03-01 · [Story number 3 about Kyiv](https://example.org/story/3) (id brief-3)');
    expect(text).not.toContain('Baerbock');
    expect(text.indexOf('Quote 3')).toBeLessThan(text.indexOf('Quote 1'));

    const ac = await h.fake.response(h.fake.autocomplete('quotes', { speaker: 'baer' }, 'speaker', member));
    expect(ac.data.choices).toEqual([{ name: 'Annalena Baerbock', value: 'Annalena Baerbock' }]);
    const bad = await h.fake.response(h.fake.command('quotes', { days: 90 }, member));
    expect(bad.data.content).toMatch(/days must be a whole number from 1 to 30/);
    expect(h.fake.isEphemeral(bad)).toBe(true);
  });

  it('/topics lists, adds and removes guild topics; delivery matches them', async () => {
    h = await harness();
    const bot = await h.start();
    const denied = await h.fake.response(h.fake.command('topics', { sub: 'add', name: 'launches', keywords: 'rocket' }, { ...member, permissions: PermissionFlagsBits.ManageChannels }));
    expect(denied.data.content).toMatch(/Manage Server/);
    const added = await h.fake.response(h.fake.command('topics', { sub: 'add', name: 'launches', keywords: 'rocket, launch pad' }, member));
    expect(added.data.content).toMatch(/Added topic \*\*launches\*\*/);
    const list = await h.fake.response(h.fake.command('topics', { sub: 'list' }, member));
    const described = list.data.embeds![0]!.description!;
    expect(described.startsWith('• **launches** (this server): rocket, launch pad\n')).toBe(true);
    expect(described).toMatch(/• \*\*world\*\*: (.*, )?united nations, UN/);
    expect(described.length).toBeLessThanOrEqual(4096);
    await subscribe(h, { topic: 'launches' });
    await seedBriefs(h.store, [brief(1, { headline: 'A rocket lifts off', topics: [] }), brief(2)], (i) => new Date(h!.clock.now.getTime() + 1000 + i).toISOString());
    await bot.pollNow();
    expect(titles(h.fake.postsIn(TEXT))).toEqual(['A rocket lifts off']);
    const removed = await h.fake.response(h.fake.command('topics', { sub: 'remove', name: 'launches' }, member));
    expect(removed.data.content).toMatch(/Removed topic \*\*launches\*\* and its 1 subscription/);
  });

  it('/feeds refuses a member without Manage Server even though the interaction arrives', async () => {
    h = await harness();
    await h.start();
    const r = await h.fake.response(h.fake.command('feeds', { sub: 'add', url: 'https://example.org/rss' }, { ...member, permissions: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.SendMessages }));
    expect(r.data.content).toMatch(/You need the Manage Server permission/);
    expect(h.fake.isEphemeral(r)).toBe(true);
    expect(h.feeds.added).toEqual([]);

    const ok = await h.fake.response(h.fake.command('feeds', { sub: 'add', url: 'https://example.org/rss' }, member));
    expect(ok.data.content).toMatch(/^Added/);
    expect(h.feeds.added).toEqual(['https://example.org/rss']);
    const bad = await h.fake.response(h.fake.command('feeds', { sub: 'add', url: 'ftp://example.org/rss' }, member));
    expect(bad.data.content).toMatch(/Only http/);
  });

  it('/feeds add is refused when the operator turned guild feeds off', async () => {
    h = await harness({ config: { ...testConfig(), discord: { ...testConfig().discord, backlogOnSubscribe: 0, allowGuildFeeds: false } } });
    await h.start();
    const r = await h.fake.response(h.fake.command('feeds', { sub: 'add', url: 'https://example.org/rss' }, member));
    expect(r.data.content).toMatch(/Adding feeds from Discord is turned off on this bot/);
    expect(h.fake.isEphemeral(r)).toBe(true);
    expect(h.feeds.added).toEqual([]);
  });

  it('/feeds why explains what happened to an article link', async () => {
    const feed = await serveFeed();
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url) });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    await subscribe(h, { topic: 'ukraine' });
    await bot.pollNow();
    const r = await h.fake.response(h.fake.command('feeds', { sub: 'why', link: 'http://example.invalid/news/ceasefire-talks' }, member));
    expect(r.data.content).toContain(`in <${feed.url}>`);
    expect(r.data.content).toMatch(/Briefed as \*\*.*ceasefire talks/i);
    expect(r.data.content).toMatch(/Matched topics: .*ukraine/);
    expect(r.data.content).toContain(`Posted in <#${TEXT}> for topic ukraine`);
    const unknown = await h.fake.response(h.fake.command('feeds', { sub: 'why', link: 'https://example.org/never' }, member));
    expect(unknown.data.content).toMatch(/has not seen/);
  });

  it('defers a slow command within Discord\'s 3 seconds and then edits the answer in', async () => {
    h = await harness();
    await h.start();
    const add = h.feeds.add;
    h.feeds.add = async (url, by, guildId) => {
      await new Promise((r) => setTimeout(r, 1200));
      return add(url, by, guildId);
    };
    const sent = Date.now();
    const i = h.fake.command('feeds', { sub: 'add', url: 'https://example.org/slow.xml' }, member);
    const r = await h.fake.response(i, 5000);
    expect(r.type).toBe(5);
    expect(h.fake.isEphemeral(r)).toBe(true);
    expect(r.data.content).toMatch(/^Added/);
    const callback = h.fake.requests.find((q) => q.path === `/interactions/${i.id}/${i.token}/callback`)!;
    expect(callback.at - sent).toBeLessThan(1200);
  });

  it('an unexpected error answers a generic ephemeral message and the bot keeps working', async () => {
    h = await harness();
    await h.start();
    h.feeds.list = async () => {
      throw new Error('boom');
    };
    const r = await h.fake.response(h.fake.command('feeds', { sub: 'list' }, member));
    expect(r.data.content).toMatch(/Something went wrong/);
    expect(h.fake.isEphemeral(r)).toBe(true);
    const ok = await h.fake.response(h.fake.command('subscriptions', {}, member));
    expect(ok.data.content).toMatch(/no subscriptions/);
  });
});

describe('feed text is inert in Discord (issue 9)', () => {
  const member = { channelId: TEXT, guildId: GUILD };
  const links = '[a](https://x.example/1) and [b](https://y.example/2)';
  /** Every body the bot sent: posts, forum threads and interaction answers. */
  const bodies = (hh: Harness) =>
    hh.fake.requests
      .filter((r) => r.method === 'POST' || r.method === 'PATCH')
      .map((r) => r.body as Record<string, unknown>)
      .flatMap((b) => [b, (b?.data ?? {}) as Record<string, unknown>, (b?.message ?? {}) as Record<string, unknown>]);

  it('leaves no masked link from a feed live in any post or reply', async () => {
    h = await harness({ now: at('2024-03-01T05:00:00Z') });
    const bot = await h.start();
    await subscribe(h, { topic: 'world' });
    await h.fake.response(h.fake.command('subscribe', { topic: 'world' }, { channelId: FORUM, guildId: GUILD }));
    await subscribe(h, { topic: 'ukraine', mode: 'digest', time: '08:00', timezone: 'UTC' }, OTHER);
    const hostile = brief(1, {
      headline: `Headline ${links}`,
      summary: `Summary ${links}.`,
      source: `Source ${links}`,
      sources: [{ name: `Source ${links}`, link: 'https://example.org/story/1' }, { name: `Other ${links}`, link: 'https://example.org/o' }],
      quotes: [{ text: `Quote ${links}`, speaker: `Speaker ${links}`, role: `role ${links}` }],
      context: [`Context ${links}.`, `More ${links}.`],
    });
    await seedBriefs(h.store, [hostile], () => '2024-03-01T05:00:01.000Z');
    await bot.pollNow();
    await bot.digestTick(at('2024-03-01T08:00:00Z'));
    for (const [name, values] of [
      ['brief', { id: 'brief-1' }],
      ['brief', { topic: 'world' }],
      ['quotes', {}],
      ['quotes', { speaker: 'Speaker' }],
    ] as const) {
      const r = await h.fake.response(h.fake.command(name, values, member));
      expect(r.data.embeds?.length, `${name} ${JSON.stringify(values)}: ${r.data.content}`).toBeGreaterThan(0);
    }
    expect(h.fake.postsIn(TEXT)).toHaveLength(1);
    expect(h.fake.postsIn(FORUM)).toHaveLength(1);
    expect(h.fake.postsIn(OTHER)).toHaveLength(1);
    const shown = bodies(h).flatMap(markdownStrings);
    // The text is still there to read, only inert.
    expect(shown.some((s) => s.includes('x.example/1'))).toBe(true);
    // The bot's own link to the brief (in /quotes) is the only live one.
    for (const s of shown) expect(liveMaskedLinks(s).filter((l) => l.url !== 'https://example.org/story/1'), s).toEqual([]);
  });

  it('validates and encodes feed links, so a link cannot smuggle a second live link into /quotes or /feeds why', async () => {
    const evil = 'http://host.example/p/1)[Claim your refund](http://evil.example/phish';
    const feed = await serveFeed(() => fixtureFeed().replace('http://example.invalid/news/ceasefire-talks', evil));
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url) });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    await subscribe(h, { topic: 'ukraine' });
    await bot.pollNow();
    const [post] = h.fake.postsIn(TEXT);
    const url = (post!.body.embeds as { url?: string }[])[0]!.url!;
    expect(new URL(url).host).toBe('host.example');
    expect(url).not.toMatch(/[()[\]\s]/);

    const quotes = await h.fake.response(h.fake.command('quotes', {}, member));
    const live = markdownStrings(quotes.data).flatMap(liveMaskedLinks);
    expect(live.length).toBe(1);
    expect(new URL(live[0]!.url).host).toBe('host.example');
    const why = await h.fake.response(h.fake.command('feeds', { sub: 'why', link: new URL(evil).href }, member));
    expect(why.data.content).toMatch(/Briefed as/);
    for (const s of [...markdownStrings(quotes.data), ...markdownStrings(why.data)]) expect(s).not.toMatch(/\]\(http:\/\/evil/);
  });

  it('shrinks a brief with many topics, ten quotes and long sources to fit Discord, quotes first', async () => {
    h = await harness({ config: { ...testConfig(), brief: { ...testConfig().brief, quotesShown: 10 } } });
    const bot = await h.start();
    await subscribe(h, { topic: 'world' });
    const long = (w: string, n: number) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    const big = brief(1, {
      headline: long('headline', 60),
      summary: long('summary', 300),
      source: long('Source', 80),
      sources: [0, 1, 2].map((k) => ({ name: `${k} ${long('Feedtitle', 80)}`, link: `https://example.org/${k}` })),
      quotes: Array.from({ length: 10 }, (_, i) => ({ text: long(`quote${i}w`, 70), speaker: `Speaker ${i}`, role: long('role', 12) })),
      context: Array.from({ length: 5 }, (_, i) => long(`context${i}w`, 80)),
      topics: ['world', ...Array.from({ length: 60 }, (_, i) => `topic-number-${i}`)],
    });
    await seedBriefs(h.store, [big], () => new Date(h!.clock.now.getTime() + 1000).toISOString());
    await bot.pollNow();
    const posts = h.fake.postsIn(TEXT);
    expect(posts).toHaveLength(1);
    const embed = (posts[0]!.body.embeds as { fields: { name: string; value: string }[] }[])[0]!;
    expect(embed.fields.map((f) => f.name)).toContain('Key quotes');
    const full = await h.fake.response(h.fake.command('brief', { id: 'brief-1' }, member));
    expect(full.data.embeds?.[0]?.title, full.data.content).toMatch(/^headline0/);
  });

  it('records a post Discord refuses (400) as failed with the reason, shown in /feeds why and /subscriptions', async () => {
    const feed = await serveFeed();
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url) });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    await subscribe(h, { topic: 'ukraine' });
    h.fake.fail({ method: 'POST', path: `/channels/${TEXT}/messages`, status: 400 });
    await bot.pollNow();
    expect(h.fake.postsIn(TEXT)).toHaveLength(0);
    const why = await h.fake.response(h.fake.command('feeds', { sub: 'why', link: 'http://example.invalid/news/ceasefire-talks' }, member));
    expect(why.data.content).not.toMatch(/Posted in/);
    expect(why.data.content).toContain(`Failed in <#${TEXT}> for topic ukraine`);
    expect(why.data.content).toContain('Discord refused the message: Invalid Form Body');
    const subs = await h.fake.response(h.fake.command('subscriptions', {}, member));
    expect(subs.data.content).toMatch(/last post failed .*Discord refused the message: Invalid Form Body/);
    // A refusal is not retried on every pass (the same body would be refused again).
    await bot.pollNow();
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${TEXT}/messages`)).toHaveLength(1);
  });
});

describe('story identity whatever feeds do with their GUIDs (issue 9)', () => {
  const HOUR = 3_600_000;
  const item = (guid: string, link: string, title: string, body: string) =>
    `<item><title>${title}</title><link>${link}</link><guid>${guid}</guid><pubDate>Fri, 01 Mar 2024 09:00:00 GMT</pubDate><description><![CDATA[${body}]]></description></item>`;
  const rss = (items: string[]) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback News</title>${items.join('')}</channel></rss>`;
  const talks =
    '<p>Ukraine and Russia agreed on Friday to hold new ceasefire talks in Geneva next week, officials in Kyiv said.</p><p>"We are ready to talk, but we will not give up our land," Volodymyr Zelensky, Ukraine\'s president, said in a video address.</p><p>Diplomats from several European countries are expected to attend as observers.</p>';
  const grain =
    '<p>Ukraine shipped a record amount of grain from its Black Sea ports in February, the agriculture ministry in Kyiv said on Friday.</p><p>"Our corridor works despite the attacks," Mykola Solskyi, Ukraine\'s agriculture minister, told reporters.</p><p>Traders said insurance costs for ships calling at Odesa had fallen.</p>';

  it('a feed that gives the same item a new GUID on every poll gets it posted once, also after the merge window', async () => {
    let polls = 0;
    const feed = await serveFeed(() => rss([item(`rotating-${++polls}`, 'http://example.invalid/news/talks', 'Kyiv and Moscow agree to new ceasefire talks in Geneva', talks)]));
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url), now: at('2024-03-01T10:00:00Z') });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    await subscribe(h, { topic: 'ukraine' });
    for (const hours of [0, 1, 49, 97, 200]) {
      h.clock.now = new Date(at('2024-03-01T10:00:00Z').getTime() + hours * HOUR);
      await bot.pollNow();
    }
    expect(polls).toBe(5);
    expect(titles(h.fake.postsIn(TEXT))).toEqual(['Kyiv and Moscow agree to new ceasefire talks in Geneva']);
  });

  it('two different items sharing one GUID are both kept and posted, each once', async () => {
    const feed = await serveFeed(() =>
      rss([
        item('shared-guid', 'http://example.invalid/news/talks', 'Kyiv and Moscow agree to new ceasefire talks in Geneva', talks),
        item('shared-guid', 'http://example.invalid/news/grain', 'Ukraine ships record grain through Black Sea corridor', grain),
      ]),
    );
    cleanups.push(() => feed.server.close());
    h = await harness({ config: testConfig(feed.url), now: at('2024-03-01T10:00:00Z') });
    const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
    await subscribe(h, { topic: 'ukraine' });
    for (const hours of [0, 1, 2]) {
      h.clock.now = new Date(at('2024-03-01T10:00:00Z').getTime() + hours * HOUR);
      await bot.pollNow();
    }
    expect(titles(h.fake.postsIn(TEXT)).sort()).toEqual(['Kyiv and Moscow agree to new ceasefire talks in Geneva', 'Ukraine ships record grain through Black Sea corridor']);
    // Each story keeps its own brief: /brief lists both, neither overwritten by the other.
    const list = await h.fake.response(h.fake.command('brief', { topic: 'ukraine' }, { channelId: TEXT, guildId: GUILD }));
    expect(list.data.embeds!.map((e) => e.title).sort()).toEqual(['Kyiv and Moscow agree to new ceasefire talks in Geneva', 'Ukraine ships record grain through Black Sea corridor']);
  });
});

describe('slash commands registered at start (issue 9)', () => {
  const puts = (hh: Harness) => hh.fake.requests.filter((r) => r.method === 'PUT' && /\/commands$/.test(r.path));

  it('registers them on the first start, not again while they are unchanged, and again once one changed', async () => {
    h = await harness();
    const first = await h.start();
    await h.fake.until(() => puts(h!).length >= 1, 5000, 'the registration');
    expect(puts(h)[0]!.path).toBe(`/applications/${h.fake.applicationId}/commands`);
    expect((puts(h)[0]!.body as { name: string }[]).map((c) => c.name).sort()).toEqual(['brief', 'feeds', 'quotes', 'subscribe', 'subscriptions', 'topics', 'unsubscribe']);
    await first.stop();

    // A restart over the same store with the same definitions registers nothing.
    await h.reopenStore();
    const second = await h.start();
    await second.pollNow();
    await second.stop();
    expect(puts(h)).toHaveLength(1);

    // A changed definition (a new release) is registered at the next start.
    await h.reopenStore();
    const changed = commands.map((c) => (c.data.name !== 'quotes' ? c : { ...c, data: { name: c.data.name, toJSON: () => ({ ...c.data.toJSON(), description: 'Key quotes, now searchable by role' }) } }));
    await h.start({ commands: changed });
    await h.fake.until(() => puts(h!).length >= 2, 5000, 'the second registration');
    expect((puts(h)[1]!.body as { name: string; description: string }[]).find((c) => c.name === 'quotes')!.description).toBe('Key quotes, now searchable by role');
  });

  it('registers them for discord.guildId when one is configured', async () => {
    h = await harness({ config: { ...testConfig(), discord: { ...testConfig().discord, guildId: GUILD } } });
    await h.start();
    await h.fake.until(() => puts(h!).length >= 1, 5000, 'the registration');
    expect(puts(h).map((r) => r.path)).toEqual([`/applications/${h.fake.applicationId}/guilds/${GUILD}/commands`]);
  });
});
