import type { Outbox, OutboxEntry } from './outbox.js';

/** The default database name. */
export const OUTBOX_DATABASE = 'plaza-outbox';
const STORE = 'entries';

/**
 * The outbox in IndexedDB (browsers' default): unsent messages survive a reload and are
 * flushed by the next page of the same user. Several tabs share it; the client flushes it
 * under a Web Lock, so only one tab sends at a time.
 *
 * Keys are `[scope, clientId]`, so one scope's entries come back in send order from a key
 * range, without an index. Written against IndexedDB itself rather than `idb`: three
 * one-request transactions need no wrapper library in the chat panel's bundle.
 *
 * @example
 * const client = createClient({ url, token, outbox: new IndexedDbOutbox() });
 */
export class IndexedDbOutbox implements Outbox {
  readonly #name: string;
  #db: Promise<IDBDatabase> | null = null;

  constructor(name: string = OUTBOX_DATABASE) {
    this.#name = name;
  }

  list(scope: string): Promise<OutboxEntry[]> {
    return this.#run('readonly', (store) => store.getAll(IDBKeyRange.bound([scope, ''], [scope, '\uffff'])) as IDBRequest<OutboxEntry[]>);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.#run('readwrite', (store) => store.put(entry));
  }

  async delete(scope: string, clientId: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete([scope, clientId]));
  }

  /** Closes the database connection; the next call opens it again. */
  close(): void {
    const db = this.#db;
    this.#db = null;
    void db?.then((opened) => opened.close(), () => undefined);
  }

  /** One request in its own transaction; resolves once the transaction has committed. */
  async #run<T>(mode: IDBTransactionMode, request: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const made = request(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(made.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error ?? made.error ?? new Error('the transaction was aborted'));
    });
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(this.#name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ['scope', 'clientId'] });
      request.onsuccess = () => {
        const db = request.result;
        // Another page wants a newer version (or to delete the database): let it.
        db.onversionchange = () => this.close();
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error(`could not open ${this.#name}`));
    });
    const opening = this.#db;
    opening.catch(() => {
      if (this.#db === opening) this.#db = null;
    });
    return opening;
  }
}
