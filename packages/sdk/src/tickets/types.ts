import type {
  CustomerTicket,
  CustomerTicketMessage,
  PlazaError,
  PublicTicketForm,
  Ticket,
  TicketAgent,
  TicketChanges,
  TicketMessage,
  TicketNotice,
  TicketStatus,
} from '@plaza/protocol';
import type { StateStore } from '../store/state-store.js';

/**
 * Which tickets an agent's queue holds. Criteria combine; none at all is every ticket of
 * the tenant.
 *
 * @example
 * client.tickets.agent.queue({ assignee: 'me', status: ['new', 'open'] }); // my open work
 * client.tickets.agent.queue({ assignee: 'none' });                        // unassigned
 * client.tickets.agent.queue({ category: 'billing', breached: true });     // late billing tickets
 */
export interface TicketQueueQuery {
  status?: readonly TicketStatus[];
  category?: string;
  /** A host user id, `me`, or `none` for unassigned tickets. */
  assignee?: string;
  /** `true`: only tickets past an SLA target (or flagged so); `false`: only those that are not. */
  breached?: boolean;
  /**
   * Words that every shown ticket contains, in any order and case, in its subject, its
   * customer's name or email, or its id. Applied by the client to the tickets the queue
   * loaded (the server's query has no text filter yet).
   */
  search?: string;
}

/** A view's loading state. */
export interface TicketViewState {
  loading: boolean;
  /** A first answer arrived; the stores show the view (an empty list means nothing matches). */
  loaded: boolean;
  /** The last failed load (`forbidden` for a user without the agent role); cleared by the next good one. */
  error: PlazaError | null;
}

/** A queue's state: also whether the server holds more tickets than were loaded. */
export interface TicketQueueState extends TicketViewState {
  /** More tickets match on the server: `loadMore()` fetches the next page. */
  hasMore: boolean;
}

/**
 * An agent's live queue: loaded by `client.tickets.agent.queue(query)`, then kept current
 * by the server's pushes (new tickets, changes, SLA breaches) and this client's changes.
 * Reloaded after every reconnect.
 */
export interface TicketQueue {
  readonly query: Readonly<TicketQueueQuery>;
  /** Most recently changed first, as the server orders the inbox. */
  readonly tickets: StateStore<readonly Ticket[]>;
  readonly state: StateStore<TicketQueueState>;
  /** Loads the first page again (done after every reconnect). */
  load(): Promise<void>;
  /** Adds the next page, when `state.hasMore`. */
  loadMore(): Promise<void>;
  /** Done with it. Equal queries share one queue, live until every `queue()` call was matched by a `close()`. */
  close(): void;
}

/** One ticket opened by an agent: the ticket and its whole conversation, internal notes included, live. */
export interface TicketDetailView {
  readonly ticketId: string;
  /** Null until loaded. */
  readonly ticket: StateStore<Ticket | null>;
  /** Public messages and internal notes (`visibility`), ascending by time; new ones arrive live. */
  readonly messages: StateStore<readonly TicketMessage[]>;
  readonly state: StateStore<TicketViewState>;
  load(): Promise<void>;
  /** Done with it; shared like queues. */
  close(): void;
}

/** What an agent writes on a ticket: text, files (ids from `client.files.upload`), or both. */
export interface AgentMessageInput {
  text?: string;
  attachments?: readonly string[];
}

/** A public reply, optionally leaving the ticket in a status (e.g. `pending_customer`, `resolved`). */
export interface AgentReplyInput extends AgentMessageInput {
  status?: TicketStatus;
}

/** What an agent may change on a ticket. */
export type TicketUpdate = TicketChanges;

/**
 * The agents' side of `client.tickets` (users with the `agent` role; others are refused
 * with `forbidden`).
 *
 * @example
 * const inbox = client.tickets.agent.queue({ assignee: 'none' });
 * inbox.tickets.subscribe(renderRows);
 * const detail = client.tickets.agent.detail(ticketId);
 * await client.tickets.agent.note(ticketId, { text: 'VIP: refund without asking' });
 * await client.tickets.agent.reply(ticketId, { text: 'Refunded.', status: 'resolved' });
 */
export interface AgentTicketsApi {
  /** The tenant's active agents by name, once `loadAgents()` ran. */
  readonly agents: StateStore<readonly TicketAgent[]>;
  loadAgents(): Promise<readonly TicketAgent[]>;
  /** The live queue of a query (one per distinct query while open); loads at once when online. */
  queue(query?: TicketQueueQuery): TicketQueue;
  /** A ticket with its conversation and notes (one per id while open); loads at once when online. */
  detail(ticketId: string): TicketDetailView;
  /** The ticket as this client knows it, if a queue or detail holds it. */
  get(ticketId: string): Ticket | undefined;
  /** Status (by the transition table), priority, assignee (an agent's id, or null) and category. */
  update(ticketId: string, changes: TicketUpdate): Promise<Ticket>;
  /** A public reply: the customer sees it (and is told, through the host's webhook). */
  reply(ticketId: string, input: AgentReplyInput): Promise<TicketMessage>;
  /** An internal note: only agents ever see it. */
  note(ticketId: string, input: AgentMessageInput): Promise<TicketMessage>;
}

