import { randomBytes } from 'node:crypto';
import type { CustomerTicket, TicketNotice } from '@plaza/protocol';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PlazaServer } from '../app.js';
import { SocketPool, availableDialects, sessionReady, signHs256, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ORIGIN, ask, call, draft } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('round-robin assignment of new tickets on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  interface Tenant {
    id: string;
    connect(sub: string, claims?: Record<string, unknown>, url?: string): Promise<TestSocket>;
  }

  /** A tenant of its own (so agents of other tests never take a turn), in round-robin mode unless told otherwise. */
  async function tenant(mode: 'manual' | 'round_robin' = 'round_robin'): Promise<Tenant> {
    const id = `rr-${randomBytes(4).toString('hex')}`;
    const { secret } = await t.server.ctx.tenants.create({ id, name: id, allowedOrigins: [ORIGIN] });
    await t.server.ctx.tenants.patch(id, { settings: { ticketAssignment: { mode } } });
    const now = () => Math.floor(Date.now() / 1000);
    return {
      id,
      async connect(sub, claims = {}, url = t.url) {
        const socket = sockets.open(url, { token: await signHs256({ tid: id, sub, name: sub, iat: now(), exp: now() + 3600, ...claims }, secret) });
        await sessionReady(socket);
        return socket;
      },
    };
  }

  async function addUsers(tenantId: string, users: { id: string; roles?: ('agent' | 'admin' | 'dept_admin')[]; kind?: 'member' | 'customer' }[]): Promise<void> {
    await t.server.ctx.users.upsertMany(
      tenantId,
      users.map((u) => ({ id: u.id, name: u.id, kind: u.kind ?? 'member', roles: u.roles ?? [], dept: [] })),
    );
  }

  /** Files a ticket through the public form and answers its assignee's host id. */
  async function fileAndAssignee(tenantId: string, category?: string): Promise<string | null> {
    const response = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ tenant: tenantId, ...(category ? { category } : {}) }) });
    expect(response.statusCode, response.body).toBe(201);
    return assigneeOf(tenantId, response.json<{ id: string }>().id);
  }

  async function assigneeOf(tenantId: string, ticketId: string): Promise<string | null> {
    const row = await t.server.ctx.storage.db
      .selectFrom('tickets')
      .leftJoin('users', (join) => join.onRef('users.tenant_id', '=', 'tickets.tenant_id').onRef('users.id', '=', 'tickets.assignee_id'))
      .select('users.host_id')
      .where('tickets.tenant_id', '=', tenantId)
      .where('tickets.id', '=', ticketId)
      .executeTakeFirstOrThrow();
    return row.host_id;
  }

  it('assigns new tickets to each active agent in turn, with a rotation of its own per category', async () => {
    const { id } = await tenant();
    await addUsers(id, [{ id: 'ann', roles: ['agent'] }, { id: 'ben', roles: ['agent'] }, { id: 'cat', roles: ['agent', 'admin'] }]);
    const general: (string | null)[] = [];
    for (let i = 0; i < 4; i++) general.push(await fileAndAssignee(id));
    expect(new Set(general.slice(0, 3))).toEqual(new Set(['ann', 'ben', 'cat']));
    expect(general[3]).toBe(general[0]);
    // billing starts its own rotation; general carries on where it stood
    expect(await fileAndAssignee(id, 'billing')).toBe(general[0]);
    expect(await fileAndAssignee(id, 'billing')).toBe(general[1]);
    expect(await fileAndAssignee(id)).toBe(general[1]);
  });

  it('tells the assigned agent, and shows the assignment in the inbox and the webhook view', async () => {
    const tn = await tenant();
    const dana = await tn.connect('dana', { roles: ['agent'] });
    const notice = new Promise<TicketNotice>((resolve) => {
      dana.on('tickets:notice', (n) => {
        if (n.kind === 'ticket.assigned') resolve(n);
      });
    });
    const alice = await tn.connect('alice', { kind: 'customer' });
    const ticket: CustomerTicket = await ask(alice, 'tickets:create', { subject: 'Printer', description: 'Broken' });
    expect(ticket).not.toHaveProperty('assignee');
    expect(await notice).toMatchObject({ kind: 'ticket.assigned', ticket: { id: ticket.id, assignee: 'dana' }, actorId: null });
    const mine = await ask(dana, 'tickets:query', { assignee: 'me' });
    expect(mine.tickets.map((x) => x.id)).toEqual([ticket.id]);
  });

  it('skips deactivated agents and users without the agent role, and takes them back in their place', async () => {
    const { id } = await tenant();
    await addUsers(id, [
      { id: 'a1', roles: ['agent'] },
      { id: 'a2', roles: ['agent'] },
      { id: 'a3', roles: ['agent'] },
      { id: 'boss', roles: ['admin', 'dept_admin'] },
      { id: 'plain' },
      { id: 'cust', kind: 'customer' },
    ]);
    const order: (string | null)[] = [];
    for (let i = 0; i < 3; i++) order.push(await fileAndAssignee(id));
    expect(new Set(order)).toEqual(new Set(['a1', 'a2', 'a3']));
    const [first, second, third] = order as [string, string, string];

    await t.server.ctx.users.setActive(id, second, false, 'test');
    expect(await fileAndAssignee(id)).toBe(first);
    expect(await fileAndAssignee(id)).toBe(third);
    await addUsers(id, [{ id: third, roles: [] }]);
    expect(await fileAndAssignee(id)).toBe(first);
    expect(await fileAndAssignee(id)).toBe(first);
    await t.server.ctx.users.setActive(id, second, true, 'test');
    expect(await fileAndAssignee(id)).toBe(second);
    expect(await fileAndAssignee(id)).toBe(first);
  });

  it('leaves new tickets unassigned when no agent is active, and always in manual mode', async () => {
    const lonely = await tenant();
    await addUsers(lonely.id, [{ id: 'boss', roles: ['admin'] }, { id: 'gone', roles: ['agent'] }]);
    await t.server.ctx.users.setActive(lonely.id, 'gone', false, 'test');
    expect(await fileAndAssignee(lonely.id)).toBeNull();
    await t.server.ctx.users.setActive(lonely.id, 'gone', true, 'test');
    expect(await fileAndAssignee(lonely.id)).toBe('gone');

    const manual = await tenant('manual');
    await addUsers(manual.id, [{ id: 'ann', roles: ['agent'] }]);
    expect(await fileAndAssignee(manual.id)).toBeNull();
    const rows = await t.server.ctx.storage.db.selectFrom('ticket_rotations').selectAll().where('tenant_id', '=', manual.id).execute();
    expect(rows).toEqual([]);
  });

  it('refuses an unknown assignment mode and keeps the setting', async () => {
    const { id } = await tenant();
    const response = await t.server.app.inject({
      method: 'PATCH',
      url: `/v1/tenants/${id}`,
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
      payload: { settings: { ticketAssignment: { mode: 'random' } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
    expect((await t.server.ctx.tenants.get(id)).settings.ticketAssignment.mode).toBe('round_robin');
  });

  it('shares the turns fairly when tickets are filed at once (on two nodes with PostgreSQL)', async () => {
    const tn = await tenant();
    const agents = ['r1', 'r2', 'r3'];
    await addUsers(tn.id, agents.map((a) => ({ id: a, roles: ['agent'] })));
    // SQLite is one process's embedded database: a second node needs PostgreSQL
    let second: PlazaServer | undefined;
    const urls = [t.url];
    if (dialect === 'postgres') {
      second = await createServer({ config: { ...t.config, port: 0 }, logger: pino({ level: 'silent' }), startJobs: false });
      urls.push(await second.listen());
    }
    try {
      const customers = await Promise.all(Array.from({ length: 6 }, (_, i) => tn.connect(`c${i}`, { kind: 'customer' }, urls[i % urls.length])));
      const perCustomer = 5;
      const filed = await Promise.all(
        customers.flatMap((socket, i) => Array.from({ length: perCustomer }, (_, j) => ask(socket, 'tickets:create', { subject: `Concurrent ${i}.${j}`, description: 'at once' }))),
      );
      const assignees = await Promise.all(filed.map((ticket) => assigneeOf(tn.id, ticket.id)));
      const counts = Object.fromEntries(agents.map((a) => [a, assignees.filter((x) => x === a).length]));
      expect(counts).toEqual({ r1: 10, r2: 10, r3: 10 });
      const queue = await t.server.ctx.storage.db.selectFrom('ticket_rotations').selectAll().where('tenant_id', '=', tn.id).executeTakeFirstOrThrow();
      expect(queue.turns).toBe(30);
    } finally {
      await second?.close();
    }
  });
});
