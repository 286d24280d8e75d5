import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, mergeConfig, parseConfig, type Config } from '../../src/config/index.ts';
import { runCycle } from '../../src/pipeline/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { openTestStore, briefsByIds, testStoreUrl } from '../support/store.ts';
import { silentLogger } from '../../src/util/log.ts';
import { fixture, serve, startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    '/world.xml': serve(fixture('pipeline/world.rss.xml')),
    '/science.atom': serve(fixture('pipeline/science.atom.xml'), { 'content-type': 'application/atom+xml' }),
    '/broken.xml': serve(fixture('pipeline/broken.rss.xml')),
  });
});
afterAll(() => server.close());

function testConfig(store: string): Config {
  return parseConfig(
    mergeConfig(loadConfig(), {
      feeds: [
        { url: server.url('/world.xml'), name: 'Harbour Herald' },
        { url: server.url('/science.atom') },
        { url: server.url('/broken.xml'), name: 'Broken Feed' },
        { url: server.url('/gone.xml'), name: 'Gone Feed' },
      ],
      store,
      fetch: { allowPrivateAddresses: true, fullText: false, timeoutMs: 3000 },
    }),
  );
}

describe('pipeline cycle', () => {
  it('briefs healthy feeds, reports failing ones by name, and never re-briefs across restarts', async () => {
    const url = await testStoreUrl({ file: true });
    const config = testConfig(url);

    let store = await openStore(url);
    const handed: string[] = [];
    const first = await runCycle({ config, store, log: silentLogger, onBrief: (rec, isNew) => void handed.push(`${isNew ? 'new' : 'updated'} ${rec.brief.id}`) });
    // The report keeps ids and counts, not the records (a first cycle of a large feed set stores a
    // hundred thousand briefs); the records go to onBrief as each is stored.
    expect(JSON.stringify(first)).not.toContain('Port strike');
    expect(handed.sort()).toEqual(first.newBriefIds.map((id) => `new ${id}`).sort());
    expect(first.polled).toBe(4);
    expect(first.ok.sort()).toEqual([server.url('/science.atom'), server.url('/world.xml')].sort());
    const failed = Object.fromEntries(first.failed.map((f) => [f.name, f.error]));
    expect(Object.keys(failed).sort()).toEqual(['Broken Feed', 'Gone Feed']);
    expect(failed['Gone Feed']).toMatch(/404/);
    expect(failed['Broken Feed']).toMatch(/xml|parse|malformed/i);

    expect(first.newItems).toBe(3);
    const firstBriefs = await briefsByIds(store, first.newBriefIds);
    const headlines = firstBriefs.map((r) => r.brief.headline).sort();
    expect(headlines).toEqual([
      'Lawmakers approve budget after all-night session',
      'Port strike halts grain exports as talks collapse',
      'Telescope spots water vapour on a nearby rocky planet',
    ]);
    const strike = firstBriefs.find((r) => r.brief.headline.startsWith('Port strike'))!.brief;
    expect(strike.source).toBe('Harbour Herald');
    expect(strike.link).toBe('http://127.0.0.1/world/port-strike');
    expect(strike.date).toBe('2026-11-24');
    expect(strike.quotes.map((q) => q.speaker)).toContain('Marta Kovac');
    expect(strike.topics).toContain('business');
    const planet = firstBriefs.find((r) => r.brief.headline.startsWith('Telescope'))!.brief;
    expect(planet.topics).toContain('science');
    expect(planet.source).toBe('Lab Notes Science');

    // Same store, same feeds: nothing new.
    const second = await runCycle({ config, store, log: silentLogger });
    expect(second.newBriefIds).toEqual([]);
    expect(second.newItems).toBe(0);
    await store.close();

    // A restart (new process, same file) remembers every item too.
    store = await openStore(url);
    const third = await runCycle({ config, store, log: silentLogger, now: () => new Date(Date.now() + 7 * 86_400_000) });
    expect(third.newBriefIds).toEqual([]);
    expect(await countBriefs(store)).toBe(3);
    const planetId = planet.id;
    expect((await store.briefs.get(planetId))?.feedUrls).toEqual([server.url('/science.atom')]);
    await store.close();
  });
});

