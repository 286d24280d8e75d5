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

/**
 * Runs `task` for every item with at most `concurrency` running overall and `perKey` per key,
 * handing out work round-robin across keys so one busy host cannot stall the others. An item
 * with a `notBefore` time (ms since epoch) does not start earlier and holds no slot while it
 * waits; one timer covers all waiting items. Only running tasks exist at any moment (no
 * promise per waiting item), which keeps memory flat over tens of thousands of items.
 * Resolves when all tasks have settled; task errors are the task's business (wrap them), a
 * rejection here is a bug.
 */
export function runKeyed<T>(
  items: readonly T[],
  keyOf: (item: T, index: number) => string,
  limits: { concurrency: number; perKey: number },
  task: (item: T, index: number) => Promise<void>,
  notBefore?: (item: T, index: number) => number,
): Promise<void> {
  if (!(limits.concurrency >= 1) || !(limits.perKey >= 1)) throw new RangeError('limits must be at least 1');
  const due = Float64Array.from(items, (item, i) => (notBefore ? notBefore(item, i) : 0));
  const queues = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = keyOf(item, i);
    const q = queues.get(key);
    if (q) q.push(i);
    else queues.set(key, [i]);
  });
  // Each key's queue is consumed from its head, earliest due first.
  if (notBefore) for (const q of queues.values()) q.sort((a, b) => due[a]! - due[b]!);
  const ready: string[] = [...queues.keys()];
  const heads = new Map<string, number>();
  const active = new Map<string, number>();
  let running = 0;
  let remaining = items.length;
  let cursor = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerAt = Infinity;
  return new Promise((resolve, reject) => {
    if (remaining === 0) return resolve();
    const pump = (): void => {
      const now = Date.now();
      let earliest = Infinity;
      let scanned = 0;
      while (running < limits.concurrency && ready.length > 0 && scanned < ready.length) {
        if (cursor >= ready.length) cursor = 0;
        const key = ready[cursor]!;
        const queue = queues.get(key)!;
        const head = heads.get(key) ?? 0;
        const index = queue[head]!;
        const notYet = due[index]! > now;
        if (notYet) earliest = Math.min(earliest, due[index]!);
        if (notYet || (active.get(key) ?? 0) >= limits.perKey) {
          cursor++;
          scanned++;
          continue;
        }
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
            if (remaining === 0) {
              if (timer) clearTimeout(timer);
              resolve();
            } else pump();
          });
      }
      // Wake up for the earliest waiting item, unless a wake-up at least as early is set.
      if (earliest < timerAt) {
        if (timer) clearTimeout(timer);
        timerAt = earliest;
        timer = setTimeout(() => {
          timer = null;
          timerAt = Infinity;
          pump();
        }, earliest - now);
      }
    };
    pump();
  });
}
