#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (bin/typescript-hooks.js compiles each file on
// import), so a checkout works after `npm ci` without a build step.
import './register-typescript.js';

const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
