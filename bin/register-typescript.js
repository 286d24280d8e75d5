// `node --import ./bin/register-typescript.js file.ts` runs a TypeScript file of this project
// (the CLI imports it first; the npm scripts for eval and benchmarks pass it to node).
import { register } from 'node:module';

// Stack traces point at the TypeScript source, through the inline source maps the hooks emit.
process.setSourceMapsEnabled(true);
register('./typescript-hooks.js', import.meta.url);
