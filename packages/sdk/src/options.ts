import { PlazaError } from '@plaza/protocol';
import type { Transport } from './connection/socket.js';
import type { TokenProvider } from './connection/token-source.js';
import type { Outbox } from './outbox/outbox.js';

/** Reconnect tuning: exponential backoff with jitter between attempts. */
export interface ReconnectionOptions {
  /** Reconnect by itself after losing the connection. Default `true`. */
  enabled?: boolean;
  /** First delay, ms. Default 500. */
  delayMs?: number;
  /** Longest delay, ms. Default 10 000. */
  maxDelayMs?: number;
  /** 0…1: how much each delay varies at random. Default 0.5. */
  randomizationFactor?: number;
}

/**
 * What `createClient` takes.
 *
 * @example
 * const options: ClientOptions = {
 *   url: 'https://plaza.example.com',
 *   token: () => fetch('/plaza-token').then((r) => r.text()),
 *   requestTimeoutMs: 5_000,
 *   reconnection: { delayMs: 1_000, maxDelayMs: 30_000 },
 * };
 */
export interface ClientOptions {
  /** The Plaza server, e.g. `https://plaza.example.com` (REST and socket share it). */
  url: string;
  /**
   * The user token (a JWT signed by the host's backend), or a function returning a fresh
   * one. Only a function lets the client renew the token before it expires and on reconnect.
   */
  token: string | TokenProvider;
  /** How long a request waits for the server's answer, ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** How long one connection attempt may take, ms. Default 20 000. */
  connectTimeoutMs?: number;
  /** Reconnect tuning, or `false` to never reconnect by itself. */
  reconnection?: ReconnectionOptions | false;
  /**
   * socket.io transports in the order to try. Default `['websocket']`: no sticky sessions
   * needed in front of several nodes. Add `'polling'` for networks that block WebSockets
   * (then the load balancer needs sticky sessions).
   */
  transports?: readonly Transport[];
  /** socket.io path; default: the path of `url` followed by `/socket.io`. */
  path?: string;
  /**
   * Where unsent messages wait: `'indexeddb'` (the default where IndexedDB exists: they
   * survive a reload), `'memory'` (the default elsewhere, e.g. Node), or your own `Outbox`.
   */
  outbox?: Outbox | 'memory' | 'indexeddb';
  /**
   * Browsers: after this long without input, or at once while the page is hidden, this page
   * tells the server it is idle; a user whose every page is idle shows as `away`. Ms,
   * default 300 000 (5 minutes); `false` never. In Node nothing idles by itself.
   */
  idleAfterMs?: number | false;
}

/** `ClientOptions` with every default filled in. */
export interface ResolvedOptions {
  url: string;
  token: string | TokenProvider;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  reconnection: Required<ReconnectionOptions>;
  transports: readonly Transport[];
  path: string | undefined;
  /** Checked here, created by the chat capability (so IndexedDB code loads only with chat). */
  outbox: OutboxChoice;
  idleAfterMs: number | false;
}

/** The resolved `outbox` option: a kind to create, or the caller's own. */
export type OutboxChoice = Outbox | 'memory' | 'indexeddb';

export const DEFAULT_OPTIONS = {
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 20_000,
  reconnection: { enabled: true, delayMs: 500, maxDelayMs: 10_000, randomizationFactor: 0.5 },
  transports: ['websocket'],
  idleAfterMs: 5 * 60_000,
} as const satisfies Omit<ResolvedOptions, 'url' | 'token' | 'path' | 'outbox'>;

/**
 * Checks `options` and fills in defaults. Mistakes in them are programming errors, so they
 * throw at once (`bad_request`, naming the option) instead of surfacing on connect.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options.url !== 'string' || options.url === '') {
    throw new PlazaError('bad_request', 'url is required');
  }
  const { token } = options;
  if (!(typeof token === 'function' || (typeof token === 'string' && token !== ''))) {
    throw new PlazaError('bad_request', 'token must be a non-empty string or a function returning one');
  }
  const reconnection =
    options.reconnection === false
      ? { ...DEFAULT_OPTIONS.reconnection, enabled: false }
      : { ...DEFAULT_OPTIONS.reconnection, ...options.reconnection };
  const resolved: ResolvedOptions = {
    url: options.url,
    token,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_OPTIONS.requestTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_OPTIONS.connectTimeoutMs,
    reconnection,
    transports: options.transports ?? DEFAULT_OPTIONS.transports,
    path: options.path,
    outbox: resolveOutbox(options.outbox),
    idleAfterMs: options.idleAfterMs ?? DEFAULT_OPTIONS.idleAfterMs,
  };
  requirePositive('requestTimeoutMs', resolved.requestTimeoutMs);
  requirePositive('connectTimeoutMs', resolved.connectTimeoutMs);
  requirePositive('reconnection.delayMs', reconnection.delayMs);
  requirePositive('reconnection.maxDelayMs', reconnection.maxDelayMs);
  if (resolved.idleAfterMs !== false) requirePositive('idleAfterMs', resolved.idleAfterMs);
  if (!(reconnection.randomizationFactor >= 0 && reconnection.randomizationFactor <= 1)) {
    throw new PlazaError('bad_request', 'reconnection.randomizationFactor must be between 0 and 1');
  }
  if (resolved.transports.length === 0) {
    throw new PlazaError('bad_request', 'transports must name at least one transport');
  }
  return resolved;
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new PlazaError('bad_request', `${name} must be a positive number of milliseconds`);
  }
}

function resolveOutbox(outbox: ClientOptions['outbox']): OutboxChoice {
  const hasIndexedDb = typeof indexedDB !== 'undefined';
  if (outbox === undefined) return hasIndexedDb ? 'indexeddb' : 'memory';
  if (outbox === 'memory') return 'memory';
  if (outbox === 'indexeddb') {
    if (!hasIndexedDb) throw new PlazaError('bad_request', "outbox: 'indexeddb' needs IndexedDB, which this environment lacks");
    return 'indexeddb';
  }
  const candidate = outbox as Partial<Outbox> | null;
  if (!candidate || typeof candidate.list !== 'function' || typeof candidate.put !== 'function' || typeof candidate.delete !== 'function') {
    throw new PlazaError('bad_request', "outbox must be 'memory', 'indexeddb' or an object with list, put and delete");
  }
  return outbox;
}
