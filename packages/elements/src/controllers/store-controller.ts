import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StateStore } from '@plaza/sdk';

/** What the controller needs of a store: a current value and change notifications. */
export type ReadableStore<T> = Pick<StateStore<T>, 'get' | 'subscribe'>;

/**
 * Bridges an SDK `StateStore` to a Lit element: the host re-renders when the selected part
 * of the store changes. It subscribes while the host is connected and unsubscribes when it
 * disconnects, so a removed element never leaks a listener.
 *
 * @example
 * class Status extends LitElement {
 *   private readonly status = new StoreController(this, client.state, (s) => s.status);
 *   render() { return html`${this.status.value}`; }
 * }
 */
export class StoreController<T, S = T> implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly select: (value: T) => S;
  private store: ReadableStore<T> | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;
  private selected: S | undefined;

  constructor(
    host: ReactiveControllerHost,
    store?: ReadableStore<T>,
    select: (value: T) => S = (value) => value as unknown as S,
  ) {
    this.host = host;
    this.select = select;
    this.store = store;
    this.selected = store ? select(store.get()) : undefined;
    host.addController(this);
  }

  /** The selected value, or `undefined` while there is no store. */
  get value(): S | undefined {
    return this.selected;
  }

  /** Follows another store (or none), e.g. when the element's client changes. */
  setStore(store: ReadableStore<T> | undefined): void {
    if (store === this.store) return;
    this.detach();
    this.store = store;
    if (this.connected) this.attach();
    else this.update(store ? this.select(store.get()) : undefined);
  }

  hostConnected(): void {
    this.connected = true;
    this.attach();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.detach();
  }

  private attach(): void {
    const store = this.store;
    if (!store) {
      this.update(undefined);
      return;
    }
    // The store may have changed while the host was disconnected, and subscribe() does not
    // call back with the current value: read it now.
    this.update(this.select(store.get()));
    this.unsubscribe = store.subscribe(() => this.update(this.select(store.get())));
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private update(next: S | undefined): void {
    if (Object.is(next, this.selected)) return;
    this.selected = next;
    this.host.requestUpdate();
  }
}
