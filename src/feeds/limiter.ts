// A minimal concurrency limiter (no dependency needed for a counter and a queue).

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running or waiting. */
  readonly pending: number;
}

export function createLimiter(max: number): Limiter {
  if (!(max >= 1)) throw new RangeError(`limit must be at least 1, got ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer arriving in
  // between cannot push the count above `max`.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get pending() {
      return active + waiting.length;
    },
  };
}

/** One limiter per key (host name), created on demand and dropped when idle. */
export function createKeyedLimiter(maxPerKey: number): { run<T>(key: string, task: () => Promise<T>): Promise<T> } {
  const limiters = new Map<string, Limiter>();
  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      let limiter = limiters.get(key);
      if (!limiter) {
        limiter = createLimiter(maxPerKey);
        limiters.set(key, limiter);
      }
      try {
        return await limiter.run(task);
      } finally {
        if (limiter.pending === 0) limiters.delete(key);
      }
    },
  };
}

/**
 * Runs `task` for every item with at most `concurrency` running overall and `perKey` per key,
 * handing out work round-robin across keys so one busy host cannot stall the others. Only
 * the running tasks exist at any moment (no promise per waiting item), which keeps memory flat
 * over tens of thousands of items. Resolves when all tasks have settled; task errors are the
 * task's business (wrap them), a rejection here is a bug.
 */
export function runKeyed<T>(
  items: readonly T[],
  keyOf: (item: T, index: number) => string,
  limits: { concurrency: number; perKey: number },
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!(limits.concurrency >= 1) || !(limits.perKey >= 1)) throw new RangeError('limits must be at least 1');
  const queues = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = keyOf(item, i);
    const q = queues.get(key);
    if (q) q.push(i);
    else queues.set(key, [i]);
  });
  // Keys with waiting items, visited in rotation; each queue is consumed from its head.
  const ready: string[] = [...queues.keys()];
  const heads = new Map<string, number>();
  const active = new Map<string, number>();
  let running = 0;
  let remaining = items.length;
  let cursor = 0;
  return new Promise((resolve, reject) => {
    if (remaining === 0) return resolve();
    const pump = (): void => {
      let scanned = 0;
      while (running < limits.concurrency && ready.length > 0 && scanned < ready.length) {
        if (cursor >= ready.length) cursor = 0;
        const key = ready[cursor]!;
        if ((active.get(key) ?? 0) >= limits.perKey) {
          cursor++;
          scanned++;
          continue;
        }
        const queue = queues.get(key)!;
        const head = heads.get(key) ?? 0;
        const index = queue[head]!;
        if (head + 1 >= queue.length) {
          ready.splice(cursor, 1);
          queues.delete(key);
          heads.delete(key);
        } else {
          heads.set(key, head + 1);
          cursor++;
        }
        scanned = 0;
        running++;
        active.set(key, (active.get(key) ?? 0) + 1);
        task(items[index]!, index)
          .catch(reject)
          .finally(() => {
            running--;
            const left = active.get(key)! - 1;
            if (left === 0) active.delete(key);
            else active.set(key, left);
            remaining--;
            if (remaining === 0) resolve();
            else pump();
          });
      }
    };
    pump();
  });
}
