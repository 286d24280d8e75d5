import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/** Folders of src/ that are plain folders of small helpers, without a front door. */
const NO_DOOR = new Set(['util']);

/**
 * Stages are folders with an `index.ts` front door: from outside `src/X/`, only `src/X/index.ts` may
 * be imported (types included), so what a stage keeps to itself can change without breaking others.
 * Import paths are resolved against the importing file, so `../discord/render.ts` from src/app and
 * `../src/discord/render.ts` from commands/ are both caught, and the top-level config/ is not src/config.
 */
const frontDoors = {
  meta: {
    type: 'problem',
    docs: { description: 'import a stage folder of src/ only through its index.ts' },
    messages: { door: "{{target}} is inside src/{{stage}}/: import it through the front door src/{{stage}}/index.ts (export what you need there)" },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = relative(root, file).split(sep);
    const own = from[0] === 'src' ? from[1] : null;
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = relative(root, resolve(dirname(file), spec)).split(sep);
      if (to[0] !== 'src' || to.length < 3 || to[1] === own || NO_DOOR.has(to[1])) return;
      if (to.length === 3 && to[2] === 'index.ts') return;
      context.report({ node: node.source, messageId: 'door', data: { target: to.join('/'), stage: to[1] } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests may import a stage's internals; everything else goes through its front door.
    files: ['src/**', 'commands/**', 'scripts/**', 'config/**', 'bin/**'],
    plugins: { newsbrief: { rules: { 'front-doors': frontDoors } } },
    rules: { 'newsbrief/front-doors': 'error' },
  },
  {
    // The stages the one-process bot is made of never depend on the scaled-out roles built on them.
    files: ['src/pipeline/**', 'src/brief/**', 'src/feeds/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cluster', '**/cluster/*'], message: 'src/pipeline, src/brief and src/feeds must not import src/cluster: read what the cluster records through the store.' }] }],
    },
  },
);
