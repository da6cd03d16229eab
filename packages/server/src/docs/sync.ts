import { PlazaError, type DocInfo, type DocRole, type DocSyncResult, type DocVersion, type DocVersionPage, type ParsedPayload } from '@plaza/protocol';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { groupCommit, type Transact } from '../storage/group-commit.js';
import { requireRole, type DocActor } from './access.js';
import { addsNothing, checkUpdate, docFromParts } from './content.js';
import { appendUpdate, compact, readState } from './log.js';
import { exportMarkdown } from './markdown-export.js';
import { DocMemory, docKey, type LoadedDoc } from './memory.js';
import { awarenessClients, awarenessMessage, readMessage, step1Message, step2Message, updateMessage } from './messages.js';
import { docView, versionUsers, versionView, type VersionMeta } from './queries.js';
import type { DocService } from './service.js';
import { restoreVersion, saveVersion } from './versions.js';

export interface DocsOptions {
  /** Updates the log holds past the snapshot before it is compacted. */
  compactAfter: number;
  /** Quiet time after the last edit before an automatic version is saved, ms. */
  autoVersionAfterMs: number;
}

export const DEFAULT_DOCS_OPTIONS: DocsOptions = { compactAfter: 500, autoVersionAfterMs: 5 * 60_000 };

/**
 * A document's content over the socket: opening and closing, the y-protocols sync and
 * awareness messages (each checked against the sender's role as it is now), the update
 * log behind them, compaction, versions, and keeping this node's loaded copies in step
 * with updates stored through other nodes.
 */
export class DocSync {
  readonly memory: DocMemory;
  private readonly transact: Transact;
  private readonly autoVersionTimers = new Map<string, NodeJS.Timeout>();
  private readonly compacting = new Set<string>();
  /** Per socket and document: the message being handled (see `sync`). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: PlazaContext,
    private readonly realtime: Realtime,
    private readonly service: DocService,
    private readonly options: DocsOptions,
  ) {
    this.transact = groupCommit(ctx.storage);
    this.memory = new DocMemory({
      read: (tenantId, docId, afterSeq) => readState(ctx.storage.db, tenantId, docId, afterSeq),
      onApplied: (doc) => this.armAutoVersion(doc.tenantId, doc.docId),
      onLoaded: (doc) => void this.armIfUnversioned(doc),
      onUnload: (doc) => this.flushAutoVersion(doc.tenantId, doc.docId),
      log: ctx.log,
    });
    realtime.onOtherNodes('docs:update', ({ tenantId, docId, seq, update }) => this.memory.applyStored(tenantId, docId, seq, new Uint8Array(update)));
    realtime.onConnection((socket) => {
      socket.on('disconnect', () => this.releaseSocket(socket));
      return Promise.resolve();
    });
  }

  private actor(socket: PlazaSocket): Promise<DocActor> {
    return this.service.actorFor(socket.data.tenantId, socket.data.userKey);
  }

  // ---- open, close, sync ---------------------------------------------------------------------

  /**
   * Joins the document's room, loads it on this node if need be, and catches the loaded
   * copy up with the database. Joining comes first: an update stored after the catch-up
   * read is broadcast after it was stored, so it reaches the socket through the room.
   */
  async open(socket: PlazaSocket, docId: string): Promise<DocInfo> {
    const { tenantId } = socket.data;
    const { doc, role } = await this.service.docAccess(await this.actor(socket), docId);
    this.realtime.joinDoc(socket, docId, doc.space_id);
    const loaded = await this.memory.hold(tenantId, docId, socket.id);
    if (!loaded) {
      this.realtime.leaveDoc(socket, docId);
      throw new PlazaError('not_found', 'document not found');
    }
    await this.memory.catchUp(loaded);
    return docView(doc, role, await this.service.hostIds.of(this.ctx.storage.db, tenantId, [doc.created_by, doc.updated_by]));
  }

  close(socket: PlazaSocket, docId: string): { docId: string } {
    this.realtime.leaveDoc(socket, docId);
    this.announceRemoval(socket.data.tenantId, docId, this.memory.release(socket.data.tenantId, docId, socket.id));
    return { docId };
  }

