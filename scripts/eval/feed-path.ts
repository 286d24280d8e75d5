// Real pages through the whole pipeline, as a user meets them: a local HTTP server serves the
// saved pages behind a generated RSS feed whose items carry an HTML teaser (the page's own
// description) and a link, and `newsbrief preview --once --json` runs over it in a child process.
// The briefs it prints are what a channel would get; the eval compares them with `condense` on
// the page itself. Used by `npm run eval` and the real-web test, never by the bot.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Brief } from '../../src/brief/index.ts';
import { repoRoot, type PageCase } from './sets.ts';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What a news site's feed says of the page: its title as given, and its description as an HTML teaser. */
export function feedItemOf(page: PageCase, link: string): string {
  const { document } = parseHTML(page.html);
  const meta = (sel: string): string => document.querySelector(sel)?.getAttribute('content')?.trim() ?? '';
  const title = meta('meta[property="og:title"]') || document.querySelector('title')?.textContent?.trim() || page.name;
  const description = meta('meta[property="og:description"]') || meta('meta[name="description"]') || meta('meta[name="twitter:description"]');
  const teaser = description ? `<p>${escapeXml(description)}</p>` : '';
  return `<item><title>${escapeXml(title)}</title><link>${escapeXml(link)}</link><guid isPermaLink="true">${escapeXml(link)}</guid><description>${escapeXml(teaser)}</description></item>`;
}

/**
 * Serves the pages behind one RSS feed, runs one preview cycle over it and returns the brief
 * printed for each page (by case name). Rejects when the preview fails.
 */
export async function briefsThroughFeed(cases: PageCase[], options: { timeoutMs?: number } = {}): Promise<Map<string, Brief>> {
  const pages = new Map(cases.map((c) => [`/pages/${c.name}`, c]));
  let feedXml = '';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feedXml);
      return;
    }
    const page = pages.get(path);
    // Served without a charset, as many sites do: the pages declare theirs late or not at all.
    if (page) res.writeHead(200, { 'content-type': 'text/html' }).end(page.html);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feedXml = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Real pages</title><link>${base}/</link>${cases
    .map((c) => feedItemOf(c, `${base}/pages/${c.name}`))
    .join('')}</channel></rss>`;
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-feedpath-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      feeds: [{ url: `${base}/feed.xml`, name: 'Real pages' }],
      store: `sqlite://${join(dir, 'store.sqlite')}`,
      fetch: { allowPrivateAddresses: true, perHost: 4, timeoutMs: 30_000 },
      log: { level: 'error' },
    }),
  );
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'newsbrief.js'), 'preview', '--once', '--json', '--config', config], {
        cwd: dir,
        env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`preview exited with ${code}: ${err.trim()}`));
      });
    });
    const briefs = new Map<string, Brief>();
    for (const line of stdout.split('\n')) {
      if (!line.trim()) continue;
      const brief = JSON.parse(line) as Brief;
      const name = /\/pages\/([^/?#]+)/.exec(brief.link)?.[1];
      if (name) briefs.set(name, brief);
    }
    return briefs;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
