import type {
  AccessPayload,
  CreateDocPayload,
  CreateFolderPayload,
  CreateSpacePayload,
  DocAccess,
  DocFolder,
  DocInfo,
  DocPage,
  DocSpace,
  DocVersion,
  DocVersionPage,
  ListDocsPayload,
  PlazaError,
  SharePayload,
  UpdateDocPayload,
} from '@plaza/protocol';
import { newClientId } from '../chat/client-id.js';
import type { Connection } from '../connection/connection.js';
import { PlazaDocSession } from './doc-session.js';
import { asBytes } from './messages.js';
import type { DocSession, DocsApi, VersionsQuery } from './types.js';

/**
 * `client.docs`: the `docs:*` requests, typed, and one live session per open document.
 * Listings are plain requests (no stores): a browser asks again when it shows a folder.
 */
export class PlazaDocs implements DocsApi {
  readonly #sessions = new Map<string, PlazaDocSession>();

  constructor(
    private readonly connection: Connection,
    private readonly report: (error: PlazaError) => void,
  ) {}

  async spaces(): Promise<DocSpace[]> {
    return (await this.connection.request('docs:spaces', {})).spaces;
  }

  createSpace(input: CreateSpacePayload): Promise<DocSpace> {
    return this.connection.request('docs:space:create', input);
  }

  async folders(spaceId: string): Promise<DocFolder[]> {
    return (await this.connection.request('docs:folders', { spaceId })).folders;
  }

  createFolder(input: CreateFolderPayload): Promise<DocFolder> {
    return this.connection.request('docs:folder:create', input);
  }

  list(query: ListDocsPayload = {}): Promise<DocPage> {
    return this.connection.request('docs:list', query);
  }

  create(input: CreateDocPayload): Promise<DocInfo> {
    return this.connection.request('docs:create', { clientId: newClientId(), ...input });
  }

  get(docId: string): Promise<DocInfo> {
    return this.connection.request('docs:get', { docId });
  }

  update(input: UpdateDocPayload): Promise<DocInfo> {
    return this.connection.request('docs:update', input);
  }

  access(target: AccessPayload): Promise<DocAccess> {
    return this.connection.request('docs:access', target);
  }

  share(input: SharePayload): Promise<DocAccess> {
    return this.connection.request('docs:share', input);
  }

  open(docId: string): DocSession {
    let session = this.#sessions.get(docId);
    if (!session) {
      session = new PlazaDocSession({
        connection: this.connection,
        docId,
        report: this.report,
        onClosed: (closed) => {
          if (this.#sessions.get(docId) === closed) this.#sessions.delete(docId);
        },
      });
      this.#sessions.set(docId, session);
    }
    return session;
  }

  versions(docId: string, query: VersionsQuery = {}): Promise<DocVersionPage> {
    return this.connection.request('docs:versions', { docId, ...query });
  }

  saveVersion(docId: string, name: string): Promise<DocVersion> {
    return this.connection.request('docs:version:save', { docId, name });
  }

  restoreVersion(docId: string, versionId: string): Promise<DocVersion> {
    return this.connection.request('docs:version:restore', { docId, versionId });
  }

  async versionState(docId: string, versionId: string): Promise<Uint8Array> {
    return asBytes((await this.connection.request('docs:version:state', { docId, versionId })).state);
  }

  async exportMarkdown(docId: string): Promise<string> {
    return (await this.connection.request('docs:export', { docId })).markdown;
  }
}
