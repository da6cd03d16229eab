import type { Message } from '@plaza/protocol';

export interface PlazaMessageSentDetail {
  /** The message as the server stored it. */
  message: Message;
}

/**
 * Fired by `<plaza-chat-panel>` when a message the user sent has been stored by the server
 * (after an offline period, when the outbox delivered it).
 *
 * @example
 * panel.addEventListener('plaza-message-sent', (e) => analytics.track('chat', e.detail.message.channelId));
 */
export class PlazaMessageSentEvent extends CustomEvent<PlazaMessageSentDetail> {
  static readonly type = 'plaza-message-sent';

  constructor(detail: PlazaMessageSentDetail) {
    super(PlazaMessageSentEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-message-sent': PlazaMessageSentEvent;
  }
}
