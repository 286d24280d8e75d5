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

  it('starts no item before its time and holds no slot while one waits', async () => {
    const t0 = Date.now();
    const started = new Map<string, number>();
    const items = [
      { name: 'later', at: t0 + 150 },
      { name: 'now', at: t0 },
      { name: 'soon', at: t0 + 50 },
    ];
    await runKeyed(items, () => 'one-host', { concurrency: 1, perKey: 1 }, async (it) => {
      started.set(it.name, Date.now() - t0);
    }, (it) => it.at);
    expect([...started.keys()]).toEqual(['now', 'soon', 'later']);
    expect(started.get('now')!).toBeLessThan(40);
    expect(started.get('soon')!).toBeGreaterThanOrEqual(45);
    expect(started.get('later')!).toBeGreaterThanOrEqual(145);
  });

  it('resolves at once for no items', async () => {
    await expect(runKeyed([], () => 'k', { concurrency: 1, perKey: 1 }, async () => {})).resolves.toBeUndefined();
  });
});
