import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { Outbox, OutboxEntry } from './outbox.js';

/** The default database name. */
export const OUTBOX_DATABASE = 'plaza-outbox';

interface OutboxSchema extends DBSchema {
  entries: {
    key: [string, string];
    value: OutboxEntry;
  };
}

/**
 * The outbox in IndexedDB (browsers' default): unsent messages survive a reload and are
 * flushed by the next page of the same user. Several tabs share it; the client flushes it
 * under a Web Lock, so only one tab sends at a time.
 *
 * Keys are `[scope, clientId]`, so one scope's entries come back in send order from a key
 * range, without an index.
 *
 * @example
 * const client = createClient({ url, token, outbox: new IndexedDbOutbox() });
 */
export class IndexedDbOutbox implements Outbox {
  readonly #name: string;
  #db: Promise<IDBPDatabase<OutboxSchema>> | null = null;

  constructor(name: string = OUTBOX_DATABASE) {
    this.#name = name;
  }

  async list(scope: string): Promise<OutboxEntry[]> {
    const db = await this.#open();
    // '\uffff' sorts after every client id (they are [\w-]+).
    return db.getAll('entries', IDBKeyRange.bound([scope, ''], [scope, '\uffff']));
  }

  async put(entry: OutboxEntry): Promise<void> {
    const db = await this.#open();
    await db.put('entries', entry);
  }

  async delete(scope: string, clientId: string): Promise<void> {
    const db = await this.#open();
    await db.delete('entries', [scope, clientId]);
  }

  /** Closes the database connection; the next call opens it again. */
  close(): void {
    const db = this.#db;
    this.#db = null;
    void db?.then((opened) => opened.close(), () => undefined);
  }

  #open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.#db ??= openDB<OutboxSchema>(this.#name, 1, {
      upgrade(db) {
        db.createObjectStore('entries', { keyPath: ['scope', 'clientId'] });
      },
      // Another tab wants a newer version of the database: let it, and reopen on next use.
      blocking: () => this.close(),
    });
    const opening = this.#db;
    opening.catch(() => {
      if (this.#db === opening) this.#db = null;
    });
    return opening;
  }
}
