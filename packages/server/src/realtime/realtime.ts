import type { Server as HttpServer } from 'node:http';
import {
  PlazaError,
  requestSchemas,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type PushMap,
  type PushName,
  type RequestName,
  type ParsedPayload,
  type RequestResult,
  type ServerToClientEvents,
  type SessionInfo,
  type SocketData,
} from '@plaza/protocol';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';
import { checkOrigin } from '../auth/request-auth.js';
import { iso } from '../clock.js';
import type { PlazaContext, RedisClient } from '../context.js';
import { toPlazaError } from '../http/errors.js';
import { userProfile } from '../org/user-service.js';

export type PlazaSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type PlazaIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Seconds a socket may go on after its token expired, to send `session:refresh` (the default). */
export const REFRESH_GRACE_SECONDS = 30;

export interface RealtimeOptions {
  /** Seconds a socket may go on after its token expired; tests shorten it. */
  refreshGraceSeconds?: number;
}

export type RequestHandler<E extends RequestName> = (socket: PlazaSocket, payload: ParsedPayload<E>) => Promise<RequestResult<E>>;

/** Runs for every socket that connects, fresh or recovered, before it gets `session:ready`. */
export type ConnectionHook = (socket: PlazaSocket) => Promise<void>;

/** The ids of the channels a user belongs to now (from the database, not from any socket). */
export type ChannelMembership = (tenantId: string, userKey: string) => Promise<readonly string[]>;

/** Rooms are named here and nowhere else. */
export const rooms = {
  tenant: (tenantId: string) => `t:${tenantId}`,
  user: (tenantId: string, userId: string) => `u:${tenantId}:${userId}`,
  /** Every socket of every member of a chat channel. */
  channel: (tenantId: string, channelId: string) => `c:${tenantId}:${channelId}`,
  /** Sockets that asked for a user's presence and get its changes. */
  presence: (tenantId: string, userId: string) => `p:${tenantId}:${userId}`,
  /** Sockets that opened a document: its sync and awareness messages. */
  doc: (tenantId: string, docId: string) => `d:${tenantId}:${docId}`,
  /** Sockets that opened any document of a space: found again when the space's sharing changes. */
  docSpace: (tenantId: string, spaceId: string) => `ds:${tenantId}:${spaceId}`,
};

/** A socket, on any node, that holds documents open (see `Realtime.docHolders`). */
export interface DocHolder {
  data: SocketData;
  docIds: string[];
  /** Takes the socket out of the document's room and tells it why. */
  release(docId: string, reason: string): void;
}

function channelRoomPrefix(tenantId: string): string {
  return rooms.channel(tenantId, '');
}

/**
 * socket.io for one server process: handshake authentication (token and `Origin`),
 * token expiry, typed request handlers, and the Redis adapter when several nodes run.
 */
