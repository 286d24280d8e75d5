import { afterEach, describe, expect, it } from 'vitest';
import { storeFeedsPort } from '../../src/discord/feeds-port.ts';
import { defaultFetchOptions, pollFeed } from '../../src/feeds/index.ts';
import { pruneArchive, type StoredBrief } from '../../src/store/index.ts';
import { watchSqlitePlans } from '../support/query-plans.ts';
import { TEST_BACKEND } from '../support/store.ts';
import { brief, GUILD, harness, OTHER, pipelineCycle, serveFeed, testConfig, TEXT, type Harness } from './harness.ts';

/**
 * How SQLite runs what the bot asks of it: every command, its buttons and autocompletes, a poll with
 * delivery, a digest and a retention pass, through the real client and store, with every statement's
 * plan asked of SQLite as it is prepared. The store never gathers statistics, so these are the plans
 * the bot gets; none may read a table end to end, whatever the archive holds.
 */
const DAY = 86_400_000;
let h: Harness | undefined;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of closers.splice(0)) await c();
});

describe.runIf(TEST_BACKEND === 'sqlite')('query plans (SQLite)', () => {
  it('no command, delivery, digest or retention statement reads a whole table', async () => {
    const feed = await serveFeed();
    const extra = await serveFeed();
    closers.push(() => feed.server.close(), () => extra.server.close());
    const now = new Date('2024-03-01T12:00:00Z');
    const config = testConfig(feed.url);
    h = await harness({ config, now });
    // Migrations and the first start's imports read their tables whole by design; what is asked after is what counts.
    const plans = watchSqlitePlans();
    closers.push(() => plans.stop());
    const records: StoredBrief[] = Array.from({ length: 300 }, (_, i) => {
      const at = new Date(now.getTime() - (i % 40) * DAY - (i + 1) * 60_000).toISOString();
      const b = brief(i, { topics: [i % 3 ? 'world' : 'ukraine', ...(i % 5 ? [] : ['business'])] });
      return { brief: b, createdAt: at, updatedAt: at, feedUrls: [i % 7 ? 'https://example.org/rss' : 'https://hidden.example/rss'], articleIds: [`a${i}`], contentHash: 'h' };
    });
    await h.store.briefs.saveMany(records);
    // /feeds add through the store, polling a loopback feed on purpose (admins' feeds never may).
    const bot = await h.start({
      runCycle: pipelineCycle(config, h.store, () => h!.clock.now),
      feeds: storeFeedsPort(config, h.store, (s) => pollFeed(s, undefined, { ...defaultFetchOptions, ...config.fetch })),
    });
    const fake = h.fake;
    const member = { channelId: TEXT, guildId: GUILD };
    const ask = (name: string, values: Record<string, string | number | boolean | undefined>, who = member) => fake.response(fake.command(name, values, who));

    expect((await ask('subscribe', { topic: 'ukraine' })).data.content).toMatch(/^Subscribed/);
    expect((await ask('subscribe', { topic: 'world', mode: 'digest', time: '08:00', timezone: 'Europe/Kyiv' }, { channelId: OTHER, guildId: GUILD })).data.content).toMatch(/^Subscribed/);
    await bot.pollNow();
    expect(fake.postsIn(TEXT)).toHaveLength(1);

    const page1 = await ask('brief', {});
    const next = page1.data.components![0]!.components[1]!;
    const page2 = await fake.response(fake.button(next.custom_id!, member));
    await fake.response(fake.button(page2.data.components![0]!.components[0]!.custom_id!, member));
    await ask('brief', { topic: 'business' });
    await ask('brief', { date: '2024-02-20' });
    await ask('brief', { search: 'story kyiv' });
    await ask('brief', { topic: 'ukraine', search: 'number 12' });
    await ask('brief', { id: 'brief-12' });
    await ask('quotes', {});
    await ask('quotes', { speaker: 'kuleba' });
    await ask('quotes', { topic: 'ukraine', days: 30 });
    await ask('quotes', { speaker: 'baerbock', topic: 'world', days: 7 });
    await fake.response(fake.autocomplete('quotes', { speaker: 'an' }, 'speaker', member));
    await fake.response(fake.autocomplete('quotes', { speaker: '' }, 'speaker', member));
    await fake.response(fake.autocomplete('brief', { topic: 'wo' }, 'topic', member));
    await ask('subscriptions', {});
    await ask('subscriptions', { all: true });
    await ask('topics', { sub: 'add', name: 'launches', keywords: 'rocket, launch pad' });
    await ask('topics', { sub: 'list' });
    await ask('topics', { sub: 'remove', name: 'launches' });
    await ask('feeds', { sub: 'add', url: extra.url });
    await ask('feeds', { sub: 'list' });
    await ask('feeds', { sub: 'why', link: 'https://example.org/story/12' });
    await ask('feeds', { sub: 'why', link: 'https://example.org/never' });
    await ask('feeds', { sub: 'remove', url: extra.url });
    await ask('unsubscribe', { topic: 'ukraine' });
    await bot.digestTick(new Date('2024-03-02T06:00:00Z'));
    await pruneArchive(h.store, config.store.retention, new Date(now.getTime() + 20 * DAY), { feeds: [feed.url] });
    plans.stop();

    const statements = plans.statements();
    // The watcher saw the commands' reads, not only a handful of writes.
    expect(statements.length).toBeGreaterThan(40);
    expect(statements.some((s) => /\bquotes\b/.test(s.sql) && /brief_topics/.test(s.sql))).toBe(true);
    expect(plans.fullScans()).toEqual([]);
    // A quote's topic is looked up by its brief's key, not through every brief of the topic (without
    // statistics SQLite once chose the topic index for it: /quotes topic took 22 ms at p50 at 100,000 briefs).
    for (const s of statements.filter((x) => /FROM "?quotes"? AS "?q"?/i.test(x.sql) && /brief_topics/.test(x.sql))) {
      const lookups = s.plan.filter((line) => /^SEARCH t\b.* USING /.test(line));
      expect(lookups, s.sql).not.toEqual([]);
      for (const line of lookups) expect(line, s.sql).toMatch(/\(brief_seq=\?/);
    }
  }, 60_000);
});
