/**
 * Shared setup of the Discord end-to-end suites: a fake Discord, a store, a feed served on loopback,
 * and the real bot (discord.js client) pointed at the fake.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import defaults from '../../config/default.json' with { type: 'json' };
import { commands } from '../../commands/index.ts';
import type { Command } from '../../src/discord/command.ts';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { botCycle, startBot, type Bot } from '../../src/app/bot.ts';
import type { FeedsPort } from '../../src/discord/context.ts';
import type { FeedStatus } from '../../src/pipeline/feed-status.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { StoredBrief } from '../../src/store/index.ts';
import { silentLogger, type Logger } from '../../src/util/log.ts';
import type { Brief } from '../../src/brief/types.ts';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.ts';
import { testStoreUrl } from '../support/store.ts';

export const GUILD = '200000000000000001';
export const TEXT = '200000000000000011';
export const OTHER = '200000000000000012';
export const FORUM = '200000000000000013';
export const VOICE = '200000000000000014';
/** A second server, to check that one server's feeds and topics stay its own. */
export const GUILD2 = '200000000000000002';
export const TEXT2 = '200000000000000021';
export const FORUM2 = '200000000000000023';

/** The fixture feed served on loopback; `body` (called on every request) serves something else, e.g. a variant of `fixtureFeed()`. */
export async function serveFeed(body?: () => string): Promise<{ url: string; server: Server }> {
  const xml = fixtureFeed();
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body ? body() : xml));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss`, server };
}

/** The RSS text of the end-to-end fixture feed (one item, about Ukraine, with a quote). */
export function fixtureFeed(): string {
  return readFileSync(new URL('../fixtures/discord/world.rss', import.meta.url), 'utf8');
}

export function testConfig(feedUrl?: string): Config {
  return parseConfig({
    ...defaults,
    feeds: feedUrl ? [{ url: feedUrl, name: 'Loopback News' }] : [],
    store: 'sqlite://:memory:',
    fetch: { ...defaults.fetch, allowPrivateAddresses: true, fullText: false, timeoutMs: 3000 },
  });
}

/** The bot's own pipeline cycle (`newsbrief start`), on the harness store and clock. */
export function pipelineCycle(config: Config, store: Store, now: () => Date) {
  return botCycle(config, store, silentLogger, now);
}

export function fakeFeeds(): FeedsPort & { added: string[] } {
  const added: string[] = [];
  const owners = new Map<string, string>();
  return {
    added,
    list: async (guildId): Promise<FeedStatus[]> => added.filter((url) => !guildId || owners.get(url) === guildId).map((url) => ({ url, added: true })),
    add: async (url, _by, guildId) => {
      added.push(url);
      owners.set(url, guildId);
      return { ok: true, title: 'Added', items: 1 };
    },
    remove: async (url, guildId) => added.includes(url) && owners.get(url) === guildId,
  };
}

export function brief(n: number, over: Partial<Brief> = {}): Brief {
  return {
    id: `brief-${n}`,
    headline: `Story number ${n} about Kyiv`,
    date: '2024-03-01',
    source: 'Example News',
    link: `https://example.org/story/${n}`,
    summary: `Summary of story ${n}.`,
    quotes: [{ text: `Quote ${n} from the minister`, speaker: n % 2 ? 'Dmytro Kuleba' : 'Annalena Baerbock', role: 'foreign minister' }],
    context: ['Background sentence.'],
    topics: ['ukraine', 'world'],
    ...over,
  };
}

export async function seedBriefs(store: Store, briefs: Brief[], createdAt: (i: number) => string, feedUrls: (i: number) => string[] = () => []): Promise<void> {
  const repo = store.briefs;
  for (const [i, b] of briefs.entries()) {
    const rec: StoredBrief = { brief: b, createdAt: createdAt(i), updatedAt: createdAt(i), feedUrls: feedUrls(i), articleIds: [b.id], contentHash: '' };
    await repo.save(rec);
  }
}

export interface Harness {
  fake: FakeDiscord;
  store: Store;
  config: Config;
  clock: { now: Date };
  feeds: ReturnType<typeof fakeFeeds>;
  start(opts?: { runCycle?: () => Promise<unknown>; log?: Logger; feeds?: FeedsPort; commands?: readonly Command[] }): Promise<Bot>;
  reopenStore(): Promise<Store>;
  close(): Promise<void>;
}

export async function harness(opts: { config?: Config; now?: Date } = {}): Promise<Harness> {
  const fake = await startFakeDiscord({
    heartbeatMs: 500,
    guilds: [
      {
        id: GUILD,
        channels: [
          { id: TEXT, type: ChannelType.GuildText, name: 'news' },
          { id: OTHER, type: ChannelType.GuildText, name: 'other' },
          { id: FORUM, type: ChannelType.GuildForum, name: 'forum' },
          { id: VOICE, type: ChannelType.GuildVoice, name: 'voice' },
        ],
      },
      {
        id: GUILD2,
        channels: [
          { id: TEXT2, type: ChannelType.GuildText, name: 'news2' },
          { id: FORUM2, type: ChannelType.GuildForum, name: 'forum2' },
        ],
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-'));
  const storeUrl = await testStoreUrl({ file: true });
  const clock = { now: opts.now ?? new Date() };
  const config = opts.config ?? testConfig();
  const bots: Bot[] = [];
  const h: Harness = {
    fake,
    store: await openStore(storeUrl),
    config,
    clock,
    feeds: fakeFeeds(),
    async start(o = {}) {
      const bot = await startBot({
        config,
        store: h.store,
        log: o.log ?? silentLogger,
        token: 'test-token',
        apiUrl: fake.apiUrl,
        commands: o.commands ?? commands,
        feeds: o.feeds ?? h.feeds,
        now: () => clock.now,
        schedule: false,
        waitGuildTimeout: 50,
        ...(o.runCycle ? { runCycle: o.runCycle } : {}),
      });
      bots.push(bot);
      return bot;
    },
    async reopenStore() {
      await h.store.close();
      h.store = await openStore(storeUrl);
      return h.store;
    },
    async close() {
      for (const b of bots) await b.stop().catch(() => {});
      await h.store.close().catch(() => {});
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
