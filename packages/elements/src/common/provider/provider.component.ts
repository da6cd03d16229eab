import { LitElement, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { PlazaError, createClient } from '@plaza/sdk/core';
import type { PlazaClient } from '@plaza/sdk';
import { clientContext } from '../../contexts/client-context.js';
import { PlazaErrorEvent } from '../../events/error-event.js';
import { PlazaStatusChangeEvent } from '../../events/status-change-event.js';
import { providerStyles } from './provider.styles.js';

/** The origin this module was loaded from: the Plaza server when loaded from `/sdk/plaza.js`. */
function defaultUrl(): string {
  try {
    const origin = new URL(import.meta.url).origin;
    if (origin !== 'null') return origin;
  } catch {
    // import.meta.url is not a URL (some bundlers rewrite it); fall through.
  }
  return location.origin;
}

function toPlazaError(error: unknown): PlazaError {
  if (error instanceof PlazaError) return error;
  return new PlazaError('internal', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** Properties that describe the client; a change to any of them replaces it. */
const CLIENT_PROPERTIES = ['url', 'token', 'tokenProvider', 'client'] as const;

/**
 * @tag plaza-provider
 * @summary Connects to a Plaza server and gives the client to every Plaza element inside it.
 *
 * @description The provider creates a client from `url` and a token, connects it, and
 * provides it through context to the elements it contains. It creates a new client when
 * `url`, `token` or `tokenProvider` change, and closes it when removed from the page.
 * Set `.client` instead to share a client the page created itself with `createClient()`;
 * the provider then neither connects nor closes it.
 *
 * Prefer `tokenProvider` to the `token` attribute: it is asked again on every reconnect,
 * so an expired token is replaced, and the token never sits in the DOM.
 *
 * @example
 * <plaza-provider url="https://plaza.example.com">
 *   <plaza-connection-status></plaza-connection-status>
 * </plaza-provider>
 * <script type="module">
 *   document.querySelector('plaza-provider').tokenProvider = async () =>
 *     (await (await fetch('/plaza-token')).json()).token;
 * </script>
 *
 * @slot - Page content containing Plaza elements.
 *
 * @event {PlazaStatusChangeEvent} plaza-status-change - The connection status changed;
 * `detail.status` is `connecting`, `online` or `offline`.
 * @event {PlazaErrorEvent} plaza-error - The client failed, e.g. the token was refused;
 * `detail.error.code` says why.
 */
export class PlazaProvider extends LitElement {
  static override styles = providerStyles;

  /** Base URL of the Plaza server. Defaults to the origin the Plaza script was loaded from. */
  @property() url?: string;

  /**
   * Tenant id the page signs in to. Informational: the server takes the tenant from the
   * token's `tid` claim.
   */
  @property() tenant?: string;

  /** A user token (JWT). Used when `tokenProvider` is not set. */
  @property() token?: string;

  /**
   * Async function returning a fresh user token; called on every (re)connect. May be set
   * before the element is defined: the value is kept and applied on upgrade.
   */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>;

  private readonly provider = new ContextProvider(this, { context: clientContext });
  private externalClient: PlazaClient | undefined;
  private ownClient: PlazaClient | undefined;
  private unsubscribers: Array<() => void> = [];
  private lastError: unknown;
  private needsClient = false;

  /**
   * The client given to descendants: the one set by the page, else the one the provider
   * created (undefined until it has a token).
   */
  @property({ attribute: false })
  get client(): PlazaClient | undefined {
    return this.externalClient ?? this.ownClient;
  }

  set client(client: PlazaClient | undefined) {
    this.externalClient = client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A provider moved in the DOM was torn down on disconnect; build its client again.
    this.needsClient = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tearDown();
    this.provider.setValue(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (CLIENT_PROPERTIES.some((name) => changed.has(name))) this.needsClient = true;
  }

  protected override updated(): void {
    if (!this.needsClient || !this.isConnected) return;
    this.needsClient = false;
    this.setUp();
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private setUp(): void {
    this.tearDown();
    const client = this.externalClient ?? this.createOwnClient();
    this.provider.setValue(client);
    if (!client) return;
    this.unsubscribers.push(
      client.on('status', (status) => {
        this.dispatchEvent(new PlazaStatusChangeEvent({ status }));
      }),
      client.on('error', (error) => this.reportError(error)),
    );
    if (client === this.ownClient) {
      client.connect().catch((error: unknown) => {
        // A client replaced meanwhile has nothing left to report.
        if (client === this.ownClient) this.reportError(error);
      });
    }
  }

  private createOwnClient(): PlazaClient | undefined {
    const token = this.tokenProvider ?? this.token;
    if (!token) return undefined;
    try {
      this.ownClient = createClient({ url: this.url || defaultUrl(), token });
    } catch (error) {
      // Invalid options (a malformed url…): an event the page can act on, rather than an
      // exception thrown from inside Lit's update.
      this.reportError(
        error instanceof PlazaError
          ? error
          : new PlazaError('bad_request', `invalid url or token: ${String(error)}`, { cause: error }),
      );
    }
    return this.ownClient;
  }

  private tearDown(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    this.lastError = undefined;
    const own = this.ownClient;
    this.ownClient = undefined;
    // Closing is best effort: the client is gone from the page either way.
    own?.close().catch(() => undefined);
  }

  private reportError(error: unknown): void {
    // The client may report one failure both as an 'error' event and as connect()'s rejection.
    if (error === this.lastError) return;
    this.lastError = error;
    this.dispatchEvent(new PlazaErrorEvent({ error: toPlazaError(error) }));
  }
}
