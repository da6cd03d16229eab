import type { Logger } from 'pino';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { docFromParts } from './content.js';
import type { StoredState } from './log.js';

/**
 * The documents this node holds in memory: one Y.Doc (and the awareness of its clients)
 * per document some socket of this node has open, loaded from the snapshot and the log,
 * dropped when the last of them closes it. It answers sync step 1 without touching the
 * database.
 *
 * It follows the log by seq: every update stored through any node arrives with its seq
 * (from this node directly, from others through `docs:update`), and `seq` is the point up
 * to which all of them are applied. An update that arrives ahead of one still missing
 * (another node's, in flight) is applied at once — Yjs merges in any order — and the gap
 * is filled from the database, so a lost inter-node message cannot leave a copy behind.
 */
export interface LoadedDoc {
  readonly key: string;
  readonly tenantId: string;
  readonly docId: string;
  readonly ydoc: Y.Doc;
  readonly awareness: Awareness;
  /** Every stored update up to this seq is applied. */
  seq: number;
  /** Seqs applied out of order, above `seq`. */
  readonly ahead: Set<number>;
  /** Sockets of this node holding it open → the awareness client ids each introduced. */
  readonly holders: Map<string, Set<number>>;
  /** The catch-up reads queued for it, one after another. */
  catchingUp: Promise<void>;
}

export interface DocMemoryOptions {
  /** Reads what is stored after a seq (see `log.ts` `readState`). */
  read(tenantId: string, docId: string, afterSeq: number): Promise<StoredState | null>;
  /** After every update applied (a pause timer starts from here). */
  onApplied?(doc: LoadedDoc): void;
  /** Once a document was loaded. */
  onLoaded?(doc: LoadedDoc): void;
  /** When the last socket closed it, before it is dropped. */
  onUnload?(doc: LoadedDoc): void;
  log: Logger;
}

export function docKey(tenantId: string, docId: string): string {
  return `${tenantId}:${docId}`;
}

export class DocMemory {
  private readonly loading = new Map<string, Promise<LoadedDoc | null>>();
  private readonly loaded = new Map<string, LoadedDoc>();
  /** Which sockets want each document (set before its load finishes). */
  private readonly wanted = new Map<string, Set<string>>();
  /** Documents each socket holds, to let go of them all when it disconnects. */
  private readonly bySocket = new Map<string, Set<string>>();

  constructor(private readonly options: DocMemoryOptions) {}

  get(tenantId: string, docId: string): LoadedDoc | undefined {
    return this.loaded.get(docKey(tenantId, docId));
  }

  /** Every document this node holds (for shutdown). */
  all(): LoadedDoc[] {
    return [...this.loaded.values()];
  }

  /** The document, loaded if need be, now held by `socketId` too. Null when it does not exist. */
  async hold(tenantId: string, docId: string, socketId: string): Promise<LoadedDoc | null> {
    const key = docKey(tenantId, docId);
    setAdd(this.wanted, key, socketId);
    setAdd(this.bySocket, socketId, key);
    const current = this.loaded.get(key);
    let pending = current ? Promise.resolve(current) : this.loading.get(key);
    if (!pending) {
      pending = this.load(key, tenantId, docId);
      this.loading.set(key, pending);
    }
    let doc: LoadedDoc | null;
    try {
      doc = await pending;
    } catch (error) {
      this.forget(key, socketId);
      throw error;
    }
    if (!doc) {
      this.forget(key, socketId);
      return null;
    }
    if (!this.wanted.get(key)?.has(socketId)) return doc; // released while loading
    if (!doc.holders.has(socketId)) doc.holders.set(socketId, new Set());
    return doc;
  }

  /**
   * `socketId` lets go of the document; the last one to do so unloads it. Answers the
   * awareness update that removes the cursors the socket had introduced (null when it
   * had none), for telling the others.
   */
  release(tenantId: string, docId: string, socketId: string): Uint8Array | null {
    const key = docKey(tenantId, docId);
    const doc = this.loaded.get(key);
    const clients = [...(doc?.holders.get(socketId) ?? [])];
    let removal: Uint8Array | null = null;
    if (doc && clients.length > 0) {
      removeAwarenessStates(doc.awareness, clients, 'leave');
      removal = encodeAwarenessUpdate(doc.awareness, clients);
    }
    doc?.holders.delete(socketId);
    this.forget(key, socketId);
    return removal;
  }

