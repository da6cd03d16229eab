export interface PlazaTicketCreatedDetail {
  ticketId: string;
  /** The token that opens the ticket on the public routes; shown to the customer once. */
  accessToken: string;
  /** Where the customer follows the ticket (from `follow-up-url`). */
  followUpUrl: string;
}

/**
 * Fired by `<plaza-ticket-form>` once a ticket was filed and its attachments have settled
 * (uploaded, failed or cancelled).
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
