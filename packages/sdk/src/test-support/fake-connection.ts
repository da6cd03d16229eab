// A stand-in for the socket client in unit tests: requests answered by a small in-memory
// chat server, pushes and sign-ins triggered by hand.
import { PlazaError } from '@plaza/protocol';
import type {
  Channel,
  Message,
  PushMap,
  PushName,
  RequestName,
  RequestPayload,
  RequestResult,
  SessionInfo,
  SyncResult,
} from '@plaza/protocol';
import type { ConnectionStatus } from '../client.js';
import type { Connection } from '../connection/connection.js';
import { Emitter } from '../events/emitter.js';
import type { Unsubscribe } from '../events/emitter.js';

type Handler<E extends RequestName> = (payload: RequestPayload<E>) => RequestResult<E> | Promise<RequestResult<E>>;
type Handlers = { [E in RequestName]?: Handler<E> };

export function sessionOf(userId: string): SessionInfo {
  return {
    user: { id: userId, name: userId, kind: 'member', roles: [], dept: [], org: null, email: null, avatar: null, active: true },
    tenant: { id: 't1', name: 'Tenant' },
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  };
}

/** A Connection whose requests go to `handlers`, recorded in `requests`. */
export class FakeConnection implements Connection {
  status: ConnectionStatus = 'offline';
  session: SessionInfo | null = null;
  readonly url = 'http://plaza.test';
  readonly requests: { name: RequestName; payload: unknown }[] = [];
  readonly handlers: Handlers = {};
  readonly #pushes = new Emitter<PushMap>();
  readonly #ready = new Emitter<{ ready: { session: SessionInfo; reconnect: boolean } }>();
  #wasReady = false;

  handle<E extends RequestName>(name: E, handler: Handler<E>): void {
    (this.handlers as Record<string, unknown>)[name] = handler;
  }

  request<E extends RequestName>(name: E, payload: RequestPayload<E>): Promise<RequestResult<E>> {
    this.requests.push({ name, payload });
    if (this.status !== 'online') return Promise.reject(new PlazaError('unavailable', `${name}: offline`));
    const handler = this.handlers[name];
    if (!handler) return Promise.reject(new PlazaError('unavailable', `${name} timed out`));
    // Answers come on a later task, as over a socket.
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        new Promise<RequestResult<E>>((answer) => answer(handler(payload))).then(resolve, reject);
      }, 0);
    });
  }

  /** How many requests of this name were made. */
  count(name: RequestName): number {
    return this.requests.filter((r) => r.name === name).length;
  }

  onPush<E extends PushName>(name: E, listener: (payload: PushMap[E]) => void): Unsubscribe {
    return this.#pushes.on(name, listener);
  }

  push<E extends PushName>(name: E, payload: PushMap[E]): void {
    this.#pushes.emit(name, payload);
  }

  onReady(listener: (session: SessionInfo, reconnect: boolean) => void): Unsubscribe {
    return this.#ready.on('ready', ({ session, reconnect }) => listener(session, reconnect));
  }

  /** Signs in (again): status online, then the ready listeners. */
  signIn(userId = 'me'): void {
    this.status = 'online';
    this.session ??= sessionOf(userId);
    const reconnect = this.#wasReady;
    this.#wasReady = true;
    this.#ready.emit('ready', { session: this.session, reconnect });
  }

  /** The connection dropped: requests fail until the next signIn(). */
  drop(): void {
    this.status = 'connecting';
  }

  currentToken(): Promise<string> {
    return Promise.resolve('token');
  }
}

/**
 * A tiny chat server: channels with gap-free seqs and revs, idempotent sends by client id,
 * history, threads and sync as the real one answers them. `push` decides whether changes
 * reach the connection live (turn it off to simulate a dropped connection).
 */
export class FakeChatServer {
  readonly messages: Message[] = [];
  readonly channels = new Map<string, Channel>();
  push = true;
  /** Sends answered with this error instead (once each). */
  readonly sendFailures: PlazaError[] = [];
  #ids = 0;

