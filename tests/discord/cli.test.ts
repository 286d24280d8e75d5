/** The CLI entry points against the fake Discord: `start` runs until SIGTERM and exits 0; `deploy-commands` PUTs the commands. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.ts';

const GUILD = '300000000000000001';
let fake: FakeDiscord | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fake = dir = undefined;
});

function run(args: string[], env: Record<string, string>) {
  const base = { ...process.env };
  delete base.LOG_LEVEL;
  const child = spawn(process.execPath, ['bin/newsbrief.js', ...args], { env: { ...base, DISCORD_TOKEN: 'secret-token-value', DISCORD_API_URL: fake!.apiUrl, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, output: () => out };
}

async function setup(opts: { closeOnIdentify?: number } = {}) {
  fake = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: '300000000000000002', type: ChannelType.GuildText }] }], ...opts });
  dir = mkdtempSync(join(tmpdir(), 'newsbrief-cli-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ feeds: [], store: `sqlite://${join(dir, 'store.sqlite')}` }));
  return config;
}

describe('newsbrief CLI with Discord', () => {
  it('start logs in, logs one ready line without the token, and exits 0 on SIGTERM', async () => {
    const config = await setup();
    const p = run(['start', '--config', config], { LOG_LEVEL: 'info' });
    const deadline = Date.now() + 15_000;
    while (!p.output().includes('running until SIGINT/SIGTERM') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(p.output()).toMatch(/"guilds":1,.*"msg":"discord: ready"/);
    expect(p.output().match(/discord: ready/g)).toHaveLength(1);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.output()).toContain('"msg":"stopped"');
    expect(p.output()).not.toContain('secret-token-value');
    expect(fake!.requests.some((r) => r.path === '/gateway/bot' && r.headers.authorization === 'Bot secret-token-value')).toBe(true);
  });

  it('start prints one connected line at the default log level', async () => {
    const config = await setup();
    const p = run(['start', '--config', config], {});
    const deadline = Date.now() + 15_000;
    while (!p.output().includes('newsbrief: connected') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.output()).toContain('newsbrief: connected as newsbrief to 1 server; polling on "*/15 * * * *"\n');
    expect(p.output().match(/newsbrief: connected/g)).toHaveLength(1);
    // Nothing else at the default level (warn) on a clean start and stop.
    expect(p.output()).not.toContain('"level":30');
  });

  it('deploy-commands --guild registers every command for that guild', async () => {
    const config = await setup();
    const p = run(['deploy-commands', '--guild', GUILD, '--config', config], {});
    expect(await p.exit).toBe(0);
    const put = fake!.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake!.applicationId}/guilds/${GUILD}/commands`);
    expect((put!.body as { name: string }[]).map((c) => c.name).sort()).toEqual(['brief', 'feeds', 'quotes', 'subscribe', 'subscriptions', 'topics', 'unsubscribe']);
    const feeds = (put!.body as { name: string; default_member_permissions: string | null }[]).find((c) => c.name === 'feeds');
    expect(feeds!.default_member_permissions).toBe('32');
    expect(p.output()).toContain('Registered 7 commands');
  });

  it('start with a token the gateway refuses (close 4004) says so and exits 2, no stack', async () => {
    const config = await setup({ closeOnIdentify: 4004 });
    const p = run(['start', '--config', config], {});
    expect(await p.exit).toBe(2);
    expect(p.output()).toMatch(/^newsbrief: Discord refused the token/m);
    expect(p.output()).not.toMatch(/\n\s+at |unexpected error|secret-token-value/);
  });

  it('start with Discord answering 5xx, or unreachable, prints one clear line and exits 1', async () => {
    const config = await setup();
    fake!.fail({ path: '/gateway/bot', status: 500, times: 100 });
    const down = run(['start', '--config', config], {});
    expect(await down.exit).toBe(1);
    expect(down.output().trim().split('\n')).toHaveLength(1);
    expect(down.output()).toMatch(/^newsbrief: cannot connect to Discord: .*500/);

    const port = fake!.port;
    await fake!.close();
    const gone = run(['start', '--config', config], { DISCORD_API_URL: `http://127.0.0.1:${port}/api` });
    expect(await gone.exit).toBe(1);
    expect(gone.output().trim().split('\n')).toHaveLength(1);
    expect(gone.output()).toMatch(/^newsbrief: cannot connect to Discord: .*(ECONNREFUSED|connect)/);
    fake = undefined;
  }, 60_000);

  it('start registers the slash commands the first time and says so; the next start with the same commands does not', async () => {
    const config = await setup();
    const startOnce = async () => {
      const p = run(['start', '--config', config], {});
      const deadline = Date.now() + 15_000;
      while (!p.output().includes('newsbrief: connected') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      p.child.kill('SIGTERM');
      expect(await p.exit).toBe(0);
      return p.output();
    };
    expect(await startOnce()).toContain('newsbrief: registered 7 slash commands globally');
    expect(await startOnce()).not.toContain('registered');
    expect(fake!.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/applications/${fake!.applicationId}/commands`]);
  }, 40_000);
});
