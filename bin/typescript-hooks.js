// Module hooks that run newsbrief's TypeScript sources directly: each `.ts` file is compiled by
// esbuild when first imported, so a checkout works after `npm ci` without a build step and
// never runs stale compiled code. Types are only stripped (tsc checks them in CI).
//
// esbuild is called with its defaults on purpose. tsx, which did this job before, always sets
// esbuild's `keepNames`, which wraps every function created at run time in a call that
// redefines its `name`; in the condenser's inner loops that cost 10-15% of its speed
// (`npm run bench`).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    // The running Node's own syntax level: esbuild then keeps what it supports (import attributes).
    target: `node${process.versions.node}`,
    // esbuild's table marks \p{…} escapes as unsupported on Node and rewrites every such regex
    // literal into a `new RegExp(…)` call, constructed from its source each time the line runs.
    // Node has supported them since version 10: keep the literals as written.
    supported: { 'regexp-unicode-property-escapes': true },
    sourcefile: file,
    // Inline source maps: stack traces name the .ts file and line.
    sourcemap: 'inline',
  });
  return { format: 'module', source: code, shortCircuit: true };
}
