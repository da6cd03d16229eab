import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteFileDialect, withStatementCache } from './sqlite-connection.js';

const dirs: string[] = [];
const open: Kysely<any>[] = [];

afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDatabase(restartFrames?: number): { db: Kysely<any>; file: string; raw: Database.Database } {
  const dir = mkdtempSync(path.join(tmpdir(), 'plaza-sqlite-'));
  dirs.push(dir);
  const file = path.join(dir, 'test.db');
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const db = new Kysely<any>({ dialect: new SqliteFileDialect(raw, file, restartFrames === undefined ? {} : { restartFrames }) });
  open.push(db);
  return { db, file, raw };
}

/** Writes `rows` rows of about 3 KiB each, one transaction apiece, letting the event loop turn between them. */
async function writeRows(db: Kysely<any>, rows: number): Promise<void> {
  await sql`create table if not exists filler (id integer primary key, body text not null)`.execute(db);
  for (let i = 0; i < rows; i++) {
    await db.transaction().execute((trx) => sql`insert into filler (body) values (${'x'.repeat(3000)})`.execute(trx));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('SQLite connection', () => {
  it('prepares each SQL text once, and a second statement while the first is being iterated', () => {
    const raw = new Database(':memory:');
    const connection = withStatementCache(raw);
    const first = connection.prepare('select 1 as one union all select 2');
    expect(connection.prepare('select 1 as one union all select 2')).toBe(first);
    const iterating = (first as unknown as Database.Statement).iterate();
    iterating.next();
    const second = connection.prepare('select 1 as one union all select 2');
    expect(second).not.toBe(first);
    expect((second as unknown as Database.Statement).all()).toEqual([{ one: 1 }, { one: 2 }]);
    iterating.return?.();
    connection.close();
    expect(raw.open).toBe(false);
  });

  it('leaves checkpoints to the worker: the writer never copies the log into the database itself', async () => {
    const { db, file, raw } = fileDatabase();
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await writeRows(db, 300);
    // only a checkpoint grows the database file: roughly a page per row lands there
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(300 * 3000);
  });

  it('starts the log over once it is long, so it stays bounded under constant writes', async () => {
    const { db, raw } = fileDatabase(64);
    await sql`create table filler (id integer primary key, body text not null)`.execute(db);
    // a writer that never pauses for long: a background checkpoint alone seldom catches up
    // with it. Each row adds about three log frames: 6,000 rows are some 18,000 frames,
    // which a log never started over holds at the end (less the few times the background
    // checkpoint caught up by chance); started over every 64 frames, it holds a few
    // hundred. The bound leaves room for a worker starved of CPU on a loaded machine.
    // (The file keeps its largest size, which depends on that starvation: frames are the
    // measure.)
    const rows = 6000;
    for (let i = 0; i < rows; i++) {
      await db.transaction().execute((trx) => sql`insert into filler (body) values (${'x'.repeat(3000)})`.execute(trx));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [{ log }] = raw.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(log).toBeLessThan((rows * 3) / 2);
    expect((await sql<{ n: number }>`select count(*) as n from filler`.execute(db)).rows[0].n).toBe(rows);
  });

  it('closes with the worker’s connection closed first, leaving no log behind', async () => {
    const { db, file } = fileDatabase(64);
    await writeRows(db, 20);
    await db.destroy();
    open.splice(open.indexOf(db), 1);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual(['test.db']);
  });
});