  private releaseSocket(socket: PlazaSocket): void {
    for (const { tenantId, docId, removal } of this.memory.releaseSocket(socket.id)) this.announceRemoval(tenantId, docId, removal);
  }

  private announceRemoval(tenantId: string, docId: string, removal: Uint8Array | null): void {
    if (removal) this.realtime.emitToDoc(tenantId, docId, 'docs:sync', { docId, message: awarenessMessage(removal) });
  }

  /**
   * One y-protocols message from a socket that holds the document open. The sender's role
   * is read afresh for every message: step 1 and awareness need a reader, step 2 and
   * updates an editor — a viewer's or commenter's update is refused `forbidden` and
   * neither applied nor stored. A socket that can no longer read the document is taken out
   * of it (`not_found`).
   */
  sync(socket: PlazaSocket, docId: string, bytes: Uint8Array): Promise<DocSyncResult> {
    // One socket's messages are handled one after another, in the order sent: an update
    // depends on the same client's earlier ones, so it must never be stored (and
    // acknowledged) before them — a crash in between would keep an update nobody can apply.
    const key = `${socket.id}:${docId}`;
    const run = (this.queues.get(key) ?? Promise.resolve()).then(() => this.handle(socket, docId, bytes));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  private async handle(socket: PlazaSocket, docId: string, bytes: Uint8Array): Promise<DocSyncResult> {
    const { tenantId } = socket.data;
    if (!this.realtime.holdsDoc(socket, docId)) throw new PlazaError('conflict', 'open the document first (docs:open)');
    const message = readMessage(bytes);
    const actor = await this.actor(socket);
    let role: DocRole;
    try {
      ({ role } = await this.service.docAccess(actor, docId));
    } catch (error) {
      this.close(socket, docId);
      throw error;
    }
    const doc = this.memory.get(tenantId, docId);
    if (!doc) throw new PlazaError('conflict', 'open the document first (docs:open)');
    switch (message.kind) {
      case 'step1':
        return { messages: this.answerStep1(doc, message.stateVector) };
      case 'awareness':
        this.relayAwareness(socket, doc, message.update, bytes);
        return { messages: [] };
      case 'step2':
      case 'update':
        requireRole(role, 'editor', 'document');
        await this.store(socket, actor, doc, message.update);
        return { messages: [] };
    }
  }

  /** Step 2 (what the client lacks), the server's step 1 (so it sends what the server lacks), and who is here. */
  private answerStep1(doc: LoadedDoc, stateVector: Uint8Array): Uint8Array[] {
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(doc.ydoc, stateVector);
    } catch (error) {
      throw new PlazaError('bad_request', `message: not a Yjs state vector (${(error as Error).message})`);
    }
    const messages = [step2Message(diff), step1Message(Y.encodeStateVector(doc.ydoc))];
    const present = [...doc.awareness.getStates().keys()];
    if (present.length > 0) messages.push(awarenessMessage(encodeAwarenessUpdate(doc.awareness, present)));
    return messages;
  }

  /**
   * Stores an editor's update and only then applies and broadcasts it: the answer (and so
   * the client's "saved") comes after the commit, so a crash keeps every acknowledged
   * update. An update holding nothing new (a retry of one already stored) is answered
   * without storing it again.
   */
  private async store(socket: PlazaSocket, actor: DocActor, doc: LoadedDoc, update: Uint8Array): Promise<void> {
    checkUpdate(update);
    if (addsNothing(update, Y.encodeStateVector(doc.ydoc))) return;
    const { tenantId, docId } = doc;
    const { seq, backlog } = await this.transact((trx) => appendUpdate(trx, { tenantId, docId, update, authorKey: actor.user.id, at: this.ctx.clock.now() }));
    this.published(tenantId, docId, seq, update, socket.id);
    if (backlog >= this.options.compactAfter) this.compactSoon(tenantId, docId);
  }

