import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, mergeConfig, parseConfig } from '../../src/config/index.ts';
import { runCycle } from '../../src/pipeline/index.ts';
import { briefsByIds, openTestStore } from '../support/store.ts';
import { silentLogger } from '../../src/util/log.ts';
import { endless, fixture, serve, startServer, type TestServer } from '../support/http-server.ts';

const laughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title><guid>l1</guid><description>&lol9;</description></item></channel></rss>`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/world.xml': serve(fixture('pipeline/world.rss.xml')),
    '/science.atom': serve(fixture('pipeline/science.atom.xml')),
    // Answers headers, then never sends the body.
    '/slow.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    },
    // Sends forever.
    '/endless.xml': endless(),
    '/loop-a.xml': (_req, res) => res.writeHead(302, { location: '/loop-b.xml' }).end(),
    '/loop-b.xml': (_req, res) => res.writeHead(302, { location: '/loop-a.xml' }).end(),
    '/busy.xml': serve('slow down', { 'retry-after': '120', 'content-type': 'text/plain' }, 429),
    '/laughs.xml': serve(laughs),
    '/page.html': serve('<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>', { 'content-type': 'text/html' }),
  });
});
afterAll(() => server.close());

describe('a cycle over hostile feeds', () => {
  it('finishes on time, reports each hostile feed and briefs every healthy one', async () => {
    const hostile = ['/slow.xml', '/endless.xml', '/loop-a.xml', '/busy.xml', '/laughs.xml', '/page.html'];
    const config = parseConfig(
      mergeConfig(loadConfig(), {
        feeds: [...['/world.xml', '/science.atom', ...hostile].map((p) => ({ url: server.url(p) }))],
        store: 'sqlite://:memory:',
        // A quarter-megabyte cap: the endless feed must hit it well inside the 3 s timeout even when
        // a busy machine reads the stream slowly.
        fetch: { allowPrivateAddresses: true, fullText: false, timeoutMs: 3000, connectTimeoutMs: 1000, maxBytes: 256 * 1024, maxRedirects: 3 },
      }),
    );
    const store = await openTestStore();
    const started = Date.now();
    const report = await runCycle({ config, store, log: silentLogger });
    const elapsed = Date.now() - started;
    const briefs = await briefsByIds(store, report.newBriefIds);
    await store.close();

    // Bounded by the per-request timeout, not by the slowest host: /slow.xml and /endless.xml
    // never end on their own. The bound leaves room for a busy 2-core machine running other suites.
    expect(elapsed).toBeLessThan(15_000);
    const fromHealthy = briefs.filter((b) => b.feedUrls.some((u) => /world|science/.test(u)));
    expect(fromHealthy.length).toBe(3);
    const failed = Object.fromEntries(report.failed.map((f) => [new URL(f.url).pathname, f.error]));
    expect(failed['/slow.xml']).toMatch(/timed out/i);
    expect(failed['/endless.xml']).toMatch(/larger than|too large|exceed|cap/i);
    expect(failed['/loop-a.xml']).toMatch(/redirect/i);
    expect(failed['/busy.xml']).toMatch(/429/);
    expect(failed['/page.html']).toMatch(/not a feed|html/i);
    // The entity bomb is refused or parsed without expansion; it never yields megabytes of "lol".
    if (!failed['/laughs.xml']) {
      for (const b of briefs) expect(JSON.stringify(b).length).toBeLessThan(20_000);
    }
  }, 40_000);
});
