/**
 * Reports an error thrown by a listener without letting it stop the other listeners or
 * the SDK code that notified them.
 *
 * Rethrown on a microtask, like `EventTarget` does: browsers show it in the console and in
 * `window.onerror`, Node reports it as an uncaught exception, and test runners fail the
 * test instead of the error disappearing into a `console.error`.
 */
export function reportListenerError(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
