/**
 * The Discord door stays cheap: the preview and `newsbrief condense` render briefs through
 * src/discord/index.ts, and importing it must not load discord.js (about 0.35 s and 40 MB more per
 * run); only creating or connecting the client does.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The discord.js files (and its @discordjs packages) loaded after running `code` in a fresh process. */
function discordJsLoadedAfter(code: string): Promise<string[]> {
  const script = `${code}
const { createRequire } = await import('node:module');
const cache = createRequire(${JSON.stringify(`${root}/`)}).cache;
console.log(JSON.stringify(Object.keys(cache).filter((k) => /node_modules\\/(discord\\.js|@discordjs)\\//.test(k))));`;
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', './bin/register-typescript.js', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${err.message}\n${stderr}`));
      done(JSON.parse(stdout.trim().split('\n').pop()!) as string[]);
    });
  });
}

describe('the Discord door', () => {
  it('can be imported, with the preview and condense commands, without loading discord.js', async () => {
    const loaded = await discordJsLoadedAfter(`
await import('./src/discord/index.ts');
await import('./src/app/preview.ts');
await import('./src/cli/condense.ts');`);
    expect(loaded).toEqual([]);
  }, 60_000);

  it('loads discord.js once the client is created (the check above sees it when it is loaded)', async () => {
    const loaded = await discordJsLoadedAfter(`
const discord = await import('./src/discord/index.ts');
const client = await discord.createClient();
await client.destroy();`);
    expect(loaded.some((k) => k.includes('/node_modules/discord.js/'))).toBe(true);
  }, 60_000);
});
