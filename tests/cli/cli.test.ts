import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBrief } from '../../scripts/eval/score.ts';
import { loadConfig } from '../../src/config/index.ts';
import { runCycle } from '../../src/pipeline/index.ts';
import { failedJobKey, openStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { fixture, serve, startServer, type TestServer } from '../support/http-server.ts';
import { briefsByIds } from '../support/store.ts';

const root = resolve(import.meta.dirname, '../..');
const seed = resolve(root, '../shared/fixtures/articles/ukraine-biden-putin-2021-12-02.txt');

// Asynchronous on purpose: the feed server runs in this process and must keep answering.
function cli(args: string[], opts: { cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [join(root, 'bin/newsbrief.js'), ...args],
      { cwd: opts.cwd ?? root, encoding: 'utf8', env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolvePromise({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

// Terminal escapes, NUL and bidi overrides/isolates, as numeric references (which survive XML parsing),
// around legitimate right-to-left text (Arabic with its right-to-left mark, Hebrew).
const CONTROLS_FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Control&#x202E;News</title>
<item><title>Bank rates &#x1b;[31mrise&#x1b;[0m in &#x202E;exe.gnp&#x202C; test</title><link>https://news.example/rates</link><guid>rates-1</guid>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate>
<description><![CDATA[<p>The central bank raised rates on Monday&#x1b;]0;owned&#x07; as inflation&#0; stayed high, officials said.</p>
<p>"We will do what it takes&#x2066; to bring prices down&#x2069;," said Jane Doe, the bank's governor.</p>
<p>In Cairo the headline read &#x200F;البنك المركزي يرفع أسعار الفائدة and in Tel Aviv הבנק המרכזי העלה את הריבית, reporters noted.</p>]]></description>
</item></channel></rss>`;
// C0 controls except tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/world.xml': serve(fixture('pipeline/world.rss.xml')),
    '/broken.xml': serve(fixture('pipeline/broken.rss.xml')),
    '/news/river-flood': serve(fixture('articles/html-river-flood-2024-02-19.html'), { 'content-type': 'text/html; charset=utf-8' }),
    '/controls.xml': serve(CONTROLS_FEED),
  });
});
afterAll(() => server.close());

describe('newsbrief CLI', () => {
  it('prints usage and rejects unknown commands and flags with exit code 2', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/newsbrief condense PATH\|URL/);
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
    const flag = await cli(['preview', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/bogus/);
  });

  it('reports a bad config with the field path, exit code 2 and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ schedule: { poll: 'sometimes' }, fetch: { maxBytes: -1 } }));
    const r = await cli(['preview', '--once', '--config', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/schedule\.poll: expected a cron expression/);
    expect(r.stderr).toMatch(/fetch\.maxBytes/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the bad flag, variable or file: --feed, LOG_LEVEL, a binary article', async () => {
    const feed = await cli(['preview', '--once', '--feed', 'notaurl']);
    expect(feed.code).toBe(2);
    expect(feed.stderr).toMatch(/--feed:\n\s+- "notaurl" is not an absolute http\(s\) URL/);
    const level = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile(process.execPath, [join(root, 'bin/newsbrief.js'), 'preview', '--once'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'loud' } }, (err, _out, stderr) =>
        done({ code: err ? (err.code as number) : 0, stderr }),
      );
    });
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/LOG_LEVEL: expected one of fatal, error, warn/);
    expect(level.stderr).not.toMatch(/\n\s+at /);
    const binary = await cli(['condense', process.execPath]);
    expect(binary.code).toBe(1);
    expect(binary.stderr).toMatch(/not a text or HTML file/);
  });

  it('tells the operator how to allow a feed on a private address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const r = await cli(['preview', '--once', '--store', `sqlite://${join(dir, 's.sqlite')}`, '--feed', server.url('/world.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused: loopback address 127\.0\.0\.1 \(to poll feeds on your own network, set fetch\.allowPrivateAddresses to true/);
    expect(r.stdout).toBe('');
  });

  it.runIf(existsSync(seed))('condenses the seed article to one JSON line in the Brief shape', async () => {
    const r = await cli(['condense', seed, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const brief = JSON.parse(lines[0]!);
    expect(Object.keys(brief)).toEqual(expect.arrayContaining(['id', 'headline', 'date', 'source', 'link', 'summary', 'quotes', 'context', 'topics']));
    expect(brief.date).toBe('2021-12-02');
    expect(brief.topics).toEqual(expect.arrayContaining(['ukraine', 'world']));
    for (const q of brief.quotes) expect(Object.keys(q)).toEqual(expect.arrayContaining(['text', 'speaker']));
    // The CLI's output meets the reviewed expectations, checked by the same rules as the golden test.
    const expected = JSON.parse(readFileSync(seed.replace(/\.txt$/, '.expected.json'), 'utf8'));
    expect(checkBrief(brief, expected)).toEqual([]);
  });

  it.runIf(existsSync(seed))('keeps going past an unreadable article, reports it and exits 1', async () => {
    const r = await cli(['condense', '/nonexistent/article.txt', seed, '--json']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ error: 'no such file', path: '/nonexistent/article.txt' });
    expect(lines[1].headline).toMatch(/Ukraine crisis/);
  });

  it('condenses a web page by URL and an HTML file, extracting the article from the page clutter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true } }));
    const file = join(root, 'tests/fixtures/articles/html-river-flood-2024-02-19.html');
    const r = await cli(['condense', server.url('/news/river-flood'), file, '--json', '--config', config]);
    expect(r.code).toBe(0);
    const [fromUrl, fromFile] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const expected = JSON.parse(fixture('articles/html-river-flood-2024-02-19.expected.json'));
    for (const brief of [fromUrl, fromFile]) {
      expect(checkBrief(brief, expected)).toEqual([]);
      expect(brief.date).toBe(expected.date);
    }
    expect(fromUrl.link).toBe(server.url('/news/river-flood'));
    // Without the operator's switch, a URL on a private address is refused, not fetched.
    const refused = await cli(['condense', server.url('/news/river-flood'), '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout.trim())).toEqual({ error: expect.stringMatching(/refused: loopback/), path: server.url('/news/river-flood') });
  });

  it('preview --once briefs new items once; a second run over the same store prints none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false } }));
    const args = ['preview', '--once', '--json', '--config', config, '--store', `sqlite://${join(dir, 's.sqlite')}`, '--feed', server.url('/world.xml'), '--feed', server.url('/broken.xml')];
    const first = await cli(args);
    expect(first.code).toBe(0);
    const briefs = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(briefs.map((b) => b.headline).sort()).toEqual(['Lawmakers approve budget after all-night session', 'Port strike halts grain exports as talks collapse']);
    expect(first.stderr).toMatch(/cycle done in [\d.]+s: 1 feeds ok, 1 failed \(.*broken\.xml.*\), 2 new items, 2 new briefs/);
    const second = await cli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/0 new items, 0 new briefs/);

    // Feed health as the poller recorded it.
    const status = await cli(['feeds', '--json', ...args.slice(3)]);
    expect(status.code).toBe(0);
    const feeds = Object.fromEntries(status.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((f) => [f.url, f]));
    expect(feeds[server.url('/world.xml')].condition).toBe('ok');
    expect(feeds[server.url('/world.xml')].health.itemsSeen).toBeGreaterThanOrEqual(2);
    expect(feeds[server.url('/broken.xml')].condition).toMatch(/^failing \(\d in a row\)$/);
    expect(feeds[server.url('/broken.xml')].health.lastError).toMatch(/malformed XML/);

    // A poll job of a scaled-out bot that failed for good, as the poller records it in the store.
    const store = await openStore(`sqlite://${join(dir, 's.sqlite')}`);
    await store.failedJobs.record({ key: failedJobKey.poll(server.url('/world.xml')), error: 'could not store: connection refused', attempts: 10, at: '2026-12-01T10:00:00.000Z' });
    await store.close();
    const failed = await cli(['feeds', '--json', ...args.slice(3)]);
    const world = failed.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((f) => f.url === server.url('/world.xml'));
    expect(world.condition).toBe('poll job failed (10 tries)');
    expect(world.failedJob).toMatchObject({ error: 'could not store: connection refused', attempts: 10 });
    const plain = await cli(['feeds', ...args.slice(3)]);
    expect(plain.stdout).toContain('  poll job failed 2026-12-01T10:00:00.000Z after 10 tries: could not store: connection refused');
  });

  it('preview prints briefs as they would read in Discord', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false } }));
    const r = await cli(['preview', '--once', '--config', config, '--store', `sqlite://${join(dir, 's.sqlite')}`, '--feed', server.url('/world.xml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/■ Port strike halts grain exports as talks collapse/);
    expect(r.stdout).toMatch(/Key quotes:\n {2}“[^”]+” — Marta Kovac/);
    expect(r.stdout).toMatch(/— Harbour Herald World · 2026-11-24 · id [0-9a-f]{12}/);
  });
});

describe('feed text with control and bidi characters', () => {
  it('is stored and previewed without them, keeping right-to-left text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false } }));
    const common = ['--config', config, '--feed', server.url('/controls.xml')];
    const text = await cli(['preview', '--once', ...common, '--store', `sqlite://${join(dir, 'a.sqlite')}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/■ Bank rates \[31mrise\[0m in exe\.gnp test/);
    expect(text.stdout).not.toMatch(UNSAFE);
    const json = await cli(['preview', '--once', '--json', ...common, '--store', `sqlite://${join(dir, 'b.sqlite')}`]);
    const [brief] = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Every string of the brief (JSON.stringify would hide controls behind \u escapes).
    const strings: string[] = [];
    JSON.stringify(brief, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
    const all = strings.join('\n');
    // (A reference to NUL decodes as U+FFFD, as HTML says.)
    expect(all).toMatch(/The central bank raised rates on Monday\]0;owned as inflation\uFFFD? stayed high/);
    expect(all).not.toMatch(UNSAFE);
    expect(brief.source).toBe('ControlNews');
    expect(all).toContain('\u200fالبنك المركزي يرفع أسعار الفائدة');
    expect(all).toContain('הבנק המרכזי העלה את הריבית');
    expect(brief.quotes[0]).toMatchObject({ text: 'We will do what it takes to bring prices down', speaker: 'Jane Doe' });
  }, 60_000);
});

describe('preview after the process was killed', () => {
  it('prints a brief the killed run stored but never printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false } }));
    const store = `sqlite://${join(dir, 's.sqlite')}`;
    const first = await cli(['preview', '--once', '--json', '--config', configPath, '--store', store, '--feed', server.url('/controls.xml')]);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    // What a preview killed with SIGKILL right after storing leaves behind: its cycle ran to the
    // store (the items are seen, the briefs stored) and nothing was printed.
    const config = loadConfig(configPath, { store, feeds: [server.url('/world.xml')] });
    const s = await openStore(store);
    const crashed = await runCycle({ config, store: s, log: silentLogger });
    const crashedBriefs = await briefsByIds(s, crashed.newBriefIds);
    await s.close();
    expect(crashedBriefs).toHaveLength(2);
    const after = await cli(['preview', '--once', '--json', '--config', configPath, '--store', store, '--feed', server.url('/world.xml')]);
    expect(after.code).toBe(0);
    const printed = after.stdout.trim() ? after.stdout.trim().split('\n').map((l) => JSON.parse(l) as { headline: string }) : [];
    expect(printed.map((b) => b.headline).sort()).toEqual(crashedBriefs.map((r) => r.brief.headline).sort());
    // Printed once: the next run prints nothing again.
    const again = await cli(['preview', '--once', '--json', '--config', configPath, '--store', store, '--feed', server.url('/world.xml')]);
    expect(again.stdout).toBe('');
  }, 60_000);
});

describe('store errors', () => {
  it('an unsupported or incomplete store URL exits 2 naming --store or the store field', async () => {
    for (const url of ['ftp://host/newsbrief', 'sqlite://', 'mysql://u@host/db']) {
      const r = await cli(['feeds', '--store', url]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/--store/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ store: 'sqlite://' }));
    const r = await cli(['preview', '--once', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\bstore: .*sqlite:\/\/PATH/);
  }, 60_000);

  it('a store damaged mid-file gives one clear message and exit 1, no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const path = join(dir, 's.sqlite');
    const s = await openStore(`sqlite://${path}`);
    for (let i = 0; i < 3000; i++) await s.addedFeeds.set({ url: `https://feed${i}.example/rss`, guildIds: ['1'], addedBy: 'x'.repeat(100), addedAt: '2026-11-01T00:00:00.000Z' });
    await s.close();
    // Overwrite two pages in the middle of the file, as a disk fault or a half-copied file would.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const r = await cli(['feeds', '--store', `sqlite://${path}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(r.stderr).toMatch(/^newsbrief: .*store .*damaged.*malformed/);
  }, 60_000);
});

describe('feed URLs with credentials', () => {
  it('are never printed: not in the progress line, not by newsbrief feeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false } }));
    const withUser = server.url('/broken.xml').replace('http://', 'http://reader:s3cr3t-pw@');
    const withToken = `${server.url('/gone.xml')}?token=s3cr3t-token`;
    const args = ['--config', config, '--store', `sqlite://${join(dir, 's.sqlite')}`, '--feed', withUser, '--feed', withToken];
    const preview = await cli(['preview', '--once', ...args]);
    expect(preview.stderr).toMatch(/2 failed/);
    for (const r of [preview, await cli(['feeds', ...args]), await cli(['feeds', '--json', ...args])]) {
      expect(r.stdout + r.stderr).not.toMatch(/s3cr3t/);
      expect(r.stdout + r.stderr).toContain('reader:***@127.0.0.1');
      expect(r.stdout + r.stderr).toContain('token=***');
    }
  }, 60_000);
});

describe('newsbrief start without a token', () => {
  it('says so, runs the preview on schedule and exits 0 on Ctrl-C', async () => {
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ fetch: { allowPrivateAddresses: true, fullText: false }, schedule: { poll: '*/2 * * * * *' } }));
    const child = spawn(process.execPath, [join(root, 'bin/newsbrief.js'), 'start', '--config', config, '--store', `sqlite://${join(dir, 's.sqlite')}`, '--feed', server.url('/world.xml')], {
      cwd: dir,
      env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Two cycles: the immediate one and at least one scheduled tick.
    await expect.poll(() => (stderr.match(/cycle done/g) ?? []).length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(stdout).toMatch(/■ Port strike halts grain exports/);
    expect((stdout.match(/■ Port strike/g) ?? []).length).toBe(1);
  });
});
