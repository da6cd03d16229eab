import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@plaza/protocol';

/** The socket.io socket, typed with the protocol's event maps. */
export type PlazaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** socket.io transports, in the order they are tried. */
export type Transport = 'websocket' | 'polling' | 'webtransport';

/** Answers socket.io's handshake with the payload to send (`{ token }`). */
export type HandshakeAuth = (send: (data: { token: string }) => void) => void;

export interface SocketSettings {
  url: string;
  path: string | undefined;
  transports: readonly Transport[];
  connectTimeoutMs: number;
  reconnection: {
    enabled: boolean;
    delayMs: number;
    maxDelayMs: number;
    randomizationFactor: number;
  };
}

/**
 * Where the socket connects: the origin of `url` and, as the socket.io path, the path of
 * `url` followed by `/socket.io`. socket.io would read a path in the URL as a namespace;
 * Plaza has one namespace and may be served under a prefix (`https://intranet/plaza`),
 * so the path belongs in socket.io's `path` instead. An explicit `path` wins.
 *
 * @example
 * socketEndpoint('https://intranet.example/plaza/'); // { origin: 'https://intranet.example', path: '/plaza/socket.io' }
 */
export function socketEndpoint(url: string, path?: string): { origin: string; path: string } {
  // A relative URL is allowed in browsers (`url: '/'` when Plaza runs on the same origin).
  const base = typeof location === 'undefined' ? undefined : location.href;
  const parsed = new URL(url, base);
  const prefix = parsed.pathname.replace(/\/+$/, '');
  return { origin: parsed.origin, path: path ?? `${prefix}/socket.io` };
}

/**
 * Creates the socket, not yet connected. `auth` is a function so socket.io asks for the
 * token again on every reconnect instead of resending the one it started with.
 */
export function createSocket(settings: SocketSettings, auth: HandshakeAuth): PlazaSocket {
  const { origin, path } = socketEndpoint(settings.url, settings.path);
  const { reconnection } = settings;
  return io(origin, {
    path,
    auth: auth as (send: (data: object) => void) => void,
    autoConnect: false,
    // Each client gets its own connection: sharing a multiplexed manager (socket.io's
    // default per URL) would let one client's close() or token affect another's.
    forceNew: true,
    // WebSocket first and, by default, only: long-polling needs sticky sessions when
    // several server nodes run. Hosts behind a proxy that blocks WebSockets add 'polling'.
    transports: [...settings.transports],
    tryAllTransports: settings.transports.length > 1,
    timeout: settings.connectTimeoutMs,
    reconnection: reconnection.enabled,
    reconnectionDelay: reconnection.delayMs,
    reconnectionDelayMax: reconnection.maxDelayMs,
    randomizationFactor: reconnection.randomizationFactor,
  });
}
