import { PlazaError } from '@plaza/protocol';
import type { CustomerTicket, Ticket } from '@plaza/protocol';
import { describe, expect, it, vi } from 'vitest';
import { FakeConnection, sessionOf } from '../test-support/fake-connection.js';
import { FakeTicketsServer, customerView } from '../test-support/fake-tickets-server.js';
import { customerActions, ticketSla } from './rules.js';
import { PlazaTickets } from './tickets-client.js';
import type { TicketsEvents } from './types.js';

const MINUTE = 60_000;

function setup(role: 'agent' | 'customer' = 'agent', user = role === 'agent' ? 'carol' : 'frank') {
  const connection = new FakeConnection();
  connection.session = sessionOf(user);
  const server = new FakeTicketsServer(connection);
  server.role = role;
  const events: { [K in keyof TicketsEvents]: TicketsEvents[K][] } = {
    'ticket:notice': [],
    'ticket:updated': [],
    'ticket:message': [],
    'ticket:customer:updated': [],
    'ticket:customer:message': [],
  };
  const tickets = new PlazaTickets({ connection, emit: (name, payload) => (events[name] as unknown[]).push(payload), report: () => undefined });
  return { connection, server, tickets, events };
}

const subjects = (list: readonly { subject: string }[]) => list.map((t) => t.subject);

describe('agent queues', () => {
  it('load on sign-in, most recently changed first, and follow pushes in and out of the query', async () => {
    const { connection, server, tickets } = setup();
    const printer = server.add({ subject: 'Printer on fire' });
    server.add({ subject: 'Refund order 7', category: 'billing' });
    server.add({ subject: 'Mine already', assignee: 'carol' });
    const unassigned = tickets.agent.queue({ assignee: 'none' });
    const mine = tickets.agent.queue({ assignee: 'me' });
    connection.signIn('carol');
    await vi.waitFor(() => expect(unassigned.state.get().loaded && mine.state.get().loaded).toBe(true));
    expect(subjects(unassigned.tickets.get())).toEqual(['Refund order 7', 'Printer on fire']);
    expect(subjects(mine.tickets.get())).toEqual(['Mine already']);

    // Carol takes the printer ticket: it leaves "unassigned" and joins "mine", on top.
    await tickets.agent.update(printer.id, { assignee: 'carol' });
    expect(subjects(unassigned.tickets.get())).toEqual(['Refund order 7']);
    expect(subjects(mine.tickets.get())).toEqual(['Printer on fire', 'Mine already']);

    // A new ticket filed elsewhere arrives by push.
    server.file({ subject: 'VPN drops every hour' });
    expect(subjects(unassigned.tickets.get())).toEqual(['VPN drops every hour', 'Refund order 7']);
    unassigned.close();
    mine.close();
  });

  it('shares one queue per query, and narrows by search words on the client', async () => {
    const { connection, server, tickets } = setup();
    server.add({ subject: 'Invoice has the wrong VAT', customer: { name: '王芳' } });
    server.add({ subject: 'Cannot sign in', customer: { name: 'Li Lei', email: 'li@example.com' } });
    connection.signIn('carol');
    const a = tickets.agent.queue({ search: '  wrong   vat ' });
    const b = tickets.agent.queue({ search: 'Wrong VAT' });
    expect(a).toBe(b);
    await vi.waitFor(() => expect(a.state.get().loaded).toBe(true));
    expect(subjects(a.tickets.get())).toEqual(['Invoice has the wrong VAT']);
    const byCustomer = tickets.agent.queue({ search: 'li@EXAMPLE' });
    await vi.waitFor(() => expect(subjects(byCustomer.tickets.get())).toEqual(['Cannot sign in']));
    const byName = tickets.agent.queue({ search: '王芳' });
    await vi.waitFor(() => expect(subjects(byName.tickets.get())).toEqual(['Invoice has the wrong VAT']));
    // Still shared: closing one of two users keeps it live.
    a.close();
    server.file({ subject: 'VAT wrong again', customer: { name: 'Zoe' } });
    expect(subjects(b.tickets.get())).toEqual(['VAT wrong again', 'Invoice has the wrong VAT']);
  });

  it('a breaching queue holds tickets past a target, and a reply that answers in time is not one', async () => {
    const { connection, server, tickets } = setup();
    server.add({ subject: 'Late', dueInMinutes: -5 });
    server.add({ subject: 'Flagged', sla: { resolutionBreached: true } });
    const fine = server.add({ subject: 'In time', dueInMinutes: 30 });
    connection.signIn('carol');
    const breaching = tickets.agent.queue({ breached: true });
    await vi.waitFor(() => expect(breaching.state.get().loaded).toBe(true));
    expect(subjects(breaching.tickets.get()).sort()).toEqual(['Flagged', 'Late']);
    // The server's SLA job flags a target later: its push moves the ticket in.
    server.change(fine.id, { sla: { ...fine.sla, firstResponseBreached: true } });
    expect(subjects(breaching.tickets.get())).toEqual(['In time', 'Flagged', 'Late']);
  });

  it('pages with loadMore, and an older copy of a ticket never replaces a newer one', async () => {
    const { connection, server, tickets } = setup();
    for (let i = 0; i < 105; i += 1) server.add({ subject: `T${i}` });
    connection.signIn('carol');
    const all = tickets.agent.queue();
    await vi.waitFor(() => expect(all.state.get().loaded).toBe(true));
    expect(all.tickets.get()).toHaveLength(100);
    expect(all.state.get().hasMore).toBe(true);
    await all.loadMore();
    expect(all.tickets.get()).toHaveLength(105);
    expect(all.state.get().hasMore).toBe(false);

    const first = all.tickets.get()[0];
    const newer = server.change(first.id, { priority: 'urgent' });
    connection.push('tickets:ticket', { ...first, priority: 'low' });
    expect(tickets.agent.get(first.id)).toMatchObject({ priority: 'urgent', version: newer.version });
  });

  it('keeps a load failure in the state and loads again on the next sign-in', async () => {
    const { connection, server, tickets } = setup();
    server.add({ subject: 'Printer on fire' });
    server.failures.set('tickets:query', new PlazaError('forbidden', 'only agents work the ticket inbox'));
    connection.signIn('carol');
    const queue = tickets.agent.queue();
    await vi.waitFor(() => expect(queue.state.get().error?.code).toBe('forbidden'));
    expect(queue.state.get().loaded).toBe(false);
    server.push = false;
    server.add({ subject: 'Filed while away' });
    connection.drop();
    connection.signIn('carol');
    await vi.waitFor(() => expect(subjects(queue.tickets.get())).toEqual(['Filed while away', 'Printer on fire']));
    expect(queue.state.get().error).toBeNull();
  });
});