  /** A stored update goes to this node's copy, to the document's other sockets on every node, and to the other nodes' copies. */
  private published(tenantId: string, docId: string, seq: number, update: Uint8Array, exceptSocketId?: string): void {
    this.memory.applyStored(tenantId, docId, seq, update);
    this.realtime.emitToDoc(tenantId, docId, 'docs:sync', { docId, message: updateMessage(update) }, exceptSocketId);
    this.realtime.toOtherNodes('docs:update', { tenantId, docId, seq, update });
  }

  /**
   * Awareness (cursors, selections, names) from any reader, relayed to the others and
   * kept for newcomers. A socket speaks only for client ids no other socket of this node
   * introduced, so nobody moves or removes someone else's cursor.
   */
  private relayAwareness(socket: PlazaSocket, doc: LoadedDoc, update: Uint8Array, raw: Uint8Array): void {
    const clients = awarenessClients(update);
    const mine = doc.holders.get(socket.id);
    if (!mine) throw new PlazaError('conflict', 'open the document first (docs:open)');
    for (const [holder, ids] of doc.holders) {
      if (holder !== socket.id && clients.some((id) => ids.has(id))) throw new PlazaError('forbidden', 'message: names another participant’s awareness state');
    }
    applyAwarenessUpdate(doc.awareness, update, socket.id);
    const states = doc.awareness.getStates();
    for (const id of clients) {
      if (states.has(id)) mine.add(id);
      else mine.delete(id);
    }
    this.realtime.emitToDoc(doc.tenantId, doc.docId, 'docs:sync', { docId: doc.docId, message: raw }, socket.id);
  }

  // ---- compaction ----------------------------------------------------------------------------

  /** One compaction at a time per document on this node, off the path of the edit that triggered it. */
  private compactSoon(tenantId: string, docId: string): void {
    const key = docKey(tenantId, docId);
    if (this.compacting.has(key)) return;
    this.compacting.add(key);
    compact(this.ctx.storage.db, this.transact, tenantId, docId, this.ctx.clock.now(), this.ctx.log)
      .catch((error: unknown) => this.ctx.log.error({ err: error, docId }, 'compacting a document failed'))
      .finally(() => this.compacting.delete(key));
  }

  /** Compacts now, whatever the backlog (tests, and the operator later). */
  async compactNow(tenantId: string, docId: string): Promise<boolean> {
    return compact(this.ctx.storage.db, this.transact, tenantId, docId, this.ctx.clock.now(), this.ctx.log);
  }

  // ---- versions ------------------------------------------------------------------------------

  async versions(actor: DocActor, input: ParsedPayload<'docs:versions'>): Promise<DocVersionPage> {
    await this.service.docAccess(actor, input.docId);
    const rows = await this.ctx.storage.db
      .selectFrom('doc_versions')
      .select(['tenant_id', 'id', 'doc_id', 'number', 'name', 'kind', 'seq', 'contributors', 'created_by', 'created_at', 'restored_from'])
      .where('tenant_id', '=', actor.tenantId)
      .where('doc_id', '=', input.docId)
      .$if(input.before !== undefined, (qb) => qb.where('number', '<', input.before as number))
      .orderBy('number', 'desc')
      .limit(input.limit + 1)
      .execute();
    const page = rows.slice(0, input.limit);
    const hosts = await this.service.hostIds.of(this.ctx.storage.db, actor.tenantId, page.flatMap(versionUsers));
    return { versions: page.map((row) => versionView(row, hosts)), hasMore: rows.length > input.limit };
  }

  async saveVersion(actor: DocActor, docId: string, name: string): Promise<DocVersion> {
    const { role } = await this.service.docAccess(actor, docId);
    requireRole(role, 'editor', 'document');
    const meta = await this.ctx.storage.db.transaction().execute((trx) =>
      saveVersion(trx, this.service.hostIds, { tenantId: actor.tenantId, docId, name, kind: 'manual', creatorKey: actor.user.id, at: this.ctx.clock.now() }, this.ctx.log),
    );
    return this.announceVersion(meta as VersionMeta);
  }

