import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'vas', 'no', 'pel', 'dri', 'sun', 'ga', 'fo', 'zim', 'bek', 'ral', 'ty', 'quo', 'hen'];

/** A made-up word per (seed, k): items share almost no words, so no two are taken for one story. */
function word(seed: number, k: number): string {
  let x = (seed * 7919 + k * 104_729) >>> 0;
  let w = '';
  for (let i = 0; i < 3; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    w += SYLLABLES[(x >>> 16) % SYLLABLES.length];
  }
  return w;
}

/** A news item with words of its own, mentioning its topic. */
export function item(feed: number, n: number, topic: string) {
  const seed = feed * 1000 + n;
  const w = (k: number) => word(seed, k);
  const Cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const title = `${Cap(w(1))} ${w(2)} ${w(3)} the ${w(4)} ${topic} ${w(5)} ${w(6)}`;
  const body = [
    `${Cap(w(7))} ${w(8)} ${w(9)} ${w(10)} the ${topic} ${w(11)} on ${Cap(w(12))}, ${w(13)} ${w(14)} said.`,
    `"${Cap(w(15))} ${w(16)} ${w(17)} ${w(18)} ${w(19)}," said ${Cap(w(20))} ${Cap(w(21))}, the ${w(22)} of ${Cap(w(23))}.`,
    `${Cap(w(24))} ${w(25)} ${w(26)} ${w(27)} ${w(28)} ${w(29)} ${w(30)} ${w(31)} ${w(32)}.`,
    `${Cap(w(33))} ${w(34)} ${w(35)} ${w(36)} ${w(37)} ${w(38)} ${w(39)}.`,
  ];
  return { guid: `feed${feed}-item${n}`, title, link: `http://example.invalid/${feed}/${n}`, body };
}

/** RSS feeds on loopback whose items grow as the test publishes them; each answer waits `delayMs`. */
export async function startFeeds(count: number, delayMs: number) {
  const items: ReturnType<typeof item>[][] = Array.from({ length: count }, () => []);
  const requests: { at: number; answered?: number; peerPort: number }[] = [];
  const server: Server = createServer((req, res) => {
    const record: { at: number; answered?: number; peerPort: number } = { at: Date.now(), peerPort: req.socket.remotePort ?? 0 };
    requests.push(record);
    const m = /^\/feed\/(\d+)/.exec(req.url ?? '');
    const list = m ? items[Number(m[1])] : undefined;
    if (!list) return void res.writeHead(404).end();
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${m![1]}</title><link>http://example.invalid/</link><description>d</description>${list
      .map(
        (i) =>
          `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.guid}</guid><pubDate>${new Date().toUTCString()}</pubDate><description><![CDATA[${i.body.map((p) => `<p>${p}</p>`).join('')}]]></description></item>`,
      )
      .join('')}</channel></rss>`;
    setTimeout(() => {
      record.answered = Date.now();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml);
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    urls: items.map((_, i) => `http://127.0.0.1:${port}/feed/${i}`),
    /** Every request, with when it came, when it was answered and the sender's TCP port. */
    requests,
    /** Adds `perFeed` new items to every feed, alternating topics. */
    publish(perFeed: number, topics: string[]) {
      items.forEach((list, f) => {
        for (let k = 0; k < perFeed; k++) {
          const n = list.length;
          list.push(item(f, n, topics[(f + n) % topics.length]!));
        }
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