  constructor(readonly connection: FakeConnection) {
    connection.handle('chat:channels', () => ({ channels: [...this.channels.values()].map((c) => ({ ...c })) }));
    connection.handle('chat:history', (p) => this.history(p));
    connection.handle('chat:send', (p) => {
      const failure = this.sendFailures.shift();
      if (failure) throw failure;
      const existing = this.messages.find((m) => m.clientId === p.clientId && m.authorId === this.#self());
      if (existing) return existing;
      return this.post(p.channelId, p.text, { author: this.#self(), clientId: p.clientId, threadRootId: p.threadRootId ?? null });
    });
    connection.handle('chat:sync', (p) => this.sync(p.cursors));
    connection.handle('chat:thread', (p) => {
      const replies = this.messages.filter((m) => m.threadRootId === p.rootId && m.seq > (p.after ?? 0));
      const limit = p.limit ?? 50;
      return { messages: replies.slice(0, limit), hasMore: replies.length > limit };
    });
    connection.handle('chat:read', (p) => {
      const channel = this.channel(p.channelId);
      channel.lastReadSeq = Math.max(channel.lastReadSeq, p.seq);
      return { channelId: p.channelId, lastReadSeq: channel.lastReadSeq };
    });
    connection.handle('chat:typing', (p) => ({ channelId: p.channelId }));
    connection.handle('chat:edit', (p) => this.change(p.messageId, { text: p.text, editedAt: new Date().toISOString() }));
  }

  addChannel(id: string, changes: Partial<Channel> = {}): Channel {
    const channel: Channel = {
      id,
      kind: 'group',
      name: id,
      topic: '',
      createdBy: 'me',
      createdAt: new Date().toISOString(),
      archived: false,
      lastSeq: 0,
      rev: 0,
      memberCount: 2,
      role: 'member',
      lastReadSeq: 0,
      unreadCount: 0,
      mentionCount: 0,
      peerId: null,
      ...changes,
    };
    this.channels.set(id, channel);
    return channel;
  }

  channel(id: string): Channel {
    const channel = this.channels.get(id);
    if (!channel) throw new PlazaError('not_found', `no channel ${id}`);
    return channel;
  }

  /** Stores a message (and pushes it, when `push` is on). */
  post(channelId: string, text: string, options: { author?: string; clientId?: string; threadRootId?: string | null } = {}): Message {
    const channel = this.channel(channelId);
    channel.lastSeq += 1;
    channel.rev += 1;
    const message: Message = {
      id: `m${++this.#ids}`,
      channelId,
      seq: channel.lastSeq,
      rev: channel.rev,
      authorId: options.author ?? 'bob',
      text,
      ...(options.clientId ? { clientId: options.clientId } : {}),
      urgency: 'normal',
      mentions: [],
      mentionsAll: false,
      attachments: [],
      reactions: [],
      threadRootId: options.threadRootId ?? null,
      replyCount: 0,
      pinned: false,
      createdAt: new Date().toISOString(),
      editedAt: null,
      recalledAt: null,
      deletedAt: null,
    };
    this.messages.push(message);
    if (this.push) this.connection.push('chat:message', message);
    return message;
  }

  /** Changes a message (new rev), pushing the update when `push` is on. */
  change(id: string, changes: Partial<Message>): Message {
    const at = this.messages.findIndex((m) => m.id === id);
    const current = this.messages[at];
    if (!current) throw new PlazaError('not_found', `no message ${id}`);
    const channel = this.channel(current.channelId);
    channel.rev += 1;
    const next = { ...current, ...changes, rev: channel.rev };
    this.messages[at] = next;
    if (this.push) this.connection.push('chat:message:updated', next);
    return next;
  }

  history(p: RequestPayload<'chat:history'>): RequestResult<'chat:history'> {
    const limit = p.limit ?? 50;
    const top = this.messages.filter((m) => m.channelId === p.channelId && m.threadRootId === null);
    if (p.after !== undefined) {
      const after = p.after;
      const rows = top.filter((m) => m.seq > after);
      return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
    }
    if (p.around !== undefined) {
      const around = p.around;
      const half = Math.floor(limit / 2);
      const older = top.filter((m) => m.seq < around);
      const newer = top.filter((m) => m.seq >= around);
      return {
        messages: [...older.slice(-half), ...newer.slice(0, limit - half)],
        hasMore: older.length > half || newer.length > limit - half,
      };
    }
    const before = p.before;
    const rows = before === undefined ? top : top.filter((m) => m.seq < before);
    return { messages: rows.slice(-limit), hasMore: rows.length > limit };
  }

  sync(cursors: { channelId: string; afterRev: number }[], limit = 100): SyncResult {
    const result: SyncResult = { channels: [], removed: [] };
    for (const cursor of cursors) {
      const channel = this.channels.get(cursor.channelId);
      if (!channel) {
        result.removed.push(cursor.channelId);
        continue;
      }
      const rows = this.messages
        .filter((m) => m.channelId === cursor.channelId && m.rev > cursor.afterRev)
        .sort((a, b) => a.rev - b.rev);
      result.channels.push({ channelId: channel.id, messages: rows.slice(0, limit), rev: channel.rev, hasMore: rows.length > limit });
    }
    return result;
  }

  #self(): string {
    return this.connection.session?.user.id ?? 'me';
  }
}
