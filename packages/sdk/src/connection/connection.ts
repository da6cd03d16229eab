import type { PushMap, PushName, RequestName, RequestPayload, RequestResult, SessionInfo } from '@plaza/protocol';
import type { ConnectionStatus, RequestOptions } from '../client.js';
import type { Unsubscribe } from '../events/emitter.js';

/**
 * What the capabilities (chat, presence, files) need from the client: requests, pushes and
 * a signal after each sign-in. The socket client implements it; unit tests use a fake, so
 * the chat logic is tested without a socket.
 */
export interface Connection {
  readonly status: ConnectionStatus;
  readonly session: SessionInfo | null;
  /** The server's URL as given to `createClient`. */
  readonly url: string;
  request<E extends RequestName>(name: E, payload: RequestPayload<E>, options?: RequestOptions): Promise<RequestResult<E>>;
  /** Listens to a server push; returns the function that stops listening. */
  onPush<E extends PushName>(name: E, listener: (payload: PushMap[E]) => void): Unsubscribe;
  /**
   * Called after every `session:ready` (the first connect and every reconnect), once the
   * client is online. `reconnect` is false for the first one after `connect()`.
   */
  onReady(listener: (session: SessionInfo, reconnect: boolean) => void): Unsubscribe;
  /** The token the socket signed in with (or a fresh one): for REST calls such as uploads. */
  currentToken(): Promise<string>;
}
