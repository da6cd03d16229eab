import { PlazaError } from '@plaza/protocol';
import type { Message, SendPayload } from '@plaza/protocol';
import { Backoff } from '../connection/backoff.js';
import type { Connection } from '../connection/connection.js';
import { withLock } from '../outbox/outbox-lock.js';
import type { Outbox, OutboxEntry } from '../outbox/outbox.js';
import { StateStore } from '../store/state-store.js';
import { newClientId } from './client-id.js';
import type { PendingMessage, SendInput } from './types.js';

export interface OutgoingHooks {
  /** The server stored a send (its ack): put the message where it belongs. */
  stored(message: Message): void;
  /** A failure no promise reports (the outbox could not be written). */
  failed(error: PlazaError): void;
}

/** Where the outbox of one user on one server lives, and the lock its flushes take. */
export interface OutboxScope {
  /** `<url>|<tenant>|<user>`: the key of the entries. */
  key: string;
  /** `plaza-outbox-<url>-<tenant>/<user>`: the Web Lock name shared by the user's tabs. */
  lockName: string;
}

/** Retries of a send that failed for a passing reason while the client stayed online. */
export const SEND_RETRY = { minMs: 1_000, maxMs: 30_000, jitter: 0.5 } as const;

interface Waiter {
  resolve(message: Message): void;
  reject(error: PlazaError): void;
}

/**
 * The sends the server has not stored yet: optimistic entries in per-channel `pending`
 * stores, kept in the outbox, flushed in send order (one at a time, under the outbox
 * lock) whenever the client is online, and settled by the server's answer or by the
 * message itself arriving (an ack lost on a dropped connection, another tab's flush).
 *
 * A retryable failure (`unavailable`, `rate_limited`, a timeout) leaves the entry pending
 * and stops the flush, so nothing overtakes it; it goes again on reconnect or after a
 * backoff. Any other error marks the entry failed and rejects its `send()`.
 */