export class Realtime {
  readonly io: PlazaIo;
  private expiryTimers = new WeakMap<PlazaSocket, NodeJS.Timeout>();
  private handlers = new Map<RequestName, RequestHandler<RequestName>>();
  private connectionHooks: ConnectionHook[] = [];
  private channelMembership: ChannelMembership | undefined;
  private closing = false;
  /** Other nodes may hold sockets in any room: this node cannot tell a room is empty. */
  private clustered = false;
  private readonly refreshGraceMs: number;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: PlazaContext,
    options: RealtimeOptions = {},
  ) {
    this.refreshGraceMs = (options.refreshGraceSeconds ?? REFRESH_GRACE_SECONDS) * 1000;
    this.io = new Server(httpServer, {
      serveClient: false,
      // the handshake middleware checks Origin against the caller's own tenant
      cors: { origin: true, credentials: false },
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
      maxHttpBufferSize: 1024 * 1024,
    });
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          // a refusal is the client's business; anything else is ours and would otherwise leave no trace
          const { code } = toPlazaError(error);
          if (code === 'internal' || code === 'unavailable') this.ctx.log.error({ err: error }, 'socket handshake failed');
          next(handshakeError(error));
        },
      );
    });
    this.io.on('connection', (socket) => this.handleConnection(socket));
    this.guardRecovery();
    this.storeNoSessionPushes();
    this.handle('session:get', (socket) => this.sessionInfo(socket));
    this.handle('session:refresh', (socket, payload) => this.refresh(socket, payload.token));
  }

  /** Uses the Redis adapter, so events reach sockets on every node. */
  attachRedis(redis: RedisClient): void {
    this.clustered = true;
    this.io.adapter(createAdapter(redis));
    // the new adapter has its own session restore to guard
    this.guardRecovery();
    this.storeNoSessionPushes();
  }

  /**
   * Registers the handler for a request: the payload is parsed with the protocol's
   * schema first, and whatever the handler throws becomes an error ack.
   */
  handle<E extends RequestName>(name: E, handler: RequestHandler<E>): void {
    this.handlers.set(name, handler);
  }

  /**
   * Runs `hook` for every socket that connects (including one whose connection state was
   * recovered) before the socket gets `session:ready`. A failing hook is logged; the
   * socket still becomes ready.
   */
  onConnection(hook: ConnectionHook): void {
    this.connectionHooks.push(hook);
  }

  /**
   * Names where channel membership comes from. Every connecting socket is then put in
   * exactly its user's channel rooms before `session:ready` (a recovered socket leaves
   * the rooms of channels its user was removed from meanwhile), and a connection state
   * recovery is refused when the user lost a channel, was deactivated or their token
   * expired while away: socket.io replays missed packets before any middleware runs, so
   * a stale session must not be restored at all. The client then connects afresh and
   * resyncs.
   */
  useChannelMembership(membership: ChannelMembership): void {
    this.channelMembership = membership;
  }

  /** Adds every socket of the user, on every node, to the channel's room. */
  joinChannel(tenantId: string, userId: string, channelId: string): void {
    this.io.in(rooms.user(tenantId, userId)).socketsJoin(rooms.channel(tenantId, channelId));
  }

  /** Takes every socket of the user, on every node, out of the channel's room: it receives nothing more from it. */
  leaveChannel(tenantId: string, userId: string, channelId: string): void {
    this.io.in(rooms.user(tenantId, userId)).socketsLeave(rooms.channel(tenantId, channelId));
  }

  /** Pushes to every member of a channel, on every node; `exceptUser` leaves out all sockets of one user. */
  emitToChannel<E extends PushName>(tenantId: string, channelId: string, event: E, payload: PushMap[E], exceptUser?: string): void {
    const target = this.io.to(rooms.channel(tenantId, channelId));
    const narrowed = exceptUser === undefined ? target : target.except(rooms.user(tenantId, exceptUser));
    (narrowed as unknown as TypedEmitter).emit(event, payload);
  }

  /** Pushes to every socket of one user, on every node. */
  emitToUser<E extends PushName>(tenantId: string, userId: string, event: E, payload: PushMap[E]): void {
    (this.io.to(rooms.user(tenantId, userId)) as unknown as TypedEmitter).emit(event, payload);
  }

  /** Pushes to the sockets watching a user's presence. */
  emitToPresenceWatchers<E extends PushName>(tenantId: string, userId: string, event: E, payload: PushMap[E]): void {
    const room = rooms.presence(tenantId, userId);
    // Every broadcast is kept two minutes for connection state recovery; most users'
    // presence rooms are empty, and one kept packet per connect is most of what an idle
    // connection would otherwise cost.
    if (!this.clustered && !this.io.of('/').adapter.rooms.has(room)) return;
    (this.io.to(room) as unknown as TypedEmitter).emit(event, payload);
  }

  /**
   * Pushes a signal that is stale a moment later (typing) to a channel's members, except
   * the sender: volatile, so it is neither kept for connection state recovery (at a
   * thousand signals a second that would be a hundred thousand packets held) nor queued
   * for a socket that cannot take it right now.
   */
  signalToChannel<E extends PushName>(tenantId: string, channelId: string, event: E, payload: PushMap[E], exceptUser: string): void {
    const target = this.io.volatile.to(rooms.channel(tenantId, channelId)).except(rooms.user(tenantId, exceptUser));
    (target as unknown as TypedEmitter).emit(event, payload);
  }

  /** Puts the socket in a document's room, and its space's. */
  joinDoc(socket: PlazaSocket, docId: string, spaceId: string): void {
    const { tenantId } = socket.data;
    void socket.join([rooms.doc(tenantId, docId), rooms.docSpace(tenantId, spaceId)]);
  }

  leaveDoc(socket: PlazaSocket, docId: string): void {
    void socket.leave(rooms.doc(socket.data.tenantId, docId));
  }

  holdsDoc(socket: PlazaSocket, docId: string): boolean {
    return socket.rooms.has(rooms.doc(socket.data.tenantId, docId));
  }

  /** The documents (of its own tenant) a socket of this node holds open. */
  docsHeldBy(socket: PlazaSocket): string[] {
    return docIdsIn(socket.rooms, socket.data.tenantId);
  }

  /** Pushes to every socket, on every node, that holds the document open, except one socket (the sender). */
  emitToDoc<E extends PushName>(tenantId: string, docId: string, event: E, payload: PushMap[E], exceptSocketId?: string): void {
    const target = this.io.to(rooms.doc(tenantId, docId));
    const narrowed = exceptSocketId === undefined ? target : target.except(exceptSocketId);
    (narrowed as unknown as TypedEmitter).emit(event, payload);
  }

  /** Every socket, on any node, holding a document of the space open. */
  async docHolders(tenantId: string, spaceId: string): Promise<DocHolder[]> {
    const sockets = await this.io.in(rooms.docSpace(tenantId, spaceId)).fetchSockets();
    return sockets.map((s) => ({
      data: s.data,
      docIds: docIdsIn(s.rooms, tenantId),
      release: (docId: string, reason: string) => {
        s.leave(rooms.doc(tenantId, docId));
        s.emit('docs:closed', { docId, reason });
      },
    }));
  }

  /** Sends to every other node; nothing when this node runs alone. */
  toOtherNodes<E extends keyof InterServerEvents>(event: E, ...args: Parameters<InterServerEvents[E]>): void {
    if (this.clustered) this.io.serverSideEmit(event, ...args);
  }

  /** Listens to what other nodes send with `toOtherNodes`. */
  onOtherNodes<E extends keyof InterServerEvents>(event: E, listener: InterServerEvents[E]): void {
    (this.io as unknown as { on(event: string, listener: (...args: never[]) => void): void }).on(event, listener);
  }

  /** From now on the socket gets presence changes of these users. */
  watchPresence(socket: PlazaSocket, userIds: readonly string[]): void {
    if (userIds.length > 0) void socket.join(userIds.map((id) => rooms.presence(socket.data.tenantId, id)));
  }

  /** What every socket of these users holds (its activity included), on any node. */
  async socketsOfUsers(tenantId: string, userIds: readonly string[]): Promise<SocketData[]> {
    if (userIds.length === 0) return [];
    const sockets = await this.io.in(userIds.map((id) => rooms.user(tenantId, id))).fetchSockets();
    return sockets.map((s) => s.data).filter((data) => data.tenantId === tenantId);
  }

  /** Closes every socket of a user, on every node. */
  async disconnectUser(tenantId: string, userId: string, reason: string): Promise<void> {
    const room = rooms.user(tenantId, userId);
    this.io.to(room).emit('session:closed', { code: 'unauthorized', message: reason });
    this.io.in(room).disconnectSockets(true);
    return Promise.resolve();
  }

  /**
   * Drops every connection of this node without a disconnect packet, so clients treat it
   * as a lost connection and reconnect (to this node once restarted, or another). The
   * HTTP server itself is Fastify's to close.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.io.engine.close();
  }

  /** True once `close` began: the sockets dropping now are not users leaving. */
  get isClosing(): boolean {
    return this.closing;
  }

  private async authenticate(socket: PlazaSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') throw new PlazaError('unauthorized', 'auth.token is required');
    const { claims, tenant } = await this.ctx.tokens.verifyUser(token);
    checkOrigin(tenant, socket.handshake.headers.origin);
    const user = await this.ctx.users.provision(claims);
    socket.data = { tenantId: tenant.id, userId: claims.sub, userKey: user.id, exp: claims.exp };
  }

  private handleConnection(socket: PlazaSocket): void {
    const { tenantId, userId } = socket.data;
    this.ctx.metrics.connections.inc();
    void socket.join([rooms.tenant(tenantId), rooms.user(tenantId, userId)]);
    this.closeIfDeactivated(socket).catch((error: unknown) => this.ctx.log.error({ err: error }, 'deactivation check failed'));
    // one listener for every request rather than one per request name: sixty-odd listeners
    // on each of ten thousand idle sockets cost more memory than the rest of the socket
    socket.onAny((name: string, payload: unknown, ack: unknown) => {
      const handler = this.handlers.get(name as RequestName);
      if (handler) void this.dispatch(socket, name as RequestName, handler, payload, ack);
      else if (typeof ack === 'function') (ack as (answer: Ack<never>) => void)({ ok: false, error: unknownRequest(name) });
    });
    this.scheduleExpiry(socket);
    socket.on('disconnect', () => {
      this.ctx.metrics.connections.dec();
      clearTimeout(this.expiryTimers.get(socket));
    });
    void this.prepare(socket)
      .then(() => this.sessionInfo(socket))
      .then(
        (info) => socket.emit('session:ready', info),
        (error: unknown) => this.ctx.log.error({ err: error }, 'session info failed'),
      );
  }

  /** Channel rooms and connection hooks, so that a ready socket already receives everything it should. */
  private async prepare(socket: PlazaSocket): Promise<void> {
    try {
      await this.syncChannelRooms(socket);
    } catch (error) {
      this.ctx.log.error({ err: error }, 'joining channel rooms failed');
    }
    for (const hook of this.connectionHooks) {
      try {
        await hook(socket);
      } catch (error) {
        this.ctx.log.error({ err: error }, 'connection hook failed');
      }
    }
  }

  /**
   * Puts the socket in exactly the rooms of its user's channels. Membership is read a
   * second time after joining: a removal that commits while the first read is under way
   * might otherwise run its `socketsLeave` before this socket joined, and never reach it.
   */
  private async syncChannelRooms(socket: PlazaSocket): Promise<void> {
    const membership = this.channelMembership;
    if (!membership) return;
    const { tenantId, userKey } = socket.data;
    const prefix = channelRoomPrefix(tenantId);
    const first = await membership(tenantId, userKey);
    if (socket.disconnected) return;
    const wanted = new Set(first.map((id) => rooms.channel(tenantId, id)));
    for (const room of socket.rooms) {
      if (room.startsWith(prefix) && !wanted.has(room)) void socket.leave(room);
    }
    if (wanted.size === 0) return;
    void socket.join([...wanted]);
    const second = new Set((await membership(tenantId, userKey)).map((id) => rooms.channel(tenantId, id)));
    for (const room of wanted) {
      if (!second.has(room)) void socket.leave(room);
    }
  }

  /**
   * Wraps the adapter's session restore (see `useChannelMembership`): a session is
   * restored only when its token is still valid, its user is active and still belongs
   * to every channel whose room the session held.
   */
  private guardRecovery(): void {
    const adapter = this.io.of('/').adapter;
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const session = await restore(pid, offset);
      if (!session) return session;
      try {
        if (await this.mayRecover(session.data as SocketData | undefined, session.rooms)) return session;
      } catch (error) {
        this.ctx.log.warn({ err: error }, 'session recovery check failed');
      }
      // socket.io types the result as a Session, but treats a missing one as "start afresh"
      return null as unknown as typeof session;
    };
  }

  /**
   * With connection state recovery every push, even one to a single socket, is kept two
   * minutes (in memory, or in the Redis stream) to replay to a socket that comes back.
   * Some never are: `session:ready` is sent afresh on every connect, and a session that
   * held a document is never recovered (see `mayRecover`), so `docs:*` pushes would be
   * held in memory only to be dropped — every keystroke of every editor, two minutes
   * long. These are delivered without being kept (the adapter base class's local
   * delivery: a socket's own pushes are local, and so is everything on a single node;
   * across nodes the Redis adapter must carry them, and keeps them in its stream).
   */
  private storeNoSessionPushes(): void {
    const adapter = this.io.of('/').adapter;
    const storeAndDeliver = adapter.broadcast.bind(adapter);
    const deliver = Adapter.prototype.broadcast.bind(adapter);
    const neverReplayed = (event: unknown) => event === 'session:ready' || (!this.clustered && typeof event === 'string' && event.startsWith('docs:'));
    adapter.broadcast = (packet: { data?: unknown[] }, opts: BroadcastOptions) =>
      neverReplayed(packet.data?.[0]) ? deliver(packet, opts) : storeAndDeliver(packet, opts);
  }

  private async mayRecover(data: SocketData | undefined, sessionRooms: readonly string[]): Promise<boolean> {
    if (!data?.tenantId || !data.userKey) return false;
    if (data.exp * 1000 <= this.ctx.clock.now()) return false;
    if (!(await this.ctx.users.isActive(data.tenantId, data.userKey))) return false;
    // an open document is synced afresh on every connect anyway, and access to it may
    // have ended meanwhile: its missed messages are never replayed
    if (sessionRooms.some((room) => room.startsWith(rooms.doc(data.tenantId, '')))) return false;
    if (!this.channelMembership) return true;
    const prefix = channelRoomPrefix(data.tenantId);
    const held = sessionRooms.filter((room) => room.startsWith(prefix));
    if (held.length === 0) return true;
    const current = new Set((await this.channelMembership(data.tenantId, data.userKey)).map((id) => rooms.channel(data.tenantId, id)));
    return held.every((room) => current.has(room));
  }

  /**
   * A deactivation that lands between this socket's handshake and its joining the user's
   * room would miss it; checking once more after joining closes that gap.
   */
  private async closeIfDeactivated(socket: PlazaSocket): Promise<void> {
    if (await this.ctx.users.isActive(socket.data.tenantId, socket.data.userKey)) return;
    socket.emit('session:closed', { code: 'unauthorized', message: 'user is deactivated' });
    socket.disconnect(true);
  }

  private async dispatch(socket: PlazaSocket, name: RequestName, handler: RequestHandler<RequestName>, payload: unknown, ack: unknown): Promise<void> {
    // a client that sends no ack callback gets nothing back; the request still runs once
    const reply = typeof ack === 'function' ? (ack as (answer: Ack<unknown>) => void) : () => undefined;
    try {
      const parsed = requestSchemas[name].safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PlazaError('bad_request', `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
      }
      const data = await handler(socket, parsed.data);
      this.ctx.metrics.events.inc({ event: name, outcome: 'ok' });
      reply({ ok: true, data });
    } catch (error) {
      const plaza = toPlazaError(error);
      if (plaza.code === 'internal' || plaza.code === 'unavailable') this.ctx.log.error({ err: error, event: name }, 'socket request failed');
      this.ctx.metrics.events.inc({ event: name, outcome: plaza.code });
      reply({ ok: false, error: plaza.toBody() });
    }
  }

  private async sessionInfo(socket: PlazaSocket): Promise<SessionInfo> {
    const { tenantId, userId, exp } = socket.data;
    const [tenant, user] = await Promise.all([this.ctx.tenants.get(tenantId), this.ctx.users.byHostId(tenantId, userId)]);
    if (!user) throw new PlazaError('not_found', 'user not found');
    return { user: userProfile(user), tenant: { id: tenant.id, name: tenant.name }, expiresAt: iso(exp * 1000) };
  }

  private async refresh(socket: PlazaSocket, token: string): Promise<{ expiresAt: string }> {
    const { claims } = await this.ctx.tokens.verifyUser(token);
    if (claims.tid !== socket.data.tenantId || claims.sub !== socket.data.userId) {
      throw new PlazaError('forbidden', 'a refreshed token must name the same user');
    }
    await this.ctx.users.provision(claims);
    socket.data.exp = claims.exp;
    this.scheduleExpiry(socket);
    return { expiresAt: iso(claims.exp * 1000) };
  }

  /** At expiry the socket is told to refresh; the grace period later it is closed. */
  private scheduleExpiry(socket: PlazaSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
    const untilExpiry = socket.data.exp * 1000 - this.ctx.clock.now();
    const timer = setTimeout(() => {
      const disconnectAt = socket.data.exp * 1000 + this.refreshGraceMs;
      socket.emit('session:expiring', { expiresAt: iso(socket.data.exp * 1000), disconnectAt: iso(disconnectAt) });
      const grace = setTimeout(() => {
        socket.emit('session:closed', { code: 'unauthorized', message: 'token expired' });
        socket.disconnect(true);
      }, Math.max(0, disconnectAt - this.ctx.clock.now()));
      this.expiryTimers.set(socket, grace);
    }, Math.max(0, untilExpiry));
    this.expiryTimers.set(socket, timer);
  }
}

/** One untyped view of a broadcast: socket.io's typed `emit` cannot take a generic event name. */
interface TypedEmitter {
  emit<E extends PushName>(event: E, payload: PushMap[E]): boolean;
}

function docIdsIn(socketRooms: Iterable<string>, tenantId: string): string[] {
  const prefix = rooms.doc(tenantId, '');
  return [...socketRooms].filter((room) => room.startsWith(prefix)).map((room) => room.slice(prefix.length));
}

/** The answer to a request no handler knows (a typo, or a client newer than the server). */
function unknownRequest(name: string) {
  return new PlazaError('bad_request', `unknown request ${JSON.stringify(name.slice(0, 64))}`).toBody();
}

/** socket.io sends `err.data` to the client as the `connect_error`'s data. */
function handshakeError(error: unknown): Error {
  const plaza = toPlazaError(error);
  const refused = new Error(plaza.message) as Error & { data: { code: string; message: string } };
  refused.data = plaza.toBody();
  return refused;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}
