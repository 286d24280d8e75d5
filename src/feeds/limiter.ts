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
