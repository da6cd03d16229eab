import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Task, UserUpsert } from '@plaza/protocol';
import { Migrator } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate, openStorage, type Storage } from '../storage/database.js';
import { migrations } from '../storage/migrations/index.js';
import { SocketPool, availableDialects, createPostgresDatabase, startTestServer, type TestDialect, type TestServer } from '../test-support/index.js';
import { ask, connect, createList, createTask, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('who a department list reaches on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function orgSync(users: UserUpsert[]): Promise<void> {
    const response = await t.server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
      payload: { users },
    });
    expect(response.statusCode).toBe(200);
  }

  it('follows the department as it is now: a newcomer’s first token, an org sync moving people in and out', async () => {
    const dept = uid('dept');
    const [l, n, m] = [uid('lead'), uid('newcomer'), uid('mover')];
    const lead = await connect(t, sockets, l, { dept: [dept] });
    const list = await createList(lead, { name: 'Dept board', visibility: 'department', department: dept, departmentRole: 'editor' });
    // someone never seen before, whose first token names the department
    const newcomer = await connect(t, sockets, n, { dept: [uid('other'), dept] });
    const mover = await connect(t, sockets, m);
    const toNewcomer = record<Task>(newcomer, 'tasks:task');
    const toMover = record<Task>(mover, 'tasks:task');
    const first = await createTask(lead, list.id, { title: 'first' });
    await vi.waitFor(() => expect(toNewcomer.map((x) => x.id)).toEqual([first.id]), { timeout: 5000, interval: 10 });
    expect((await ask(newcomer, 'tasks:move', { taskId: first.id, status: 'done' })).task.status).toBe('done');
    expect(await refusal(mover, 'tasks:list:get', { listId: list.id })).toBe('not_found');

    // the host moves them: the newcomer leaves the department, the other joins it
    await orgSync([
      { id: n, name: n, kind: 'member', roles: [], dept: [] },
      { id: m, name: m, kind: 'member', roles: [], dept: [dept] },
    ]);
    const second = await createTask(lead, list.id, { title: 'second' });
    await vi.waitFor(() => expect(toMover.map((x) => x.id)).toEqual([second.id]), { timeout: 5000, interval: 10 });
    expect(await refusal(newcomer, 'tasks:get', { taskId: second.id })).toBe('not_found');
    // the newcomer got the push of their own move, and nothing of the second task
    expect(toNewcomer.map((x) => x.id)).toEqual([first.id, first.id]);
    expect((await ask(mover, 'tasks:list:get', { listId: list.id })).list.role).toBe('editor');
    // and the department filter of queries reads the same departments
    await ask(lead, 'tasks:update', { taskId: second.id, baseVersion: second.version, changes: { assignee: m } });
    expect((await ask(lead, 'tasks:query', { department: dept })).tasks.map((x) => x.id)).toEqual([second.id]);
  });
});

describe.each(dialects)('who a list’s tasks reach as its members change, on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('reaches members as they are added and removed, and drops a member who becomes a partner', async () => {
    const [o, a, b] = [uid('owner'), uid('added'), uid('turned')];
    const owner = await connect(t, sockets, o);
    const added = await connect(t, sockets, a);
    const list = await createList(owner, { members: [{ userId: b, role: 'viewer' }] });
    const task = await createTask(owner, list.id);
    // moves, one after another: each one's pushes are out before the next is answered
    let n = 0;
    const move = () => ask(owner, 'tasks:move', { taskId: task.id, status: (['in_progress', 'done', 'todo'] as const)[n++ % 3] });
    const toAdded = record<Task>(added, 'tasks:task');
    await move();
    await ask(owner, 'tasks:members:set', { listId: list.id, members: [{ userId: a, role: 'viewer' }] });
    const seen = await move();
    await vi.waitFor(() => expect(toAdded.map((x) => x.version)).toEqual([seen.task.version]), { timeout: 5000, interval: 10 });
    await ask(owner, 'tasks:members:remove', { listId: list.id, userIds: [a] });
    await move();
    // b, a viewer through membership, connects as a partner: the list is not shared with their organisation
    const turned = await connect(t, sockets, b, { kind: 'partner', org: uid('org') });
    const toTurned = record<Task>(turned, 'tasks:task');
    const last = await move();
    expect(await refusal(turned, 'tasks:get', { taskId: task.id })).toBe('not_found');
    expect(toTurned).toEqual([]);
    // pushes come before answers on a socket: once `added` is answered, any push of the last moves is in
    await ask(added, 'tasks:lists', {});
    expect(toAdded.map((x) => x.version)).toEqual([seen.task.version]);
    expect(last.task.version).toBe(seen.task.version + 2);
  });
});

