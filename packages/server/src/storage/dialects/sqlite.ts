import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { SqliteFileDialect, withStatementCache } from './sqlite-connection.js';

/**
 * SQLite in WAL mode: readers never wait for the single writer. Statements are prepared
 * once and reused, and a file database checkpoints on a background thread, not inside
 * a commit (sqlite-connection.ts).
 */
export function sqliteDialect(file: string): SqliteDialect {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return file === ':memory:' ? new SqliteDialect({ database: withStatementCache(database) }) : new SqliteFileDialect(database, path.resolve(file));
}
