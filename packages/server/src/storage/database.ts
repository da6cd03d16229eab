import { Kysely, Migrator, sql, type LogEvent, type SelectQueryBuilder } from 'kysely';
import { migrations } from './migrations/index.js';
import { postgresDialect } from './dialects/postgres.js';
import { sqliteDialect } from './dialects/sqlite.js';
import type { Database } from '../tables.js';

export type DialectName = 'sqlite' | 'postgres';

export type Db = Kysely<Database>;

/** The database and the few facts about its dialect that callers may need. */
export interface Storage {
  db: Db;
  dialect: DialectName;
  /** Answers when the database answers; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database named by `url` (`sqlite:<path>` or `postgres://…`). Nothing is
 * migrated here; call `migrate` next.
 */
export function openStorage(url: string, options: { onQuery?: (ms: number) => void } = {}): Storage {
  const log = options.onQuery
    ? (event: LogEvent) => {
        if (event.level === 'query') options.onQuery?.(event.queryDurationMillis);
      }
    : undefined;
  if (url.startsWith('sqlite:')) {
    const db = new Kysely<Database>({ dialect: sqliteDialect(url.slice('sqlite:'.length)), log });
    return storageOf(db, 'sqlite');
  }
  const { dialect } = postgresDialect(url);
  return storageOf(new Kysely<Database>({ dialect, log }), 'postgres');
}

function storageOf(db: Db, dialect: DialectName): Storage {
  let closed = false;
  return {
    db,
    dialect,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrate(storage: Storage): Promise<void> {
  const migrator = new Migrator({
    db: storage.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : 'unknown error';
    // without a failed migration the error came before any ran (connecting, the lock, the migrations table)
    throw new Error(failed ? `migration ${failed} failed: ${reason}` : `migrating the database failed: ${reason}`, { cause: error });
  }
}

/**
 * Locks the selected rows so that concurrent workers skip them: `FOR UPDATE SKIP LOCKED`
 * on PostgreSQL. SQLite has a single writer, so a write transaction is lock enough.
 */
export function skipLocked<QB extends SelectQueryBuilder<Database, keyof Database, object>>(
  storage: Storage,
  query: QB,
): QB {
  return storage.dialect === 'postgres' ? (query.forUpdate().skipLocked() as QB) : query;
}

/** True when `error` is a unique-constraint violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Connection-level failures: the database is down or unreachable, not the query wrong. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
const UNAVAILABLE_MESSAGES =
  /driver has already been destroyed|Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|database connection is not open/i;

/**
 * True when `error` says the database cannot be reached (rather than that a query is
 * wrong), in either dialect: callers answer `unavailable`, which clients retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}
