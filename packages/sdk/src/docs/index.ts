/**
 * `@plaza/sdk/docs`: registers `client.docs` (spaces, folders, documents, sharing,
 * versions) and live document sessions — a Y.Doc and its awareness kept in sync over the
 * Plaza socket. Part of `@plaza/sdk`; Yjs comes with this entry only.
 */
import { registerCapability } from '../capabilities.js';
import { PlazaDocs } from './docs-client.js';

export type { DocSession, DocSessionState, DocSessionStatus, DocsApi, VersionsQuery } from './types.js';

registerCapability('docs', ({ connection, report }) => new PlazaDocs(connection, report));
