import { PlazaError } from '@plaza/protocol';
import type { ErrorBody, PushMap, PushName, RequestName, RequestPayload, RequestResult, SessionInfo } from '@plaza/protocol';
import { CAPABILITY_ENTRIES, capabilityFactory, registeredCapabilities } from './capabilities.js';
import type { CapabilityContext, CapabilityEvents, CapabilityMap, CapabilityName } from './capabilities.js';
import type { ChatEvents } from './chat/chat-client.js';
import type { ChatApi } from './chat/types.js';
import { unwrapAck } from './connection/ack.js';
import { Backoff } from './connection/backoff.js';
import type { Connection } from './connection/connection.js';
import type { DocsApi } from './docs/types.js';
import { createSocket } from './connection/socket.js';
import type { PlazaSocket } from './connection/socket.js';
import { TokenRefresher } from './connection/token-refresher.js';
import { TokenSource } from './connection/token-source.js';
import { Emitter } from './events/emitter.js';
import type { Listener, Unsubscribe } from './events/emitter.js';
import type { FilesApi } from './files/files-client.js';
import type { KnowledgeApi } from './knowledge/types.js';
import type { ResolvedOptions } from './options.js';
import type { PresenceMap } from './presence/presence.js';
import type { TasksApi, TasksEvents } from './tasks/types.js';
import type { TicketsApi, TicketsEvents } from './tickets/types.js';
import { StateStore } from './store/state-store.js';

/**
 * The values of {@link ConnectionStatus}.
 *
 * @example
 * if (CONNECTION_STATUSES.includes(value)) setStatus(value);
 */
export const CONNECTION_STATUSES = ['connecting', 'online', 'offline'] as const;

/**
 * - `offline`: not connected and not trying (before `connect()`, after `close()`, after the
 *   server refused or closed the session).
 * - `connecting`: connecting or reconnecting.
 * - `online`: signed in; requests go through.
 */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The client's own state, in `client.state`. */
export interface ClientState {
  status: ConnectionStatus;
  /** Who the client is signed in as; kept while reconnecting, `null` when offline. */
  session: SessionInfo | null;
  /** The latest connection or session error; cleared when the client comes online. */
  error: PlazaError | null;
}

/**
 * The client's events, one payload type per name. Capabilities add their own entries
 * (`message`, …) here.
 */
export interface ClientEvents extends ChatEvents, TasksEvents, TicketsEvents {
  /** The connection status changed. */
  status: ConnectionStatus;
  /** The session started or changed: after every (re)connect and every token refresh. */
  session: SessionInfo;
  /**
   * Something failed that no pending promise reports: a refused reconnect, the server
   * closing the session, a token refresh the server refused.
   */
  error: PlazaError;
}

/** Options of a single request. */
export interface RequestOptions {
  /** How long to wait for the answer, ms; default: the client's `requestTimeoutMs`. */
  timeoutMs?: number;
}

/**
 * A Plaza client: one socket to the server, its state and its events.
 *
 * @example
 * const client = createClient({ url: 'https://plaza.example.com', token: fetchToken });
 * client.on('status', (status) => badge.textContent = status);
 * const session = await client.connect();
 * const me = await client.request('session:get', {});
 * await client.close();
 */