describe('agent details', () => {
  it('load the conversation with internal notes; replies and notes show once, whether answered or pushed', async () => {
    const { connection, server, tickets, events } = setup();
    const ticket = server.add({ subject: 'Refund', messages: [{ by: 'customer', text: 'Please refund order 7' }] });
    connection.signIn('carol');
    const detail = tickets.agent.detail(ticket.id);
    await vi.waitFor(() => expect(detail.state.get().loaded).toBe(true));
    expect(detail.messages.get().map((m) => m.text)).toEqual(['Please refund order 7']);

    await tickets.agent.note(ticket.id, { text: 'VIP: refund quietly' });
    await tickets.agent.reply(ticket.id, { text: 'Refunded.', status: 'resolved' });
    expect(detail.messages.get().map((m) => [m.text, m.visibility])).toEqual([
      ['Please refund order 7', 'public'],
      ['VIP: refund quietly', 'internal'],
      ['Refunded.', 'public'],
    ]);
    expect(detail.ticket.get()?.status).toBe('resolved');
    expect(events['ticket:message'].map((m) => m.visibility)).toEqual(['internal', 'public']);
    const sent = connection.requests.filter((r) => r.name === 'tickets:message').map((r) => r.payload);
    expect(sent).toMatchObject([
      { ticketId: ticket.id, text: 'VIP: refund quietly', visibility: 'internal', attachments: [] },
      { ticketId: ticket.id, text: 'Refunded.', visibility: 'public', status: 'resolved' },
    ]);

    // The customer answers: pushed to agents.
    server.write(ticket.id, { kind: 'customer', id: 'frank', name: 'Frank' }, 'Thanks!', 'public');
    expect(detail.messages.get().at(-1)?.text).toBe('Thanks!');
    expect(detail.ticket.get()?.status).toBe('open');
    detail.close();
  });

  it('a refused change rejects with the server error and changes nothing', async () => {
    const { connection, server, tickets } = setup();
    const ticket = server.add({ status: 'closed' });
    connection.signIn('carol');
    const detail = tickets.agent.detail(ticket.id);
    await vi.waitFor(() => expect(detail.state.get().loaded).toBe(true));
    await expect(tickets.agent.update(ticket.id, { status: 'resolved' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(tickets.agent.update(ticket.id, { assignee: 'nobody' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(detail.ticket.get()).toMatchObject({ status: 'closed', assignee: null, version: ticket.version });
  });

  it('lists the agents, and emits notices of new tickets', async () => {
    const { connection, server, tickets, events } = setup();
    connection.signIn('carol');
    expect((await tickets.agent.loadAgents()).map((a) => a.id)).toEqual(['carol', 'dave', 'zhao.lei']);
    expect(tickets.agent.agents.get()).toHaveLength(3);
    const filed = server.file({ subject: 'New one' });
    expect(events['ticket:notice']).toMatchObject([{ kind: 'ticket.created', ticket: { id: filed.id } }]);
    expect(events['ticket:updated'].map((t) => t.id)).toEqual([filed.id]);
  });
});

describe('customers', () => {
  it('list their tickets newest first, file one that joins the list, and follow a conversation live', async () => {
    const { connection, server, tickets, events } = setup('customer');
    server.add({ subject: 'Older', customer: { id: 'frank' } });
    server.add({ subject: 'Someone else’s', customer: { id: 'grace' } });
    connection.signIn('frank');
    const mine = tickets.customer.mine();
    await vi.waitFor(() => expect(mine.state.get().loaded).toBe(true));
    expect(subjects(mine.tickets.get())).toEqual(['Older']);

    const created = await tickets.customer.create({ subject: 'Printer on fire', description: 'Smoke', attachments: ['f1'] });
    expect(subjects(mine.tickets.get())).toEqual(['Printer on fire', 'Older']);
    expect(connection.requests.find((r) => r.name === 'tickets:create')?.payload).toMatchObject({ subject: 'Printer on fire', attachments: ['f1'], clientId: expect.any(String) });

    const view = tickets.customer.view(created.id);
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    // An agent answers (simulated on the server): the reply and the status change arrive.
    server.write(created.id, { kind: 'agent', id: 'dave', name: 'Dave Wilson' }, 'Unplug it', 'public', [], 'pending_customer');
    server.write(created.id, { kind: 'agent', id: 'dave', name: 'Dave Wilson' }, 'internal gossip', 'internal');
    expect(view.messages.get().map((m) => m.text)).toEqual(['Unplug it']);
    expect(view.ticket.get()?.status).toBe('pending_customer');
    expect(mine.tickets.get()[0]?.status).toBe('pending_customer');
    expect(events['ticket:customer:message'].map((m) => m.text)).toEqual(['Unplug it']);

    await tickets.customer.reply(created.id, { text: 'Done, still smoking' });
    expect(view.messages.get().map((m) => m.text)).toEqual(['Unplug it', 'Done, still smoking']);
    const closed = await tickets.customer.close(created.id);
    expect(closed.status).toBe('closed');
    expect(view.ticket.get()?.status).toBe('closed');
    await expect(tickets.customer.reopen(created.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('cannot use the agent side (the server refuses it)', async () => {
    const { connection, tickets } = setup('customer');
    connection.signIn('frank');
    const queue = tickets.agent.queue();
    await vi.waitFor(() => expect(queue.state.get().error?.code).toBe('forbidden'));
    expect(queue.tickets.get()).toEqual([]);
  });
});

describe('helpers', () => {
  const at = Date.UTC(2026, 2, 2, 9);
  const iso = (offset: number) => new Date(at + offset).toISOString();
  function ticket(changes: Omit<Partial<Ticket>, 'sla'> & { sla?: Partial<Ticket['sla']> } = {}): Ticket {
    const { sla, ...rest } = changes;
    return {
      ...new FakeTicketsServer(new FakeConnection()).add(),
      status: 'open',
      ...rest,
      sla: { firstResponseDue: iso(30 * MINUTE), firstRespondedAt: null, firstResponseBreached: false, resolutionDue: iso(24 * 60 * MINUTE), resolutionBreached: false, ...sla },
    };
  }

  it('ticketSla: the next target, due soon within the hour, breached once past or flagged, met when settled in time', () => {
    expect(ticketSla(ticket(), at)).toEqual({ state: 'soon', target: 'first_response', due: iso(30 * MINUTE) });
    expect(ticketSla(ticket({ sla: { firstResponseDue: iso(90 * MINUTE) } }), at).state).toBe('due');
    expect(ticketSla(ticket({ sla: { firstResponseDue: iso(-MINUTE) } }), at)).toEqual({ state: 'breached', target: 'first_response', due: iso(-MINUTE) });
    expect(ticketSla(ticket({ sla: { firstRespondedAt: iso(-MINUTE) } }), at)).toEqual({ state: 'due', target: 'resolution', due: iso(24 * 60 * MINUTE) });
    expect(ticketSla(ticket({ sla: { firstRespondedAt: iso(-MINUTE), resolutionBreached: true } }), at).state).toBe('breached');
    expect(ticketSla(ticket({ status: 'resolved', sla: { firstResponseDue: iso(-MINUTE) } }), at)).toEqual({ state: 'met', target: null, due: null });
    expect(ticketSla(ticket({ status: 'closed', sla: { firstResponseBreached: true } }), at).state).toBe('breached');
  });

  it('customerActions follows the transition table and the reopen period', () => {
    const base: CustomerTicket = customerView(ticket());
    expect(customerActions({ ...base, status: 'pending_customer' }, at)).toEqual({ reply: true, reopen: false, close: true, rate: false });
    const resolved = { ...base, status: 'resolved' as const, resolvedAt: iso(-MINUTE), reopenUntil: iso(MINUTE) };
    expect(customerActions(resolved, at)).toEqual({ reply: true, reopen: true, close: true, rate: true });
    expect(customerActions({ ...resolved, reopenUntil: iso(-1) }, at)).toEqual({ reply: false, reopen: false, close: true, rate: true });
    expect(customerActions({ ...resolved, status: 'closed' }, at)).toEqual({ reply: false, reopen: false, close: false, rate: true });
    expect(customerActions({ ...base, status: 'closed', resolvedAt: null }, at).rate).toBe(false);
  });
});
