import type { Ack, AckCallback } from './ack.js';
import type { ErrorBody } from './errors.js';
import type { EmptyPayload, RefreshPayload, SessionInfo } from './session.js';
import type {
  ActivityState,
  Channel,
  ChannelMember,
  ChannelRef,
  CreateChannelPayload,
  EditPayload,
  HistoryPayload,
  MembersChangePayload,
  Message,
  MessagePage,
  MessageRef,
  PinPayload,
  PresencePayload,
  PresenceSetPayload,
  PresenceStatus,
  ReactPayload,
  ReadPayload,
  Receipts,
  SendPayload,
  SyncPayload,
  SyncResult,
  ThreadPayload,
  UpdateChannelPayload,
  UrgentStatus,
} from './chat/chat.js';
import type {
  ActivityPage,
  ActivityPayload,
  AddCommentPayload,
  AttachmentRemovePayload,
  AttachmentsAddPayload,
  ChecklistAddPayload,
  ChecklistRemovePayload,
  ChecklistUpdatePayload,
  CommentPage,
  CommentRef,
  CommentsPayload,
  CreateListPayload,
  CreateTaskPayload,
  EditCommentPayload,
  ListRef,
  MoveTaskPayload,
  QueryTasksPayload,
  RemoveMembersPayload,
  SetMembersPayload,
  Task,
  TaskComment,
  TaskList,
  TaskListDetail,
  TaskListMember,
  TaskOverwrittenNotice,
  TaskPage,
  TaskRef,
  TaskUpdateResult,
  TasksSyncPayload,
  TasksSyncResult,
  UpdateListPayload,
  UpdateTaskPayload,
} from './tasks/tasks.js';
import type { MarkReadPayload, Notification, NotificationPage, NotificationsPayload, NotificationsRead } from './tasks/notifications.js';
import type {
  AgentMessagePayload,
  CreateTicketPayload,
  CustomerReplyPayload,
  CustomerStatusPayload,
  CustomerTicket,
  CustomerTicketDetail,
  CustomerTicketMessage,
  MyTicketsPayload,
  QueryTicketsPayload,
  RatePayload,
  Ticket,
  TicketAgent,
  TicketDetail,
  TicketMessage,
  TicketNotice,
  TicketPage,
  TicketRef,
  UpdateTicketPayload,
} from './tickets/tickets.js';
import type {
  Article,
  ArticleHits,
  ArticleRef,
  CreateArticlePayload,
  SearchArticlesPayload,
  SuggestArticlesPayload,
  UpdateArticlePayload,
} from './knowledge/knowledge.js';
import type {
  AccessPayload,
  CreateDocPayload,
  CreateFolderPayload,
  CreateSpacePayload,
  DocAccess,
  DocClosedPush,
  DocFolder,
  DocInfo,
  DocPage,
  DocRef,
  DocSpace,
  DocSyncPayload,
  DocSyncPush,
  DocSyncResult,
  DocVersion,
  DocVersionPage,
  ListDocsPayload,
  SaveVersionPayload,
  SharePayload,
  SpaceRef,
  UpdateDocPayload,
  VersionRef,
  VersionsPayload,
} from './docs/docs.js';

/**
 * Every request a client may make over the socket: the payload it sends and the data
 * it gets back. Later capabilities add their entries here; the socket.io event maps
 * below are derived from it, so a wire change is a compile error on both sides.
 */
export interface RequestMap {
  /** Who this socket is signed in as. */
  'session:get': { payload: EmptyPayload; result: SessionInfo };
  /** Replace the socket's token before it expires; the new token must name the same user. */
  'session:refresh': { payload: RefreshPayload; result: { expiresAt: string } };

