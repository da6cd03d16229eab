import { reportListenerError } from './report-error.js';

/** Stops a listener or subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/** A listener for the event `K` of the event map `Events`. */
export type Listener<Events extends object, K extends keyof Events> = (payload: Events[K]) => void;

/**
 * A typed event emitter over an exact event map: each event name has one payload type,
 * so `on('status', fn)` gives `fn` exactly the status type and a misspelt name does not
 * compile.
 *
 * A listener that throws does not stop the others (see {@link reportListenerError}).
 *
 * @example
 * interface Events { status: 'online' | 'offline'; error: Error }
 * const events = new Emitter<Events>();
 * const off = events.on('status', (s) => console.log(s));
 * events.emit('status', 'online');
 * off();
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events, K>): Unsubscribe {
    let listeners = this.#listeners.get(name);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(name, listeners);
    }
    // A wrapper makes every subscription distinct, so adding the same function twice
    // needs two unsubscribes, as with separate subscriptions anywhere else.
    const entry = (payload: never): void => listener(payload);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  /** Calls every listener of `name` with `payload`, in the order they were added. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const listeners = this.#listeners.get(name);
    if (!listeners) return;
    // A snapshot: listeners added while emitting wait for the next event.
    for (const listener of [...listeners]) {
      if (!listeners.has(listener)) continue;
      try {
        (listener as Listener<Events, K>)(payload);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  /** How many listeners `name` has; for tests and leak checks. */
  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0;
  }

  /** Removes every listener of every event. */
  clear(): void {
    this.#listeners.clear();
  }
}
