import type { Ticket, TicketMessage } from '@plaza/protocol';

/** Every inbox event is a `CustomEvent` that bubbles and crosses shadow roots. */
class TicketInboxEvent<D> extends CustomEvent<D> {
  constructor(type: string, detail: D, cancelable = false) {
    super(type, { detail, bubbles: true, composed: true, cancelable });
  }
}

export interface PlazaTicketOpenDetail {
  ticketId: string;
}

/**
 * Fired by `<plaza-ticket-inbox>` when the agent opens a ticket; cancel it to show the
 * ticket your own way.
 *
 * @example
 * inbox.addEventListener('plaza-ticket-open', (e) => history.replaceState(null, '', `#ticket=${e.detail.ticketId}`));
 */
export class PlazaTicketOpenEvent extends TicketInboxEvent<PlazaTicketOpenDetail> {
  static readonly type = 'plaza-ticket-open';

  constructor(detail: PlazaTicketOpenDetail) {
    super(PlazaTicketOpenEvent.type, detail, true);
  }
}

export interface PlazaTicketUpdatedDetail {
  /** The ticket as the server stored it. */
  ticket: Ticket;
}

/**
 * Fired by `<plaza-ticket-inbox>` when a change the agent made (status, priority,
 * assignee) has been stored.
 *
 * @example
 * inbox.addEventListener('plaza-ticket-updated', (e) => crm.sync(e.detail.ticket));
 */
export class PlazaTicketUpdatedEvent extends TicketInboxEvent<PlazaTicketUpdatedDetail> {
  static readonly type = 'plaza-ticket-updated';

  constructor(detail: PlazaTicketUpdatedDetail) {
    super(PlazaTicketUpdatedEvent.type, detail);
  }
}

export interface PlazaTicketMessageDetail {
  /** The reply or internal note as stored; `visibility` says which. */
  message: TicketMessage;
}

/**
 * Fired by `<plaza-ticket-inbox>` when the agent's reply or internal note has been stored.
 *
 * @example
 * inbox.addEventListener('plaza-ticket-message', (e) => e.detail.message.visibility === 'public' && metrics.count('reply'));
 */
export class PlazaTicketMessageEvent extends TicketInboxEvent<PlazaTicketMessageDetail> {
  static readonly type = 'plaza-ticket-message';

  constructor(detail: PlazaTicketMessageDetail) {
    super(PlazaTicketMessageEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-ticket-open': PlazaTicketOpenEvent;
    'plaza-ticket-updated': PlazaTicketUpdatedEvent;
    'plaza-ticket-message': PlazaTicketMessageEvent;
  }
}
