import { PlazaError } from '@plaza/protocol';
import type { Channel, CreateChannelPayload, Message, SessionInfo, SyncPayload } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import type { Outbox } from '../outbox/outbox.js';
import { StateStore } from '../store/state-store.js';
import { PlazaChannel } from './channel-handle.js';
import type { ChannelHub } from './channel-handle.js';
import { AnnouncedRevisions, maxRev } from './message-list.js';
import { Outgoing } from './outgoing.js';
import type { OutboxScope } from './outgoing.js';
import type { ChannelHandle, ChatApi, ReadEvent, TypingEvent } from './types.js';

/** The events the chat capability adds to the client's event map. */
export interface ChatEvents {
  /** A new message in one of the user's channels, once per id: live, recovered or resynced; own sends too. */
  message: Message;
  /** A message changed (edit, recall, delete, reaction, pin, reply count), once per revision. */
  'message:updated': Message;
  /** Someone else is typing in a channel. */
  typing: TypingEvent;
  /** A member's read position moved (receipts). */
  read: ReadEvent;
}

export interface ChatOptions {
  connection: Connection;
  outbox: Outbox;
  emit<K extends keyof ChatEvents>(name: K, payload: ChatEvents[K]): void;
  /** A failure no promise reports. */
  report(error: PlazaError): void;
}

/** How many channels one `chat:sync` asks about (the protocol's limit). */
const SYNC_BATCH = 1000;
/** At most this many `chat:sync` requests per resync. */
const MAX_SYNC_ROUNDS = 1000;

/**
 * `client.chat`: the channel list, channel handles, the outbox, and what ties them to the
 * connection — pushes routed to the right store, and after every sign-in: the channel
 * list reloaded, open channels resynced (or loaded), the outbox flushed.
 */
export class PlazaChat implements ChatApi, ChannelHub {
  readonly channels = new StateStore<readonly Channel[]>([]);
  readonly connection: Connection;
  readonly outgoing: Outgoing;
  readonly #options: ChatOptions;
  readonly #handles = new Map<string, PlazaChannel>();
  /** Ids a `message` event went out for. */
  readonly #announced = new AnnouncedRevisions();
  /** The newest revision per id that an event (or history) showed. */
  readonly #revisions = new AnnouncedRevisions();

  constructor(options: ChatOptions) {
    this.#options = options;
    this.connection = options.connection;
    this.outgoing = new Outgoing(options.connection, options.outbox, {
      stored: (message) => this.#arrived(message),
      failed: (error) => options.report(error),
    });
    this.#listen();
  }

  // ——— ChatApi ———

  async loadChannels(): Promise<readonly Channel[]> {
    const { channels } = await this.connection.request('chat:channels', {});
    // The server lists channels by their last message, newest first.
    this.channels.set(channels);
    return channels;
  }

  async createChannel(payload: CreateChannelPayload): Promise<Channel> {
    const channel = await this.connection.request('chat:channel:create', payload);
    this.#upsertChannel(channel);
    return channel;
  }

  channel(id: string): ChannelHandle {
    let handle = this.#handles.get(id);
    if (!handle) {
      handle = new PlazaChannel(this, id);
      this.#handles.set(id, handle);
      // Offline, the load waits for the next sign-in.
      if (this.connection.status === 'online') void handle.load().catch(() => undefined);
    }
    return handle;
  }

  // ——— ChannelHub ———

  filled(message: Message): void {
    this.#countNew(message);
    this.outgoing.settle(message);
    this.announce(message);
  }

