import type { CustomerTicket, CustomerTicketMessage, FileInfo, Ticket, TicketDetail, TicketSlaBreachedEvent, TicketUpdatedEvent } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../test-support/clock.js';
import { SocketPool, availableDialects, nextEvent, sessionReady, signHs256, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { connect } from '../chat/test-kit.js';
import { ORIGIN, agent, ask, call, customer, fileTicket, record, refusal, subscribeTicketEvents, uid, webhookEvents } from './test-kit.js';

const dialects = await availableDialects();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(dialects)('tickets on %s', (dialect) => {
  let t: TestServer;
  const clock = manualClock(Date.UTC(2026, 2, 2, 9));
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock, startJobs: false, allowedOrigins: [ORIGIN], env: { PLAZA_WEBHOOK_PRIVATE_ALLOW: '127.0.0.1' } });
    await subscribeTicketEvents(t);
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  function file(socket: TestSocket, subject = 'Printer on fire'): Promise<CustomerTicket> {
    return ask(socket, 'tickets:create', { subject, description: 'It smells of toner.' });
  }

  async function upload(sub: string, name: string, claims: object): Promise<FileInfo> {
    const form = new FormData();
    form.append('file', new Blob([`content of ${name}`]), name);
    const token = await t.signUserToken({ sub, name: sub, ...claims });
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileInfo;
  }

  /** Runs every job due now, however many batches that takes. */
  async function drainJobs(): Promise<void> {
    while ((await t.server.jobs.runDue()) > 0);
  }

  async function userToken(sub: string, claims: object): Promise<string> {
    return t.signUserToken({ sub, name: sub, ...claims });
  }

  it('keeps customers apart: another customer’s ticket, its messages, notes and files are not found, whatever id is tried', async () => {
    const [a, b] = [uid('cust-a'), uid('cust-b')];
    const alice = await customer(t, sockets, a);
    const bob = await customer(t, sockets, b);
    const ann = await agent(t, sockets);
    const aliceFile = await upload(a, 'receipt.txt', { kind: 'customer' });
    const ticket = await ask(alice, 'tickets:create', { subject: 'Refund', description: 'Please refund order 7', category: 'billing', attachments: [aliceFile.id] });
    const noteFile = await upload('agent-notes', 'internal.txt', { roles: ['agent'] });
    await agent(t, sockets, 'agent-notes').then((s) => ask(s, 'tickets:message', { ticketId: ticket.id, text: 'VIP, refund quietly', visibility: 'internal', attachments: [noteFile.id] }));
    const reply = await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'Refund is on its way', visibility: 'public' });
    const aliceView = await ask(alice, 'tickets:view', { ticketId: ticket.id });
    expect(aliceView.messages.map((m) => m.text)).toEqual(['Refund is on its way']);
    expect(JSON.stringify(aliceView)).not.toContain('VIP');
    expect(aliceView.messages[0]).not.toHaveProperty('authorId');

    // every id Alice learned, tried by Bob on every request that takes one
    const learned = [ticket.id, reply.id, aliceFile.id, noteFile.id];
    for (const id of learned) {
      expect(await refusal(bob, 'tickets:view', { ticketId: id })).toBe('not_found');
      expect(await refusal(bob, 'tickets:reply', { ticketId: id, text: 'mine' })).toBe('not_found');
      expect(await refusal(bob, 'tickets:status', { ticketId: id, status: 'closed' })).toBe('not_found');
      expect(await refusal(bob, 'tickets:rate', { ticketId: id, score: 1 })).toBe('not_found');
      expect(await refusal(bob, 'tickets:get', { ticketId: id })).toBe('forbidden');
      expect(await refusal(bob, 'tickets:query', {})).toBe('forbidden');
      expect(await refusal(bob, 'tickets:update', { ticketId: id, changes: { status: 'closed' } })).toBe('forbidden');
      expect(await refusal(bob, 'tasks:get', { taskId: id })).toMatch(/^(forbidden|not_found)$/);
      expect(await refusal(bob, 'chat:history', { channelId: id })).toMatch(/^(forbidden|not_found)$/);
      for (const who of [b, a]) {
        const response = await t.server.app.inject({ method: 'GET', url: `/v1/files/${id}`, headers: { authorization: `Bearer ${await userToken(who, { kind: 'customer' })}` } });
        if (who === a && id === aliceFile.id) expect(response.statusCode).toBe(200);
        else expect(response.statusCode, `${who} reading ${id}`).toBe(404);
      }
    }
    expect((await ask(bob, 'tickets:mine', {})).tickets).toEqual([]);
    expect(await refusal(bob, 'tickets:reply', { ticketId: ticket.id, text: 'x', attachments: [aliceFile.id] })).toBe('not_found');
    // the customer cannot attach the internal note's file to their own ticket either
    expect(await refusal(alice, 'tickets:reply', { ticketId: ticket.id, text: 'x', attachments: [noteFile.id] })).toBe('not_found');
    expect(await refusal(alice, 'tasks:lists', {})).toBe('forbidden');
  });

  it('never pushes internal notes or agent-only changes to the customer', async () => {
    const alice = await customer(t, sockets);
    const ann = await agent(t, sockets);
    const ticket = await file(alice);
    const messages = record<CustomerTicketMessage>(alice, 'tickets:customer:message');
    const tickets = record<CustomerTicket>(alice, 'tickets:customer:ticket');
    const agentPushes = record<unknown>(alice, 'tickets:message');
    await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'internal only', visibility: 'internal' });
    await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { priority: 'urgent' } });
    const toAlice = nextEvent(alice, 'tickets:customer:message');
    await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'public answer', visibility: 'public', status: 'pending_customer' });
    expect((await toAlice).text).toBe('public answer');
    expect(messages.map((m) => m.text)).toEqual(['public answer']);
    expect(tickets.map((x) => x.status)).toEqual(['pending_customer']);
    expect(agentPushes).toEqual([]);
  });

  it('lets only agents work the inbox, tells them of new and assigned tickets, and assigns only to agents', async () => {
    const ann = await agent(t, sockets, uid('ann'));
    const benId = uid('ben');
    const ben = await agent(t, sockets, benId);
    const member = await connect(t, sockets, uid('member'));
    expect(await refusal(member, 'tickets:query', {})).toBe('forbidden');
    expect(await refusal(member, 'tickets:create', { subject: 's', description: 'd' })).toBe('forbidden');

    const notice = nextEvent(ben, 'tickets:notice');
    const created = await fileTicket(t, { subject: 'New one' });
    expect(await notice).toMatchObject({ kind: 'ticket.created', ticket: { id: created.id, status: 'new', customer: { id: null, name: 'Li Lei' } } });

    const assigned = nextEvent(ben, 'tickets:notice');
    const updated = await ask(ann, 'tickets:update', { ticketId: created.id, changes: { assignee: benId, priority: 'high' } });
    expect(updated).toMatchObject({ assignee: benId, priority: 'high' });
    expect(await assigned).toMatchObject({ kind: 'ticket.assigned', ticket: { id: created.id, assignee: benId } });
    expect(await refusal(ann, 'tickets:update', { ticketId: created.id, changes: { assignee: 'not-an-agent' } })).toBe('bad_request');
    expect(await refusal(ann, 'tickets:update', { ticketId: created.id, changes: { category: 'sales' } })).toBe('bad_request');
    const mine = await ask(ben, 'tickets:query', { assignee: 'me' });
    expect(mine.tickets.map((x) => x.id)).toContain(created.id);
  });

  it('enforces the transition table, reopens within the reopen period only, and rates after resolution', async () => {
    const alice = await customer(t, sockets);
    const ann = await agent(t, sockets);
    const ticket = await file(alice);
    expect(await refusal(alice, 'tickets:rate', { ticketId: ticket.id, score: 5 })).toBe('conflict');
    expect(await refusal(alice, 'tickets:status', { ticketId: ticket.id, status: 'open' })).toBe('conflict');

    await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'Can you send a photo?', visibility: 'public', status: 'pending_customer' });
    const answered = await ask(alice, 'tickets:reply', { ticketId: ticket.id, text: 'Attached' });
    expect(answered.author.kind).toBe('customer');
    expect((await ask(ann, 'tickets:get', { ticketId: ticket.id })).ticket.status).toBe('open');

    const resolved = await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'resolved' } });
    expect(resolved.reopenUntil).toBe(new Date(clock.now() + 7 * DAY).toISOString());
    expect(await refusal(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'pending_customer' } })).toBe('conflict');
    const rated = await ask(alice, 'tickets:rate', { ticketId: ticket.id, score: 4, comment: 'Quick' });
    expect(rated.rating).toMatchObject({ score: 4, comment: 'Quick' });

    clock.advance(6 * DAY);
    const reopened = await ask(alice, 'tickets:status', { ticketId: ticket.id, status: 'open' });
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, reopenUntil: null });

    await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'resolved' } });
    clock.advance(7 * DAY + 1);
    expect(await refusal(alice, 'tickets:status', { ticketId: ticket.id, status: 'open' })).toBe('conflict');
    expect(await refusal(alice, 'tickets:reply', { ticketId: ticket.id, text: 'still broken' })).toBe('conflict');
    // the auto-close job fires at the end of the reopen period
    await drainJobs();
    const closed = (await ask(ann, 'tickets:get', { ticketId: ticket.id })).ticket;
    expect(closed.status).toBe('closed');
    expect(await refusal(alice, 'tickets:status', { ticketId: ticket.id, status: 'open' })).toBe('conflict');
    const again = await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'open' } });
    expect(again).toMatchObject({ status: 'open', closedAt: null });
  });

  it('times SLA targets from filing: a breach is flagged and emitted once at the due time, not after a first response', async () => {
    const ann = await agent(t, sockets);
    const filedAt = clock.now();
    const late = await fileTicket(t, { subject: 'Nobody answers' });
    const answered = await fileTicket(t, { subject: 'Answered in time' });
    const before = (await ask(ann, 'tickets:get', { ticketId: late.id })).ticket;
    expect(before.sla).toEqual({
      firstResponseDue: new Date(filedAt + 2 * HOUR).toISOString(),
      firstRespondedAt: null,
      firstResponseBreached: false,
      resolutionDue: new Date(filedAt + 24 * HOUR).toISOString(),
      resolutionBreached: false,
    });
    clock.advance(HOUR);
    await ask(ann, 'tickets:message', { ticketId: answered.id, text: 'internal first', visibility: 'internal' });
    expect((await ask(ann, 'tickets:get', { ticketId: answered.id })).ticket.sla.firstRespondedAt).toBeNull();
    await ask(ann, 'tickets:message', { ticketId: answered.id, text: 'On it', visibility: 'public' });

    const mine = async () => (await webhookEvents<TicketSlaBreachedEvent>(t, 'ticket.sla_breached')).filter((e) => [late.id, answered.id].includes(e.data.ticket.id));
    await drainJobs();
    clock.advance(HOUR - 1);
    await drainJobs();
    expect(await mine()).toEqual([]);
    expect((await ask(ann, 'tickets:get', { ticketId: late.id })).ticket.sla.firstResponseBreached).toBe(false);

    clock.advance(1);
    // past due, before the job ran: answers already say so
    expect((await ask(ann, 'tickets:get', { ticketId: late.id })).ticket.sla.firstResponseBreached).toBe(true);
    const pushed = nextEvent(ann, 'tickets:ticket');
    await drainJobs();
    expect(await pushed).toMatchObject({ id: late.id, sla: { firstResponseBreached: true, resolutionBreached: false } });
    const breaches = await mine();
    expect(breaches.map((e) => [e.data.ticket.id, e.data.target, e.data.due])).toEqual([[late.id, 'first_response', new Date(filedAt + 2 * HOUR).toISOString()]]);

    const breachedOnly = await ask(ann, 'tickets:query', { breached: true, limit: 100 });
    expect(breachedOnly.tickets.map((x) => x.id)).toContain(late.id);
    expect(breachedOnly.tickets.map((x) => x.id)).not.toContain(answered.id);

    await ask(ann, 'tickets:update', { ticketId: answered.id, changes: { status: 'resolved' } });
    clock.advance(22 * HOUR);
    await drainJobs();
    const resolution = (await mine()).filter((e) => e.data.target === 'resolution');
    expect(resolution.map((e) => e.data.ticket.id)).toContain(late.id);
    expect(resolution.map((e) => e.data.ticket.id)).not.toContain(answered.id);
  });

  it('restarts the resolution target when a ticket is reopened', async () => {
    const alice = await customer(t, sockets);
    const ann = await agent(t, sockets);
    const ticket = await file(alice);
    await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'resolved' } });
    clock.advance(30 * HOUR);
    await ask(alice, 'tickets:status', { ticketId: ticket.id, status: 'open' });
    const reopened = (await ask(ann, 'tickets:get', { ticketId: ticket.id })).ticket;
    expect(reopened.sla.resolutionDue).toBe(new Date(clock.now() + 24 * HOUR).toISOString());
    expect(reopened.sla.resolutionBreached).toBe(false);
  });

  it('emits ticket.created and ticket.updated, telling the host when to notify the customer', async () => {
    const alice = await customer(t, sockets, uid('webhook-cust'));
    const ann = await agent(t, sockets);
    const ticket = await file(alice, 'Webhook check');
    await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'note', visibility: 'internal' });
    await ask(ann, 'tickets:message', { ticketId: ticket.id, text: 'Hello from support', visibility: 'public' });
    await ask(ann, 'tickets:update', { ticketId: ticket.id, changes: { status: 'resolved' } });
    const created = (await webhookEvents<Ticket>(t, 'ticket.created')).filter((e) => e.data.id === ticket.id);
    expect(created).toHaveLength(1);
    expect(created[0]?.data).toMatchObject({ subject: 'Webhook check', source: 'portal', status: 'new' });
    const updates = (await webhookEvents<TicketUpdatedEvent>(t, 'ticket.updated')).filter((e) => e.data.ticket.id === ticket.id);
    expect(updates.map((e) => [e.data.changes, e.data.notifyCustomer, e.data.message?.visibility ?? null])).toEqual([
      [['message'], false, 'internal'],
      [['message', 'status'], true, 'public'],
      [['status'], true, null],
    ]);
    expect(updates[1]?.data.ticket.customer.email).toMatch(/@example\.com$/);
  });

  it('answers retried creates and replies with what was stored', async () => {
    const alice = await customer(t, sockets);
    const first = await ask(alice, 'tickets:create', { subject: 'Once', description: 'Only once', clientId: 'c-1' });
    const again = await ask(alice, 'tickets:create', { subject: 'Once', description: 'Only once', clientId: 'c-1' });
    expect(again.id).toBe(first.id);
    const replies = await Promise.all([1, 2, 3].map(() => ask(alice, 'tickets:reply', { ticketId: first.id, text: 'dup?', clientId: 'r-1' })));
    expect(new Set(replies.map((r) => r.id)).size).toBe(1);
    expect((await ask(alice, 'tickets:view', { ticketId: first.id })).messages).toHaveLength(1);
  });

  it('serves the CRM with the server token: list by last change, read with notes, update by the rules', async () => {
    const ann = await agent(t, sockets, uid('crm-agent'));
    const since = new Date(clock.now()).toISOString();
    clock.advance(1);
    const one = await fileTicket(t, { subject: 'CRM one' });
    clock.advance(1);
    const two = await fileTicket(t, { subject: 'CRM two' });
    clock.advance(1);
    await ask(ann, 'tickets:message', { ticketId: one.id, text: 'note for CRM', visibility: 'internal' });
    const server = await t.signServerToken();
    const list = async (query: string) => (await t.server.app.inject({ method: 'GET', url: `/v1/tickets?${query}`, headers: { authorization: `Bearer ${server}` } })).json<{ tickets: Ticket[]; nextCursor: string | null }>();
    const page1 = await list(`updatedAfter=${encodeURIComponent(since)}&limit=1`);
    expect(page1.tickets.map((x) => x.subject)).toEqual(['CRM two']);
    const page2 = await list(`updatedAfter=${encodeURIComponent(since)}&limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`);
    expect(page2.tickets.map((x) => x.subject)).toEqual(['CRM one']);

    const detail = (await t.server.app.inject({ method: 'GET', url: `/v1/tickets/${one.id}`, headers: { authorization: `Bearer ${server}` } })).json<TicketDetail>();
    expect(detail.messages.map((m) => [m.text, m.visibility])).toEqual([['note for CRM', 'internal']]);
    const patch = (body: object) => t.server.app.inject({ method: 'PATCH', url: `/v1/tickets/${two.id}`, headers: { authorization: `Bearer ${server}` }, payload: body });
    expect((await patch({ status: 'resolved', priority: 'low' })).json()).toMatchObject({ status: 'resolved', priority: 'low' });
    const refused = await patch({ status: 'pending_customer' });
    expect(refused.statusCode).toBe(409);
    const userToken = await t.signUserToken({ sub: 'crm-agent', name: 'A', roles: ['agent'] });
    expect((await t.server.app.inject({ method: 'GET', url: `/v1/tickets/${one.id}`, headers: { authorization: `Bearer ${userToken}` } })).statusCode).toBe(401);
    const missing = await t.server.app.inject({ method: 'GET', url: '/v1/tickets/0190c2a0-0000-7000-8000-000000000001', headers: { authorization: `Bearer ${server}` } });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps tenants apart: another tenant’s server token or agent finds nothing', async () => {
    const created = await fileTicket(t);
    const other = await t.server.ctx.tenants.create({ id: `t-other-${uid('x').slice(-6)}`, name: 'Other', allowedOrigins: [ORIGIN] });
    const now = Math.floor(clock.now() / 1000);
    const foreignServer = await signHs256({ tid: other.id, srv: true, iat: now, exp: now + 600 }, other.secret);
    const answer = await t.server.app.inject({ method: 'GET', url: `/v1/tickets/${created.id}`, headers: { authorization: `Bearer ${foreignServer}` } });
    expect(answer.statusCode).toBe(404);
    const foreignAgent = await signHs256({ tid: other.id, sub: 'ann', name: 'Ann', roles: ['agent'], iat: now, exp: now + 600 }, other.secret);
    const socket = sockets.open(t.url, { token: foreignAgent });
    await sessionReady(socket);
    expect(await refusal(socket, 'tickets:get', { ticketId: created.id })).toBe('not_found');
    expect((await ask(socket, 'tickets:query', {})).tickets).toEqual([]);
    const viaOtherTenantToken = await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, token: `${other.id}.${created.accessToken.split('.')[1]}` });
    expect(viaOtherTenantToken.statusCode).toBe(404);
  });
});
