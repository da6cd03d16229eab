// A small in-memory tickets server on a FakeConnection, for the SDK's unit tests and the
// ticket elements' tests and stories. It answers the agents' requests (query, get, update,
// message, agents) and the customers' (mine, view, create, reply, status, rate) as the real
// server's rules say (transitions, reply statuses, visibility), and pushes every change to
// the connection's user the way the real server would: agents everything, the customer
// their own tickets and public messages only.
import { PlazaError, canTransition, statusAfterReply } from '@plaza/protocol';
import type {
  Attachment,
  CustomerTicket,
  CustomerTicketMessage,
  Ticket,
  TicketAgent,
  TicketMessage,
  TicketPriority,
  TicketStatus,
  TicketVisibility,
} from '@plaza/protocol';
import type { FakeConnection } from './fake-connection.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fields of a seeded ticket; the rest get defaults. `dueInMinutes` sets the first-response target relative to now. */
export interface FakeTicketSeed extends Partial<Omit<Ticket, 'customer' | 'sla'>> {
  customer?: Partial<Ticket['customer']>;
  sla?: Partial<Ticket['sla']>;
  /** Minutes from now to the first-response due time (negative: already past). */
  dueInMinutes?: number;
  /** Seeded conversation, oldest first. */
  messages?: { by: 'customer' | 'agent' | 'system'; text: string; visibility?: TicketVisibility; author?: string; name?: string; attachments?: Attachment[] }[];
}

export class FakeTicketsServer {
  readonly tickets = new Map<string, Ticket>();
  readonly messages: TicketMessage[] = [];
  agents: TicketAgent[] = [
    { id: 'carol', name: 'Carol Davis' },
    { id: 'dave', name: 'Dave Wilson' },
    { id: 'zhao.lei', name: '赵磊' },
  ];
  /** Push changes to the connection (turn off to seed quietly). */
  push = true;
  /** `agent`: the connection's user works the inbox; `customer`: it follows its own tickets. */
  role: 'agent' | 'customer' = 'agent';
  /** The next request of each name fails with this error (once). */
  readonly failures = new Map<string, PlazaError>();
  /** What an uploaded file id stands for on a ticket or message (the real server looks it up). */
  attachmentOf: (fileId: string) => Attachment = (id) => ({ id, name: `${id}.pdf`, size: 1000, type: 'application/pdf' });
  #ids = 0;
  #clock = 0;

