// Feed server for scripts/bench-poll.ts, run as a child process so its memory is not counted
// in the poller's peak RSS. Loopback only. Feed i's behaviour is a pure function of i:
//   i % 2 == 0        answers 304 to If-None-Match "v<i>" (half the feeds unchanged)
//   i % 10 == 1       slow: answers after 300-1500 ms
//   i % 20 == 3       fails: HTTP 500, 404 or malformed XML in turn
// Sizes vary from 5 to 64 items with bodies of 40-400 words.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const WORDS = 'the council said on tuesday that new rules for city transport would take effect next month after a long review of costs and public comments from residents'.split(' ');

function words(n: number, seed: number): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(seed * 31 + k * 7) % WORDS.length]!);
  return out.join(' ');
}

function feedXml(i: number): string {
  const items = 5 + ((i * 37) % 60);
  const parts: string[] = [];
  for (let j = 0; j < items; j++) {
    const len = 40 + ((i * 13 + j * 29) % 360);
    parts.push(
      `<item><title>Story ${j} of feed ${i} &amp; more</title><link>https://bench${i}.example/story/${j}?utm_source=rss</link>` +
        `<guid isPermaLink="false">${i}-${j}</guid><pubDate>Tue, 05 Mar 2024 ${String(j % 24).padStart(2, '0')}:00:00 GMT</pubDate>` +
        `<description><![CDATA[<p>${words(len, i + j)}.</p><p>${words(len >> 1, j)}.</p>]]></description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed ${i}</title><link>https://bench${i}.example/</link>${parts.join('')}</channel></rss>`;
}

const cache = new Map<number, Buffer>();
function body(i: number): Buffer {
  let b = cache.get(i);
  if (!b) {
    b = Buffer.from(feedXml(i));
    if (cache.size < 2000) cache.set(i, b);
  }
  return b;
}

const server = http.createServer((req, res) => {
  const i = Number(/^\/feed\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  if (i < 0) {
    res.writeHead(404).end();
    return;
  }
  const answer = () => {
    if (i % 20 === 3) {
      const kind = Math.floor(i / 20) % 3;
      if (kind === 0) res.writeHead(500).end('internal error');
      else if (kind === 1) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?>\n<<rss><channel>');
      return;
    }
    if (i % 2 === 0 && req.headers['if-none-match'] === `"v${i}"`) {
      res.writeHead(304, { etag: `"v${i}"` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: `"v${i}"` }).end(body(i));
  };
  if (i % 10 === 1) setTimeout(answer, 300 + ((i * 7919) % 1200));
  else answer();
});
server.keepAliveTimeout = 1000;
server.maxConnections = 20_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
