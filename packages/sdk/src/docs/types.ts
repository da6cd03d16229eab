import type {
  AccessPayload,
  CreateDocPayload,
  CreateFolderPayload,
  CreateSpacePayload,
  DocAccess,
  DocFolder,
  DocInfo,
  DocPage,
  DocRole,
  DocSpace,
  DocVersion,
  DocVersionPage,
  ListDocsPayload,
  PlazaError,
  SharePayload,
  UpdateDocPayload,
} from '@plaza/protocol';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { StateStore } from '../store/state-store.js';

/**
 * - `connecting`: opening or re-syncing after a (re)connect; local edits are kept.
 * - `synced`: the copy has everything the server had when it synced, and follows it live.
 * - `offline`: the connection is down; local edits are kept and merged on return.
 * - `closed`: closed by `close()`, or the server took it away (`error` says why).
 */
export type DocSessionStatus = 'connecting' | 'synced' | 'offline' | 'closed';

export interface DocSessionState {
  status: DocSessionStatus;
  /** The document's facts as of the last open (null before the first). */
  info: DocInfo | null;
  /** The caller's role; readers' local edits are never sent (the server would refuse them). */
  role: DocRole | null;
  /** Local updates the server has not acknowledged yet (0: everything is stored). */
  pending: number;
  error: PlazaError | null;
}

/**
 * An open document: a Y.Doc kept in sync with the server over the Plaza socket, and the
 * awareness (cursors, names, colours) of everyone who has it open. Edit `doc` as any Yjs
 * document (a y-prosemirror editor binds to `doc.getXmlFragment('content')`); set your own
 * presence with `awareness.setLocalStateField('user', { name, color })`.
 */
export interface DocSession {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly state: StateStore<DocSessionState>;
  /** Resolves once the copy is `synced`; rejects if the session closes first. */
  whenSynced(): Promise<void>;
  /** Resolves once every local edit so far is stored on the server. */
  whenSaved(): Promise<void>;
  /** Stops syncing, withdraws this client's awareness state; `doc` stays readable. */
  close(): Promise<void>;
}

export interface VersionsQuery {
  /** Versions numbered below this (the next page). */
  before?: number;
  limit?: number;
}

/** `client.docs`: spaces, folders, documents, sharing, versions, and live document sessions. */
export interface DocsApi {
  spaces(): Promise<DocSpace[]>;
  createSpace(input: CreateSpacePayload): Promise<DocSpace>;
  folders(spaceId: string): Promise<DocFolder[]>;
  createFolder(input: CreateFolderPayload): Promise<DocFolder>;
  /** Documents the caller can see, newest first; without `spaceId`, across spaces. */
  list(query?: ListDocsPayload): Promise<DocPage>;
  /** Retried safely: without a `clientId` one is made, so a resend answers the stored document. */
  create(input: CreateDocPayload): Promise<DocInfo>;
  get(docId: string): Promise<DocInfo>;
  update(input: UpdateDocPayload): Promise<DocInfo>;
  access(target: AccessPayload): Promise<DocAccess>;
  share(input: SharePayload): Promise<DocAccess>;
  /** The live session of a document; opening one already open answers the same session. */
  open(docId: string): DocSession;
  versions(docId: string, query?: VersionsQuery): Promise<DocVersionPage>;
  saveVersion(docId: string, name: string): Promise<DocVersion>;
  /** Brings a version back (as an edit everyone receives), recorded as a new version. */
  restoreVersion(docId: string, versionId: string): Promise<DocVersion>;
  /** A version's content as a Yjs update: `Y.applyUpdate(new Y.Doc(), state)`. */
  versionState(docId: string, versionId: string): Promise<Uint8Array>;
  exportMarkdown(docId: string): Promise<string>;
}