  /** The caller's channels, with their read state. */
  'chat:channels': { payload: EmptyPayload; result: { channels: Channel[] } };
  'chat:channel:create': { payload: CreateChannelPayload; result: Channel };
  'chat:channel:update': { payload: UpdateChannelPayload; result: Channel };
  'chat:channel:leave': { payload: ChannelRef; result: { channelId: string } };
  'chat:members': { payload: ChannelRef; result: { members: ChannelMember[] } };
  'chat:members:add': { payload: MembersChangePayload; result: { members: ChannelMember[] } };
  'chat:members:remove': { payload: MembersChangePayload; result: { members: ChannelMember[] } };
  /** A page of top-level messages in ascending seq. */
  'chat:history': { payload: HistoryPayload; result: MessagePage };
  /** Idempotent by `clientId`: a retried send answers with the stored message. */
  'chat:send': { payload: SendPayload; result: Message };
  'chat:edit': { payload: EditPayload; result: Message };
  'chat:recall': { payload: MessageRef; result: Message };
  'chat:delete': { payload: MessageRef; result: Message };
  'chat:react': { payload: ReactPayload; result: Message };
  'chat:pin': { payload: PinPayload; result: Message };
  'chat:pins': { payload: ChannelRef; result: { messages: Message[] } };
  'chat:thread': { payload: ThreadPayload; result: MessagePage };
  /** Marks everything up to `seq` read (never moves backwards). */
  'chat:read': { payload: ReadPayload; result: { channelId: string; lastReadSeq: number } };
  'chat:receipts': { payload: MessageRef; result: Receipts };
  'chat:urgent:ack': { payload: MessageRef; result: UrgentStatus };
  'chat:urgent:status': { payload: MessageRef; result: UrgentStatus };
  'chat:typing': { payload: ChannelRef; result: { channelId: string } };
  /** After a reconnect: every change after each channel's last known rev. */
  'chat:sync': { payload: SyncPayload; result: SyncResult };
  'presence:query': { payload: PresencePayload; result: { statuses: Record<string, PresenceStatus> } };

  /** Every task list the caller can see, with their role in it. */
  'tasks:lists': { payload: EmptyPayload; result: { lists: TaskList[] } };
  'tasks:list:create': { payload: CreateListPayload; result: TaskList };
  'tasks:list:update': { payload: UpdateListPayload; result: TaskList };
  /** A list with its members and every task that is not deleted. */
  'tasks:list:get': { payload: ListRef; result: TaskListDetail };
  /** Adds members or changes their roles (owners only). */
  'tasks:members:set': { payload: SetMembersPayload; result: { members: TaskListMember[] } };
  'tasks:members:remove': { payload: RemoveMembersPayload; result: { members: TaskListMember[] } };
  /** Idempotent by `clientId`: a retried create answers the stored task. */
  'tasks:create': { payload: CreateTaskPayload; result: Task };
  'tasks:get': { payload: TaskRef; result: Task };
  /** Last writer wins per field; `overwritten` names fields changed after `baseVersion` that this update replaced. */
  'tasks:update': { payload: UpdateTaskPayload; result: TaskUpdateResult };
  'tasks:move': { payload: MoveTaskPayload; result: TaskUpdateResult };
  'tasks:delete': { payload: TaskRef; result: { taskId: string; listId: string } };
  'tasks:checklist:add': { payload: ChecklistAddPayload; result: Task };
  'tasks:checklist:update': { payload: ChecklistUpdatePayload; result: Task };
  'tasks:checklist:remove': { payload: ChecklistRemovePayload; result: Task };
  'tasks:attachments:add': { payload: AttachmentsAddPayload; result: Task };
  'tasks:attachments:remove': { payload: AttachmentRemovePayload; result: Task };
  /** A page of comments in ascending time: the newest page, or older than `before`. */
  'tasks:comments': { payload: CommentsPayload; result: CommentPage };
  'tasks:comment:add': { payload: AddCommentPayload; result: TaskComment };
  'tasks:comment:edit': { payload: EditCommentPayload; result: TaskComment };
  'tasks:comment:delete': { payload: CommentRef; result: TaskComment };
  /** The task's change history in ascending time: the newest page, or older than `before`. */
  'tasks:activity': { payload: ActivityPayload; result: ActivityPage };
  /** Tasks across every list the caller can see (and tasks they are assigned, watch or created), by filters. */
  'tasks:query': { payload: QueryTasksPayload; result: TaskPage };
  /** After a reconnect: every task change after each list's last known rev. */
  'tasks:sync': { payload: TasksSyncPayload; result: TasksSyncResult };
  /** The caller's in-app notifications, newest first, and the unread count. */
  'notifications:list': { payload: NotificationsPayload; result: NotificationPage };
  'notifications:read': { payload: MarkReadPayload; result: { unreadCount: number } };
  /**
   * This socket's activity. The user is `online` while any of their sockets is active,
   * `away` while all are idle; a socket starts active.
   */
  'presence:set': { payload: PresenceSetPayload; result: { state: ActivityState } };

