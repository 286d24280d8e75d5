// The one process's schedule (src/app/schedule.ts), as the bot and the preview run it.
import { afterEach, describe, expect, it } from 'vitest';
import defaults from '../../config/default.json' with { type: 'json' };
import { startSchedule, type Schedule } from '../../src/app/schedule.ts';
import { parseConfig } from '../../src/config/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let store: Store | undefined;
let schedule: Schedule | undefined;
afterEach(async () => {
  await schedule?.stop();
  await store?.close();
  schedule = store = undefined;
});

async function setup(poll: string, job: () => Promise<unknown>) {
  const config = parseConfig({ ...defaults, feeds: [], store: 'sqlite://:memory:', schedule: { ...defaults.schedule, poll } });
  store = await openStore(config.store);
  const errors: [string, unknown][] = [];
  schedule = startSchedule({ config, store, poll: job, digest: async () => 0, onError: (what, err) => errors.push([what, err]) });
  return { errors, schedule };
}

describe('startSchedule', () => {
  it('polls on schedule.poll, never two at once, and stops waiting for the poll in flight', async () => {
    let runs = 0;
    let running = 0;
    let overlap = false;
    let finished = 0;
    // Each poll outlasts the next tick: that tick must be a no-op, not a second poll alongside.
    const { schedule: s } = await setup('* * * * * *', async () => {
      runs++;
      overlap ||= running++ > 0;
      await sleep(1500);
      running--;
      finished++;
    });
    const deadline = Date.now() + 8000;
    while (runs < 2 && Date.now() < deadline) await sleep(50);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(overlap).toBe(false);
    await s.stop();
    // The poll that was in flight finished before stop resolved, and none started after.
    expect(finished).toBe(runs);
    await sleep(1200);
    expect(runs).toBe(finished);
  }, 20_000);

  it('pollNow joins the poll in flight; a failed poll is reported as "poll" and the next one runs', async () => {
    let runs = 0;
    const { errors, schedule: s } = await setup('0 0 1 1 *', async () => {
      runs++;
      await sleep(100);
      if (runs === 1) throw new Error('feeds down');
    });
    await Promise.all([s.pollNow(), s.pollNow()]);
    expect(runs).toBe(1);
    expect(errors.map(([what, err]) => [what, (err as Error).message])).toEqual([['poll', 'feeds down']]);
    await s.pollNow();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
