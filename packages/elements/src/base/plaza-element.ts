import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextConsumer } from '@lit/context';
import type { PlazaClient } from '@plaza/sdk';
import { clientContext } from '../contexts/client-context.js';
import { LocalizeController } from '../controllers/localize-controller.js';

/**
 * Base class of every Plaza element: finds the client (an explicit `.client` property, else
 * the nearest `<plaza-provider>`) and the language (`lang` on the element or an ancestor).
 *
 * Subclasses react to a new client in `willUpdate(changed)` with `changed.has('client')`,
 * whichever way it arrived.
 */
export class PlazaElement extends LitElement {
  private explicitClient: PlazaClient | undefined;
  private providedClient: PlazaClient | undefined;

  /**
   * Colour scheme: `light` (default), `dark`, or `auto` to follow the system setting.
   * Pages can also restyle any element through the `--plaza-*` tokens.
   */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /** @internal */
  protected readonly localize = new LocalizeController(this);

  constructor() {
    super();
    new ContextConsumer(this, {
      context: clientContext,
      subscribe: true,
      callback: (client) => {
        const old = this.client;
        this.providedClient = client;
        this.requestUpdate('client', old);
      },
    });
  }

  /**
   * Renders once the strings of the element's language are in: Lit's hook for deferring an
   * update, so property changes made meanwhile are kept for it. Until then the element
   * shows what it showed before (nothing, the first time) and is `aria-busy`.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.localize.loading;
    if (!loading) return super.scheduleUpdate();
    this.setAttribute('aria-busy', 'true');
    return loading.then(() => {
      this.removeAttribute('aria-busy');
      return super.scheduleUpdate();
    });
  }

  /**
   * The Plaza client the element talks to. Set it to use an element without a
   * `<plaza-provider>`; when unset, the nearest provider's client is used.
   */
  @property({ attribute: false })
  get client(): PlazaClient | undefined {
    return this.explicitClient ?? this.providedClient;
  }

  // Lit wraps this accessor and calls requestUpdate('client', old) itself.
  set client(client: PlazaClient | undefined) {
    this.explicitClient = client;
  }
}