  /** A customer's own tickets, newest first. Customers only. */
  'tickets:mine': { payload: MyTicketsPayload; result: TicketPage<CustomerTicket> };
  /** Files a ticket as the signed-in customer; idempotent by `clientId`. Customers only. */
  'tickets:create': { payload: CreateTicketPayload; result: CustomerTicket };
  /** One of the customer's tickets with its public conversation. Customers only. */
  'tickets:view': { payload: TicketRef; result: CustomerTicketDetail };
  /** A customer's reply; reopens a ticket waiting for them (or resolved, within the reopen period). */
  'tickets:reply': { payload: CustomerReplyPayload; result: CustomerTicketMessage };
  /** Reopen (within the reopen period) or close one's own ticket. */
  'tickets:status': { payload: CustomerStatusPayload; result: CustomerTicket };
  /** Rate a resolved ticket (again, to change the rating). */
  'tickets:rate': { payload: RatePayload; result: CustomerTicket };
  /** The ticket inbox by filters, most recently changed first. Agents only. */
  'tickets:query': { payload: QueryTicketsPayload; result: TicketPage<Ticket> };
  /** A ticket with its whole conversation, internal notes included. Agents only. */
  'tickets:get': { payload: TicketRef; result: TicketDetail };
  /** Status (by the transition table), priority, assignee, category. Agents only. */
  'tickets:update': { payload: UpdateTicketPayload; result: Ticket };
  /** A public reply or an internal note; idempotent by `clientId`. Agents only. */
  'tickets:message': { payload: AgentMessagePayload; result: TicketMessage };

  /** Knowledge articles by a query, best matches first. Customers and members without a writer role see published ones only. */
  'knowledge:search': { payload: SearchArticlesPayload; result: ArticleHits };
  /** One article; a draft only for writers (agents and admins). */
  'knowledge:get': { payload: ArticleRef; result: Article };
  /** A few published articles for a ticket subject being typed, title matches first. */
  'knowledge:suggest': { payload: SuggestArticlesPayload; result: ArticleHits };
  /** Writers (members with the `agent` or `admin` role) only. */
  'knowledge:create': { payload: CreateArticlePayload; result: Article };
  /** Title, body, category, status (publish, unpublish). Writers only. */
  'knowledge:update': { payload: UpdateArticlePayload; result: Article };
  'knowledge:delete': { payload: ArticleRef; result: { articleId: string } };
  /** The tenant's active agents, to assign tickets to. Agents only. */
  'tickets:agents': { payload: EmptyPayload; result: { agents: TicketAgent[] } };

  /** Spaces the caller has a role in (or can view tenant-wide). */
  'docs:spaces': { payload: EmptyPayload; result: { spaces: DocSpace[] } };
  /** Employees only; the creator becomes owner. */
  'docs:space:create': { payload: CreateSpacePayload; result: DocSpace };
  /** A space's whole folder tree (readers of the space). */
  'docs:folders': { payload: SpaceRef; result: { folders: DocFolder[] } };
  'docs:folder:create': { payload: CreateFolderPayload; result: DocFolder };
  /** Documents the caller can see, by place and classification, newest first. */
  'docs:list': { payload: ListDocsPayload; result: DocPage };
  /** Editors of the space; idempotent by `clientId`. */
  'docs:create': { payload: CreateDocPayload; result: DocInfo };
  'docs:get': { payload: DocRef; result: DocInfo };
  /** Title, folder, domain, tags (editors); confidentiality (owners). */
  'docs:update': { payload: UpdateDocPayload; result: DocInfo };
  /** Who has access to a space or document (its readers may ask). */
  'docs:access': { payload: AccessPayload; result: DocAccess };
  /** Grants, removes and changes roles, tenant-wide viewing (owners). */
  'docs:share': { payload: SharePayload; result: DocAccess };
  /** Starts receiving the document's sync and awareness messages; sync step 1 follows. */
  'docs:open': { payload: DocRef; result: DocInfo };
  'docs:close': { payload: DocRef; result: { docId: string } };
  /**
   * One y-protocols message for an open document (`DOC_MESSAGE`). Updates and step 2 are
   * for editors and answered once stored; step 1 and awareness for every reader.
   */
  'docs:sync': { payload: DocSyncPayload; result: DocSyncResult };
  /** Newest first. */
  'docs:versions': { payload: VersionsPayload; result: DocVersionPage };
  /** A named version of the current content (editors). */
  'docs:version:save': { payload: SaveVersionPayload; result: DocVersion };
  /** Brings a version's content back as a new edit, recorded as a new version (editors). */
  'docs:version:restore': { payload: VersionRef; result: DocVersion };
  /** A version's content as a Yjs update (for history views). */
  'docs:version:state': { payload: VersionRef; result: { state: Uint8Array } };
  /** The current content as Markdown. */
  'docs:export': { payload: DocRef; result: { markdown: string } };
}

