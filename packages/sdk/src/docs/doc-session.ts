import { PlazaError, type DocRole, type DocSyncPush } from '@plaza/protocol';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Connection } from '../connection/connection.js';
import type { Unsubscribe } from '../events/emitter.js';
import { StateStore } from '../store/state-store.js';
import { asBytes, awarenessMessage, readMessage, step1Message, step2Message, updateMessage } from './messages.js';
import type { DocSession, DocSessionState } from './types.js';

/** The origin of changes that came from the server: they are never sent back. */
const REMOTE = Symbol('plaza-remote');

/** Local updates merged into one message, at most this many bytes of them (the server takes up to 900 KB). */
const BATCH_BYTES = 256 * 1024;

const WRITERS: readonly DocRole[] = ['owner', 'editor'];

export interface SessionOptions {
  connection: Connection;
  docId: string;
  /** A failure no promise reports (a refused edit, a lost document). */
  report(error: PlazaError): void;
  /** Called once the session closed, by `close()` or by the server. */
  onClosed(session: PlazaDocSession): void;
}

/**
 * A document kept in sync over the Plaza socket with the y-protocols messages.
 *
 * On every (re)connect: `docs:open`, then sync step 1 (the server answers what this copy
 * lacks, its own state vector and who is here), then — for editors — step 2, the edits
 * the server lacks, which covers everything made offline. While synced, each local edit
 * is sent as an update; it counts as pending until the server acknowledges it (stored).
 * A send cut off by a lost connection needs no retry of its own: the next sync's step 2
 * carries it. Remote updates and awareness arrive as `docs:sync` pushes.
 */
export class PlazaDocSession implements DocSession {
  readonly docId: string;
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly state = new StateStore<DocSessionState>({ status: 'connecting', info: null, role: null, pending: 0, error: null });
  readonly #options: SessionOptions;
  /** Local updates not acknowledged yet, oldest first. */
  #pending: Uint8Array[] = [];
  #sending = false;
  /** Bumped by every sync round and by close: an answer to an older round is ignored. */
  #round = 0;
  #closed = false;
  readonly #unsubscribe: Unsubscribe[] = [];

