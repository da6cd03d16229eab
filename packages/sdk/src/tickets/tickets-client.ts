import type {
  CustomerTicket,
  CustomerTicketMessage,
  PublicTicketForm,
  QueryTicketsPayload,
  Ticket,
  TicketAgent,
  TicketMessage,
  TicketPage,
} from '@plaza/protocol';
import { PlazaError } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import { LiveConversation, LiveList, TicketHub, asPlazaError } from './live.js';
import { byNewest, byRecentChange, customerQueryKey, normalizeQueueQuery, queueKey, queueMatches, searchMatches } from './rules.js';
import type {
  AgentMessageInput,
  AgentReplyInput,
  AgentTicketsApi,
  CustomerReplyInput,
  CustomerTicketList,
  CustomerTicketsApi,
  CustomerTicketsQuery,
  CustomerTicketView,
  NewTicket,
  TicketDetailView,
  TicketQueue,
  TicketQueueQuery,
  TicketsApi,
  TicketsEvents,
  TicketUpdate,
} from './types.js';

export interface TicketsOptions {
  connection: Connection;
  emit<K extends keyof TicketsEvents>(name: K, payload: TicketsEvents[K]): void;
  /** A failure no promise reports. */
  report(error: PlazaError): void;
}

/**
 * An idempotency key for a write: a retried request answers the stored result. Not the
 * tasks' helper of the same kind: importing one module of theirs would make browser
 * bundles split the task list's and the inbox's chunks around it.
 */
