import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type TestServer } from './servers.ts';

/**
 * One temporary directory for the run, as TMPDIR of every worker and spawned process, removed at
 * the end: test stores, configs and servers' data are made under os.tmpdir() by hundreds of tests,
 * and left one by one they filled /tmp by gigabytes over a day of runs.
 * With NEWSBRIEF_TEST_STORE=postgres, also one PostgreSQL server for the run; each store gets its own database.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'newsbrief-tests-'));
  // Traversable by others: PostgreSQL runs as its own user (see startPostgres) with its data in here.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  let server: TestServer | null = null;
  const teardown = async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };
  if (process.env.NEWSBRIEF_TEST_STORE !== 'postgres') return teardown;
  server = await startPostgres();
  if (!server) {
    await teardown();
    throw new Error('NEWSBRIEF_TEST_STORE=postgres, but initdb/pg_ctl are not on PATH: install the PostgreSQL server binaries (or add /usr/lib/postgresql/*/bin to PATH)');
  }
  process.env.NEWSBRIEF_TEST_PG = server.url;
  return teardown;
}
