import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * A process keeping 100 MB live while a stream of short-lived garbage reaches the old generation (as a
 * poll cycle's parsed feeds do): the peak JS heap against what is live, with `boundHeapGrowth` called.
 */
function peakOverLive(nodeFlags: string[]): number {
  const script = `
    import { boundHeapGrowth } from './src/app/index.ts';
    boundHeapGrowth();
    const live = Array.from({ length: 700_000 }, (_, i) => ({ i, s: 'x'.repeat(40) + i }));
    gc();
    const liveBytes = process.memoryUsage().heapUsed;
    const waiting = [];
    let peak = 0;
    const until = Date.now() + 4000;
    while (Date.now() < until) {
      waiting.push(Array.from({ length: 2000 }, (_, i) => ({ a: i, b: 'y'.repeat(60) + i })));
      if (waiting.length > 40) waiting.shift();
      peak = Math.max(peak, process.memoryUsage().heapTotal);
      await new Promise((r) => setImmediate(r));
    }
    console.log(JSON.stringify({ ratio: peak / liveBytes, kept: live.length }));
  `;
  const out = execFileSync(process.execPath, [...nodeFlags, '--expose-gc', '--import', './bin/register-typescript.js', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as { ratio: number }).ratio;
}

describe('the heap growth bound of long-running processes', () => {
  it('keeps the heap within about twice what is live, unless node was given its own growth', () => {
    const bounded = peakOverLive([]);
    // 1.5 times what is live in the old generation, plus the young generation: about 2.2 here, against
    // nearly 5 with V8's own growth on a machine with memory to spare.
    expect(bounded).toBeLessThan(3);
    // A growth given on node's command line is left alone: the same garbage then piles higher.
    const own = peakOverLive(['--heap-growing-percent=300']);
    expect(own).toBeGreaterThan(bounded + 1);
  }, 30_000);
});