async function countBriefs(store: Store) {
  return store.briefs.count({}, 1_000_000);
}

describe('feeds added by server admins', () => {
  it('never reach private addresses, even when the operator allows them for configured feeds', async () => {
    const config = testConfig('sqlite://:memory:');
    expect(config.fetch.allowPrivateAddresses).toBe(true);
    const store = await openTestStore();
    await store.addedFeeds.set({ url: server.url('/science.atom'), guildIds: ['guild-1'], addedBy: 'user-1', addedAt: '2026-11-24T00:00:00.000Z' });
    const onlyAdded = { ...config, feeds: [] };
    const report = await runCycle({ config: onlyAdded, store, log: silentLogger });
    expect(report.polled).toBe(1);
    expect(report.newBriefIds).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatch(/^refused: loopback address/);
    // The operator's hint is for the operator's own feeds only.
    expect(report.failed[0]!.error).not.toMatch(/allowPrivateAddresses/);
    await store.close();
  });
});


describe('a storage failure during a cycle', () => {
  it('costs that feed this cycle only; the next cycle stores its items and the other feed is unaffected', async () => {
    const config = parseConfig(mergeConfig(testConfig('sqlite://:memory:'), { feeds: [{ url: server.url('/world.xml'), name: 'Harbour Herald' }, { url: server.url('/science.atom') }], fetch: { concurrency: 1 } }));
    const real = await openTestStore();
    let failNext = true;
    // The first brief written fails, as a full disk or a dropped database connection would.
    const store: Store = {
      ...real,
      transaction(fn) {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('disk full'));
        }
        return real.transaction(fn);
      },
    };
    const first = await runCycle({ config, store, log: silentLogger });
    expect(first.failed).toHaveLength(1);
    expect(first.failed[0]!.error).toMatch(/could not store its items: .*disk full/);
    const failedUrl = first.failed[0]!.url;
    const firstBriefs = await briefsByIds(real, first.newBriefIds);
    expect(firstBriefs.every((r) => !r.feedUrls.includes(failedUrl))).toBe(true);
    expect(firstBriefs.length).toBeGreaterThan(0);

    const second = await runCycle({ config, store, log: silentLogger });
    expect(second.failed).toEqual([]);
    const all = (await briefsByIds(real, [...first.newBriefIds, ...second.newBriefIds])).map((r) => r.brief.headline).sort();
    expect(all).toEqual([
      'Lawmakers approve budget after all-night session',
      'Port strike halts grain exports as talks collapse',
      'Telescope spots water vapour on a nearby rocky planet',
    ]);
    await real.close();
  });
});

