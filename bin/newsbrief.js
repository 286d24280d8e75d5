#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so a checkout works after `npm ci`
// without a build step and never runs stale compiled code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
