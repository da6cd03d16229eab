/**
 * @plaza/sdk: the typed Plaza client for browsers and Node.
 *
 * Only types and the dependency-free error registry come from `@plaza/protocol`, so its
 * zod schemas stay out of browser bundles. This entry registers every capability (chat,
 * presence, files); `@plaza/sdk/core` is the client alone, for bundles that add them one
 * by one (`@plaza/sdk/chat`…).
 */
import './chat/index.js';
import './presence/index.js';
import './files/index.js';
import './tasks/index.js';
import './tickets/index.js';
import './knowledge/index.js';
import './docs/index.js';

export * from './core.js';
export type { ChatEvents } from './chat/chat-client.js';
export type {
  ChannelHandle,
  ChannelViewState,
  ChatApi,
  LoadOptions,
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
export type {
  MoveTarget,
  NotificationsState,
  TaskDetail,
  TaskOverwrittenEvent,
  TaskQuery,
  TaskRollbackEvent,
  TasksApi,
  TasksEvents,
  TaskView,
  TaskViewState,
} from './tasks/types.js';
export { STATUS_ORDER, boardOrder, compareByRank, isOverdue, rankBetween, taskMatches, weekBounds } from './tasks/index.js';
export type {
  ChecklistItem,
  CreateListPayload,
  CreateTaskPayload,
  Notification,
  Task,
  TaskActivity,
  TaskChanges,
  TaskComment,
  TaskFilter,
  TaskList,
  TaskListMember,
  TaskOverwrittenNotice,
  TaskPriority,
  TaskStatus,
  TaskUpdateResult,
} from '@plaza/protocol';
export type {
  AgentMessageInput,
  AgentReplyInput,
  AgentTicketsApi,
  CustomerReplyInput,
  CustomerTicketActions,
  CustomerTicketList,
  CustomerTicketsApi,
  CustomerTicketsQuery,
  CustomerTicketView,
  NewTicket,
  TicketDetailView,
  TicketQueue,
  TicketQueueQuery,
  TicketQueueState,
  TicketsApi,
  TicketSlaState,
  TicketsEvents,
  TicketUpdate,
  TicketViewState,
} from './tickets/types.js';
export { customerActions, isBreached, queueMatches, searchMatches, ticketSla } from './tickets/index.js';
export type {
  CustomerTicket,
  CustomerTicketMessage,
  Ticket,
  TicketAgent,
  TicketChanges,
  TicketCustomer,
  TicketMessage,
  TicketNotice,
  TicketPriority,
  TicketSla,
  TicketStatus,
  TicketVisibility,
} from '@plaza/protocol';
export type { ArticleSearchOptions, KnowledgeApi, NewArticle } from './knowledge/types.js';
export type { DocSession, DocSessionState, DocSessionStatus, DocsApi, VersionsQuery } from './docs/types.js';
export type {
  ConfidentialityLevel,
  DocAccess,
  DocFolder,
  DocGrant,
  DocInfo,
  DocPage,
  DocRole,
  DocSpace,
  DocVersion,
  DocVersionPage,
} from '@plaza/protocol';
export type { Article, ArticleAuthor, ArticleChanges, ArticleHit, ArticleStatus } from '@plaza/protocol';
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
