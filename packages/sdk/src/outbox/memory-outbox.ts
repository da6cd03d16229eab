import { bySendOrder } from './outbox.js';
import type { Outbox, OutboxEntry } from './outbox.js';

/**
 * The outbox in memory: Node's default, and browsers' when IndexedDB is missing. Entries
 * last as long as the process (share one instance between clients to let a second client
 * flush what the first left).
 *
 * @example
 * const outbox = new MemoryOutbox();
 * const client = createClient({ url, token, outbox });
 */
export class MemoryOutbox implements Outbox {
  readonly #entries = new Map<string, OutboxEntry>();

  list(scope: string): Promise<OutboxEntry[]> {
    const entries = [...this.#entries.values()].filter((e) => e.scope === scope).sort(bySendOrder);
    return Promise.resolve(entries.map((e) => structuredClone(e)));
  }

  put(entry: OutboxEntry): Promise<void> {
    // A copy, as IndexedDB would store one: later changes to the caller's object do not leak in.
    this.#entries.set(key(entry.scope, entry.clientId), structuredClone(entry));
    return Promise.resolve();
  }

  delete(scope: string, clientId: string): Promise<void> {
    this.#entries.delete(key(scope, clientId));
    return Promise.resolve();
  }
}

function key(scope: string, clientId: string): string {
  return `${scope}\u0000${clientId}`;
}