  constructor(readonly connection: FakeConnection) {
    const c = connection;
    const guard =
      <P, R>(name: string, side: 'agent' | 'customer', handler: (payload: P) => R) =>
      (payload: P): R => {
        const failure = this.failures.get(name);
        if (failure) {
          this.failures.delete(name);
          throw failure;
        }
        if (side !== this.role) throw new PlazaError('forbidden', side === 'agent' ? 'only agents work the ticket inbox' : 'only customers file and follow their tickets here');
        return handler(payload);
      };
    c.handle('tickets:agents', guard('tickets:agents', 'agent', () => ({ agents: [...this.agents] })));
    c.handle(
      'tickets:query',
      guard('tickets:query', 'agent', (p) => {
        const me = this.#me();
        const rows = [...this.tickets.values()]
          .filter((t) => !p.status || p.status.includes(t.status))
          .filter((t) => p.category === undefined || t.category === p.category)
          .filter((t) => p.assignee === undefined || t.assignee === (p.assignee === 'none' ? null : p.assignee === 'me' ? me : p.assignee))
          .filter((t) => p.breached === undefined || this.breached(t) === p.breached)
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
        const start = p.cursor ? Number(p.cursor) : 0;
        const limit = p.limit ?? 50;
        const page = rows.slice(start, start + limit);
        return { tickets: page, nextCursor: start + limit < rows.length ? String(start + limit) : null };
      }),
    );
    c.handle('tickets:get', guard('tickets:get', 'agent', (p) => ({ ticket: this.ticket(p.ticketId), messages: this.of(p.ticketId) })));
    c.handle('tickets:update', guard('tickets:update', 'agent', (p) => this.update(p.ticketId, p.changes)));
    c.handle(
      'tickets:message',
      guard('tickets:message', 'agent', (p) =>
        this.write(p.ticketId, { kind: 'agent', id: this.#me(), name: this.#name() }, p.text ?? '', p.visibility ?? 'public', p.attachments, p.status),
      ),
    );
    c.handle('tickets:mine', guard('tickets:mine', 'customer', (p) => ({ tickets: this.#own().filter((t) => !p.status || p.status.includes(t.status)).map(customerView), nextCursor: null })));
    c.handle('tickets:view', guard('tickets:view', 'customer', (p) => ({ ticket: customerView(this.#owned(p.ticketId)), messages: this.of(p.ticketId).filter((m) => m.visibility === 'public').map(customerMessage) })));
    c.handle(
      'tickets:create',
      guard('tickets:create', 'customer', (p) =>
        customerView(
          this.file({
            subject: p.subject,
            description: p.description,
            category: p.category ?? 'general',
            fields: { ...p.fields },
            attachments: (p.attachments ?? []).map((id) => this.attachmentOf(id)),
            customer: { id: this.#me(), name: this.#name() },
          }),
        ),
      ),
    );
    c.handle(
      'tickets:reply',
      guard('tickets:reply', 'customer', (p) => {
        this.#owned(p.ticketId);
        return customerMessage(this.write(p.ticketId, { kind: 'customer', id: this.#me(), name: this.#name() }, p.text ?? '', 'public', p.attachments));
      }),
    );
    c.handle(
      'tickets:status',
      guard('tickets:status', 'customer', (p) => {
        const ticket = this.#owned(p.ticketId);
        if (!canTransition(ticket.status, p.status, 'customer')) throw new PlazaError('conflict', `a ${ticket.status} ticket cannot become ${p.status}`);
        return customerView(this.change(ticket.id, statusFields(p.status, this.#now())));
      }),
    );
    c.handle(
      'tickets:rate',
      guard('tickets:rate', 'customer', (p) => {
        const ticket = this.#owned(p.ticketId);
        if (ticket.resolvedAt === null) throw new PlazaError('conflict', 'only a resolved ticket can be rated');
        return customerView(this.change(ticket.id, { rating: { score: p.score, comment: p.comment ?? '', ratedAt: new Date(this.#now()).toISOString() } }));
      }),
    );
  }

  /** Whether the real server's `breached` filter would count the ticket. */
  breached(t: Ticket): boolean {
    if (t.sla.firstResponseBreached || t.sla.resolutionBreached) return true;
    if (t.status === 'resolved' || t.status === 'closed') return false;
    return (t.sla.firstRespondedAt === null && Date.parse(t.sla.firstResponseDue) <= Date.now()) || Date.parse(t.sla.resolutionDue) <= Date.now();
  }

  ticket(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new PlazaError('not_found', `no ticket ${id}`);
    return ticket;
  }

  of(ticketId: string): TicketMessage[] {
    return this.messages.filter((m) => m.ticketId === ticketId);
  }

  /** Adds a ticket as it stands (no push): for seeding. */
  add(seed: FakeTicketSeed = {}): Ticket {
    const created = new Date(this.#now()).toISOString();
    const id = seed.id ?? `0192f3c4-0000-7000-8000-${String(++this.#ids).padStart(12, '0')}`;
    const due = seed.dueInMinutes === undefined ? Date.now() + 2 * HOUR : Date.now() + seed.dueInMinutes * MINUTE;
    const { customer, sla, messages, dueInMinutes: _due, ...rest } = seed;
    const ticket: Ticket = {
      id,
      subject: 'Cannot sign in',
      description: 'The sign-in page says my password is wrong.',
      category: 'general',
      status: 'new',
      fields: {},
      attachments: [],
      createdAt: created,
      updatedAt: created,
      resolvedAt: null,
      closedAt: null,
      reopenUntil: null,
      rating: null,
      priority: 'normal',
      assignee: null,
      source: 'portal',
      messageCount: 0,
      version: 1,
      ...rest,
      customer: { id: 'frank', name: 'Frank Customer', email: 'frank@customer.example', ...customer },
      sla: {
        firstResponseDue: new Date(due).toISOString(),
        firstRespondedAt: null,
        firstResponseBreached: false,
        resolutionDue: new Date(Math.max(due, Date.now()) + 22 * HOUR).toISOString(),
        resolutionBreached: false,
        ...sla,
      },
    };
    this.tickets.set(id, ticket);
    for (const m of messages ?? []) {
      const author = m.by === 'customer' ? { kind: 'customer' as const, id: ticket.customer.id, name: ticket.customer.name } : { kind: m.by, id: m.author ?? (m.by === 'agent' ? 'dave' : null), name: m.name ?? (m.by === 'agent' ? 'Dave Wilson' : 'Plaza') };
      this.messages.push(this.#message(id, author, m.text, m.visibility ?? 'public', m.attachments ?? []));
    }
    this.tickets.set(id, { ...ticket, messageCount: this.of(id).length });
    return this.ticket(id);
  }

  /** A customer files a ticket: stored, pushed to agents with a notice (or to the customer as theirs). */
  file(seed: FakeTicketSeed = {}): Ticket {
    const ticket = this.add(seed);
    if (!this.push) return ticket;
    if (this.role === 'agent') {
      this.connection.push('tickets:ticket', ticket);
      this.connection.push('tickets:notice', { kind: 'ticket.created', ticket, actorId: null });
    } else if (ticket.customer.id === this.#me()) {
      this.connection.push('tickets:customer:ticket', customerView(ticket));
    }
    return ticket;
  }

  /** Changes a ticket (next version, later `updatedAt`) and pushes it; `publicMessage`: the change adds one, which the customer hears of. */
  change(id: string, changes: Partial<Ticket>, publicMessage = false): Ticket {
    const current = this.ticket(id);
    const next: Ticket = { ...current, ...changes, version: current.version + 1, updatedAt: new Date(this.#now()).toISOString() };
    this.tickets.set(id, next);
    this.#pushTicket(next, changes, publicMessage);
    return next;
  }

  update(id: string, changes: { status?: TicketStatus | undefined; priority?: TicketPriority | undefined; assignee?: string | null | undefined; category?: string | undefined }): Ticket {
    const ticket = this.ticket(id);
    const patch: Partial<Ticket> = {};
    if (changes.status !== undefined && changes.status !== ticket.status) {
      if (!canTransition(ticket.status, changes.status, 'agent')) throw new PlazaError('conflict', `a ${ticket.status} ticket cannot become ${changes.status}`);
      Object.assign(patch, statusFields(changes.status, this.#now()));
    }
    if (changes.priority !== undefined) patch.priority = changes.priority;
    if (changes.assignee !== undefined) {
      if (changes.assignee !== null && !this.agents.some((a) => a.id === changes.assignee)) throw new PlazaError('bad_request', `assignee: ${changes.assignee} is not an agent`);
      patch.assignee = changes.assignee;
    }
    if (changes.category !== undefined) patch.category = changes.category;
    return Object.keys(patch).length === 0 ? ticket : this.change(id, patch);
  }

  /** A message on a ticket, by the reply rules; pushed to whoever may see it. */
  write(
    ticketId: string,
    author: { kind: 'agent' | 'customer' | 'system'; id: string | null; name: string },
    text: string,
    visibility: TicketVisibility,
    attachmentIds: readonly string[] = [],
    status?: TicketStatus,
  ): TicketMessage {
    const ticket = this.ticket(ticketId);
    if (text.trim() === '' && attachmentIds.length === 0) throw new PlazaError('bad_request', 'text: write text or attach a file');
    let next = ticket.status;
    if (author.kind === 'customer') {
      const after = statusAfterReply(ticket.status, 'customer');
      if (after === null) throw new PlazaError('conflict', 'the ticket is closed: file a new one');
      next = after;
    } else if (author.kind === 'agent') {
      next = status ?? (visibility === 'public' ? statusAfterReply(ticket.status, 'agent')! : ticket.status);
      if (next !== ticket.status && !canTransition(ticket.status, next, 'agent')) throw new PlazaError('conflict', `a ${ticket.status} ticket cannot become ${next}`);
    }
    const attachments = attachmentIds.map((id) => this.attachmentOf(id));
    const message = this.#message(ticketId, author, text.trim(), visibility, attachments);
    this.messages.push(message);
    const patch: Partial<Ticket> = { messageCount: ticket.messageCount + 1, ...(next !== ticket.status ? statusFields(next, this.#now()) : {}) };
    if (author.kind === 'agent' && visibility === 'public' && ticket.sla.firstRespondedAt === null) patch.sla = { ...ticket.sla, firstRespondedAt: message.createdAt };
    const changed = this.change(ticketId, patch, visibility === 'public');
    if (this.push) {
      if (this.role === 'agent') this.connection.push('tickets:message', message);
      else if (visibility === 'public' && changed.customer.id === this.#me()) this.connection.push('tickets:customer:message', customerMessage(message));
    }
    return message;
  }

  #pushTicket(ticket: Ticket, changes: Partial<Ticket>, publicMessage: boolean): void {
    if (!this.push) return;
    if (this.role === 'agent') {
      this.connection.push('tickets:ticket', ticket);
      return;
    }
    // The customer hears of what they may see: a public message, not priority, assignee or SLA alone.
    const seen = publicMessage || Object.keys(changes).some((k) => !['priority', 'assignee', 'sla', 'messageCount'].includes(k));
    if (ticket.customer.id === this.#me() && seen) this.connection.push('tickets:customer:ticket', customerView(ticket));
  }

  #message(ticketId: string, author: { kind: 'agent' | 'customer' | 'system'; id: string | null; name: string }, text: string, visibility: TicketVisibility, attachments: Attachment[]): TicketMessage {
    return {
      id: `0192f3c4-1111-7000-8000-${String(++this.#ids).padStart(12, '0')}`,
      ticketId,
      author: { kind: author.kind, name: author.name },
      authorId: author.id,
      text,
      attachments,
      createdAt: new Date(this.#now()).toISOString(),
      visibility,
    };
  }

  #own(): Ticket[] {
    const me = this.#me();
    return [...this.tickets.values()].filter((t) => t.customer.id === me).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  #owned(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket || ticket.customer.id !== this.#me()) throw new PlazaError('not_found', `no ticket ${id}`);
    return ticket;
  }

  /** A strictly increasing clock, so every change has a later time than the one before. */
  #now(): number {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }

  #me(): string {
    return this.connection.session?.user.id ?? 'me';
  }

  #name(): string {
    return this.connection.session?.user.name ?? 'Me';
  }
}

/** The fields a status change sets (resolution and closing times). */
function statusFields(status: TicketStatus, at: number): Partial<Ticket> {
  const iso = new Date(at).toISOString();
  if (status === 'resolved') return { status, resolvedAt: iso, closedAt: null, reopenUntil: new Date(at + 7 * 24 * HOUR).toISOString() };
  if (status === 'closed') return { status, closedAt: iso, reopenUntil: null };
  return { status, resolvedAt: null, closedAt: null, reopenUntil: null };
}

/** A ticket as its customer sees it. */
export function customerView(t: Ticket): CustomerTicket {
  const { priority: _p, assignee: _a, customer: _c, source: _s, sla: _sla, version: _v, ...rest } = t;
  return { ...rest };
}

export function customerMessage(m: TicketMessage): CustomerTicketMessage {
  const { authorId: _id, visibility: _v, ...rest } = m;
  return rest;
}
