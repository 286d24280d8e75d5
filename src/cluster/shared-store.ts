import type { Redis } from 'ioredis';
import type { Collection, Store } from '../store/index.ts';
import { withLock } from './lock.ts';
import { PREFIX } from './redis.ts';

/**
 * The store as several pollers share it. The key-value archive has no transactions, and its per-day
 * brief index is read, extended and written back: two pollers storing briefs of the same day at once
 * would each write back the list without the other's brief, which would then never be found (not
 * listed, never delivered). Here every write of a day's list takes that day's lock and adds to the
 * list as it is in the store, so concurrent additions all land. (Indexes only ever grow.)
 */
export function sharedStore(store: Store, redis: Redis, lockMs: number): Store {
  return {
    url: store.url,
    close: () => store.close(),
    collection<T>(name: string): Collection<T> {
      const inner = store.collection<T>(name);
      if (name !== 'brief-days') return inner;
      const days = inner as unknown as Collection<string[]>;
      const merged: Collection<string[]> = {
        ...days,
        name: days.name,
        get: (k) => days.get(k),
        has: (k) => days.has(k),
        delete: (k) => days.delete(k),
        entries: () => days.entries(),
        async set(key, ids) {
          for (;;) {
            const r = await withLock(redis, `${PREFIX}:lock:brief-days:${key}`, lockMs, async () => {
              const current = (await days.get(key)) ?? [];
              const add = ids.filter((id) => !current.includes(id));
              if (add.length) await days.set(key, [...current, ...add]);
            });
            if (r.ok) return;
            await new Promise((res) => setTimeout(res, 5 + Math.random() * 20));
          }
        },
      };
      return merged as unknown as Collection<T>;
    },
  };
}