/** Which of a customer's tickets `mine()` shows. */
export interface CustomerTicketsQuery {
  status?: readonly TicketStatus[];
}

/** A customer's live list of their own tickets, newest first. */
export interface CustomerTicketList {
  readonly query: Readonly<CustomerTicketsQuery>;
  readonly tickets: StateStore<readonly CustomerTicket[]>;
  /** `hasMore` only past 2,000 tickets: a load follows every page up to there. */
  readonly state: StateStore<TicketQueueState>;
  load(): Promise<void>;
  /** Done with it; shared like queues. */
  close(): void;
}

/** One of the customer's tickets with its public conversation, live. */
export interface CustomerTicketView {
  readonly ticketId: string;
  readonly ticket: StateStore<CustomerTicket | null>;
  /** Ascending by time; agents' replies arrive live. Never an internal note: the server does not send them. */
  readonly messages: StateStore<readonly CustomerTicketMessage[]>;
  readonly state: StateStore<TicketViewState>;
  load(): Promise<void>;
  close(): void;
}

/** A new ticket as a signed-in customer files it. */
export interface NewTicket {
  subject: string;
  description: string;
  /** One of the tenant's categories; default its first. */
  category?: string;
  /** Custom field values by key (the tenant's `ticketFields` for the category). */
  fields?: Readonly<Record<string, string>>;
  /** Ids of files uploaded with `client.files.upload`. */
  attachments?: readonly string[];
}

/** A customer's reply: text, files, or both. */
export interface CustomerReplyInput {
  text?: string;
  attachments?: readonly string[];
}

/**
 * The customers' side of `client.tickets` (users with `kind: customer`; others are refused
 * with `forbidden`). A customer only ever sees their own tickets and public messages.
 *
 * @example
 * const mine = client.tickets.customer.mine();
 * const file = await client.files.upload(input.files[0]);
 * const ticket = await client.tickets.customer.create({ subject: 'Invoice 42', description: 'Wrong VAT', attachments: [file.id] });
 * const view = client.tickets.customer.view(ticket.id);
 * view.messages.subscribe(renderConversation);
 */
export interface CustomerTicketsApi {
  /**
   * What the tenant's ticket form asks for: categories, custom fields per category, upload
   * limits (`GET /v1/public/ticket-form` of the signed-in tenant; the page's origin must be
   * one the tenant allows, as for the socket). Check a draft with `checkTicketDraft`.
   */
  form(): Promise<PublicTicketForm>;
  /** The customer's tickets (one list per distinct query while open); loads at once when online. */
  mine(query?: CustomerTicketsQuery): CustomerTicketList;
  /** One ticket and its public conversation (one per id while open). */
  view(ticketId: string): CustomerTicketView;
  /** Files a ticket; resolves once stored, when it is already in the open lists. A retried request is not filed twice. */
  create(ticket: NewTicket): Promise<CustomerTicket>;
  /** Replies; puts a ticket waiting for the customer (or resolved, within the reopen period) back to `open`. */
  reply(ticketId: string, input: CustomerReplyInput): Promise<CustomerTicketMessage>;
  /** Reopens a resolved ticket within the reopen period (`ticket.reopenUntil`); `conflict` after it. */
  reopen(ticketId: string): Promise<CustomerTicket>;
  /** Closes the ticket for good. */
  close(ticketId: string): Promise<CustomerTicket>;
  /** Rates a resolved (or closed after resolution) ticket, 1–5; rating again replaces it. */
  rate(ticketId: string, score: number, comment?: string): Promise<CustomerTicket>;
}

/**
 * The tickets capability, `client.tickets`: `customer` for people following their own
 * tickets, `agent` for the support team's inbox.
 */
export interface TicketsApi {
  readonly customer: CustomerTicketsApi;
  readonly agent: AgentTicketsApi;
}

/** The events the tickets capability adds to the client's event map. */
export interface TicketsEvents {
  /** Agents: a new ticket was filed, or a ticket was assigned to this agent. */
  'ticket:notice': TicketNotice;
  /** Agents: a ticket was filed or changed (any field, an SLA breach). */
  'ticket:updated': Ticket;
  /** Agents: a public message or internal note was added to a ticket. */
  'ticket:message': TicketMessage;
  /** Customers: one of their tickets changed (status, an agent's reply). */
  'ticket:customer:updated': CustomerTicket;
  /** Customers: a new public message on one of their tickets (their own included). */
  'ticket:customer:message': CustomerTicketMessage;
}

/** Where a ticket stands against its SLA, for a badge: see `ticketSla`. */
export interface TicketSlaState {
  /**
   * `breached`: a target passed unmet; `soon`: the next target is due within the hour;
   * `due`: the next target is further away; `met`: settled with every target met.
   */
  state: 'breached' | 'soon' | 'due' | 'met';
  /** The target the state is about (null for `met`). */
  target: 'first_response' | 'resolution' | null;
  /** When that target is (was) due. */
  due: string | null;
}

/** What a customer may do with a ticket now, by the shared rules: see `customerActions`. */
export interface CustomerTicketActions {
  reply: boolean;
  reopen: boolean;
  close: boolean;
  rate: boolean;
}
