import type { ClientToServerEvents, ServerToClientEvents, SessionInfo } from '@plaza/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** A socket.io client typed with the protocol's event maps, as the SDK uses them. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A handshake refusal as socket.io-client reports it. */
export type ConnectError = Error & { data?: { code?: string; message?: string } };

/** A failure guard for waits on events: long enough never to fire on a working server. */
export const EVENT_DEADLINE_MS = 5000;

/**
 * Opens a socket.io client from Node (websocket only, no automatic reconnection unless
 * asked). Close it with `socket.close()`, or collect it in a `SocketPool`.
 */
export function openSocket(
  url: string,
  auth: { token: string } | ((callback: (data: { token: string }) => void) => void),
  options: Partial<ManagerOptions & SocketOptions> = {},
): TestSocket {
  return io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...options });
}

/**
 * Resolves with the next `event` on `emitter`, or rejects after `ms`: the deadline only
 * turns a hang into a failure, it asserts nothing about timing.
 */
export function nextEvent<T = unknown>(emitter: { once(event: string, listener: (...args: never[]) => void): unknown; off(event: string, listener: (...args: never[]) => void): unknown }, event: string, ms = EVENT_DEADLINE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener as (...args: never[]) => void);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    emitter.once(event, listener as (...args: never[]) => void);
  });
}

/** Resolves with the session once `session:ready` arrives; rejects with the refusal otherwise. */
export function sessionReady(socket: TestSocket, ms = EVENT_DEADLINE_MS): Promise<SessionInfo> {
  return new Promise<SessionInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no session:ready within ${ms} ms`)), ms);
    socket.once('session:ready', (info) => {
      clearTimeout(timer);
      resolve(info);
    });
    socket.once('connect_error', (error: ConnectError) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Tries a handshake; resolves with 'connected' or the refusal's `data.code`. */
export async function handshakeOutcome(url: string, token: string, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<string> {
  const socket = openSocket(url, { token }, options);
  try {
    await sessionReady(socket);
    return 'connected';
  } catch (error) {
    return (error as ConnectError).data?.code ?? `no code: ${(error as Error).message}`;
  } finally {
    socket.close();
  }
}

/** Sockets a test opened, closed together in `afterEach`. */
export class SocketPool {
  private sockets = new Set<TestSocket>();

  open(...args: Parameters<typeof openSocket>): TestSocket {
    const socket = openSocket(...args);
    this.sockets.add(socket);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets.clear();
  }
}
