/**
 * @plaza/sdk: the typed Plaza client for browsers and Node.
 *
 * Only types and the dependency-free error registry come from `@plaza/protocol`, so its
 * zod schemas stay out of browser bundles.
 */
export { createClient } from './create-client.js';
export { CONNECTION_STATUSES } from './client.js';
export type { ClientEvents, ClientState, ConnectionStatus, PlazaClient, RequestOptions } from './client.js';
export type { ClientOptions, ReconnectionOptions } from './options.js';
export type { Transport } from './connection/socket.js';
export type { TokenProvider } from './connection/token-source.js';
export { decodeJwtTimes } from './connection/jwt.js';
export type { JwtTimes } from './connection/jwt.js';
export { StateStore } from './store/state-store.js';
export type { StatePatch, StoreListener } from './store/state-store.js';
export type { Listener, Unsubscribe } from './events/emitter.js';
export type { ChatEvents } from './chat/chat-client.js';
export type {
  ChannelHandle,
  ChannelViewState,
  ChatApi,
  PendingMessage,
  ReadEvent,
  SendInput,
  ThreadHandle,
  TypingEvent,
} from './chat/types.js';
export { newClientId } from './chat/client-id.js';
export type { Outbox, OutboxEntry } from './outbox/outbox.js';
export { MemoryOutbox } from './outbox/memory-outbox.js';
export { IndexedDbOutbox, OUTBOX_DATABASE } from './outbox/indexeddb-outbox.js';
export type { PresenceMap } from './presence/presence.js';
export { apiUrl } from './files/files-client.js';
export type { FilesApi, UploadOptions } from './files/files-client.js';
export { ERROR_CODES, PlazaError } from '@plaza/protocol';
export type { ErrorCode, RequestName, RequestPayload, RequestResult, SessionInfo } from '@plaza/protocol';
export type {
  Attachment,
  Channel,
  ChannelKind,
  ChannelMember,
  CreateChannelPayload,
  FileInfo,
  MemberRole,
  Message,
  PresenceStatus,
  Reaction,
  Receipts,
  Urgency,
} from '@plaza/protocol';