/** A fresh, unmigrated database (SQLite in a temp dir, or a new PostgreSQL database) and a migrator for it. */
async function database(dialect: TestDialect): Promise<{ storage: Storage; migrator: Migrator; drop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plaza-departments-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const storage = openStorage(pg ? pg.url : `sqlite:${path.join(dir, 'plaza.db')}`);
  const migrator = new Migrator({ db: storage.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  return {
    storage,
    migrator,
    drop: async () => {
      await storage.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(dialects)('user_departments on %s', (dialect) => {
  it('is filled from the users there are when migrated, then follows every write to users', async () => {
    const { storage, migrator, drop } = await database(dialect);
    try {
      const { db } = storage;
      const { error } = await migrator.migrateTo('20261123T0100-tickets');
      expect(error).toBeUndefined();
      await db
        .insertInto('tenants')
        .values({ id: 't1', name: 'T', secret_enc: 'x', previous_secret_enc: null, previous_secret_until: null, allowed_origins: '[]', public_keys: '[]', settings: '{}', created_at: 0, updated_at: 0 })
        .execute();
      const user = (id: string, dept: unknown[]) => ({
        tenant_id: 't1',
        id,
        host_id: `h-${id}`,
        name: id,
        kind: 'member',
        roles: '[]',
        dept: JSON.stringify(dept),
        org: null,
        email: null,
        avatar: null,
        active: 1,
        placeholder: 0,
        created_at: 0,
        updated_at: 0,
      });
      // a repeated department counts once; only string elements are departments
      await db.insertInto('users').values([user('u1', ['rnd', 'ops', 'rnd']), user('u2', []), user('u3', ['ops', 7])]).execute();
      await migrate(storage);
      const rows = () => db.selectFrom('user_departments').select(['department', 'user_id']).orderBy('department').orderBy('user_id').execute();
      expect(await rows()).toEqual([
        { department: 'ops', user_id: 'u1' },
        { department: 'ops', user_id: 'u3' },
        { department: 'rnd', user_id: 'u1' },
      ]);

      await db.insertInto('users').values(user('u4', ['rnd'])).execute();
      await db.updateTable('users').set({ dept: '["sales"]' }).where('id', '=', 'u1').execute();
      // an upsert that leaves `dept` as it was (what every token does) changes nothing
      await db
        .insertInto('users')
        .values(user('u3', ['ops', 7]))
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({ dept: JSON.stringify(['ops', 7]), name: 'renamed' }))
        .execute();
      await db.updateTable('users').set({ dept: '[]' }).where('id', '=', 'u2').execute();
      expect(await rows()).toEqual([
        { department: 'ops', user_id: 'u3' },
        { department: 'rnd', user_id: 'u4' },
        { department: 'sales', user_id: 'u1' },
      ]);
      await db.deleteFrom('users').where('id', '=', 'u4').execute();
      expect((await rows()).map((r) => r.user_id)).toEqual(['u3', 'u1']);

      // down leaves users writable without the table
      expect((await migrator.migrateTo('20261123T0200-user-departments')).error).toBeUndefined();
      expect((await migrator.migrateDown()).error).toBeUndefined();
      await db.insertInto('users').values(user('u5', ['rnd'])).execute();
      await db.updateTable('users').set({ dept: '["ops"]' }).where('id', '=', 'u5').execute();
    } finally {
      await drop();
    }
  });
});

describe.each(dialects)('audience_revs on %s', (dialect) => {
  it('counts, per tenant, every write that can change who sees a list, and nothing else', async () => {
    const { storage, migrator, drop } = await database(dialect);
    try {
      const { db } = storage;
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      for (const id of ['t1', 't2']) {
        await db
          .insertInto('tenants')
          .values({ id, name: id, secret_enc: 'x', previous_secret_enc: null, previous_secret_until: null, allowed_origins: '[]', public_keys: '[]', settings: '{}', created_at: 0, updated_at: 0 })
          .execute();
      }
      const user = (tenant: string, id: string) => ({
        tenant_id: tenant,
        id,
        host_id: `h-${id}`,
        name: id,
        kind: 'member',
        roles: '[]',
        dept: '[]',
        org: null,
        email: null,
        avatar: null,
        active: 1,
        placeholder: 0,
        created_at: 0,
        updated_at: 0,
      });
      const rev = async (tenant = 't1') => (await db.selectFrom('audience_revs').select('rev').where('tenant_id', '=', tenant).executeTakeFirst())?.rev ?? null;
      expect(await rev()).toBeNull();
      await db.insertInto('users').values([user('t1', 'u1'), user('t1', 'u2')]).execute();
      expect(await rev()).toBe(2);
      // what a token repeating the stored profile does, and changes that do not bear on lists
      await db
        .insertInto('users')
        .values(user('t1', 'u1'))
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({ kind: 'member', org: null, dept: '[]', name: 'renamed', updated_at: 5 }))
        .execute();
      await db.updateTable('users').set({ active: 0, roles: '["admin"]' }).where('id', '=', 'u1').execute();
      expect(await rev()).toBe(2);
      await db.updateTable('users').set({ dept: '["rnd"]' }).where('id', '=', 'u1').execute();
      await db.updateTable('users').set({ kind: 'partner', org: 'acme' }).where('id', '=', 'u2').execute();
      await db.updateTable('users').set({ org: 'globex' }).where('id', '=', 'u2').execute();
      expect(await rev()).toBe(5);
      await db
        .insertInto('task_lists')
        .values({ tenant_id: 't1', id: 'l1', name: 'L', description: '', visibility: 'private', department: null, department_role: 'viewer', partner_orgs: '[]', columns: '[]', personal_of: null, archived: 0, created_by: 'u1', created_at: 0, rev: 0, task_count: 0 })
        .execute();
      await db.insertInto('task_list_members').values({ tenant_id: 't1', list_id: 'l1', user_id: 'u1', role: 'viewer', added_at: 0 }).execute();
      await db.updateTable('task_list_members').set({ role: 'editor' }).where('user_id', '=', 'u1').execute();
      await db.deleteFrom('task_list_members').where('user_id', '=', 'u1').execute();
      await db.deleteFrom('users').where('id', '=', 'u2').execute();
      expect(await rev()).toBe(9);
      // tenants count apart
      await db.insertInto('users').values(user('t2', 'u3')).execute();
      expect([await rev('t1'), await rev('t2')]).toEqual([9, 1]);

      expect((await migrator.migrateDown()).error).toBeUndefined();
      await db.insertInto('users').values(user('t1', 'u4')).execute();
      await db.insertInto('task_list_members').values({ tenant_id: 't1', list_id: 'l1', user_id: 'u4', role: 'viewer', added_at: 0 }).execute();
    } finally {
      await drop();
    }
  });
});
