import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import defaults from '../../config/default.json' with { type: 'json' };
import type { Store } from '../../src/store/index.ts';
import { openTestStore } from '../support/store.ts';
import { createDelivery, type PostMatch, type Sender } from '../../src/delivery/index.ts';
import { briefMatches } from '../../src/topics/index.ts';
import { nonceFor } from '../../src/store/index.ts';
import { discordRenderer, type OutgoingMessage } from '../../src/discord/render.ts';
import { classifySendError, messageMatches } from '../../src/discord/sender.ts';
import type { Subscription } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';

const config = parseConfig(defaults);
let store: Store;
afterEach(async () => store?.close());

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  guildId: 'g',
  channelId: 'c1',
  channelKind: 'messages',
  topic: 'world',
  mode: 'instant',
  time: null,
  timezone: 'UTC',
  since: '2024-03-01T00:00:00.000Z',
  state: 'active',
  createdBy: 'u',
  createdAt: '2024-03-01T00:00:00.000Z',
  ...over,
});

async function seed(n: number) {
  store = await openTestStore();
  const repo = store.briefs;
  for (let i = 1; i <= n; i++) {
    const createdAt = `2024-03-01T10:0${i}:00.000Z`;
    await repo.save({
      brief: { id: `b${i}`, headline: `Story ${i}`, date: '2024-03-01', source: 'S', link: `https://e.org/${i}`, summary: 'x', quotes: [], context: [], topics: ['world'] },
      createdAt,
      updatedAt: createdAt,
      feedUrls: [],
      articleIds: [],
      contentHash: '',
    });
  }
  await repo.save({
    brief: { id: 'old', headline: 'Old', date: '2024-02-28', source: 'S', link: '', summary: 'x', quotes: [], context: [], topics: ['world'] },
    createdAt: '2024-02-28T10:00:00.000Z',
    updatedAt: '2024-02-28T10:00:00.000Z',
    feedUrls: [],
    articleIds: [],
    contentHash: '',
  });
}

function recordingSender(fail?: (n: number) => unknown, existing?: (what: PostMatch) => string | undefined) {
  const posts: { channelId: string; msg: OutgoingMessage; nonce: string }[] = [];
  let n = 0;
  const sender: Sender<OutgoingMessage> = {
    classify: classifySendError,
    async post(channelId, msg, nonce) {
      n++;
      const err = fail?.(n);
      if (err) throw err;
      posts.push({ channelId, msg, nonce });
      return { messageId: `m${n}` };
    },
    async forumPost() {
      throw new Error('not used');
    },
    async findPosted(_where, what) {
      const id = existing?.(what);
      return id ? { messageId: id } : null;
    },
  };
  return { sender, posts };
}

const now = () => new Date('2024-03-01T12:00:00Z');

describe('topic matching', () => {
  it('matches a guild topic by its own keywords only', () => {
    const rec = { brief: { id: 'x', headline: 'A rocket lifts off', date: null, source: '', link: '', summary: '', quotes: [], context: [], topics: ['launches'] }, createdAt: '', updatedAt: '', feedUrls: [], articleIds: [], contentHash: '' };
    expect(briefMatches(rec, 'launches', { name: 'launches', keywords: ['rocket'] })).toBe(true);
    expect(briefMatches(rec, 'launches', { name: 'launches', keywords: ['boat'] })).toBe(false);
    expect(briefMatches(rec, 'launches')).toBe(true);
    expect(briefMatches(rec, 'world')).toBe(false);
  });
});

