/**
 * @plaza/protocol: the shapes server and SDK agree on.
 *
 * Runtime exports fall in two groups: the error registry (no dependencies, safe for
 * browsers) and the zod schemas (server side, and the SDK's Node tests). Browser code
 * imports only types and the error registry, so zod never reaches the bundle.
 */
export { ERROR_CODES, PlazaError, codeForStatus, isErrorCode, statusOf } from './errors.js';
export type { ErrorBody, ErrorCode } from './errors.js';
export type { Ack, AckCallback } from './ack.js';
export type {
  ClientToServerEvents,
  InterServerEvents,
  PushMap,
  PushName,
  RequestMap,
  RequestName,
  RequestPayload,
  RequestResult,
  ServerToClientEvents,
  SocketData,
} from './events.js';
export { requestSchemas } from './schemas.js';
export type { ParsedPayload } from './schemas.js';
export { emptyPayload, refreshPayload } from './session.js';
export type { EmptyPayload, RefreshPayload, SessionInfo } from './session.js';
export { hostId, plazaId, tenantId } from './ids.js';
export {
  TOKEN_ALGORITHMS,
  TOKEN_LIMITS,
  USER_KINDS,
  USER_ROLES,
  serverClaims,
  userClaims,
  userUpsert,
} from './tokens.js';
export type { ServerClaims, UserClaims, UserKind, UserRole, UserUpsert } from './tokens.js';
export { upsertUsersBody, upsertUsersResult, userIdParams, userProfile } from './org/users.js';
export type { UpsertUsersBody, UpsertUsersResult, UserProfile } from './org/users.js';
export {
  DEFAULT_UPLOAD_TYPES,
  createTenantBody,
  origin,
  patchTenantBody,
  secretRotated,
  tenantCreated,
  tenantIdParams,
  tenantPublicKey,
  tenantSettings,
  tenantSettingsPatch,
  tenantView,
} from './org/tenants.js';
export type {
  CreateTenantBody,
  PatchTenantBody,
  SecretRotated,
  TenantCreated,
  TenantPublicKey,
  TenantSettings,
  TenantSettingsPatch,
  TenantView,
} from './org/tenants.js';
export { fileIdParams, fileInfo } from './files/files.js';
export type { FileInfo } from './files/files.js';
export {
  WEBHOOK_EVENTS,
  createWebhookBody,
  webhookDelivery,
  webhookIdParams,
  webhookView,
} from './webhooks/webhooks.js';
export type {
  CreateWebhookBody,
  WebhookDelivery,
  WebhookEnvelope,
  WebhookEventType,
  WebhookView,
} from './webhooks/webhooks.js';
export {
  CHANNEL_KINDS,
  CHAT_LIMITS,
  MEMBER_ROLES,
  URGENCIES,
  channelIdParams,
  channelRef,
  createChannelPayload,
  editPayload,
  historyPayload,
  membersChangePayload,
  messageRef,
  pinPayload,
  presencePayload,
  reactPayload,
  readPayload,
  restCreateChannelBody,
  restHistoryQuery,
  restSendBody,
  sendPayload,
  syncPayload,
  threadPayload,
  updateChannelPayload,
} from './chat/chat.js';
export type {
  Attachment,
  Channel,
  ChannelKind,
  ChannelMember,
  ChannelRef,
  CreateChannelPayload,
  EditPayload,
  HistoryPayload,
  MemberRole,
  MembersChangePayload,
  Message,
  MessagePage,
  MessageRef,
  PinPayload,
  PresencePayload,
  PresenceStatus,
  ReactPayload,
  ReadPayload,
  Reaction,
  Receipts,
  SendPayload,
  SyncPayload,
  SyncResult,
  ThreadPayload,
  UpdateChannelPayload,
  Urgency,
  UrgentStatus,
} from './chat/chat.js';
