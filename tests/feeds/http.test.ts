import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { FetchError, USER_AGENT, defaultFetchOptions, fetchUrl, type FetchOptions } from '../../src/feeds/http.ts';
import { blockedReason } from '../../src/feeds/guard.ts';
import { endless, rss, serve, startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;
const open: FetchOptions = { ...defaultFetchOptions, allowPrivateAddresses: true, timeoutMs: 2000, connectTimeoutMs: 500 };

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

beforeAll(async () => {
  const feed = rss('Plain');
  server = await startServer({
    '/feed': serve(feed),
    '/gzip': serve(zlib.gzipSync(feed), { 'content-encoding': 'gzip' }),
    '/deflate': serve(zlib.deflateSync(feed), { 'content-encoding': 'deflate' }),
    '/rawdeflate': serve(zlib.deflateRawSync(feed), { 'content-encoding': 'deflate' }),
    '/br': serve(zlib.brotliCompressSync(Buffer.from(feed)), { 'content-encoding': 'br' }),
    '/undeclared-gzip': serve(zlib.gzipSync(feed), { 'content-type': 'application/xml' }),
    '/bomb': serve(zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)), { 'content-encoding': 'gzip' }),
    '/slow-headers': () => {
      /* never answers */
    },
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss>');
    },
    '/endless': endless(),
    '/declared-huge': (_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('x');
    },
    '/loop-a': serve('', { location: '/loop-b' }, 302),
    '/loop-b': serve('', { location: '/loop-a' }, 301),
    '/hop': (req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      res.writeHead(302, { location: `/hop?n=${n + 1}` });
      res.end();
    },
    '/to-feed': serve('', { location: '/feed' }, 307),
    '/to-metadata': serve('', { location: 'http://169.254.169.254/latest/meta-data/' }, 302),
    '/to-mapped': serve('', { location: '/feed' }, 302),
    '/to-file': serve('', { location: 'file:///etc/passwd' }, 302),
    '/conditional': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Wed, 01 May 2024 00:00:00 GMT') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 01 May 2024 00:00:00 GMT' });
      res.end(feed);
    },
  });
});

afterAll(() => server.close());

