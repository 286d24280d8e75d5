import { startPostgres, type TestServer } from './servers.ts';

/** With NEWSBRIEF_TEST_STORE=postgres, one PostgreSQL server for the run; each store gets its own database. */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.NEWSBRIEF_TEST_STORE !== 'postgres') return;
  const server: TestServer | null = await startPostgres();
  if (!server) throw new Error('NEWSBRIEF_TEST_STORE=postgres, but initdb/pg_ctl are not on PATH: install the PostgreSQL server binaries (or add /usr/lib/postgresql/*/bin to PATH)');
  process.env.NEWSBRIEF_TEST_PG = server.url;
  return () => server.stop();
}