export class Outgoing {
  readonly #connection: Connection;
  readonly #outbox: Outbox;
  readonly #hooks: OutgoingHooks;
  readonly #entries = new Map<string, PendingMessage>();
  readonly #stores = new Map<string, StateStore<readonly PendingMessage[]>>();
  readonly #waiters = new Map<string, Waiter>();
  /** Client ids written to the outbox under the current scope. */
  readonly #persisted = new Set<string>();
  readonly #backoff = new Backoff(SEND_RETRY);
  #scope: OutboxScope | null = null;
  #opened: Promise<void> = Promise.resolve();
  /** Outbox writes run one after another, so a delete never overtakes the put before it. */
  #writes: Promise<void> = Promise.resolve();
  #flushing: Promise<void> | null = null;
  #flushAgain = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(connection: Connection, outbox: Outbox, hooks: OutgoingHooks) {
    this.#connection = connection;
    this.#outbox = outbox;
    this.#hooks = hooks;
  }

  /** The pending store of one channel; the same store for the life of the client. */
  storeFor(channelId: string): StateStore<readonly PendingMessage[]> {
    let store = this.#stores.get(channelId);
    if (!store) {
      store = new StateStore<readonly PendingMessage[]>(this.#listFor(channelId));
      this.#stores.set(channelId, store);
    }
    return store;
  }

  /** Adds a send to the outbox, shows it as pending and flushes; resolves with the stored message. */
  send(channelId: string, input: SendInput): Promise<Message> {
    const attachments = [...(input.attachments ?? [])];
    if (typeof input.text !== 'string' || (input.text.trim() === '' && attachments.length === 0)) {
      return Promise.reject(new PlazaError('bad_request', 'text: a message needs text or an attachment'));
    }
    const entry: PendingMessage = {
      clientId: newClientId(),
      channelId,
      text: input.text,
      urgency: input.urgency ?? 'normal',
      threadRootId: input.threadRootId ?? null,
      attachments,
      state: 'pending',
      error: null,
      createdAt: new Date().toISOString(),
    };
    this.#entries.set(entry.clientId, entry);
    this.#publish(channelId);
    const settled = this.#wait(entry.clientId);
    this.#persist(entry);
    void this.flush();
    return settled;
  }

  /** Sends a failed (or pending) entry again under the same client id. */
  retry(clientId: string): Promise<Message> {
    const entry = this.#entries.get(clientId);
    if (!entry) return Promise.reject(new PlazaError('not_found', `no unsent message ${clientId}`));
    const settled = this.#waiters.has(clientId) ? this.#waitAgain(clientId) : this.#wait(clientId);
    if (entry.state === 'failed') {
      const next = this.#update(clientId, { state: 'pending', error: null });
      if (next) this.#persist(next);
    }
    this.#backoff.reset();
    void this.flush();
    return settled;
  }

  /** Drops an entry. Its `send()` rejects with `conflict`. */
  discard(clientId: string): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    this.#entries.delete(clientId);
    this.#publish(entry.channelId);
    this.#unpersist(clientId);
    this.#waiters.get(clientId)?.reject(new PlazaError('conflict', 'the message was discarded before it was sent'));
    this.#waiters.delete(clientId);
  }

  /**
   * A message arrived (ack, push, sync): if it is one of this user's unsent entries, the
   * entry is done. Returns whether it settled one.
   */
  settle(message: Message): boolean {
    const { clientId } = message;
    if (!clientId || message.authorId !== this.#connection.session?.user.id) return false;
    const entry = this.#entries.get(clientId);
    const waiter = this.#waiters.get(clientId);
    if (!entry && !waiter) return false;
    if (entry && entry.channelId !== message.channelId) return false;
    if (entry) {
      this.#entries.delete(clientId);
      this.#publish(entry.channelId);
      this.#unpersist(clientId);
    }
    this.#waiters.delete(clientId);
    waiter?.resolve(message);
    return true;
  }

  /**
   * The user is known (after sign-in): entries made before go into the outbox, and the
   * outbox's entries (a previous page's, another tab's) show as pending here.
   */
  open(scope: OutboxScope): Promise<void> {
    if (this.#scope?.key === scope.key) return this.#opened;
    this.#scope = scope;
    this.#persisted.clear();
    for (const entry of this.#entries.values()) this.#persist(entry);
    this.#opened = this.#reconcile(scope).catch((error: unknown) => this.#hooks.failed(outboxError(error)));
    return this.#opened;
  }

  /**
   * Sends the pending entries in order while online, under the outbox lock. Resolves when
   * the outbox is empty, the client went offline, or a send must wait for a retry.
   */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#flushAgain = true;
      return this.#flushing;
    }
    this.#clearRetry();
    const run = this.#opened.then(() => this.#runFlush());
    this.#flushing = run.finally(() => {
      this.#flushing = null;
      if (this.#flushAgain) {
        this.#flushAgain = false;
        void this.flush();
      }
    });
    return this.#flushing;
  }

  /** Stops the retry timer (on `client.close()`); entries stay for the next connect. */
  stop(): void {
    this.#clearRetry();
  }

  /** Resolves once every outbox write so far is done; for tests and shutdown. */
  idle(): Promise<void> {
    return this.#writes;
  }

  async #runFlush(): Promise<void> {
    if (this.#connection.status !== 'online') return;
    const scope = this.#scope;
    const work = async (): Promise<void> => {
      try {
        if (scope) await this.#reconcile(scope);
        for (;;) {
          if (this.#connection.status !== 'online') return;
          const next = this.#nextPending();
          if (!next) return;
          if (!(await this.#sendOne(next))) return;
        }
      } finally {
        // The next tab to take the lock must not find entries this one already sent.
        await this.#writes;
      }
    };
    if (scope) await withLock(scope.lockName, work);
    else await work();
  }

  #nextPending(): PendingMessage | undefined {
    return this.#sorted().find((entry) => entry.state === 'pending');
  }

  /** Sends one entry; returns false when the flush must stop (a retryable failure). */
  async #sendOne(entry: PendingMessage): Promise<boolean> {
    const { clientId } = entry;
    this.#update(clientId, { state: 'sending' });
    let message: Message;
    try {
      message = await this.#connection.request('chat:send', payloadOf(entry));
    } catch (caught) {
      const error = caught instanceof PlazaError ? caught : new PlazaError('internal', 'unexpected error', { cause: caught });
      if (!this.#entries.has(clientId)) return true;
      if (error.retryable) {
        this.#update(clientId, { state: 'pending', error });
        if (this.#connection.status === 'online') this.#scheduleRetry();
        return false;
      }
      const failed = this.#update(clientId, { state: 'failed', error });
      if (failed) this.#persist(failed);
      this.#waiters.get(clientId)?.reject(error);
      this.#waiters.delete(clientId);
      return true;
    }
    this.#backoff.reset();
    this.#hooks.stored(message);
    this.settle(message);
    return true;
  }

  /** Brings memory and the outbox together: entries another tab sent are gone, others' new ones appear. */
  async #reconcile(scope: OutboxScope): Promise<void> {
    const stored = await this.#queue(() => this.#outbox.list(scope.key));
    if (this.#scope !== scope) return;
    const storedIds = new Set(stored.map((entry) => entry.clientId));
    const touched = new Set<string>();
    for (const clientId of [...this.#persisted]) {
      if (storedIds.has(clientId)) continue;
      this.#persisted.delete(clientId);
      const entry = this.#entries.get(clientId);
      // Sent (or discarded) by another tab; its message arrives by push or resync, which
      // settles this tab's send() if it made it.
      if (entry && entry.state !== 'sending') {
        this.#entries.delete(clientId);
        touched.add(entry.channelId);
      }
    }
    for (const entry of stored) {
      this.#persisted.add(entry.clientId);
      const known = this.#entries.get(entry.clientId);
      if (known && known.state === 'sending') continue;
      const restored = fromEntry(entry);
      if (known && known.state === restored.state) continue;
      this.#entries.set(entry.clientId, restored);
      touched.add(entry.channelId);
    }
    for (const channelId of touched) this.#publish(channelId);
  }

  #wait(clientId: string): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      this.#waiters.set(clientId, { resolve, reject });
    });
  }

  /** A second caller waiting on the same entry (retry of a still pending send). */
  #waitAgain(clientId: string): Promise<Message> {
    const first = this.#waiters.get(clientId);
    return new Promise<Message>((resolve, reject) => {
      this.#waiters.set(clientId, {
        resolve: (message) => {
          first?.resolve(message);
          resolve(message);
        },
        reject: (error) => {
          first?.reject(error);
          reject(error);
        },
      });
    });
  }

  #update(clientId: string, changes: Partial<PendingMessage>): PendingMessage | null {
    const entry = this.#entries.get(clientId);
    if (!entry) return null;
    const next = { ...entry, ...changes };
    this.#entries.set(clientId, next);
    this.#publish(entry.channelId);
    return next;
  }

  #persist(entry: PendingMessage): void {
    const scope = this.#scope;
    if (!scope) return;
    const record = toEntry(scope.key, entry);
    void this.#queue(async () => {
      // Settled meanwhile: writing it now would bring a sent message back after a reload.
      if (!this.#entries.has(entry.clientId)) return;
      await this.#outbox.put(record);
      this.#persisted.add(entry.clientId);
    }).catch((error: unknown) => this.#hooks.failed(outboxError(error)));
  }

  #unpersist(clientId: string): void {
    const scope = this.#scope;
    this.#persisted.delete(clientId);
    if (!scope) return;
    void this.#queue(() => this.#outbox.delete(scope.key, clientId)).catch((error: unknown) =>
      this.#hooks.failed(outboxError(error)),
    );
  }

  #queue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(op);
    this.#writes = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #publish(channelId: string): void {
    this.#stores.get(channelId)?.set(this.#listFor(channelId));
  }

  #listFor(channelId: string): readonly PendingMessage[] {
    return this.#sorted().filter((entry) => entry.channelId === channelId);
  }

  #sorted(): PendingMessage[] {
    return [...this.#entries.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.flush();
    }, this.#backoff.next());
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}