  /** Brings a version back as an edit every open copy receives, recorded as a new version. */
  async restore(actor: DocActor, docId: string, versionId: string): Promise<DocVersion> {
    const { role } = await this.service.docAccess(actor, docId);
    requireRole(role, 'editor', 'document');
    const restored = await this.ctx.storage.db
      .transaction()
      .execute((trx) => restoreVersion(trx, this.service.hostIds, { tenantId: actor.tenantId, docId, versionId, actorKey: actor.user.id, at: this.ctx.clock.now() }, this.ctx.log));
    this.published(actor.tenantId, docId, restored.seq, restored.update);
    return this.announceVersion(restored.version);
  }

  async versionState(actor: DocActor, docId: string, versionId: string): Promise<{ state: Uint8Array }> {
    await this.service.docAccess(actor, docId);
    const row = await this.ctx.storage.db
      .selectFrom('doc_versions')
      .select('state')
      .where('tenant_id', '=', actor.tenantId)
      .where('doc_id', '=', docId)
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!row) throw new PlazaError('not_found', 'version not found');
    return { state: new Uint8Array(row.state) };
  }

  private async announceVersion(meta: VersionMeta): Promise<DocVersion> {
    const version = versionView(meta, await this.service.hostIds.of(this.ctx.storage.db, meta.tenant_id, versionUsers(meta)));
    this.realtime.emitToDoc(meta.tenant_id, meta.doc_id, 'docs:version', version);
    return version;
  }

  /** After a pause in editing: a version, if anything changed since the newest one. */
  private armAutoVersion(tenantId: string, docId: string): void {
    const key = docKey(tenantId, docId);
    clearTimeout(this.autoVersionTimers.get(key));
    const timer = setTimeout(() => {
      this.autoVersionTimers.delete(key);
      void this.autoVersion(tenantId, docId);
    }, this.options.autoVersionAfterMs);
    timer.unref();
    this.autoVersionTimers.set(key, timer);
  }

  /** A document loaded with edits no version holds yet (a restart cut its pause short) gets its pause again. */
  private async armIfUnversioned(doc: LoadedDoc): Promise<void> {
    const row = await this.ctx.storage.db
      .selectFrom('docs')
      .select(['last_seq', 'versioned_seq'])
      .where('tenant_id', '=', doc.tenantId)
      .where('id', '=', doc.docId)
      .executeTakeFirst()
      .catch(() => undefined);
    if (row && row.versioned_seq < row.last_seq) this.armAutoVersion(doc.tenantId, doc.docId);
  }

  /** The last socket left during a pause: the pause counts as over. */
  private flushAutoVersion(tenantId: string, docId: string): void {
    const key = docKey(tenantId, docId);
    const timer = this.autoVersionTimers.get(key);
    if (!timer) return;
    clearTimeout(timer);
    this.autoVersionTimers.delete(key);
    void this.autoVersion(tenantId, docId);
  }

  private async autoVersion(tenantId: string, docId: string): Promise<void> {
    try {
      const meta = await this.ctx.storage.db
        .transaction()
        .execute((trx) =>
          saveVersion(trx, this.service.hostIds, { tenantId, docId, name: '', kind: 'auto', creatorKey: null, onlyIfChanged: true, at: this.ctx.clock.now() }, this.ctx.log),
        );
      if (meta) await this.announceVersion(meta);
    } catch (error) {
      this.ctx.log.error({ err: error, docId }, 'saving an automatic version failed');
    }
  }

  // ---- export --------------------------------------------------------------------------------

  async exportMarkdown(actor: DocActor, docId: string): Promise<string> {
    await this.service.docAccess(actor, docId);
    const stored = await readState(this.ctx.storage.db, actor.tenantId, docId);
    if (!stored) throw new PlazaError('not_found', 'document not found');
    const doc = docFromParts(stored.parts, this.ctx.log);
    try {
      return exportMarkdown(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Stops every timer and drops every loaded copy (shutdown). Everything is stored already. */
  stop(): void {
    for (const timer of this.autoVersionTimers.values()) clearTimeout(timer);
    this.autoVersionTimers.clear();
    this.memory.clear();
  }
}
