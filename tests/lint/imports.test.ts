/**
 * The import rules of eslint.config.js fire: a stage folder of src/ is imported only through its
 * index.ts from outside it (tests excepted), and pipeline, brief and feeds never import the cluster.
 * Snippets are linted with the project's own configuration, as `npm run lint` does.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The messages of the import rules for `code` as if it were the file at `path`. */
async function importProblems(path: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'newsbrief/front-doors' || m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe('front doors', () => {
  it('rejects a file of another stage imported from src/', async () => {
    const problems = await importProblems('src/app/example.ts', "import { discordRenderer } from '../discord/render.ts';\nexport const r = discordRenderer;\n");
    expect(problems).toEqual([{ rule: 'newsbrief/front-doors', message: expect.stringContaining('src/discord/render.ts is inside src/discord/: import it through the front door src/discord/index.ts') }]);
  });

  it('rejects type imports, re-exports and dynamic imports past the door too', async () => {
    const code = [
      "import type { Brief } from '../brief/types.ts';",
      "export { feedScope } from '../delivery/scope.ts';",
      "export * from '../store/briefs.ts';",
      "export const load = () => import('../feeds/state.ts');",
      'export type B = Brief;',
    ].join('\n');
    const problems = await importProblems('src/discord/example.ts', code);
    expect(problems.map((p) => p.message.split(' ')[0])).toEqual(['src/brief/types.ts', 'src/delivery/scope.ts', 'src/store/briefs.ts', 'src/feeds/state.ts']);
  });

  it('applies to commands/ and scripts/, whatever the relative path', async () => {
    expect(await importProblems('commands/example.ts', "import { respond } from '../src/discord/respond.ts';\nexport const r = respond;\n")).toHaveLength(1);
    expect(await importProblems('scripts/eval/example.ts', "import { htmlToBlocks } from '../../src/feeds/html-to-text.ts';\nexport const h = htmlToBlocks;\n")).toHaveLength(1);
  });

  it('allows the door itself, files of the same stage, util/ and the top-level config/', async () => {
    const code = [
      "import { discordDelivery } from '../discord/index.ts';",
      "import { waitForSignal } from './signals.ts';",
      "import { redactUrl } from '../util/redact-url.ts';",
      "import type { Config } from '../../config/schema.ts';",
      'export const all = [discordDelivery, waitForSignal, redactUrl];',
      'export type C = Config;',
    ].join('\n');
    expect(await importProblems('src/app/example.ts', code)).toEqual([]);
  });

  it('lets tests import internals', async () => {
    expect(await importProblems('tests/discord/example.test.ts', "import { discordRenderer } from '../../src/discord/render.ts';\nexport const r = discordRenderer;\n")).toEqual([]);
  });
});

describe('the cluster boundary', () => {
  it('keeps src/cluster out of pipeline, brief and feeds, even through its door', async () => {
    for (const path of ['src/pipeline/example.ts', 'src/brief/example.ts', 'src/feeds/example.ts']) {
      const problems = await importProblems(path, "import { ROLES } from '../cluster/index.ts';\nexport const r = ROLES;\n");
      expect(problems, path).toEqual([{ rule: 'no-restricted-imports', message: expect.stringContaining('must not import src/cluster') }]);
    }
    expect(await importProblems('src/app/example.ts', "import { ROLES } from '../cluster/index.ts';\nexport const r = ROLES;\n")).toEqual([]);
  });
});
