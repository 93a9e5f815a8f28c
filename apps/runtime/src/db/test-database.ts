// Per-suite throwaway databases for tests that need Postgres.
//
// Server: TRACKWAY_TEST_PG_URL when the test runner (scripts/test.ts) provides one; otherwise
// ensurePostgres(), i.e. DATABASE_URL's server or the embedded server on 127.0.0.1:54329
// (started if needed and left running for other test files; stop it with
// `npx tsx scripts/lib/postgres.ts stop`).
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, ensurePostgres } from '../../../../scripts/lib/postgres.ts';

export interface TestDatabase {
  url: string;
  name: string;
  /** URL of the server's maintenance database, for creating further databases. */
  serverUrl: string;
  drop(): Promise<void>;
}

let serverUrl: Promise<string> | undefined;

export function testServerUrl(): Promise<string> {
  serverUrl ??= (async () => {
    const fromEnv = process.env.TRACKWAY_TEST_PG_URL;
    if (fromEnv) return fromEnv;
    // The suite's own database is created through this URL, so any existing database will do.
    return (await ensurePostgres({ database: 'postgres' })).url;
  })();
  return serverUrl;
}

/** Create a fresh, uniquely named database (e.g. trackway_t_migrate_1a2b3c4d). */
export async function createTestDatabase(suite: string): Promise<TestDatabase> {
  const server = await testServerUrl();
  const slug = suite
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `trackway_t_${slug}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(server, name);
  return { url, name, serverUrl: server, drop: () => dropDatabase(server, name) };
}
