/**
 * Several servers on one bot: a server's own topics and added feeds stay its own. Real discord.js client
 * against the fake Discord with two guilds; assertions are on what the fake received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { briefRepository } from '../../src/store/briefs.ts';
import { GUILD, GUILD2, harness, pipelineCycle, serveFeed, testConfig, TEXT, TEXT2, type Harness } from './harness.ts';

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

    const stored = await briefRepository(h.store).query({ days: 30 }, h.clock.now);
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
