import { setFlagsFromString } from 'node:v8';

/**
 * How far past what is live V8 lets the JS heap grow before a full collection, in percent.
 *
 * With memory to spare, V8 lets the old generation grow to up to four times what survived the last full
 * collection. newsbrief keeps about 80 MB live (the language detector's tables alone are 30 MB), and a
 * large poll cycle moves every feed's parsed items into the old generation while they wait their turn
 * (a few MB a second, garbage soon after): the heap rose to 340 MB, nearly all of it garbage, and the
 * process to 537 MB in `npm run bench:ingest`. At 1.5 times what is live the heap stays near 130 MB; a
 * full collection of it takes about 10 ms and comes every few seconds in a busy cycle.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Bounds heap growth for this process (the bot, the preview, a scaled-out role), unless node was started
 * with its own `--heap-growing-percent`.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((a) => a.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
