import { describe, expect, it } from 'vitest';
import { runKeyed } from '../../src/feeds/limiter.ts';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('runKeyed', () => {
  it('runs every item once within the global and per-key limits', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ i, key: `h${i % 4}` }));
    const seen: number[] = [];
    const active = new Map<string, number>();
    let running = 0;
    let peak = 0;
    let peakPerKey = 0;
    await runKeyed(items, (it) => it.key, { concurrency: 5, perKey: 2 }, async (it) => {
      running++;
      active.set(it.key, (active.get(it.key) ?? 0) + 1);
      peak = Math.max(peak, running);
      peakPerKey = Math.max(peakPerKey, active.get(it.key)!);
      await tick();
      seen.push(it.i);
      running--;
      active.set(it.key, active.get(it.key)! - 1);
    });
    expect(seen.sort((a, b) => a - b)).toEqual(items.map((it) => it.i));
    expect(peak).toBe(5);
    expect(peakPerKey).toBe(2);
  });

  it('does not let a crowded key delay the others', async () => {
    const items = [...Array.from({ length: 50 }, () => 'crowded'), 'lonely'];
    const order: string[] = [];
    await runKeyed(items, (k) => k, { concurrency: 2, perKey: 2 }, async (k) => {
      order.push(k);
      await tick();
    });
    expect(order.indexOf('lonely')).toBeLessThan(3);
  });

  it('resolves at once for no items', async () => {
    await expect(runKeyed([], () => 'k', { concurrency: 1, perKey: 1 }, async () => {})).resolves.toBeUndefined();
  });
});
