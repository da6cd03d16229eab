import type { CustomerTicket } from '@plaza/protocol';

export interface PlazaTicketCreatedDetail {
  ticketId: string;
  /** `<plaza-ticket-form>`: the token that opens the ticket on the public routes; shown to the customer once. */
  accessToken?: string;
  /** `<plaza-ticket-form>`: where the customer follows the ticket (from `follow-up-url`). */
  followUpUrl?: string;
  /** `<plaza-customer-portal>`: the ticket as stored, attachments included. */
  ticket?: CustomerTicket;
}

/**
 * Fired by `<plaza-ticket-form>` once a ticket was filed and its attachments have settled
 * (uploaded, failed or cancelled), and by `<plaza-customer-portal>` once a signed-in
 * customer's ticket was filed (its attachments were uploaded before).
 *
 * @example
 * form.addEventListener('plaza-ticket-created', (e) => analytics.track('ticket', e.detail.ticketId));
 */
export class PlazaTicketCreatedEvent extends CustomEvent<PlazaTicketCreatedDetail> {
  static readonly type = 'plaza-ticket-created';

  constructor(detail: PlazaTicketCreatedDetail) {
    super(PlazaTicketCreatedEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-ticket-created': PlazaTicketCreatedEvent;
  }
}
