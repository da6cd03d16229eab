import type { Ack, AckCallback } from './ack.js';
import type { ErrorBody } from './errors.js';
import type { EmptyPayload, RefreshPayload, SessionInfo } from './session.js';

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
