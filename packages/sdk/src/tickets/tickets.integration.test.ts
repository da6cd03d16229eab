import type { CustomerTicketMessage, TicketNotice } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer, UserTokenInput } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { createClient } from '../index.js';

let server: TestServer;
const clients: PlazaClient[] = [];
const WAIT = { timeout: 10_000, interval: 20 };

function client(sub: string, claims: UserTokenInput = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub, ...claims }),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    requestTimeoutMs: 3_000,
    outbox: 'memory',
  });
  clients.push(created);
  return created;
}

const customer = (sub: string) => client(sub, { kind: 'customer', email: `${sub}@customer.example`, name: `Customer ${sub}` });
const agent = (sub: string) => client(sub, { roles: ['agent'], name: `Agent ${sub}` });

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('tickets against a real server', () => {
  it('an agent sees a new ticket, with its attachment, arrive live; the customer sees the reply and status change live, never a note', async () => {
    const ann = agent('ann');
    const frank = customer('frank');
    await Promise.all([ann.connect(), frank.connect()]);
    const notices: TicketNotice[] = [];
    ann.on('ticket:notice', (notice) => notices.push(notice));
    const inbox = ann.tickets.agent.queue({ status: ['new', 'open'] });
    await vi.waitFor(() => expect(inbox.state.get().loaded).toBe(true), WAIT);
    expect(inbox.tickets.get()).toEqual([]);

    const mine = frank.tickets.customer.mine();
    await vi.waitFor(() => expect(mine.state.get().loaded).toBe(true), WAIT);
    const file = await frank.files.upload(new Blob(['receipt bytes']), { name: 'receipt.txt' });
    const ticket = await frank.tickets.customer.create({ subject: 'Refund order 7', description: 'Charged twice', category: 'billing', attachments: [file.id] });
    expect(mine.tickets.get().map((t) => t.id)).toEqual([ticket.id]);
    expect(ticket.attachments.map((a) => a.name)).toEqual(['receipt.txt']);

    await vi.waitFor(() => expect(inbox.tickets.get().map((t) => t.subject)).toEqual(['Refund order 7']), WAIT);
    expect(inbox.tickets.get()[0]).toMatchObject({ customer: { id: 'frank', name: 'Customer frank' }, category: 'billing', status: 'new' });
    await vi.waitFor(() => expect(notices.map((n) => [n.kind, n.ticket.id])).toEqual([['ticket.created', ticket.id]]), WAIT);

    // The customer follows the conversation; the agent works the ticket in detail.
    const conversation = frank.tickets.customer.view(ticket.id);
    const detail = ann.tickets.agent.detail(ticket.id);
    await vi.waitFor(() => expect(conversation.state.get().loaded && detail.state.get().loaded).toBe(true), WAIT);
    const heard: CustomerTicketMessage[] = [];
    frank.on('ticket:customer:message', (message) => heard.push(message));

    await ann.tickets.agent.note(ticket.id, { text: 'VIP: refund without asking questions' });
    await ann.tickets.agent.update(ticket.id, { assignee: 'ann', priority: 'high' });
    await ann.tickets.agent.reply(ticket.id, { text: 'Refunded, sorry about that.', status: 'pending_customer' });

    await vi.waitFor(() => expect(conversation.messages.get().map((m) => m.text)).toEqual(['Refunded, sorry about that.']), WAIT);
    await vi.waitFor(() => expect(conversation.ticket.get()?.status).toBe('pending_customer'), WAIT);
    await vi.waitFor(() => expect(mine.tickets.get()[0]?.status).toBe('pending_customer'), WAIT);
    expect(heard.map((m) => m.text)).toEqual(['Refunded, sorry about that.']);
    // The agent's view has both, marked; the customer's has neither the note nor agent-only fields.
    expect(detail.messages.get().map((m) => [m.text, m.visibility])).toEqual([
      ['VIP: refund without asking questions', 'internal'],
      ['Refunded, sorry about that.', 'public'],
    ]);
    const everything = JSON.stringify([conversation.ticket.get(), conversation.messages.get(), mine.tickets.get(), heard]);
    expect(everything).not.toContain('VIP');
    expect(everything).not.toContain('"priority"');
    expect(everything).not.toContain('"assignee"');
    // Left "new", so it left the agent's queue of new and open tickets.
    await vi.waitFor(() => expect(inbox.tickets.get()).toEqual([]), WAIT);

    // The customer answers: the agent sees it live and the ticket is open again.
    await frank.tickets.customer.reply(ticket.id, { text: 'Thanks, got it' });
    await vi.waitFor(() => expect(detail.messages.get().at(-1)?.text).toBe('Thanks, got it'), WAIT);
    await vi.waitFor(() => expect(detail.ticket.get()?.status).toBe('open'), WAIT);
    await vi.waitFor(() => expect(inbox.tickets.get().map((t) => t.id)).toEqual([ticket.id]), WAIT);

    await ann.tickets.agent.update(ticket.id, { status: 'resolved' });
    await vi.waitFor(() => expect(conversation.ticket.get()?.status).toBe('resolved'), WAIT);
    const rated = await frank.tickets.customer.rate(ticket.id, 5, 'Quick!');
    expect(rated.rating).toMatchObject({ score: 5, comment: 'Quick!' });
    await frank.tickets.customer.close(ticket.id);
    await expect(frank.tickets.customer.reopen(ticket.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it("customer A never sees customer B's ticket: not listed, not pushed, not opened", async () => {
    const a = customer('cust-a');
    const b = customer('cust-b');
    await Promise.all([a.connect(), b.connect()]);
    const aList = a.tickets.customer.mine();
    await vi.waitFor(() => expect(aList.state.get().loaded).toBe(true), WAIT);
    const pushed: unknown[] = [];
    a.on('ticket:customer:updated', (t) => pushed.push(t));
    a.on('ticket:customer:message', (m) => pushed.push(m));

    const theirs = await b.tickets.customer.create({ subject: 'B private', description: 'Only mine' });
    await b.tickets.customer.reply(theirs.id, { text: 'more detail' });
    const own = await a.tickets.customer.create({ subject: 'A own', description: 'Mine' });

    expect(aList.tickets.get().map((t) => t.subject)).toEqual(['A own']);
    const fresh = a.tickets.customer.mine({ status: ['new'] });
    await vi.waitFor(() => expect(fresh.state.get().loaded).toBe(true), WAIT);
    expect(fresh.tickets.get().map((t) => t.id)).toEqual([own.id]);
    const peek = a.tickets.customer.view(theirs.id);
    await vi.waitFor(() => expect(peek.state.get().error?.code).toBe('not_found'), WAIT);
    expect(peek.ticket.get()).toBeNull();
    await expect(a.tickets.customer.reply(theirs.id, { text: 'hijack' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.tickets.customer.close(theirs.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(JSON.stringify(pushed)).not.toContain(theirs.id);
    // And a customer is no agent.
    await expect(a.tickets.agent.loadAgents()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('agents list the team, filter queues by category, assignee and search, and see assignments live', async () => {
    const ann = agent('ann');
    const bo = agent('bo');
    const frank = customer('frank');
    await Promise.all([ann.connect(), bo.connect(), frank.connect()]);
    expect((await ann.tickets.agent.loadAgents()).map((a) => a.id)).toEqual(['ann', 'bo']);
    const billing = await frank.tickets.customer.create({ subject: 'Wrong VAT on invoice', description: 'x', category: 'billing' });
    await frank.tickets.customer.create({ subject: 'VPN drops', description: 'x', category: 'technical' });

    const billingQueue = ann.tickets.agent.queue({ category: 'billing' });
    const unassigned = ann.tickets.agent.queue({ assignee: 'none' });
    const search = ann.tickets.agent.queue({ search: 'vpn' });
    const bosQueue = bo.tickets.agent.queue({ assignee: 'me' });
    await vi.waitFor(() => expect([billingQueue, unassigned, search, bosQueue].every((q) => q.state.get().loaded)).toBe(true), WAIT);
    expect(billingQueue.tickets.get().map((t) => t.subject)).toEqual(['Wrong VAT on invoice']);
    expect(unassigned.tickets.get()).toHaveLength(2);
    expect(search.tickets.get().map((t) => t.subject)).toEqual(['VPN drops']);

    const notices: TicketNotice[] = [];
    bo.on('ticket:notice', (n) => notices.push(n));
    await ann.tickets.agent.update(billing.id, { assignee: 'bo' });
    expect(unassigned.tickets.get().map((t) => t.subject)).toEqual(['VPN drops']);
    await vi.waitFor(() => expect(bosQueue.tickets.get().map((t) => t.id)).toEqual([billing.id]), WAIT);
    await vi.waitFor(() => expect(notices).toMatchObject([{ kind: 'ticket.assigned', actorId: 'ann', ticket: { id: billing.id } }]), WAIT);
  });
});
