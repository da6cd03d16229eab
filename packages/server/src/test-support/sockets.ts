import type { ClientToServerEvents, ServerToClientEvents, SessionInfo } from '@plaza/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** A socket.io client typed with the protocol's event maps, as the SDK uses them. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A handshake refusal as socket.io-client reports it. */
export type ConnectError = Error & { data?: { code?: string; message?: string } };

/**
 * A failure guard for waits on events: long enough never to fire on a working server,
 * even a loaded CI machine's (200 concurrent sends on PostgreSQL took over 5 s there).
 */
export const EVENT_DEADLINE_MS = 15_000;

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

/** `promise`, or a rejection after `ms`: a guard that turns a hang into a failure. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What each event a client can wait for carries: the server's pushes and socket.io's own. */
export type ClientEventPayloads = { [E in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[E]>[0] } & {
  connect: undefined;
  disconnect: string;
  connect_error: ConnectError;
};

/**
 * Resolves with the next `event` on `socket`, or rejects after `ms`: the deadline only
 * turns a hang into a failure, it asserts nothing about timing.
 */
export function nextEvent<E extends keyof ClientEventPayloads>(socket: TestSocket, event: E, ms = EVENT_DEADLINE_MS): Promise<ClientEventPayloads[E]> {
  // socket.io-client types `once`/`off` per event map; one untyped view keeps this generic
  const emitter = socket as unknown as { once(event: string, listener: (value: ClientEventPayloads[E]) => void): void; off(event: string, listener: (value: ClientEventPayloads[E]) => void): void };
  return new Promise((resolve, reject) => {
    const listener = (value: ClientEventPayloads[E]) => {
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    emitter.once(event, listener);
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
