import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of the loopback feed server: a fixed answer, or a handler for special behaviour. */
export type Route =
  | { status?: number; body: string | Buffer; headers?: Record<string, string> }
  | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FeedServer {
  url(path: string): string;
  /** Every request path received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves feeds and pages on 127.0.0.1 for tests; unknown paths answer 404. */
export async function startFeedServer(routes: Record<string, Route>): Promise<FeedServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') return route(req, res);
    res.writeHead(route.status ?? 200, { 'content-type': 'application/rss+xml; charset=utf-8', ...route.headers }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}
