import type { Store } from '../store/index.ts';

/**
 * Jobs that kept failing after every retry, kept in the shared store so any process can report them:
 * `/feeds list` and `newsbrief feeds` show a feed's, `newsbrief status` all of them. A later success of
 * the same work clears its record. Keys: `poll:<feed URL>`, `deliver:<channel id>`, `digest`.
 */
export interface JobFailure {
  key: string;
  error: string;
  attempts: number;
  at: string;
}

const collection = (store: Store) => store.collection<JobFailure>('job-failures');

export const pollFailureKey = (url: string) => `poll:${url}`;
export const deliverFailureKey = (channelId: string) => `deliver:${channelId}`;

export async function recordFailure(store: Store, f: JobFailure): Promise<void> {
  await collection(store).set(f.key, f);
}

export async function clearFailure(store: Store, key: string): Promise<void> {
  await collection(store).delete(key);
}

export function getFailure(store: Store, key: string): Promise<JobFailure | undefined> {
  return collection(store).get(key);
}

export async function listFailures(store: Store): Promise<JobFailure[]> {
  const out: JobFailure[] = [];
  for await (const [, f] of collection(store).entries()) out.push(f);
  return out.sort((a, b) => b.at.localeCompare(a.at));
}
