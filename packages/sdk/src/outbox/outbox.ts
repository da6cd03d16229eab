import type { ErrorBody, Urgency } from '@plaza/protocol';

/**
 * A send kept in the outbox until the server has stored it. `scope` names the server and
 * the user it belongs to (`<url>|<tenant>|<user>`), so one browser profile can hold the
 * outboxes of several users or servers without one flushing another's.
 */
export interface OutboxEntry {
  scope: string;
  clientId: string;
  channelId: string;
  text: string;
  urgency: Urgency;
  threadRootId: string | null;
  attachments: string[];
  /** `failed`: the server refused it for good; it stays until retried or discarded. */
  state: 'pending' | 'failed';
  error: ErrorBody | null;
  createdAt: string;
}

/**
 * Where unsent messages wait: in memory (Node, and browsers without IndexedDB) or in
 * IndexedDB (browsers: they survive a reload). Pass your own to `createClient({ outbox })`
 * to keep them elsewhere.
 *
 * Entries are listed in `clientId` order, which is send order (client ids are time-ordered).
 *
 * @example
 * const client = createClient({ url, token, outbox: new MemoryOutbox() });
 */
export interface Outbox {
  /** Every entry of `scope`, in `clientId` order. */
  list(scope: string): Promise<OutboxEntry[]>;
  /** Adds or replaces the entry with this scope and client id. */
  put(entry: OutboxEntry): Promise<void>;
  /** Removes an entry; removing one that is not there does nothing. */
  delete(scope: string, clientId: string): Promise<void>;
}

/** Orders entries by `clientId` (time-ordered ids: send order). */
export function bySendOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}
