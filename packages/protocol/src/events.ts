import type { Ack, AckCallback } from './ack.js';
import type { ErrorBody } from './errors.js';
import type { EmptyPayload, RefreshPayload, SessionInfo } from './session.js';
import type {
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
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  tenantId: string;
  userId: string;
  /** Internal row id of the user, never sent on the wire. */
  userKey: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
}

export type { Ack };