describe('briefs and their feeds', () => {
  it('records every feed that carries an item, and stamps each brief when it is stored', async () => {
    const item = '<item><title>Harbour reopens after storm</title><link>http://127.0.0.1/shared/harbour</link><description><![CDATA[<p>The harbour reopened on Friday after a storm closed it for three days, the port authority said.</p>]]></description></item>';
    const rss = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${item}</channel></rss>`;
    const local = await startServer({ '/one.xml': serve(rss('One')), '/two.xml': serve(rss('Two')) });
    try {
      const config = parseConfig(mergeConfig(testConfig('sqlite://:memory:'), { feeds: [{ url: local.url('/one.xml') }], fetch: { concurrency: 1 } }));
      const store = await openTestStore();
      let t = Date.parse('2026-11-24T10:00:00.000Z');
      const clock = () => new Date((t += 1000));
      const first = await runCycle({ config, store, log: silentLogger, now: clock });
      expect(first.newBriefIds).toHaveLength(1);
      const [rec] = await briefsByIds(store, first.newBriefIds);
      // Stamped at storage, after the cycle began.
      expect(Date.parse(rec!.createdAt)).toBeGreaterThan(Date.parse(first.startedAt));

      // The same item (no guid: its id comes from its link) in a second feed adds that feed to the brief.
      const both = { ...config, feeds: [{ url: local.url('/one.xml') }, { url: local.url('/two.xml') }] };
      const second = await runCycle({ config: both, store, log: silentLogger, now: clock });
      expect(second.newBriefIds).toEqual([]);
      const stored = await store.briefs.get(rec!.brief.id);
      expect(stored?.feedUrls.sort()).toEqual([local.url('/one.xml'), local.url('/two.xml')].sort());
      expect(stored?.createdAt).toBe(rec!.createdAt);
      await store.close();
    } finally {
      await local.close();
    }
  });
});

describe('empty feed items', () => {
  it('are skipped with the reason recorded, never briefed as "Untitled"', async () => {
    const good = '<item><title>Harbour reopens after storm</title><link>http://127.0.0.1/harbour</link><description><![CDATA[<p>The harbour reopened on Friday after a storm closed it for three days, the port authority said.</p>]]></description></item>';
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Sloppy</title><item></item><item><guid>only-a-guid</guid></item><item><guid>blank</guid><link>http://127.0.0.1/blank</link><title> </title><description>  </description></item>${good}</channel></rss>`;
    const local = await startServer({ '/sloppy.xml': serve(xml) });
    try {
      const config = parseConfig(mergeConfig(testConfig('sqlite://:memory:'), { feeds: [{ url: local.url('/sloppy.xml') }] }));
      const store = await openStore(config.store);
      const report = await runCycle({ config, store, log: silentLogger });
      expect((await briefsByIds(store, report.newBriefIds)).map((r) => r.brief.headline)).toEqual(['Harbour reopens after storm']);
      // The two items with nothing at all (no link either) are one and the same empty item.
      expect(report.skipped).toHaveLength(2);
      for (const s of report.skipped) {
        expect(s.reason).toBe('the item has no title and no text');
        expect((await store.seen.get(s.articleId))?.skipped).toBe(s.reason);
      }
      // Seen once: the next cycle neither briefs nor skips them again.
      const again = await runCycle({ config, store, log: silentLogger });
      expect(again.newBriefIds).toEqual([]);
      expect(again.skipped).toEqual([]);
      await store.close();
    } finally {
      await local.close();
    }
  });
});

describe('items that share a link or a title', () => {
  it('stay separate stories when a feed links every item to its home page', async () => {
    const para = (s: string) => `<description><![CDATA[<p>${s}</p>]]></description>`;
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Home</title>
      <item><guid>h1</guid><title>Harbour reopens after storm</title><link>http://127.0.0.1/</link>${para('The harbour reopened on Friday after a storm closed it for three days, the port authority said.')}</item>
      <item><guid>h2</guid><title>Council approves new tram line</title><link>http://127.0.0.1/</link>${para('The city council approved a new tram line on Thursday after a year of debate, the mayor said.')}</item>
    </channel></rss>`;
    const local = await startServer({ '/home.xml': serve(xml) });
    try {
      const config = parseConfig(mergeConfig(testConfig('sqlite://:memory:'), { feeds: [{ url: local.url('/home.xml') }] }));
      const store = await openStore(config.store);
      const report = await runCycle({ config, store, log: silentLogger });
      expect((await briefsByIds(store, report.newBriefIds)).map((r) => r.brief.headline).sort()).toEqual(['Council approves new tram line', 'Harbour reopens after storm']);
      const again = await runCycle({ config, store, log: silentLogger });
      expect(again.newBriefIds).toEqual([]);
      expect(again.updatedBriefIds).toEqual([]);
      await store.close();
    } finally {
      await local.close();
    }
  });
});