describe('fetchUrl', () => {
  it('fetches with the project User-Agent and feed Accept header', async () => {
    const res = await fetchUrl({ url: server.url('/feed') }, open);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('<title>Plain</title>');
    const seen = server.requests.find((r) => r.path === '/feed')!;
    expect(seen.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^newsbrief\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/newsbrief\/newsbrief\)$/);
    expect(seen.headers.accept).toContain('application/rss+xml');
  });

  it.each(['/gzip', '/deflate', '/rawdeflate', '/br', '/undeclared-gzip'])('decompresses %s', async (path) => {
    const res = await fetchUrl({ url: server.url(path) }, open);
    expect(res.body.toString()).toContain('<title>Plain</title>');
  });

  it('caps decompressed output (zip bomb)', async () => {
    const e = await failure(fetchUrl({ url: server.url('/bomb') }, { ...open, maxBytes: 1024 * 1024 }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe('decompressed response exceeded the 1 MB limit');
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const e = await failure(fetchUrl({ url: server.url('/slow-headers') }, { ...open, timeoutMs: 300 }));
    expect(e.message).toBe('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out a body that never ends', async () => {
    const e = await failure(fetchUrl({ url: server.url('/slow-body') }, { ...open, timeoutMs: 300 }));
    expect(e.kind).toBe('timeout');
  });

  it('aborts an endless body at the byte cap', async () => {
    const e = await failure(fetchUrl({ url: server.url('/endless') }, { ...open, maxBytes: 64 * 1024 }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe('response exceeded the 64 KB limit (download aborted)');
  });

  it('refuses a declared length over the cap without reading it', async () => {
    const e = await failure(fetchUrl({ url: server.url('/declared-huge') }, { ...open, maxBytes: 1024 * 1024 }));
    expect(e.message).toBe('response too large: 50 MB declared, limit is 1 MB');
  });

  it('detects redirect loops', async () => {
    const e = await failure(fetchUrl({ url: server.url('/loop-a') }, open));
    expect(e.kind).toBe('redirect');
    expect(e.message).toMatch(/^redirect loop: .*\/loop-a -> .*\/loop-b -> .*\/loop-a$/);
  });

  it('caps the number of redirects', async () => {
    const e = await failure(fetchUrl({ url: server.url('/hop?n=0') }, { ...open, maxRedirects: 3 }));
    expect(e.message).toBe('too many redirects (more than 3)');
  });

  it('follows redirects and reports the final URL', async () => {
    const res = await fetchUrl({ url: server.url('/to-feed') }, open);
    expect(res.url).toBe(server.url('/feed'));
    expect(res.redirects).toEqual([server.url('/to-feed')]);
  });

  it('refuses non-http schemes, also on redirect', async () => {
    expect((await failure(fetchUrl({ url: 'file:///etc/passwd' }, open))).message).toMatch(/only http and https/);
    expect((await failure(fetchUrl({ url: server.url('/to-file') }, open))).message).toMatch(/only http and https URLs are fetched, not file/);
  });

  it('sends validators and passes a 304 through unread', async () => {
    const first = await fetchUrl({ url: server.url('/conditional') }, open);
    expect(first.headers.etag).toBe('"v1"');
    const byEtag = await fetchUrl({ url: server.url('/conditional'), etag: '"v1"' }, open);
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    const byDate = await fetchUrl({ url: server.url('/conditional'), lastModified: 'Wed, 01 May 2024 00:00:00 GMT' }, open);
    expect(byDate.status).toBe(304);
  });

  it('keeps the deadline while DNS hangs', async () => {
    const options: FetchOptions = { ...open, timeoutMs: 200, guard: { resolve: () => new Promise(() => {}) } };
    const started = Date.now();
    const e = await failure(fetchUrl({ url: 'http://hanging-dns.test/feed' }, options));
    expect(e.message).toBe('timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a refused connection by host', async () => {
    const closed = await startServer();
    const url = closed.url('/feed');
    await closed.close();
    const e = await failure(fetchUrl({ url }, open));
    expect(e.message).toMatch(/^connection refused by 127\.0\.0\.1:\d+$/);
  });
});

describe('address guard', () => {
  const guarded: FetchOptions = { ...open, allowPrivateAddresses: false };

  it('refuses a loopback feed URL when private addresses are not allowed', async () => {
    const before = server.requests.length;
    const e = await failure(fetchUrl({ url: server.url('/feed') }, guarded));
    expect(e.kind).toBe('refused');
    expect(e.message).toBe('refused: loopback address 127.0.0.1');
    expect(server.requests.length).toBe(before);
  });

  it('fetches the same URL when they are allowed', async () => {
    expect((await fetchUrl({ url: server.url('/feed') }, open)).status).toBe(200);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const options: FetchOptions = { ...guarded, guard: { resolve: async () => [{ address: '10.0.0.1', family: 4 }] } };
    const e = await failure(fetchUrl({ url: 'http://intranet.test/feed' }, options));
    expect(e.message).toBe('refused: intranet.test resolves to private address 10.0.0.1');
  });

  it('refuses when any resolved address is private', async () => {
    const options: FetchOptions = {
      ...guarded,
      guard: { resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '::ffff:192.168.1.1', family: 6 }] },
    };
    const e = await failure(fetchUrl({ url: 'http://mixed.test/feed' }, options));
    expect(e.message).toBe('refused: mixed.test resolves to private address ::ffff:192.168.1.1');
  });

  describe('redirects from an allowed host', () => {
    // "allowed.test" stands for a public host: it resolves to the loopback server, and the
    // policy lets 127.0.0.1 through for this test only. Everything else keeps the default rules.
    const viaAllowedHost = (resolveTo: Record<string, string>): FetchOptions => ({
      ...guarded,
      guard: {
        resolve: async (host) => {
          const address = resolveTo[host];
          if (!address) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
          return [{ address, family: address.includes(':') ? 6 : 4 }];
        },
        check: (address) => (address === '127.0.0.1' ? null : blockedReason(address)),
      },
    });

    it('connects to the pinned address of an allowed host', async () => {
      const res = await fetchUrl({ url: `http://allowed.test:${server.port}/feed` }, viaAllowedHost({ 'allowed.test': '127.0.0.1' }));
      expect(res.status).toBe(200);
      expect(server.requests.at(-1)!.headers.host).toBe(`allowed.test:${server.port}`);
    });

    it('refuses a redirect to the cloud metadata address', async () => {
      const e = await failure(fetchUrl({ url: `http://allowed.test:${server.port}/to-metadata` }, viaAllowedHost({ 'allowed.test': '127.0.0.1' })));
      expect(e.kind).toBe('refused');
      expect(e.message).toBe(`refused: link-local address 169.254.169.254 (redirected from http://allowed.test:${server.port}/to-metadata)`);
    });

    it('refuses a redirect to a host that resolves to another loopback address', async () => {
      server.route('/to-internal', serve('', { location: `http://internal.test:${server.port}/feed` }, 302));
      const options = viaAllowedHost({ 'allowed.test': '127.0.0.1', 'internal.test': '127.0.0.2' });
      const e = await failure(fetchUrl({ url: `http://allowed.test:${server.port}/to-internal` }, options));
      expect(e.message).toMatch(/^refused: internal\.test resolves to loopback address 127\.0\.0\.2/);
    });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    // IPv4-compatible (deprecated), in every spelling, and the mapped form written out in full.
    ['::7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['0:0:0:0:0:0:a9fe:a9fe', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:101', 'private'],
    // Site-local (deprecated, still routed privately by some networks).
    ['fec0::1', 'site-local'],
    ['feff:1::1', 'site-local'],
    // Local-use NAT64 (RFC 8215): the IPv4 position depends on a prefix length only the network knows.
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    // Teredo: the client's IPv4 is the last 32 bits inverted (0x80fffffe -> 127.0.0.1); the server's the 32 before.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private'],
    // 6to4 with a loopback or metadata IPv4.
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe:1::1', 'link-local'],
  ])('blocks %s as %s', (address, label) => {
    expect(blockedReason(address)).toBe(`${label} address ${address}`);
  });

  it('refuses a URL whose literal IPv6 host hides a loopback IPv4', async () => {
    for (const host of ['[::7f00:1]', '[2002:7f00:1::1]', '[2001:0:4136:e378:8000:63bf:80ff:fffe]']) {
      const e = await failure(fetchUrl({ url: `http://${host}/feed` }, guarded));
      expect(e.message).toMatch(/^refused: loopback address/);
    }
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', '64:ff9b::808:808'])('allows public %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});