export interface PlazaClient {
  /** Status, session and last error, as a store to subscribe to. */
  readonly state: StateStore<ClientState>;
  /** The current connection status; `'offline'` before `connect()`. */
  readonly status: ConnectionStatus;
  /** Who the client is signed in as, or `null`. */
  readonly session: SessionInfo | null;
  /**
   * Connects and resolves with the session once the server has signed the socket in.
   *
   * Rejects with a `PlazaError`: the server's code when it refused the token
   * (`unauthorized`, `forbidden`; with a token provider, after one retry with a fresh
   * token), or `unavailable` when the server cannot be reached — in that case the client
   * keeps trying in the background (status `connecting`) until `close()`.
   * Calling it while connecting returns the same attempt; while online it resolves at once.
   */
  connect(): Promise<SessionInfo>;
  /** Disconnects and stops every timer; the status becomes `'offline'`. `connect()` may follow. */
  close(): Promise<void>;
  /** Adds an event listener; returns the function that removes it. */
  on<K extends keyof ClientEvents>(name: K, listener: Listener<ClientEvents, K>): Unsubscribe;
  /**
   * Sends a request and resolves with the server's answer, or rejects with a `PlazaError`:
   * the server's error, or `unavailable` when offline, on timeout or when the connection
   * drops before the answer.
   */
  request<E extends RequestName>(
    name: E,
    payload: RequestPayload<E>,
    options?: RequestOptions,
  ): Promise<RequestResult<E>>;
  /** Chat: channels, messages, the outbox (see {@link ChatApi}). */
  readonly chat: ChatApi;
  /** Known presence by host user id; filled by `queryPresence` and kept current by the server. */
  readonly presence: StateStore<PresenceMap>;
  /** Asks for the presence of these users; the answers land in `presence`. */
  queryPresence(userIds: string[]): Promise<void>;
  /** Uploads and file metadata. */
  readonly files: FilesApi;
  /** Task lists, live task views, details and notifications (see {@link TasksApi}). */
  readonly tasks: TasksApi;
  /** Tickets: customers' own tickets, agents' live queues and details (see {@link TicketsApi}). */
  readonly tickets: TicketsApi;
  /** Knowledge articles: search, read, suggest for a ticket subject; writers also edit (see {@link KnowledgeApi}). */
  readonly knowledge: KnowledgeApi;
  /** Documents: spaces, folders, sharing, versions and live co-editing sessions (see {@link DocsApi}). */
  readonly docs: DocsApi;
}

/** The socket.io calls the client makes with event names it only knows as strings. */
interface LooseSocket {
  emitWithAck(event: RequestName, payload: unknown): Promise<unknown>;
  on(event: PushName, listener: (payload: never) => void): unknown;
  off(event: PushName, listener: (payload: never) => void): unknown;
}

interface ReadyEvents {
  ready: { session: SessionInfo; reconnect: boolean };
}

interface PendingConnect {
  promise: Promise<SessionInfo>;
  resolve(session: SessionInfo): void;
  reject(error: PlazaError): void;
}

/** The socket.io implementation of {@link PlazaClient}; made by `createClient`. */
export class PlazaSocketClient implements PlazaClient {
  readonly state = new StateStore<ClientState>({ status: 'offline', session: null, error: null });