  constructor(options: SessionOptions) {
    this.#options = options;
    this.docId = options.docId;
    this.awareness = new Awareness(this.doc);
    this.doc.on('update', this.#onLocalUpdate);
    this.awareness.on('update', this.#onAwarenessChange);
    const { connection } = options;
    this.#unsubscribe.push(
      connection.onPush('docs:sync', (push) => this.#onPush(push)),
      connection.onPush('docs:closed', (push) => {
        if (push.docId === this.docId) this.#end(new PlazaError('not_found', push.reason));
      }),
      connection.onReady(() => void this.#sync()),
    );
    if (connection.status === 'online') void this.#sync();
  }

  get #role(): DocRole | null {
    return this.state.get().role;
  }

  whenSynced(): Promise<void> {
    return this.#until((s) => s.status === 'synced');
  }

  whenSaved(): Promise<void> {
    return this.#until((s) => s.pending === 0);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const online = this.state.get().status === 'synced';
    if (online && this.#pending.length > 0 && this.#canWrite()) await this.whenSaved().catch(() => undefined);
    if (online) {
      // withdraw this client's cursor before leaving, so nobody keeps showing it
      removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
      await this.#options.connection.request('docs:close', { docId: this.docId }).catch(() => undefined);
    }
    this.#end(null);
  }

  // ---- sync ----------------------------------------------------------------------------------

  async #sync(): Promise<void> {
    if (this.#closed) return;
    const round = ++this.#round;
    const { connection } = this.#options;
    this.state.patch({ status: 'connecting' });
    try {
      const info = await connection.request('docs:open', { docId: this.docId });
      if (round !== this.#round) return;
      this.state.patch({ info, role: info.role, error: null });
      const { messages } = await connection.request('docs:sync', { docId: this.docId, message: step1Message(Y.encodeStateVector(this.doc)) });
      if (round !== this.#round) return;
      let serverVector: Uint8Array | null = null;
      for (const bytes of messages) serverVector = this.#receive(asBytes(bytes)) ?? serverVector;
      await this.#sendWhatServerLacks(round, serverVector);
      if (round !== this.#round) return;
      this.state.patch({ status: 'synced', pending: this.#pending.length });
      this.#announceSelf();
      void this.#flush();
    } catch (error) {
      if (round === this.#round) this.#failed(toPlazaError(error));
    }
  }

  /**
   * Step 2 to the server: everything this copy has that the server's state vector lacks,
   * offline edits included. Every update pending when it is computed is in it, so those
   * stop being pending once it is stored. A reader's local edits are dropped: the server
   * would refuse them.
   */
  async #sendWhatServerLacks(round: number, serverVector: Uint8Array | null): Promise<void> {
    if (!this.#canWrite()) {
      this.#dropPending(new PlazaError('forbidden', 'this document is read-only for you: local edits were not saved'));
      return;
    }
    if (serverVector === null) return;
    const covered = this.#pending.length;
    const diff = Y.encodeStateAsUpdate(this.doc, serverVector);
    if (hasContent(diff)) await this.#options.connection.request('docs:sync', { docId: this.docId, message: step2Message(diff) });
    if (round === this.#round) this.#pending.splice(0, covered);
  }

  /** Sends pending local edits, one merged batch at a time, while synced. */
  async #flush(): Promise<void> {
    if (this.#sending || this.state.get().status !== 'synced' || this.#pending.length === 0) return;
    if (!this.#canWrite()) {
      this.#dropPending(new PlazaError('forbidden', 'this document is read-only for you: local edits were not saved'));
      return;
    }
    if (this.#options.connection.status !== 'online') {
      // socket.io would hold the send until the reconnect, ahead of the sync that covers it anyway
      this.state.patch({ status: 'offline' });
      return;
    }
    const round = this.#round;
    const batch = takeBatch(this.#pending);
    this.#sending = true;
    try {
      const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
      await this.#options.connection.request('docs:sync', { docId: this.docId, message: updateMessage(update) });
      // in a newer round the sync's step 2 carried (and un-pended) these already
      if (round === this.#round) this.#pending.splice(0, batch.length);
    } catch (error) {
      const failure = toPlazaError(error);
      if (round !== this.#round) return;
      // `conflict`: the send reached a server that has not seen this session's `docs:open`
      // yet (a send held over a reconnect); like a lost connection, the next sync carries it
      if (failure.retryable || failure.code === 'conflict') {
        // kept: the sync after the reconnect carries them
        this.state.patch({ status: 'offline', error: failure });
        return;
      }
      this.#pending.splice(0, batch.length);
      this.state.patch({ error: failure });
      this.#options.report(failure);
    } finally {
      this.#sending = false;
      if (!this.#closed) this.state.patch({ pending: this.#pending.length });
    }
    void this.#flush();
  }

  readonly #onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE || this.#closed) return;
    this.#pending.push(update);
    this.state.patch({ pending: this.#pending.length });
    void this.#flush();
  };

  #onPush(push: DocSyncPush): void {
    if (push.docId === this.docId && !this.#closed) this.#receive(asBytes(push.message));
  }

  /** Applies a message from the server; answers the state vector of a step 1. */
  #receive(bytes: Uint8Array): Uint8Array | null {
    const message = readMessage(bytes);
    if (!message) return null;
    if (message.kind === 'step1') return message.stateVector;
    if (message.kind === 'awareness') applyAwarenessUpdate(this.awareness, message.update, REMOTE);
    else Y.applyUpdate(this.doc, message.update, REMOTE);
    return null;
  }

  // ---- awareness -----------------------------------------------------------------------------

  readonly #onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === REMOTE) return;
    const me = this.doc.clientID;
    if ([...added, ...updated, ...removed].includes(me)) this.#sendAwareness();
  };

  /** After a (re)sync the server has forgotten this client's state: announce it again. */
  #announceSelf(): void {
    if (this.awareness.getLocalState() !== null) this.#sendAwareness();
  }

  /** Awareness is a live signal: sent when synced, never queued or retried. */
  #sendAwareness(): void {
    if (this.state.get().status !== 'synced' || this.#options.connection.status !== 'online') return;
    const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.#options.connection.request('docs:sync', { docId: this.docId, message }).catch(() => undefined);
  }

  // ---- state ---------------------------------------------------------------------------------

  #canWrite(): boolean {
    const role = this.#role;
    return role !== null && WRITERS.includes(role);
  }

  #dropPending(reason: PlazaError): void {
    if (this.#pending.length === 0) return;
    this.#pending = [];
    this.state.patch({ pending: 0, error: reason });
    this.#options.report(reason);
  }

  /** A sync round failed: wait for the next connection, or give up on a refusal. */
  #failed(error: PlazaError): void {
    if (error.retryable) this.state.patch({ status: 'offline', error });
    else this.#end(error);
  }

  #end(error: PlazaError | null): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#round++;
    for (const off of this.#unsubscribe.splice(0)) off();
    this.doc.off('update', this.#onLocalUpdate);
    this.awareness.off('update', this.#onAwarenessChange);
    this.awareness.destroy();
    this.state.patch({ status: 'closed', error });
    if (error) this.#options.report(error);
    this.#options.onClosed(this);
  }

  #until(done: (state: DocSessionState) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (state: DocSessionState): boolean => {
        if (done(state)) resolve();
        else if (state.status === 'closed') reject(state.error ?? new PlazaError('unavailable', 'the document session was closed'));
        else return false;
        return true;
      };
      if (check(this.state.get())) return;
      const off = this.state.subscribe((state) => {
        if (check(state)) off();
      });
    });
  }
}

/** The oldest pending updates up to `BATCH_BYTES` (at least one). */
function takeBatch(pending: readonly Uint8Array[]): Uint8Array[] {
  let bytes = 0;
  let count = 0;
  while (count < pending.length && (count === 0 || bytes + pending[count].byteLength <= BATCH_BYTES)) {
    bytes += pending[count].byteLength;
    count++;
  }
  return pending.slice(0, count);
}

/** Whether an update carries anything (an empty one is two zero bytes). */
function hasContent(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length > 0 || ds.clients.size > 0;
}

function toPlazaError(error: unknown): PlazaError {
  return error instanceof PlazaError ? error : new PlazaError('internal', error instanceof Error ? error.message : String(error));
}
