/**
 * The gateway with discord.js internal sharding (`shards: 'auto'`, as the gateway role connects): the
 * fake Discord recommends 2 shards, hands each shard connection only the guilds of its shard, and sends
 * a guild's interactions to its shard's connection only, as Discord does. One process must open both
 * shards and answer commands from guilds on either, from the shared archive.
 */
import { ChannelType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { connectClient, createClient, type DiscordConnection } from '../../src/discord/bot.ts';
import { storeFeedsPort } from '../../src/discord/feeds-port.ts';
import type { Store } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.ts';
import { openTestStore, storedBrief, TEST_BACKEND } from '../support/store.ts';
import { testConfig } from './harness.ts';

// Snowflakes whose shard ((id >> 22) % 2) differs: the first on shard 0, the second on shard 1.
const GUILD_0 = '200000000000000001';
const TEXT_0 = '200000000000000011';
const GUILD_1 = '200000000004194305';
const TEXT_1 = '200000000004194315';

let fake: FakeDiscord | undefined;
let store: Store | undefined;
let conn: DiscordConnection | undefined;
afterEach(async () => {
  await conn?.stop();
  await store?.close();
  await fake?.close();
  conn = store = fake = undefined;
});

describe(`a gateway with internal sharding (${TEST_BACKEND})`, () => {
  it('opens every shard Discord asks for in one process and answers commands from guilds on each', async () => {
    fake = await startFakeDiscord({
      shards: 2,
      heartbeatMs: 500,
      guilds: [
        { id: GUILD_0, channels: [{ id: TEXT_0, type: ChannelType.GuildText, name: 'news' }] },
        { id: GUILD_1, channels: [{ id: TEXT_1, type: ChannelType.GuildText, name: 'news' }] },
      ],
    });
    expect([fake.shardOf(GUILD_0), fake.shardOf(GUILD_1)]).toEqual([0, 1]);
    store = await openTestStore();
    await store.briefs.save(storedBrief('b-sharded', { headline: 'Harbour reopens after the storm' }, new Date().toISOString()));
    const config = testConfig();
    const client = createClient({ apiUrl: fake.apiUrl, shards: 'auto', waitGuildTimeout: 200 });
    conn = await connectClient(client, { config, store, log: silentLogger, token: 'shard-test-token', commands, feeds: storeFeedsPort(config, store), delivery: { pass: async () => 0 } });

    // Both shards identified, each with its own guild.
    expect([...fake.identified].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.get(GUILD_0)?.shardId).toBe(0);
    expect(client.guilds.cache.get(GUILD_1)?.shardId).toBe(1);

    for (const [guildId, channelId] of [
      [GUILD_0, TEXT_0],
      [GUILD_1, TEXT_1],
    ] as const) {
      const brief = await fake.response(fake.command('brief', {}, { channelId, guildId }), 10_000);
      expect(JSON.stringify(brief.data)).toContain('Harbour reopens after the storm');
      // A command that writes to the archive, from either shard.
      const sub = await fake.response(fake.command('subscribe', { topic: 'world' }, { channelId, guildId }), 10_000);
      expect(sub.data.content).toMatch(/^Subscribed/);
    }
    expect((await store.subscriptions.active('instant')).map((s) => s.guildId).sort()).toEqual([GUILD_0, GUILD_1]);
    // Each interaction arrived once (on its shard) and was answered once.
    const callbacks = fake.requests.filter((r) => r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback/.test(r.path));
    expect(callbacks).toHaveLength(4);
  }, 60_000);
});