  /** Everything `socketId` held, released; answers each document's awareness removal. */
  releaseSocket(socketId: string): { tenantId: string; docId: string; removal: Uint8Array | null }[] {
    const released: { tenantId: string; docId: string; removal: Uint8Array | null }[] = [];
    for (const key of [...(this.bySocket.get(socketId) ?? [])]) {
      const doc = this.loaded.get(key);
      if (doc) released.push({ tenantId: doc.tenantId, docId: doc.docId, removal: this.release(doc.tenantId, doc.docId, socketId) });
      else this.forget(key, socketId);
    }
    return released;
  }

  /**
   * Applies a stored update (`seq` from the log) if this node holds the document. Gaps
   * below it are filled from the database.
   */
  applyStored(tenantId: string, docId: string, seq: number, update: Uint8Array): void {
    const doc = this.loaded.get(docKey(tenantId, docId));
    if (!doc || seq <= doc.seq) return;
    this.applyTo(doc, [update]);
    doc.ahead.add(seq);
    advance(doc);
    this.options.onApplied?.(doc);
    if (doc.ahead.size > 0) void this.catchUp(doc);
  }

  /**
   * Reads and applies whatever the database holds past the document's `seq`. Each call
   * queues a fresh read after the ones before it, so a caller that awaits it has every
   * update committed before the call.
   */
  catchUp(doc: LoadedDoc): Promise<void> {
    doc.catchingUp = doc.catchingUp.then(async () => {
      if (this.loaded.get(doc.key) !== doc) return;
      try {
        const stored = await this.options.read(doc.tenantId, doc.docId, doc.seq);
        if (!stored || stored.seq <= doc.seq) return;
        this.applyTo(doc, stored.parts);
        doc.seq = stored.seq;
        for (const seq of doc.ahead) if (seq <= doc.seq) doc.ahead.delete(seq);
        advance(doc);
        this.options.onApplied?.(doc);
      } catch (error) {
        this.options.log.error({ err: error, docId: doc.docId }, 'catching a document up failed');
      }
    });
    return doc.catchingUp;
  }

  /** Drops every document (shutdown): their timers stop, nothing is saved. */
  clear(): void {
    for (const doc of this.loaded.values()) destroy(doc);
    this.loaded.clear();
    this.loading.clear();
    this.wanted.clear();
    this.bySocket.clear();
  }

  private async load(key: string, tenantId: string, docId: string): Promise<LoadedDoc | null> {
    try {
      const stored = await this.options.read(tenantId, docId, 0);
      if (!stored) return null;
      const ydoc = docFromParts(stored.parts, this.options.log);
      const awareness = new Awareness(ydoc);
      // the server is not a participant: it has no cursor to show
      awareness.setLocalState(null);
      const doc: LoadedDoc = { key, tenantId, docId, ydoc, awareness, seq: stored.seq, ahead: new Set(), holders: new Map(), catchingUp: Promise.resolve() };
      this.loaded.set(key, doc);
      this.options.onLoaded?.(doc);
      // everyone may have let go while it loaded
      if (!this.wanted.has(key)) this.unload(key);
      return doc;
    } finally {
      this.loading.delete(key);
    }
  }

  private forget(key: string, socketId: string): void {
    setDelete(this.bySocket, socketId, key);
    if (setDelete(this.wanted, key, socketId) && !this.loading.has(key)) this.unload(key);
  }

  private unload(key: string): void {
    const doc = this.loaded.get(key);
    if (!doc) return;
    this.loaded.delete(key);
    this.options.onUnload?.(doc);
    destroy(doc);
  }

  private applyTo(doc: LoadedDoc, parts: readonly Uint8Array[]): void {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc.ydoc, part);
      } catch (error) {
        this.options.log.error({ err: error, docId: doc.docId }, 'a stored document update does not apply');
      }
    }
  }
}

/** Moves `seq` over every seq applied out of order that now follows on. */
function advance(doc: LoadedDoc): void {
  while (doc.ahead.delete(doc.seq + 1)) doc.seq += 1;
}

function destroy(doc: LoadedDoc): void {
  doc.awareness.destroy();
  doc.ydoc.destroy();
}

function setAdd(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Removes `value`; true when the set became empty (and was dropped). */
function setDelete(map: Map<string, Set<string>>, key: string, value: string): boolean {
  const set = map.get(key);
  if (!set) return false;
  set.delete(value);
  if (set.size > 0) return false;
  map.delete(key);
  return true;
}