describe('delivery', () => {
  it('posts matching briefs since the subscription oldest first, once', async () => {
    await seed(3);
    await store.subscriptions.save(sub());
    const { sender, posts } = recordingSender();
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    expect((await d.pass()).sent).toBe(3);
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 1', 'Story 2', 'Story 3']);
    expect(posts[0]!.nonce).toBe(nonceFor('c1', 'b1'));
    expect(posts[0]!.nonce.length).toBeLessThanOrEqual(25);
    expect((await d.pass()).sent).toBe(0);
    expect(posts).toHaveLength(3);
    expect(await store.deliveries.get('c1', 'b2')).toMatchObject({ state: 'sent', messageId: 'm2' });
  });

  it('posts to different channels together, within the cap, each channel in order', async () => {
    await seed(4);
    const channels = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const c of channels) await store.subscriptions.save(sub({ channelId: c }));
    let inFlight = 0;
    let most = 0;
    const posts: { channelId: string; title: string }[] = [];
    const sender: Sender<OutgoingMessage> = {
      classify: classifySendError,
      async post(channelId, msg) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        posts.push({ channelId, title: msg.embeds[0]!.title! });
        return { messageId: `m${posts.length}` };
      },
      forumPost: () => Promise.reject(new Error('not used')),
      findPosted: async () => null,
    };
    const capped = { ...config, discord: { ...config.discord, postConcurrency: 3 } };
    const d = createDelivery({ store, config: capped, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    expect((await d.pass()).sent).toBe(20);
    expect(most).toBe(3);
    for (const c of channels) expect(posts.filter((p) => p.channelId === c).map((p) => p.title)).toEqual(['Story 1', 'Story 2', 'Story 3', 'Story 4']);
    expect((await d.pass()).sent).toBe(0);
    expect(posts).toHaveLength(20);
  });

  it('keeps a failed post for the next pass and never skips it', async () => {
    await seed(2);
    await store.subscriptions.save(sub());
    const { sender, posts } = recordingSender((n) => (n === 1 ? Object.assign(new Error('socket hang up'), {}) : undefined));
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.pass();
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 2']);
    expect((await store.deliveries.get('c1', 'b1'))?.state).toBe('sending');
    expect((await store.subscriptions.get('c1', 'world'))?.deliveredThrough).toBeUndefined();
    await d.pass();
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 2', 'Story 1']);
  });

  it('holds back every subscription of a channel whose post failed, so a brief matching two topics is not lost', async () => {
    await seed(1);
    const subs = store.subscriptions;
    await subs.save(sub({ topic: 'world' }));
    await subs.save(sub({ topic: 'politics', createdAt: '2024-03-01T00:00:01.000Z' }));
    await store.briefs.save({
      brief: { id: 'both', headline: 'Both topics', date: '2024-03-01', source: 'S', link: '', summary: 'x', quotes: [], context: [], topics: ['world', 'politics'] },
      createdAt: '2024-03-01T10:05:00.000Z', updatedAt: '2024-03-01T10:05:00.000Z', feedUrls: [], articleIds: [], contentHash: '',
    });
    const { sender, posts } = recordingSender((n) => (n === 2 ? new Error('socket hang up') : undefined));
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.pass();
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 1']);
    expect((await subs.get('c1', 'world'))?.deliveredThrough).toBeUndefined();
    expect((await subs.get('c1', 'politics'))?.deliveredThrough).toBeUndefined();
    await d.pass();
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 1', 'Both topics']);
  });

  it('remembers how far a subscription is delivered, so later passes skip what was handled', async () => {
    await seed(3);
    const subs = store.subscriptions;
    await subs.save(sub());
    const { sender, posts } = recordingSender();
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.pass();
    expect((await subs.get('c1', 'world'))?.deliveredThrough).toBe('2024-03-01T10:03:00.000Z');
    // An older brief appearing now (say, restored from a backup) lies behind the cursor and is not sent.
    const repo = store.briefs;
    await repo.save({ brief: { id: 'late-old', headline: 'Late old', date: '2024-03-01', source: 'S', link: '', summary: 'x', quotes: [], context: [], topics: ['world'] }, createdAt: '2024-03-01T10:01:30.000Z', updatedAt: '2024-03-01T10:01:30.000Z', feedUrls: [], articleIds: [], contentHash: '' });
    // A brief of the same cycle as the newest one (same creation time) stored after the pass is still sent.
    await repo.save({ brief: { id: 'same-cycle', headline: 'Same cycle', date: '2024-03-01', source: 'S', link: '', summary: 'x', quotes: [], context: [], topics: ['world'] }, createdAt: '2024-03-01T10:03:00.000Z', updatedAt: '2024-03-01T10:03:00.000Z', feedUrls: [], articleIds: [], contentHash: '' });
    await d.pass();
    expect(posts.map((p) => p.msg.embeds[0]!.title)).toEqual(['Story 1', 'Story 2', 'Story 3', 'Same cycle']);
  });

  it('brings a brief to the subscribers of a topic it gains within the merge window, once', async () => {
    await seed(2);
    const repo = store.briefs;
    await repo.save({ brief: { id: 'stale', headline: 'Stale', date: '2024-02-27', source: 'S', link: '', summary: 'x', quotes: [], context: [], topics: ['world'] }, createdAt: '2024-02-27T10:00:00.000Z', updatedAt: '2024-02-27T10:00:00.000Z', feedUrls: [], articleIds: [], contentHash: '' });
    const subs = store.subscriptions;
    await subs.save(sub());
    await subs.save(sub({ channelId: 'c2', topic: 'ukraine', since: '2024-02-25T00:00:00.000Z' }));
    const { sender, posts } = recordingSender();
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.pass();
    expect(posts.map((p) => `${p.channelId} ${p.msg.embeds[0]!.title}`)).toEqual(['c1 Story 1', 'c1 Story 2']);
    expect((await subs.get('c2', 'ukraine'))?.deliveredThrough).toBe('2024-03-01T10:02:00.000Z');
    // A copy from another feed merged into brief 1 later: it keeps its creation time and gains a topic.
    const b1 = (await repo.get('b1'))!;
    await repo.save({ ...b1, brief: { ...b1.brief, topics: ['world', 'ukraine'] }, updatedAt: '2024-03-01T11:00:00.000Z' });
    // An update long after the merge window gains a topic too, but is not news any more.
    const stale = (await repo.get('stale'))!;
    await repo.save({ ...stale, brief: { ...stale.brief, topics: ['world', 'ukraine'] }, updatedAt: '2024-03-01T11:00:00.000Z' });
    await d.pass();
    expect(posts.map((p) => `${p.channelId} ${p.msg.embeds[0]!.title}`)).toEqual(['c1 Story 1', 'c1 Story 2', 'c2 Story 1']);
    expect((await subs.get('c2', 'ukraine'))?.deliveredThrough).toBe('2024-03-01T11:00:00.000Z');
    await d.pass();
    expect(posts).toHaveLength(3);
  });

  it('looks for the post of an item left sending before posting it again (digest parts too)', async () => {
    await seed(2);
    await store.subscriptions.save(sub({ mode: 'digest', time: '12:30', timezone: 'Europe/Paris' }));
    const ledger = store.deliveries;
    const item = 'digest:world:2024-03-01:1';
    await ledger.set('c1', item, { state: 'sending', nonce: nonceFor('c1', item), topic: 'world', at: '2024-03-01T11:30:00.000Z' });
    const asked: PostMatch[] = [];
    const { sender, posts } = recordingSender(undefined, (what) => (asked.push(what), what.content.includes('world digest for 2024-03-01') ? 'earlier' : undefined));
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.digestTick(new Date('2024-03-01T11:30:00Z'));
    expect(posts).toHaveLength(0);
    expect(asked).toHaveLength(1);
    expect(await ledger.get('c1', item)).toMatchObject({ state: 'sent', messageId: 'earlier' });
  });

  it('leaves out of a digest the briefs of a feed another server added', async () => {
    await seed(2);
    const repo = store.briefs;
    await store.addedFeeds.set({ url: 'https://a.example/rss', guildIds: ['other-guild'], addedBy: 'u', addedAt: '2024-03-01T00:00:00.000Z' });
    const b2 = (await repo.get('b2'))!;
    await repo.save({ ...b2, feedUrls: ['https://a.example/rss'] });
    await store.subscriptions.save(sub({ mode: 'digest', time: '12:30', timezone: 'Europe/Paris' }));
    const { sender, posts } = recordingSender();
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    expect(await d.digestTick(new Date('2024-03-01T11:30:00Z'))).toBe(1);
    expect(posts[0]!.msg.embeds.map((e) => e.title)).toEqual(['Story 1']);
  });

  it('recognises an instant post by its content and footer id, not a digest listing the same brief', () => {
    const instant = { content: '', embeds: [{ footer: { text: 'S · 2024-03-01 · id b1' } }] };
    const digest = { content: '**world digest for 2024-03-01**: 1 brief', embeds: [{ footer: { text: 'S · 2024-03-01 · id b1' } }] };
    expect(messageMatches(instant, { content: '', footerId: 'b1', threadName: 'x' })).toBe(true);
    expect(messageMatches(instant, { content: '', footerId: 'b', threadName: 'x' })).toBe(false);
    expect(messageMatches(digest, { content: '', footerId: 'b1', threadName: 'x' })).toBe(false);
    expect(messageMatches(digest, { content: digest.content, threadName: 'x' })).toBe(true);
  });

  it('pauses the channel on 404 with the reason and carries on elsewhere', async () => {
    await seed(2);
    const subs = store.subscriptions;
    await subs.save(sub());
    await subs.save(sub({ channelId: 'c2' }));
    const { sender, posts } = recordingSender((n) => (n === 1 ? Object.assign(new Error('Unknown Channel'), { status: 404, code: 10003 }) : undefined));
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    await d.pass();
    expect((await subs.get('c1', 'world'))).toMatchObject({ state: 'paused', pausedReason: expect.stringMatching(/Unknown Channel/) });
    expect(posts.every((p) => p.channelId === 'c2')).toBe(true);
    expect(posts).toHaveLength(2);
  });

  it('posts a digest once at its local time', async () => {
    await seed(2);
    await store.subscriptions.save(sub({ mode: 'digest', time: '12:30', timezone: 'Europe/Paris' }));
    const { sender, posts } = recordingSender();
    const d = createDelivery({ store, config, sender, renderer: discordRenderer(config.brief), log: silentLogger, now });
    expect(await d.pass()).toMatchObject({ sent: 0 });
    expect(await d.digestTick(new Date('2024-03-01T11:29:00Z'))).toBe(0);
    expect(await d.digestTick(new Date('2024-03-01T11:30:00Z'))).toBe(1);
    expect(await d.digestTick(new Date('2024-03-01T11:31:00Z'))).toBe(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.msg.embeds.map((e) => e.title)).toEqual(['Story 1', 'Story 2']);
  });
});
