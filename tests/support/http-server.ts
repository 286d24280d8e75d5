// A loopback HTTP server for tests that fetch feeds and pages: routes map a path to a handler.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  url: (path: string) => string;
  port: number;
  /** Requests received, in order (method, path and headers). */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  route: (path: string, handler: Handler) => void;
  close: () => Promise<void>;
}

export async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path: req.url ?? '/', headers: req.headers });
    const handler = table.get(path);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => table.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Handler serving a fixed body. */
export function serve(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/rss+xml' }, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

export const rss = (title: string, items: string[] = ['One']) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items
    .map((t, i) => `<item><title>${t}</title><link>https://example.com/${encodeURIComponent(title)}/${i}</link><guid>${i}</guid></item>`)
    .join('')}</channel></rss>`;

/** A file under tests/fixtures, as text. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

/** Handler that sends headers and then body bytes forever, as a hostile feed would. */
export function endless(): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    res.on('error', () => {});
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) {
        /* fill the socket buffer */
      }
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };
}
