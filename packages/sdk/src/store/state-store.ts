import type { Unsubscribe } from '../events/emitter.js';
import { reportListenerError } from '../events/report-error.js';
import { shallowEqual } from './shallow-equal.js';

/** Called after the value changed, with the new and the previous value. */
export type StoreListener<T> = (next: T, previous: T) => void;

/** What `patch` accepts: some of the fields of an object state; nothing for other states. */
export type StatePatch<T> = T extends readonly unknown[]
  ? never
  : T extends (...args: never[]) => unknown
    ? never
    : T extends object
      ? Partial<T>
      : never;

/**
 * A small observable value: the SDK keeps every piece of state (connection, message lists,
 * task lists…) in one of these, and the elements bridge them to rendering.
 *
 * Values are treated as immutable: `set` and `patch` replace the value, and a value that
 * is `Object.is`-equal to the current one notifies nobody.
 *
 * `subscribe` does **not** call the listener with the current value: read `get()` when you
 * subscribe, then react to changes. (Calling at once would make every subscriber handle a
 * "change" that did not happen, and render twice on connect.)
 *
 * @example
 * const store = new StateStore({ count: 0, label: 'a' });
 * const off = store.subscribeWithSelector((s) => s.count, (count) => render(count));
 * store.patch({ label: 'b' }); // the selector's value did not change: no call
 * store.patch({ count: 1 });   // render(1)
 * off();
 */
export class StateStore<T> {
  #value: T;
  readonly #listeners = new Set<StoreListener<T>>();
  /** Bumped on every change, so a notification round can tell it has been overtaken. */
  #version = 0;

  constructor(initial: T) {
    this.#value = initial;
  }

  /** The current value. */
  get(): T {
    return this.#value;
  }

  /** Replaces the value and notifies subscribers, unless `next` is the current value. */
  set(next: T): void {
    const previous = this.#value;
    if (Object.is(previous, next)) return;
    this.#value = next;
    const version = ++this.#version;
    for (const listener of [...this.#listeners]) {
      // A listener that set the value again has already notified everyone of the newer
      // value; going on would hand the remaining listeners a stale one.
      if (version !== this.#version) return;
      if (!this.#listeners.has(listener)) continue;
      try {
        listener(next, previous);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  /**
   * Merges `partial` into an object value (a shallow copy with the given fields replaced).
   * A patch that changes no field notifies nobody.
   */
  patch(partial: StatePatch<T>): void {
    const current = this.#value as Record<string, unknown>;
    const changes = partial as Record<string, unknown>;
    const changed = Object.keys(changes).some(
      (key) => !Object.hasOwn(current, key) || !Object.is(current[key], changes[key]),
    );
    if (!changed) return;
    this.set({ ...current, ...changes } as T);
  }

  /** Calls `listener` after each change (not with the current value); returns an unsubscribe. */
  subscribe(listener: StoreListener<T>): Unsubscribe {
    // A wrapper, so subscribing one function twice gives two independent subscriptions.
    const entry: StoreListener<T> = (next, previous) => listener(next, previous);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Calls `listener` only when `selector`'s result changes. Results are compared with
   * `Object.is`, or shallowly when the selector returns an array or a plain object, so
   * `(s) => [s.a, s.b]` fires when `a` or `b` changes and not on every change.
   * Like `subscribe`, it does not call `listener` with the current selection.
   */
  subscribeWithSelector<S>(
    selector: (value: T) => S,
    listener: (selected: S, previous: S) => void,
  ): Unsubscribe {
    let selected = selector(this.#value);
    return this.subscribe((next) => {
      const previous = selected;
      const candidate = selector(next);
      if (shallowEqual(previous, candidate)) return;
      selected = candidate;
      listener(candidate, previous);
    });
  }

  /** How many subscriptions are active; for tests and leak checks. */
  get subscriberCount(): number {
    return this.#listeners.size;
  }
}