function clientId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Tickets per `tickets:query` page (the server's most). */
const QUEUE_PAGE = 100;

/** A queue: a `LiveList` of agents' tickets with the query it was opened for. */
class PlazaTicketQueue extends LiveList<Ticket> implements TicketQueue {
  constructor(
    readonly query: Readonly<TicketQueueQuery>,
    hub: TicketHub<Ticket, TicketMessage>,
    connection: Connection,
  ) {
    const me = () => connection.session?.user.id ?? null;
    super({
      hub,
      fetch: (cursor) => connection.request('tickets:query', { ...queuePayload(query), ...(cursor ? { cursor } : {}) }),
      matches: (ticket) => queueMatches(query, ticket, me()),
      shown: (ticket) => searchMatches(query.search, ticket),
      order: byRecentChange,
      pagesPerLoad: 1,
    });
  }
}

class PlazaCustomerTicketList extends LiveList<CustomerTicket> implements CustomerTicketList {
  constructor(
    readonly query: Readonly<CustomerTicketsQuery>,
    hub: TicketHub<CustomerTicket, CustomerTicketMessage>,
    connection: Connection,
  ) {
    const status = query.status ? [...query.status] : undefined;
    super({
      hub,
      fetch: (cursor): Promise<TicketPage<CustomerTicket>> =>
        connection.request('tickets:mine', { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE }),
      matches: (ticket) => !status || status.includes(ticket.status),
      shown: () => true,
      order: byNewest,
      // A customer's tickets are few: the list holds them all.
      pagesPerLoad: 'all',
    });
  }
}

/** The `tickets:query` payload of a queue (the search is the client's). */
function queuePayload(query: TicketQueueQuery): QueryTicketsPayload {
  return {
    ...(query.status ? { status: [...query.status] } : {}),
    ...(query.category !== undefined ? { category: query.category } : {}),
    ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
    ...(query.breached !== undefined ? { breached: query.breached } : {}),
    limit: QUEUE_PAGE,
  };
}

/** Text and files of a message, as the wire wants them. */
function content(input: AgentMessageInput | CustomerReplyInput): { text: string; attachments: string[] } {
  return { text: input.text ?? '', attachments: [...(input.attachments ?? [])] };
}

/** `client.tickets.agent`: queues, details and the changes agents make. */
export class PlazaAgentTickets implements AgentTicketsApi {
  // Versions count every change, so an older copy (a late answer) never replaces a newer push.
  readonly hub = new TicketHub<Ticket, TicketMessage>((incoming, current) => incoming.version >= current.version);
  readonly agents = new StateStore<readonly TicketAgent[]>([]);
  #agentsLoaded = false;

  constructor(private readonly connection: Connection) {}

  async loadAgents(): Promise<readonly TicketAgent[]> {
    const { agents } = await this.connection.request('tickets:agents', {});
    this.#agentsLoaded = true;
    this.agents.set(agents);
    return agents;
  }

  queue(query: TicketQueueQuery = {}): TicketQueue {
    const normalized = Object.freeze(normalizeQueueQuery(query));
    return this.hub.list(queueKey(normalized), () => new PlazaTicketQueue(normalized, this.hub, this.connection), this.#online);
  }

  detail(ticketId: string): TicketDetailView {
    return this.hub.conversation(ticketId, () => new LiveConversation(ticketId, this.hub, () => this.connection.request('tickets:get', { ticketId })), this.#online);
  }

  get(ticketId: string): Ticket | undefined {
    return this.hub.get(ticketId);
  }

  async update(ticketId: string, changes: TicketUpdate): Promise<Ticket> {
    const ticket = await this.connection.request('tickets:update', { ticketId, changes });
    this.hub.accept([ticket]);
    return ticket;
  }

  reply(ticketId: string, input: AgentReplyInput): Promise<TicketMessage> {
    return this.#write(ticketId, { ...content(input), visibility: 'public', ...(input.status ? { status: input.status } : {}) });
  }

  note(ticketId: string, input: AgentMessageInput): Promise<TicketMessage> {
    return this.#write(ticketId, { ...content(input), visibility: 'internal' });
  }

  async #write(ticketId: string, payload: { text: string; attachments: string[]; visibility: 'public' | 'internal'; status?: Ticket['status'] }): Promise<TicketMessage> {
    // The client id makes a retried request answer the stored message instead of a second one.
    const message = await this.connection.request('tickets:message', { ticketId, clientId: clientId(), ...payload });
    this.hub.added(message);
    return message;
  }

  get #online(): boolean {
    return this.connection.status === 'online';
  }

  /** After a sign-in: open views load again; the agent list too, if it was loaded. */
  ready(report: (error: unknown) => void): void {
    this.hub.reload();
    if (this.#agentsLoaded) this.loadAgents().catch(report);
  }
}

/** `client.tickets.customer`: the customer's own tickets and conversations. */
export class PlazaCustomerTickets implements CustomerTicketsApi {
  // Customers' tickets carry no version; each change stamps a later `updatedAt`.
  readonly hub = new TicketHub<CustomerTicket, CustomerTicketMessage>((incoming, current) => incoming.updatedAt >= current.updatedAt);

  constructor(private readonly connection: Connection) {}

  async form(): Promise<PublicTicketForm> {
    const tenant = this.connection.session?.tenant.id;
    // The tenant comes from the session: before the first sign-in there is none to ask for.
    if (!tenant) throw new PlazaError('unavailable', 'tickets.customer.form(): not signed in yet');
    // Loaded when asked for: the agents' inbox, which shares this module, never needs the
    // REST helpers (nor the files client they bring) in its bundle.
    const { fetchTicketForm } = await import('../public-tickets/public-tickets.js');
    return fetchTicketForm(this.connection.url, tenant);
  }

  mine(query: CustomerTicketsQuery = {}): CustomerTicketList {
    const normalized = Object.freeze(query.status && query.status.length > 0 ? { status: [...new Set(query.status)].sort() } : {});
    return this.hub.list(customerQueryKey(normalized), () => new PlazaCustomerTicketList(normalized, this.hub, this.connection), this.#online);
  }

  view(ticketId: string): CustomerTicketView {
    return this.hub.conversation(ticketId, () => new LiveConversation(ticketId, this.hub, () => this.connection.request('tickets:view', { ticketId })), this.#online);
  }

  async create(ticket: NewTicket): Promise<CustomerTicket> {
    const created = await this.connection.request('tickets:create', {
      subject: ticket.subject,
      description: ticket.description,
      ...(ticket.category !== undefined ? { category: ticket.category } : {}),
      ...(ticket.fields ? { fields: { ...ticket.fields } } : {}),
      attachments: [...(ticket.attachments ?? [])],
      clientId: clientId(),
    });
    this.hub.accept([created]);
    return created;
  }

  async reply(ticketId: string, input: CustomerReplyInput): Promise<CustomerTicketMessage> {
    const message = await this.connection.request('tickets:reply', { ticketId, ...content(input), clientId: clientId() });
    this.hub.added(message);
    return message;
  }

  reopen(ticketId: string): Promise<CustomerTicket> {
    return this.#status(ticketId, 'open');
  }

  close(ticketId: string): Promise<CustomerTicket> {
    return this.#status(ticketId, 'closed');
  }

  async rate(ticketId: string, score: number, comment = ''): Promise<CustomerTicket> {
    const ticket = await this.connection.request('tickets:rate', { ticketId, score, comment });
    this.hub.accept([ticket]);
    return ticket;
  }

  async #status(ticketId: string, status: 'open' | 'closed'): Promise<CustomerTicket> {
    const ticket = await this.connection.request('tickets:status', { ticketId, status });
    this.hub.accept([ticket]);
    return ticket;
  }

  get #online(): boolean {
    return this.connection.status === 'online';
  }
}

/**
 * `client.tickets`: the customer's and the agent's side over one connection. Pushes keep
 * both current (each user only gets the pushes of their side) and become the client's
 * `ticket:*` events; after every sign-in whatever is open loads again.
 */
export class PlazaTickets implements TicketsApi {
  readonly agent: PlazaAgentTickets;
  readonly customer: PlazaCustomerTickets;
  readonly #options: TicketsOptions;

  constructor(options: TicketsOptions) {
    this.#options = options;
    const { connection } = options;
    const emit = <K extends keyof TicketsEvents>(name: K, payload: TicketsEvents[K]): void => options.emit(name, payload);
    this.agent = new PlazaAgentTickets(connection);
    this.customer = new PlazaCustomerTickets(connection);
    connection.onPush('tickets:ticket', (ticket) => {
      this.agent.hub.accept([ticket]);
      emit('ticket:updated', ticket);
    });
    connection.onPush('tickets:message', (message) => {
      this.agent.hub.added(message);
      emit('ticket:message', message);
    });
    connection.onPush('tickets:notice', (notice) => {
      this.agent.hub.accept([notice.ticket]);
      emit('ticket:notice', notice);
    });
    connection.onPush('tickets:customer:ticket', (ticket) => {
      this.customer.hub.accept([ticket]);
      emit('ticket:customer:updated', ticket);
    });
    connection.onPush('tickets:customer:message', (message) => {
      this.customer.hub.added(message);
      emit('ticket:customer:message', message);
    });
    connection.onReady(() => this.#ready());
  }

  #ready(): void {
    this.agent.ready((error) => this.#reportUnlessOffline(error));
    this.customer.hub.reload();
  }

  #reportUnlessOffline(error: unknown): void {
    const plaza = asPlazaError(error);
    if (plaza.code !== 'unavailable') this.#options.report(plaza);
  }
}