  /** `message` event, once per id. */
  announce(message: Message): void {
    this.#revisions.record(message.id, message.rev);
    if (this.#announced.has(message.id)) return;
    this.#announced.record(message.id, message.rev);
    this.#options.emit('message', message);
  }

  updated(message: Message): void {
    this.#handles.get(message.channelId)?.update(message);
    if (this.#revisions.record(message.id, message.rev)) this.#options.emit('message:updated', message);
  }

  lastSeq(channelId: string): number {
    return this.#channel(channelId)?.lastSeq ?? 0;
  }

  readPosition(channelId: string): number {
    return this.#channel(channelId)?.lastReadSeq ?? 0;
  }

  markedRead(channelId: string, lastReadSeq: number): void {
    this.#patchChannel(channelId, (channel) => {
      if (lastReadSeq <= channel.lastReadSeq) return channel;
      const caughtUp = lastReadSeq >= channel.lastSeq;
      return {
        ...channel,
        lastReadSeq,
        unreadCount: caughtUp ? 0 : Math.max(0, Math.min(channel.unreadCount, channel.lastSeq - lastReadSeq)),
        mentionCount: caughtUp ? 0 : channel.mentionCount,
      };
    });
  }

  closed(handle: PlazaChannel): void {
    if (this.#handles.get(handle.id) === handle) this.#handles.delete(handle.id);
  }

  /** Stops timers (typing, send retries) on `client.close()`; everything else stays for the next connect. */
  stop(): void {
    this.outgoing.stop();
    for (const handle of this.#handles.values()) handle.quiet();
  }

  // ——— pushes and sign-in ———

  #listen(): void {
    const { connection } = this;
    connection.onPush('chat:message', (message) => this.#arrived(message));
    connection.onPush('chat:message:updated', (message) => this.updated(message));
    connection.onPush('chat:channel', (channel) => this.#upsertChannel(channel));
    connection.onPush('chat:channel:removed', ({ channelId }) => this.#removeChannel(channelId));
    connection.onPush('chat:read', (event) => this.#readMoved(event));
    connection.onPush('chat:typing', (event) => this.#typing(event));
    connection.onReady((session) => void this.#ready(session));
    // Made while already signed in (the chat capability loaded after the client connected):
    // start as a sign-in would. Handles opened later load at once and join later resyncs.
    const { session } = connection;
    if (connection.status === 'online' && session) void this.#ready(session);
  }

  /** A new message: channel list, channel store, the send it settles, the event. */
  #arrived(message: Message): void {
    this.#countNew(message);
    this.#handles.get(message.channelId)?.receive(message);
    this.outgoing.settle(message);
    this.announce(message);
  }

  async #ready(session: SessionInfo): Promise<void> {
    await this.outgoing.open(scopeOf(this.connection.url, session));
    const channels = this.loadChannels().catch((error: unknown) => this.#reportUnlessOffline(error));
    try {
      await this.#resync();
    } catch (error) {
      this.#reportUnlessOffline(error);
    }
    for (const handle of this.#handles.values()) {
      if (handle.needsLoad) void handle.load().catch(() => undefined);
    }
    await this.outgoing.flush();
    await channels;
  }

  /** After a reconnect: every change in the open channels since their cursors. */
  async #resync(): Promise<void> {
    let cursors: SyncPayload['cursors'] = [];
    for (const handle of this.#handles.values()) {
      const afterRev = handle.startSync();
      if (afterRev !== null) cursors.push({ channelId: handle.id, afterRev });
    }
    // A guard against a server that keeps saying "more" without making progress.
    for (let round = 0; cursors.length > 0 && round < MAX_SYNC_ROUNDS; round += 1) {
      const batch = cursors.slice(0, SYNC_BATCH);
      cursors = cursors.slice(SYNC_BATCH);
      const result = await this.connection.request('chat:sync', { cursors: batch });
      for (const channelId of result.removed) this.#removeChannel(channelId);
      const answered = new Set<string>();
      for (const page of result.channels) {
        answered.add(page.channelId);
        const handle = this.#handles.get(page.channelId);
        if (!handle) continue;
        // An empty page with more to come: the answer's budget ran out; ask again.
        const more = page.hasMore;
        const fresh = handle.applySync(page.messages, page.rev, !more);
        const freshIds = new Set(fresh.map((m) => m.id));
        for (const message of page.messages) {
          if (freshIds.has(message.id)) {
            this.#countNew(message);
            this.outgoing.settle(message);
            this.announce(message);
          } else {
            this.outgoing.settle(message);
            if (this.#revisions.record(message.id, message.rev)) this.#options.emit('message:updated', message);
          }
        }
        const cursor = batch.find((c) => c.channelId === page.channelId)?.afterRev ?? 0;
        if (more) cursors.push({ channelId: page.channelId, afterRev: maxRev(page.messages, cursor) });
      }
      for (const { channelId } of batch) {
        if (!answered.has(channelId)) this.#handles.get(channelId)?.applySync([], 0, true);
      }
    }
  }

  #removeChannel(channelId: string): void {
    this.channels.set(this.channels.get().filter((c) => c.id !== channelId));
    const handle = this.#handles.get(channelId);
    if (!handle) return;
    this.#handles.delete(channelId);
    handle.removed(new PlazaError('forbidden', 'you are no longer a member of this channel'));
  }

  #readMoved(event: ReadEvent): void {
    if (event.userId === this.#selfId()) this.markedRead(event.channelId, event.lastReadSeq);
    this.#handles.get(event.channelId)?.readMoved(event.userId, event.lastReadSeq);
    this.#options.emit('read', event);
  }

  #typing(event: TypingEvent): void {
    // The user's own other tabs are not "someone typing".
    if (event.userId === this.#selfId()) return;
    this.#handles.get(event.channelId)?.typingFrom(event.userId);
    this.#options.emit('typing', event);
  }

  // ——— the channel list ———

  /**
   * Keeps the list current between loads: `lastSeq`, and unread and mention counts for
   * other members' top-level messages beyond the read position. An approximation of the
   * server's arithmetic (which the next `loadChannels()` restores): own sends never count.
   * A channel with a new message moves to the top.
   */
  #countNew(message: Message): void {
    const list = this.channels.get();
    const at = list.findIndex((c) => c.id === message.channelId);
    const channel = list[at];
    if (!channel || message.seq <= channel.lastSeq) return;
    const self = this.#selfId();
    const unread = message.authorId !== self && message.threadRootId === null && message.seq > channel.lastReadSeq;
    const mentioned = unread && (message.mentionsAll || (self !== null && message.mentions.includes(self)));
    const next: Channel = {
      ...channel,
      lastSeq: message.seq,
      rev: Math.max(channel.rev, message.rev),
      unreadCount: channel.unreadCount + (unread ? 1 : 0),
      mentionCount: channel.mentionCount + (mentioned ? 1 : 0),
    };
    this.channels.set([next, ...list.slice(0, at), ...list.slice(at + 1)]);
  }

  #upsertChannel(channel: Channel): void {
    const list = this.channels.get();
    const at = list.findIndex((c) => c.id === channel.id);
    if (at === -1) this.channels.set([channel, ...list]);
    else this.channels.set(list.map((c, i) => (i === at ? channel : c)));
  }

  #patchChannel(channelId: string, change: (channel: Channel) => Channel): void {
    const list = this.channels.get();
    const at = list.findIndex((c) => c.id === channelId);
    const channel = list[at];
    if (!channel) return;
    const next = change(channel);
    if (next !== channel) this.channels.set(list.map((c, i) => (i === at ? next : c)));
  }

  #channel(channelId: string): Channel | undefined {
    return this.channels.get().find((c) => c.id === channelId);
  }

  #selfId(): string | null {
    return this.connection.session?.user.id ?? null;
  }

  #reportUnlessOffline(error: unknown): void {
    // A dropped connection is reported by the status; the next sign-in tries again.
    const plaza = error instanceof PlazaError ? error : new PlazaError('internal', 'unexpected error', { cause: error });
    if (plaza.code !== 'unavailable') this.#options.report(plaza);
  }
}

/** The outbox scope and lock of one user on one server. */
export function scopeOf(url: string, session: SessionInfo): OutboxScope {
  const who = `${session.tenant.id}/${session.user.id}`;
  return { key: `${url}|${who}`, lockName: `plaza-outbox-${url}-${who}` };
}
