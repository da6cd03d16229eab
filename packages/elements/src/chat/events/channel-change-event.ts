export interface PlazaChannelChangeDetail {
  /** The channel now open, or `null` when none is. */
  channelId: string | null;
}

/**
 * Fired by `<plaza-chat-panel>` when the user opens another channel (not when the page sets
 * the `channel` attribute). The panel's `channel` attribute already reflects the new id.
 *
 * @example
 * panel.addEventListener('plaza-channel-change', (e) => {
 *   history.replaceState(null, '', `#chat/${e.detail.channelId}`);
 * });
 */
export class PlazaChannelChangeEvent extends CustomEvent<PlazaChannelChangeDetail> {
  static readonly type = 'plaza-channel-change';

  constructor(detail: PlazaChannelChangeDetail) {
    super(PlazaChannelChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-channel-change': PlazaChannelChangeEvent;
  }
}