export type RequestName = keyof RequestMap;
export type RequestPayload<E extends RequestName> = RequestMap[E]['payload'];
export type RequestResult<E extends RequestName> = RequestMap[E]['result'];

/** Events the server pushes; each name has exactly one payload type. */
export interface PushMap {
  /** The socket is signed in and ready for requests. */
  'session:ready': SessionInfo;
  /** The token expires soon: send `session:refresh` before `disconnectAt` or be disconnected. */
  'session:expiring': { expiresAt: string; disconnectAt: string };
  /** The server is about to close this socket and says why (deactivated, token expired). */
  'session:closed': ErrorBody;

  /** A new message in a channel the socket's user belongs to (their own included). */
  'chat:message': Message;
  /** A message changed: edit, recall, delete, reaction, pin, reply count. */
  'chat:message:updated': Message;
  /** A channel was created with, or changed for, this user (shared facts plus their read state). */
  'chat:channel': Channel;
  /** This user left or was removed from a channel: stop showing it. */
  'chat:channel:removed': { channelId: string };
  /** A member's read position moved (receipts). */
  'chat:read': { channelId: string; userId: string; lastReadSeq: number };
  'chat:typing': { channelId: string; userId: string; name: string };
  'presence:changed': { userId: string; status: PresenceStatus };

  /** A list was created with, or changed for, this user (with their role). */
  'tasks:list': TaskList;
  /** This user can no longer see a list: stop showing it. */
  'tasks:list:removed': { listId: string };
  /** A task was created or changed (any field, rank, checklist, attachments, comment count, or `overdue` turning true). */
  'tasks:task': Task;
  /** A task was deleted, or this user can no longer see it. */
  'tasks:task:removed': { taskId: string; listId: string; rev: number };
  /** A comment was added, edited or deleted. */
  'tasks:comment': TaskComment;
  /** A value this user wrote was overwritten by someone who had not seen it (last writer wins). */
  'tasks:overwritten': TaskOverwrittenNotice;
  /** A new in-app notification for this user (reminders, assignments). */
  notification: Notification;
  /** Notifications were marked read on another socket of this user. */
  'notifications:read': NotificationsRead;

  /** Agents: a ticket was filed or changed (inbox rows, SLA flags). */
  'tickets:ticket': Ticket;
  /** Agents: a new public message or internal note. */
  'tickets:message': TicketMessage;
  /** Agents: a new ticket for everyone, or one assigned to this agent. */
  'tickets:notice': TicketNotice;
  /** The customer: one of their tickets changed (status, an agent's reply). */
  'tickets:customer:ticket': CustomerTicket;
  /** The customer: a new public message on one of their tickets. */
  'tickets:customer:message': CustomerTicketMessage;

  /** An update or awareness change another client made to a document this socket opened. */
  'docs:sync': DocSyncPush;
  /** A document this socket opened has a new version. */
  'docs:version': DocVersion;
  /** This socket may no longer read a document it opened; it left the document. */
  'docs:closed': DocClosedPush;
}

export type PushName = keyof PushMap;

export type ClientToServerEvents = {
  [E in RequestName]: (payload: RequestPayload<E>, ack: AckCallback<RequestResult<E>>) => void;
};

export type ServerToClientEvents = {
  [E in PushName]: (payload: PushMap[E]) => void;
};

/** Messages between server nodes (socket.io `serverSideEmit`). */
export interface InterServerEvents {
  /** A user was deactivated on some node: every node closes that user's sockets. */
  'user:deactivated': (payload: { tenantId: string; userId: string }) => void;
  /** A document update was stored through some node: nodes holding the document in memory apply it. */
  'docs:update': (payload: { tenantId: string; docId: string; seq: number; update: Uint8Array }) => void;
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  tenantId: string;
  userId: string;
  /** Internal row id of the user, never sent on the wire. */
  userKey: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
  /** What the socket last said with `presence:set`; unset means active. */
  activity?: ActivityState;
}

export type { Ack };