function payloadOf(entry: PendingMessage): SendPayload {
  return {
    channelId: entry.channelId,
    clientId: entry.clientId,
    text: entry.text,
    urgency: entry.urgency,
    attachments: entry.attachments,
    ...(entry.threadRootId ? { threadRootId: entry.threadRootId } : {}),
  };
}

function toEntry(scope: string, pending: PendingMessage): OutboxEntry {
  return {
    scope,
    clientId: pending.clientId,
    channelId: pending.channelId,
    text: pending.text,
    urgency: pending.urgency,
    threadRootId: pending.threadRootId,
    attachments: [...pending.attachments],
    // `sending` is this page's business: after a reload it is pending again.
    state: pending.state === 'failed' ? 'failed' : 'pending',
    error: pending.state === 'failed' && pending.error ? pending.error.toBody() : null,
    createdAt: pending.createdAt,
  };
}

function fromEntry(entry: OutboxEntry): PendingMessage {
  return {
    clientId: entry.clientId,
    channelId: entry.channelId,
    text: entry.text,
    urgency: entry.urgency,
    threadRootId: entry.threadRootId,
    attachments: [...entry.attachments],
    state: entry.state,
    error: entry.error ? PlazaError.fromBody(entry.error) : null,
    createdAt: entry.createdAt,
  };
}

function outboxError(error: unknown): PlazaError {
  const detail = error instanceof Error ? error.message : String(error);
  return new PlazaError('internal', `the outbox could not be read or written: ${detail}`, { cause: error });
}
