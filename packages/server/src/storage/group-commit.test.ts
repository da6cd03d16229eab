import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, createPostgresDatabase } from '../test-support/index.js';
import { openStorage, type Db, type Storage } from './database.js';
import { groupCommit } from './group-commit.js';
import { precompiled } from './precompiled.js';

const dialects = await availableDialects();

describe.each(dialects)('group commits and precompiled queries on %s', (dialect) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let db: Kysely<any>;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createPostgresDatabase();
      storage = openStorage(database.url);
      cleanup = () => database.drop();
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'plaza-group-'));
      storage = openStorage(`sqlite:${path.join(dir, 'test.db')}`);
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    db = storage.db as Kysely<any>;
    await sql`create table parent (id integer primary key)`.execute(db);
    await sql`create table child (id integer primary key, parent_id integer not null references parent (id) deferrable initially deferred, note text not null)`.execute(db);
    await sql`insert into parent (id) values (1)`.execute(db);
  });
  afterAll(async () => {
    await storage?.close();
    await cleanup?.();
  });

  const notes = async () => (await sql<{ note: string }>`select note from child order by id`.execute(db)).rows.map((r) => r.note);
  const insertChild = (trx: Db, id: number, parent: number, note: string) => sql`insert into child (id, parent_id, note) values (${id}, ${parent}, ${note})`.execute(trx);

  it('commits transactions asked for together, rolling a failing one back alone', async () => {
    const transact = groupCommit(storage);
    const outcomes = await Promise.allSettled([
      transact(async (trx) => {
        await insertChild(trx, 1, 1, 'first');
        return 'one';
      }),
      transact(async (trx) => {
        await insertChild(trx, 2, 1, 'written, then undone');
        throw new Error('refused');
      }),
      transact(async (trx) => {
        await insertChild(trx, 3, 1, 'third');
        return 'three';
      }),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['one', 'refused', 'three']);
    expect(await notes()).toEqual(['first', 'third']);
  });

  it('settles nobody before the commit, and rejects everybody when it fails', async () => {
    await sql`delete from child`.execute(db);
    const transact = groupCommit(storage);
    const settledBeforeCommit: string[] = [];
    const outcomes = await Promise.allSettled([
      transact(async (trx) => {
        await insertChild(trx, 10, 1, 'fine on its own');
        return 'fine';
      }).then((v) => {
        settledBeforeCommit.push(v);
        return v;
      }),
      // a foreign key checked at commit: the commit of whatever shares it fails
      transact((trx) => insertChild(trx, 11, 99, 'orphan')),
    ]);
    const kinds = outcomes.map((o) => o.status);
    if (dialect === 'sqlite') {
      expect(kinds).toEqual(['rejected', 'rejected']);
      expect(settledBeforeCommit).toEqual([]);
    } else {
      // PostgreSQL: each transaction commits on its own
      expect(kinds).toEqual(['fulfilled', 'rejected']);
    }
    expect(await notes()).toEqual(dialect === 'sqlite' ? [] : ['fine on its own']);
  });

  it('binds new values into a query compiled once, inside and outside transactions', async () => {
    let builds = 0;
    const byParent = precompiled((qb: Db, v: { parent: number; limit: number }) => {
      builds++;
      return (qb as Kysely<any>).selectFrom('child').select('note').where('parent_id', '=', v.parent).orderBy('id').limit(v.limit);
    });
    await sql`delete from child`.execute(db);
    await storage.db.transaction().execute(async (trx) => {
      for (const [id, note] of [[20, 'a'], [21, 'b'], [22, 'c']] as const) await insertChild(trx, id, 1, note);
      expect((await byParent(trx, { parent: 1, limit: 2 })).rows).toEqual([{ note: 'a' }, { note: 'b' }]);
    });
    expect((await byParent(storage.db, { parent: 1, limit: 5 })).rows).toEqual([{ note: 'a' }, { note: 'b' }, { note: 'c' }]);
    expect((await byParent(storage.db, { parent: 2, limit: 5 })).rows).toEqual([]);
    expect(builds).toBe(1);
  });

  it('refuses a precompiled query whose values do not all reach the SQL', async () => {
    const careless = precompiled((qb: Db, v: { parent: number; note: string }) => (qb as Kysely<any>).selectFrom('child').select('note').where('parent_id', '=', v.parent));
    await expect(careless(storage.db, { parent: 1, note: 'never used' })).rejects.toThrow(/note never reach/);
  });
});