  readonly #events = new Emitter<ClientEvents>();
  readonly #ready = new Emitter<ReadyEvents>();
  /** What capabilities are made from; see {@link #capability}. */
  readonly #context: CapabilityContext;
  readonly #capabilities = new Map<CapabilityName, CapabilityMap[CapabilityName]>();
  /** A session was ready since `connect()`: the next one is a reconnect. */
  #wasReady = false;
  readonly #options: ResolvedOptions;
  readonly #tokens: TokenSource;
  readonly #socket: PlazaSocket;
  readonly #refresher: TokenRefresher;
  /** For retries socket.io does not make itself (after a retryable refusal). */
  readonly #retryBackoff: Backoff;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #pending: PendingConnect | null = null;
  /** The app wants a connection: `connect()` was called and neither `close()` nor a final error followed. */
  #wanted = false;
  /** A refused token was already answered with a fresh one during this attempt. */
  #retriedWithFreshToken = false;
  /** The token of the current handshake, which the refresher starts from. */
  #handshakeToken: string | null = null;
  /** Bumped by `close()`, so a token that arrives for an abandoned handshake is not sent. */
  #epoch = 0;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#tokens = new TokenSource(options.token);
    const { reconnection } = options;
    this.#retryBackoff = new Backoff({
      minMs: reconnection.delayMs,
      maxMs: reconnection.maxDelayMs,
      jitter: reconnection.randomizationFactor,
    });
    this.#socket = createSocket(options, this.#authenticate);
    this.#refresher = new TokenRefresher(this.#tokens, {
      send: (token) => this.request('session:refresh', { token }),
      refreshed: (token, expiresAt) => this.#onTokenRefreshed(token, expiresAt),
      failed: (error) => this.#report(error),
    });
    this.state.subscribeWithSelector(
      (state) => state.status,
      (status) => this.#events.emit('status', status),
    );
    this.#listen();
    this.#context = {
      connection: this.#connection(),
      options,
      // ClientEvents extends the capabilities' events, so theirs are a part of the same emitter.
      emit: (name, payload) => (this.#events as unknown as Emitter<CapabilityEvents>).emit(name, payload),
      report: (error) => this.#events.emit('error', error),
    };
    // Capabilities registered by now start with the client, so their events (`message`…)
    // flow without touching `client.chat` first. Ones registered later (a lazily loaded
    // chunk) start on first use and catch up with a session that is already ready.
    for (const name of registeredCapabilities()) this.#capability(name);
  }

  get chat(): CapabilityMap['chat'] {
    return this.#capability('chat');
  }

  get files(): FilesApi {
    return this.#capability('files');
  }

  get tasks(): TasksApi {
    return this.#capability('tasks');
  }

  get tickets(): TicketsApi {
    return this.#capability('tickets');
  }

  get knowledge(): KnowledgeApi {
    return this.#capability('knowledge');
  }

  get docs(): DocsApi {
    return this.#capability('docs');
  }

  get presence(): StateStore<PresenceMap> {
    return this.#capability('presence').store;
  }

  queryPresence(userIds: string[]): Promise<void> {
    return this.#capability('presence').query(userIds);
  }

  /** The capability's instance, made on first use from its registered factory. */
  #capability<K extends CapabilityName>(name: K): CapabilityMap[K] {
    let instance = this.#capabilities.get(name) as CapabilityMap[K] | undefined;
    if (!instance) {
      const factory = capabilityFactory(name);
      if (!factory) {
        throw new PlazaError(
          'bad_request',
          `client.${name} is not available: import '${CAPABILITY_ENTRIES[name]}' (or '@plaza/sdk', which includes it)`,
        );
      }
      instance = factory(this.#context);
      this.#capabilities.set(name, instance);
    }
    return instance;
  }

  get status(): ConnectionStatus {
    return this.state.get().status;
  }

  get session(): SessionInfo | null {
    return this.state.get().session;
  }

  connect(): Promise<SessionInfo> {
    const { status, session } = this.state.get();
    if (status === 'online' && session) return Promise.resolve(session);
    if (this.#pending) return this.#pending.promise;
    const pending = createPending();
    this.#pending = pending;
    this.#retriedWithFreshToken = false;
    // Already trying in the background (an earlier connect() was told `unavailable`):
    // starting a second handshake would race the first.
    if (!(this.#wanted && status === 'connecting')) {
      this.#wanted = true;
      this.state.patch({ status: 'connecting', error: null });
      this.#socket.connect();
    }
    return pending.promise;
  }

  close(): Promise<void> {
    this.#wanted = false;
    this.#wasReady = false;
    this.#epoch += 1;
    (this.#capabilities.get('chat') as CapabilityMap['chat'] | undefined)?.stop();
    this.#refresher.stop();
    this.#clearRetry();
    this.#socket.disconnect();
    this.#settle(new PlazaError('unavailable', 'the client was closed before it connected'));
    this.state.patch({ status: 'offline', session: null, error: null });
    return Promise.resolve();
  }

  on<K extends keyof ClientEvents>(name: K, listener: Listener<ClientEvents, K>): Unsubscribe {
    return this.#events.on(name, listener);
  }

  async request<E extends RequestName>(
    name: E,
    payload: RequestPayload<E>,
    options: RequestOptions = {},
  ): Promise<RequestResult<E>> {
    if (this.status === 'offline') {
      throw new PlazaError('unavailable', `cannot send ${name}: the client is offline`);
    }
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs;
    let answer: unknown;
    try {
      // While `connecting`, socket.io buffers the request and sends it once connected;
      // the timeout covers that wait too.
      answer = await this.#emit(name, payload, timeoutMs);
    } catch (error) {
      throw requestFailure(name, timeoutMs, error);
    }
    return unwrapAck<RequestResult<E>>(answer, name);
  }

  /** Emits with an ack and a timeout. */
  #emit(name: RequestName, payload: unknown, timeoutMs: number): Promise<unknown> {
    // socket.io's typings cannot follow a generic event name through their mapped types,
    // so the call is typed loosely here; `request`'s signature ties each name to its payload.
    const socket = this.#socket.timeout(timeoutMs) as unknown as LooseSocket;
    return socket.emitWithAck(name, payload);
  }

  /** socket.io calls this on every (re)connect, so each handshake carries a current token. */
  readonly #authenticate = (send: (data: { token: string }) => void): void => {
    const epoch = this.#epoch;
    this.#tokens.get().then(
      (token) => {
        if (epoch !== this.#epoch || !this.#wanted) return;
        this.#handshakeToken = token;
        send({ token });
      },
      (error: unknown) => {
        if (epoch !== this.#epoch || !this.#wanted) return;
        // Without a token there is no handshake to send: drop this attempt (socket.io
        // would otherwise wait for one until its connect timeout) and decide as for a refusal.
        this.#socket.disconnect();
        this.#onRefused(toPlazaError(error));
      },
    );
  };

  #listen(): void {
    const socket = this.#socket;
    socket.on('connect_error', (error) => this.#onConnectError(error));
    socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    socket.on('session:ready', (session) => this.#onReady(session));
    socket.on('session:expiring', () => void this.#refresher.refreshNow());
    socket.on('session:closed', (body) => this.#onClosedByServer(body));
  }

  #onReady(session: SessionInfo): void {
    if (!this.#wanted) return;
    this.#retriedWithFreshToken = false;
    this.#retryBackoff.reset();
    this.state.patch({ status: 'online', session, error: null });
    this.#events.emit('session', session);
    this.#pending?.resolve(session);
    this.#pending = null;
    if (this.#handshakeToken) this.#refresher.start(this.#handshakeToken, session.expiresAt);
    const reconnect = this.#wasReady;
    this.#wasReady = true;
    this.#ready.emit('ready', { session, reconnect });
  }

  /** What the capabilities see of the client (see {@link Connection}). */
  #connection(): Connection {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below need the client, not the literal
    const client = this;
    // socket.io's typings cannot follow a generic push name; the Connection signature ties
    // each name to its payload.
    const socket = this.#socket as unknown as LooseSocket;
    return {
      url: this.#options.url,
      get status() {
        return client.status;
      },
      get session() {
        return client.session;
      },
      request: (name, payload, options) => this.request(name, payload, options),
      onPush: <E extends PushName>(name: E, listener: (payload: PushMap[E]) => void) => {
        socket.on(name, listener);
        return () => void socket.off(name, listener);
      },
      onReady: (listener) => this.#ready.on('ready', ({ session, reconnect }) => listener(session, reconnect)),
      currentToken: () => (this.#handshakeToken === null ? this.#tokens.get() : Promise.resolve(this.#handshakeToken)),
    };
  }

  #onConnectError(error: Error & { data?: unknown }): void {
    if (!this.#wanted) return;
    const refusal = refusalOf(error);
    if (refusal) {
      this.#onRefused(refusal);
      return;
    }
    // The server could not be reached; socket.io keeps trying by itself if allowed to.
    const failure = new PlazaError('unavailable', `cannot reach the Plaza server: ${error.message}`, { cause: error });
    this.#fail(failure, this.#options.reconnection.enabled);
  }

  /** The server (or the token provider) refused this handshake. socket.io will not retry. */
  #onRefused(error: PlazaError): void {
    if (error.code === 'unauthorized' && this.#tokens.renewable && !this.#retriedWithFreshToken) {
      // The token may simply have expired between the provider and the server: one more
      // try with a fresh one. The auth function asks the provider again.
      this.#retriedWithFreshToken = true;
      this.#socket.connect();
      return;
    }
    const retrying = error.retryable && this.#options.reconnection.enabled;
    if (retrying) this.#scheduleRetry();
    this.#fail(error, retrying);
  }

  #onDisconnect(reason: string): void {
    this.#refresher.stop();
    if (!this.#wanted) return;
    if (!this.#options.reconnection.enabled || reason === 'io client disconnect') {
      this.#fail(new PlazaError('unavailable', `the connection closed (${reason})`), false);
      return;
    }
    if (reason === 'io server disconnect') {
      // socket.io never reconnects after the server closed the socket on purpose. Plaza
      // says so with `session:closed` when it means "do not come back" (handled there);
      // a disconnect without it is a server shutting down or shedding load, so come back
      // after a backoff, and a handshake refusal will tell if that is no longer welcome.
      this.#scheduleRetry();
    }
    // The session stays shown until the connection is back or lost for good.
    this.state.patch({ status: 'connecting' });
  }

  #onClosedByServer(body: ErrorBody): void {
    if (!this.#wanted) return;
    // The server is cutting this session off (user deactivated, token expired): retrying
    // with the same credentials would only be refused again.
    this.#wanted = false;
    this.#refresher.stop();
    this.#clearRetry();
    this.#socket.disconnect();
    this.#fail(PlazaError.fromBody(body), false);
  }

  #onTokenRefreshed(token: string, expiresAt: string): void {
    this.#handshakeToken = token;
    const { session } = this.state.get();
    if (!session) return;
    const next = { ...session, expiresAt };
    this.state.patch({ session: next });
    this.#events.emit('session', next);
  }

  /**
   * Records a failed attempt. With `retrying`, the client keeps trying (status
   * `connecting`); without, it gives up (status `offline`). A pending `connect()` gets the
   * error; otherwise a final one is emitted as `error`.
   */
  #fail(error: PlazaError, retrying: boolean): void {
    if (!retrying) {
      this.#wanted = false;
      this.#clearRetry();
    }
    this.state.patch(retrying ? { status: 'connecting', error } : { status: 'offline', session: null, error });
    const reported = this.#settle(error);
    if (!reported && !retrying) this.#events.emit('error', error);
  }

  /** Reports an error that does not change the connection (a refused token refresh). */
  #report(error: PlazaError): void {
    this.state.patch({ error });
    this.#events.emit('error', error);
  }

  /** Rejects a pending `connect()`; returns whether there was one. */
  #settle(error: PlazaError): boolean {
    const pending = this.#pending;
    if (!pending) return false;
    this.#pending = null;
    pending.reject(error);
    return true;
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#wanted) {
        this.#retriedWithFreshToken = false;
        this.#socket.connect();
      }
    }, this.#retryBackoff.next());
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}

function createPending(): PendingConnect {
  let resolve!: (session: SessionInfo) => void;
  let reject!: (error: PlazaError) => void;
  const promise = new Promise<SessionInfo>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The Plaza error in a `connect_error`, when the server refused the handshake. */
function refusalOf(error: { data?: unknown }): PlazaError | null {
  const { data } = error;
  if (data === null || typeof data !== 'object' || typeof (data as { code?: unknown }).code !== 'string') {
    return null;
  }
  return PlazaError.fromBody(data);
}

function toPlazaError(error: unknown): PlazaError {
  return error instanceof PlazaError ? error : new PlazaError('internal', 'unexpected error', { cause: error });
}

/** socket.io rejects `emitWithAck` on timeout and when the connection drops first. */
function requestFailure(name: string, timeoutMs: number, error: unknown): PlazaError {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('timed out')) {
    return new PlazaError('unavailable', `request ${name} timed out after ${timeoutMs} ms`, { cause: error });
  }
  return new PlazaError('unavailable', `request ${name} failed: the connection closed before the answer`, {
    cause: error,
  });
}
