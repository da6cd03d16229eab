import type { ConnectionStatus } from '@plaza/sdk';

export interface PlazaStatusChangeDetail {
  status: ConnectionStatus;
}

/**
 * Fired by `<plaza-provider>` when its client's connection status changes.
 *
 * @example
 * provider.addEventListener('plaza-status-change', (e) => console.log(e.detail.status));
 */
export class PlazaStatusChangeEvent extends CustomEvent<PlazaStatusChangeDetail> {
  static readonly type = 'plaza-status-change';

  constructor(detail: PlazaStatusChangeDetail) {
    super(PlazaStatusChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-status-change': PlazaStatusChangeEvent;
  }
}
