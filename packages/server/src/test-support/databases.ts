import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

const ADMIN_URL = process.env.PLAZA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The dialects this machine can test: SQLite always, PostgreSQL when it answers. CI
 * sets PLAZA_TEST_REQUIRE_POSTGRES=1 so a missing PostgreSQL fails instead of skipping.
 */
export async function availableDialects(): Promise<TestDialect[]> {
  if (await postgresAnswers()) return ['sqlite', 'postgres'];
  if (process.env.PLAZA_TEST_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL does not answer at ${ADMIN_URL}`);
  console.warn(`PostgreSQL does not answer at ${ADMIN_URL}: the PostgreSQL pass is SKIPPED on this machine`);
  return ['sqlite'];
}

/** A fresh PostgreSQL database for one test server; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `plaza_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
