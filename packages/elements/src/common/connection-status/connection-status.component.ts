import { html, type PropertyValues } from 'lit';
import type { ClientState, ConnectionStatus } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { themeStyles } from '../../styles/theme.js';
import type { TranslationKey } from '../../translations/index.js';
import { initialsOf } from '../shared/initials.js';
import { connectionStatusStyles } from './connection-status.styles.js';

const LABELS = {
  online: 'statusOnline',
  connecting: 'statusConnecting',
  offline: 'statusOffline',
} as const satisfies Record<ConnectionStatus, TranslationKey>;

/**
 * @tag plaza-connection-status
 * @summary Shows who is signed in to Plaza and whether the connection is up.
 *
 * @description Reads the client's state (from the nearest `<plaza-provider>` or the
 * `.client` property): the signed-in user's initials and name, a status dot and the
 * status as text. It is a `status` live region, so screen readers announce changes.
 *
 * @example
 * <plaza-provider>
 *   <plaza-connection-status></plaza-connection-status>
 * </plaza-provider>
 *
 * @csspart avatar - The circle with the user's initials.
 * @csspart name - The user's display name.
 * @csspart status - The status dot and its label.
 *
 * @cssproperty --plaza-font-family - Font stack.
 * @cssproperty --plaza-font-size - Base font size.
 * @cssproperty --plaza-color-text - Name colour.
 * @cssproperty --plaza-color-text-muted - Status label colour.
 * @cssproperty --plaza-color-accent - Avatar background.
 * @cssproperty --plaza-color-on-accent - Avatar initials colour.
 * @cssproperty --plaza-color-success - Dot colour when online.
 * @cssproperty --plaza-color-warning - Dot colour while connecting.
 * @cssproperty --plaza-color-neutral - Dot colour when offline.
 */
export class PlazaConnectionStatus extends PlazaElement {
  static override styles = [themeStyles, connectionStatusStyles];

  private readonly clientState = new StoreController<ClientState>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.clientState.setStore(this.client?.state);
  }

  protected override render() {
    const state = this.clientState.value;
    const status: ConnectionStatus = state?.status ?? 'offline';
    const user = state?.session?.user;
    return html`
      <div class="root" role="status">
        ${user
          ? html`<span class="avatar" part="avatar" aria-hidden="true">${initialsOf(user.name)}</span>
              <span class="text">
                <span class="name" part="name">${user.name}</span>
                ${this.renderStatus(status)}
              </span>`
          : html`<span class="text">${this.renderStatus(status)}</span>`}
      </div>
    `;
  }

  private renderStatus(status: ConnectionStatus) {
    return html`<span class="status status--${status}" part="status">
      <span class="dot" aria-hidden="true"></span>
      <span class="label">${this.localize.term(LABELS[status])}</span>
    </span>`;
  }
}

