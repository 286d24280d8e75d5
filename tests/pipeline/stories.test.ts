import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleText } from '../../src/feeds/index.ts';
import { bodyText } from '../../src/feeds/article-body.ts';
import { loadConfig, mergeConfig, parseConfig } from '../../src/config/index.ts';
import { runCycle } from '../../src/pipeline/index.ts';
import { openTestStore } from '../support/store.ts';
import { silentLogger } from '../../src/util/log.ts';
import { serve, startServer, type TestServer } from '../support/http-server.ts';

// Feeds built from the de-duplication fixtures: two outlets' rewrites of one story, and a later,
// different story on the same subject.
function item(file: string, guid: string, textOverride?: string): string {
  const a = parseArticleText(readFileSync(new URL(`../fixtures/dedupe/${file}`, import.meta.url), 'utf8'));
  const body = (textOverride ?? bodyText(a.body)).split(/\n\s*\n/).map((p) => `<p>${p}</p>`).join('');
  return `<item><title>${a.title}</title><guid isPermaLink="false">${guid}</guid><link>http://127.0.0.1/${guid}</link><pubDate>Tue, 16 Apr 2024 09:00:00 +0000</pubDate><description><![CDATA[${body}]]></description></item>`;
}
const rss = (title: string, items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items.join('')}</channel></rss>`;

let server: TestServer;
let outletAItems: string[];
beforeAll(async () => {
  outletAItems = [item('bridge-closure-outlet-a.txt', 'a-1')];
  server = await startServer({
    '/a.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Outlet A', outletAItems)),
    '/b.xml': serve(rss('Outlet B', [item('bridge-closure-outlet-b.txt', 'b-1'), item('bridge-reopening-other-story.txt', 'b-2')])),
  });
});
afterAll(() => server.close());

describe('one brief per story', () => {
  it('merges the same story from two feeds, keeps a different story apart, and updates instead of reposting', async () => {
    const config = parseConfig(
      mergeConfig(loadConfig(), {
        feeds: [{ url: server.url('/a.xml') }, { url: server.url('/b.xml') }],
        store: 'sqlite://:memory:',
        fetch: { allowPrivateAddresses: true, fullText: false, concurrency: 1 },
      }),
    );
    const store = await openTestStore();
    const first = await runCycle({ config, store, log: silentLogger });
    expect(first.newItems).toBe(3);
    expect(first.merged).toBe(1);
    expect(first.newBriefIds).toHaveLength(2);
    const repo = store.briefs;
    // Either outlet may be polled first; its copy leads and the other merges into it.
    const ids = await Promise.all(first.newBriefIds.map((id) => repo.get(id)));
    const lead = ids.find((r) => r!.brief.sources)!;
    expect(lead.brief.sources?.map((s) => s.name).sort()).toEqual(['Outlet A', 'Outlet B']);
    expect([...lead.feedUrls].sort()).toEqual([server.url('/a.xml'), server.url('/b.xml')].sort());
    expect(lead.articleIds).toHaveLength(2);
    const other = ids.find((r) => r !== lead)!.brief;
    expect(other.headline).not.toBe(lead.brief.headline);
    expect(other.sources).toBeUndefined();

    // Outlet A edits its story (same guid, new text): the stored brief changes, nothing new appears.
    const a = parseArticleText(readFileSync(new URL('../fixtures/dedupe/bridge-closure-outlet-a.txt', import.meta.url), 'utf8'));
    outletAItems = [item('bridge-closure-outlet-a.txt', 'a-1', `${bodyText(a.body)}\n\nUpdate: the authority said a temporary ferry service would start on Thursday.`)];
    const second = await runCycle({ config, store, log: silentLogger, now: () => new Date(Date.now() + 3_600_000) });
    expect(second.newBriefIds).toEqual([]);
    expect(second.newItems).toBe(0);
    expect(second.updatedBriefIds).toEqual([lead.brief.id]);
    const updated = (await repo.get(lead.brief.id))!;
    expect(updated.createdAt).toBe(lead.createdAt);
    expect(updated.brief.sources?.map((s) => s.name).sort()).toEqual(['Outlet A', 'Outlet B']);
    await store.close();
  });
});
