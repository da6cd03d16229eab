import type { PlazaError } from '@plaza/sdk';

export interface PlazaErrorDetail {
  /** What went wrong; `error.code` is one of Plaza's error codes (e.g. `unauthorized`). */
  error: PlazaError;
}

/**
 * Fired when a Plaza element's client reports an error, e.g. a refused token.
 *
 * @example
 * provider.addEventListener('plaza-error', (e) => {
 *   if (e.detail.error.code === 'unauthorized') location.assign('/login');
 * });
 */
export class PlazaErrorEvent extends CustomEvent<PlazaErrorDetail> {
  static readonly type = 'plaza-error';

  constructor(detail: PlazaErrorDetail) {
    super(PlazaErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-error': PlazaErrorEvent;
  }
}
