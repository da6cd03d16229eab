import { canTransition, statusAfterReply } from '@plaza/protocol';
import type { CustomerTicket, Ticket, TicketStatus } from '@plaza/protocol';
import type { CustomerTicketActions, CustomerTicketsQuery, TicketQueueQuery, TicketSlaState } from './types.js';

const HOUR = 3_600_000;

/** Statuses in which no SLA target is pending any more (as the server counts them). */
function isSettled(status: TicketStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

/**
 * Whether a ticket is past an SLA target, as the server's `breached` filter counts it: a
 * target flagged breached, or a pending target whose due time has passed (the flag follows
 * when the server's job runs).
 */
export function isBreached(ticket: Ticket, now = Date.now()): boolean {
  const { sla } = ticket;
  if (sla.firstResponseBreached || sla.resolutionBreached) return true;
  if (isSettled(ticket.status)) return false;
  return (sla.firstRespondedAt === null && Date.parse(sla.firstResponseDue) <= now) || Date.parse(sla.resolutionDue) <= now;
}

/**
 * Where a ticket stands against its SLA, for a badge: breached (which target), due soon
 * (within the hour), due later, or met.
 *
 * @example
 * const { state, due } = ticketSla(ticket);
 * badge.textContent = state === 'breached' ? 'Breached' : `Due ${relative(due)}`;
 */
export function ticketSla(ticket: Ticket, now = Date.now()): TicketSlaState {
  const { sla } = ticket;
  const firstPending = sla.firstRespondedAt === null && !isSettled(ticket.status);
  if (sla.firstResponseBreached || (firstPending && Date.parse(sla.firstResponseDue) <= now)) {
    return { state: 'breached', target: 'first_response', due: sla.firstResponseDue };
  }
  if (sla.resolutionBreached || (!isSettled(ticket.status) && Date.parse(sla.resolutionDue) <= now)) {
    return { state: 'breached', target: 'resolution', due: sla.resolutionDue };
  }
  if (isSettled(ticket.status)) return { state: 'met', target: null, due: null };
  const [target, due] =
    firstPending && Date.parse(sla.firstResponseDue) <= Date.parse(sla.resolutionDue)
      ? (['first_response', sla.firstResponseDue] as const)
      : (['resolution', sla.resolutionDue] as const);
  return { state: Date.parse(due) - now <= HOUR ? 'soon' : 'due', target, due };
}

/**
 * What a customer may do with their ticket now, by the rules the server applies (protocol
 * `TICKET_TRANSITIONS`, `statusAfterReply`, the reopen period): for showing only the
 * buttons that will work.
 *
 * @example
 * const can = customerActions(ticket);
 * reopenButton.hidden = !can.reopen;
 */
export function customerActions(ticket: CustomerTicket, now = Date.now()): CustomerTicketActions {
  const inReopenPeriod = ticket.reopenUntil !== null && Date.parse(ticket.reopenUntil) >= now;
  const resolved = ticket.status === 'resolved';
  return {
    reply: statusAfterReply(ticket.status, 'customer') !== null && (!resolved || inReopenPeriod),
    reopen: resolved && inReopenPeriod && canTransition(ticket.status, 'open', 'customer'),
    close: canTransition(ticket.status, 'closed', 'customer'),
    rate: isSettled(ticket.status) && ticket.resolvedAt !== null,
  };
}

/** The query with empty criteria dropped and the search trimmed, so equal queries share a queue. */
export function normalizeQueueQuery(query: TicketQueueQuery): TicketQueueQuery {
  const out: TicketQueueQuery = {};
  if (query.status && query.status.length > 0) out.status = [...new Set(query.status)].sort();
  if (query.category) out.category = query.category;
  if (query.assignee) out.assignee = query.assignee;
  if (query.breached !== undefined) out.breached = query.breached;
  const search = query.search?.trim().replace(/\s+/g, ' ');
  if (search) out.search = search;
  return out;
}

export function queueKey(query: TicketQueueQuery): string {
  return JSON.stringify([query.status ?? null, query.category ?? null, query.assignee ?? null, query.breached ?? null, query.search?.toLowerCase() ?? null]);
}

export function customerQueryKey(query: CustomerTicketsQuery): string {
  return JSON.stringify(query.status ? [...new Set(query.status)].sort() : null);
}

/**
 * Whether a ticket belongs in a queue (all criteria but `search`). The server decides what
 * a load answers; this decides what pushes and this client's changes add or remove.
 */
export function queueMatches(query: TicketQueueQuery, ticket: Ticket, me: string | null, now = Date.now()): boolean {
  if (query.status && !query.status.includes(ticket.status)) return false;
  if (query.category !== undefined && ticket.category !== query.category) return false;
  if (query.assignee === 'none') {
    if (ticket.assignee !== null) return false;
  } else if (query.assignee !== undefined && ticket.assignee !== (query.assignee === 'me' ? me : query.assignee)) {
    return false;
  }
  if (query.breached !== undefined && isBreached(ticket, now) !== query.breached) return false;
  return true;
}

/** Whether every word of `search` is in the ticket's subject, customer name or email, or id (any case). */
export function searchMatches(search: string | undefined, ticket: Ticket): boolean {
  if (!search) return true;
  const haystack = [ticket.subject, ticket.customer.name, ticket.customer.email ?? '', ticket.id].join('\n').toLocaleLowerCase();
  return search
    .toLocaleLowerCase()
    .split(' ')
    .every((word) => haystack.includes(word));
}

/** The inbox order: most recently changed first, then by id (newest first), as the server pages it. */
export function byRecentChange(a: { updatedAt: string; id: string }, b: { updatedAt: string; id: string }): number {
  return b.updatedAt.localeCompare(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** A customer's list order: newest first, as the server pages it. */
export function byNewest(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Conversation order: ascending by time, then id. */
export function byTime(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
