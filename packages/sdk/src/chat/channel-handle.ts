import { PlazaError } from '@plaza/protocol';
import type { ChannelMember, Message, Receipts } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import { maxRev, mergeMessages, replaceMessages } from './message-list.js';
import type { Outgoing } from './outgoing.js';
import { PlazaThread, THREAD_PAGE } from './thread-handle.js';
import type { ThreadParent } from './thread-handle.js';
import { TypingTracker } from './typing-tracker.js';
import type { ChannelHandle, ChannelViewState, LoadOptions, PendingMessage, SendInput, ThreadHandle } from './types.js';

/** Messages per history page. */
export const PAGE_SIZE = 50;
/** Messages per request when filling a gap (as many as the server allows). */
export const FILL_PAGE_SIZE = 200;
/** At most one `chat:typing` per channel this often, ms. */
export const TYPING_THROTTLE_MS = 2_000;
/**
 * A resync asks again for this many revisions before the newest one seen: with several
 * server nodes, pushes of changes committed close together may arrive out of order, so
 * the newest rev seen does not prove every older one arrived. Asking again costs little;
 * merging by id and rev makes it harmless.
 */
export const SYNC_OVERLAP_REVS = 50;

/** What a channel handle needs from the chat client that owns it. */
export interface ChannelHub {
  readonly connection: Connection;
  readonly outgoing: Outgoing;
  /** A message found by filling a gap: count it, settle the send it answers, announce it. */
  filled(message: Message): void;
  /** A message changed (an answer to edit, react…): route it like a `chat:message:updated` push. */
  updated(message: Message): void;
  /** The channel's last seq as the channel list knows it (0 when unknown). */
  lastSeq(channelId: string): number;
  /** The user's read position in the channel, as the channel list knows it. */
  readPosition(channelId: string): number;
  /** The user's read position moved. */
  markedRead(channelId: string, lastReadSeq: number): void;
  /** The handle was closed: forget it. */
  closed(handle: PlazaChannel): void;
}

const INITIAL_STATE: ChannelViewState = {
  loading: false,
  loaded: false,
  hasMoreBefore: false,
  hasMoreAfter: false,
  error: null,
  typing: [],
};

/**
 * One open channel. Its `messages` is a window of the channel's top-level messages:
 * normally the latest ones, following new messages as they arrive; after
 * `load({ around })` or `load({ aroundId })` a window in the past (`hasMoreAfter`), which follows new messages
 * again once `loadNewer()` reaches the end.
 *
 * Sequence numbers are shared by top-level messages and thread replies, so `#seqHigh`
 * tracks the highest seq up to which nothing is missing (any message, replies included):
 * a message beyond `#seqHigh + 1` means a gap, filled from history before it shows.
 */
export class PlazaChannel implements ChannelHandle {
  readonly id: string;
  readonly messages = new StateStore<readonly Message[]>([]);
  readonly pending: StateStore<readonly PendingMessage[]>;
  readonly state = new StateStore<ChannelViewState>(INITIAL_STATE);
  readonly members = new StateStore<readonly ChannelMember[]>([]);

  readonly #hub: ChannelHub;
  readonly #threads = new Map<string, PlazaThread>();
  readonly #typing: TypingTracker;
  /** The newest revision applied or deliberately passed over: the resync cursor. */
  #maxRev = 0;
  /** Set when messages that arrived could not be applied: resync from here at the latest. */
  #dirtyRev: number | null = null;
  /** Every message with a seq up to this one is accounted for (at the live end). */
  #seqHigh = 0;
  /** The highest seq seen in this channel, of any message: what counts as new in a resync. */
  #seqSeen = 0;
  /** Messages that arrived while a page was loading; applied when it is in. */
  #early: Message[] = [];
  /** Messages that arrived beyond a gap, waiting for the gap to be filled. */
  #held: Message[] = [];
  #filling: Promise<void> | null = null;
  #loading: Promise<void> | null = null;
  /** Bumped by each `load()`, so an older page that answers late is not applied. */
  #loadEpoch = 0;
  #lastTypingAt = Number.NEGATIVE_INFINITY;
  /** Where the channel stood when the running resync began. */
  #syncBase: { seqHigh: number; seqSeen: number; seqMax: number } | null = null;
  /** The highest read position asked for, so markRead does not repeat itself. */
  #readAsked = 0;
  #closed = false;

  constructor(hub: ChannelHub, id: string) {
    this.#hub = hub;
    this.id = id;
    this.pending = hub.outgoing.storeFor(id);
    this.#typing = new TypingTracker((typing) => this.state.patch({ typing }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Never loaded, and not loading now: the next sign-in loads it. */
  get needsLoad(): boolean {
    return !this.#closed && !this.state.get().loaded && this.#loading === null;
  }

  /** Stops the typing timers (the client is closing). */
  quiet(): void {
    this.#typing.clear();
  }

  // ——— loading ———

  load(options: LoadOptions = {}): Promise<void> {
    const epoch = ++this.#loadEpoch;
    this.state.patch({ loading: true });
    const run = this.#loadPage(epoch, options);
    // Only marks the load as running: its failure goes to the caller through `run`, not
    // through this promise as an unhandled rejection.
    const tracked = run
      .catch(() => undefined)
      .finally(() => {
        if (this.#loading === tracked) this.#loading = null;
      });
    this.#loading = tracked;
    return run;
  }

  async #loadPage(epoch: number, { around, aroundId }: LoadOptions): Promise<void> {
    let page: { messages: Message[]; hasMore: boolean };
    try {
      page = await this.#hub.connection.request('chat:history', {
        channelId: this.id,
        limit: PAGE_SIZE,
        ...(around !== undefined ? { around } : aroundId !== undefined ? { aroundId } : {}),
      });
    } catch (error) {
      if (epoch === this.#loadEpoch) this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
    if (epoch !== this.#loadEpoch || this.#closed) return;
    const { messages } = page;
    const first = messages[0];
    const last = messages.at(-1);
    const knownEnd = Math.max(this.#seqSeen, this.#hub.lastSeq(this.id));
    const centred = around !== undefined || aroundId !== undefined;
    const atEnd = !centred || !last || (knownEnd > 0 && last.seq >= knownEnd);
    this.messages.set(mergeMessages([], messages));
    this.#maxRev = maxRev(messages);
    this.#seqHigh = last?.seq ?? 0;
    this.#seqSeen = Math.max(this.#seqSeen, this.#seqHigh);
    this.#held = [];
    this.#dirtyRev = null;
    this.state.patch({
      loading: false,
      loaded: true,
      error: null,
      hasMoreBefore: centred ? (first?.seq ?? 1) > 1 : page.hasMore,
      // A page around a message says nothing reliable about the end: loadNewer() finds out.
      hasMoreAfter: centred && !atEnd,
    });
    const early = this.#early.splice(0);
    for (const message of early) this.receive(message);
  }

  async loadOlder(): Promise<boolean> {
    const first = this.messages.get()[0];
    if (!this.state.get().loaded || !first) return false;
    this.state.patch({ loading: true });
    try {
      const page = await this.#hub.connection.request('chat:history', { channelId: this.id, before: first.seq, limit: PAGE_SIZE });
      this.messages.set(mergeMessages(this.messages.get(), page.messages));
      this.state.patch({ loading: false, error: null, hasMoreBefore: page.hasMore });
      return page.messages.length > 0;
    } catch (error) {
      this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
  }

  async loadNewer(): Promise<boolean> {
    const last = this.messages.get().at(-1);
    if (!this.state.get().loaded || !last || !this.state.get().hasMoreAfter) return false;
    this.state.patch({ loading: true });
    try {
      const page = await this.#hub.connection.request('chat:history', { channelId: this.id, after: last.seq, limit: PAGE_SIZE });
      this.messages.set(mergeMessages(this.messages.get(), page.messages));
      this.#maxRev = maxRev(page.messages, this.#maxRev);
      const newest = page.messages.at(-1);
      if (!page.hasMore) {
        // Back at the live end: from here new messages are followed again.
        this.#seqHigh = Math.max(this.#seqHigh, newest?.seq ?? last.seq);
        this.#seqSeen = Math.max(this.#seqSeen, this.#seqHigh);
      }
      this.state.patch({ loading: false, error: null, hasMoreAfter: page.hasMore });
      return page.messages.length > 0;
    } catch (error) {
      this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
  }

  // ——— sending ———

  send(input: SendInput): Promise<Message> {
    return this.#hub.outgoing.send(this.id, input);
  }

  retry(clientId: string): Promise<Message> {
    return this.#hub.outgoing.retry(clientId);
  }

  discard(clientId: string): void {
    this.#hub.outgoing.discard(clientId);
  }

  edit(messageId: string, text: string): Promise<Message> {
    return this.#change(this.#hub.connection.request('chat:edit', { messageId, text }));
  }

  recall(messageId: string): Promise<Message> {
    return this.#change(this.#hub.connection.request('chat:recall', { messageId }));
  }

  remove(messageId: string): Promise<Message> {
    return this.#change(this.#hub.connection.request('chat:delete', { messageId }));
  }

  react(messageId: string, emoji: string, on: boolean): Promise<Message> {
    return this.#change(this.#hub.connection.request('chat:react', { messageId, emoji, on }));
  }

  pin(messageId: string, pinned: boolean): Promise<Message> {
    return this.#change(this.#hub.connection.request('chat:pin', { messageId, pinned }));
  }

  async pins(): Promise<readonly Message[]> {
    const { messages } = await this.#hub.connection.request('chat:pins', { channelId: this.id });
    return messages;
  }

  async markRead(seq: number): Promise<void> {
    const current = Math.max(this.#hub.readPosition(this.id), this.#readAsked);
    if (!(seq > current)) return;
    this.#readAsked = seq;
    try {
      const { lastReadSeq } = await this.#hub.connection.request('chat:read', { channelId: this.id, seq });
      this.#hub.markedRead(this.id, lastReadSeq);
    } catch (error) {
      // Let a later call ask again.
      if (this.#readAsked === seq) this.#readAsked = current;
      throw error;
    }
  }

  typing(): void {
    const now = Date.now();
    if (now - this.#lastTypingAt < TYPING_THROTTLE_MS || this.#hub.connection.status !== 'online') return;
    this.#lastTypingAt = now;
    // Best effort: a lost typing signal is replaced by the next keystroke's.
    this.#hub.connection.request('chat:typing', { channelId: this.id }).catch(() => undefined);
  }

  receipts(messageId: string): Promise<Receipts> {
    return this.#hub.connection.request('chat:receipts', { messageId });
  }

  async loadMembers(): Promise<readonly ChannelMember[]> {
    const { members } = await this.#hub.connection.request('chat:members', { channelId: this.id });
    this.members.set(members);
    return members;
  }

  thread(rootId: string): ThreadHandle {
    return this.#thread(rootId);
  }

  close(): void {
    if (this.#closed) return;
    this.#dispose();
    this.#hub.closed(this);
  }

  // ——— what the chat client feeds in ———

  /** A new message of this channel (push, ack, another tab's send). */
  receive(message: Message): void {
    if (this.#closed) return;
    this.#seqSeen = Math.max(this.#seqSeen, message.seq);
    this.#typing.remove(message.authorId);
    const { loaded, hasMoreAfter } = this.state.get();
    if (!loaded || this.#loading) {
      this.#early.push(message);
      return;
    }
    if (hasMoreAfter) {
      // Beyond the window: loadNewer() will bring it. Replies still reach an open thread.
      this.#applyReply(message);
      this.#passed(message);
      return;
    }
    if (this.#filling === null && message.seq <= this.#seqHigh + 1) {
      this.#apply([message]);
      return;
    }
    this.#held.push(message);
    void this.#fill();
  }

  /** A message of this channel changed. */
  update(message: Message): void {
    if (this.#closed) return;
    if (message.threadRootId) this.#threads.get(message.threadRootId)?.update(message);
    else this.messages.set(replaceMessages(this.messages.get(), [message]));
    this.#passed(message);
  }

  /** Someone else is typing. */
  typingFrom(userId: string): void {
    if (!this.#closed) this.#typing.add(userId);
  }

  /** A member's read position moved. */
  readMoved(userId: string, lastReadSeq: number): void {
    const members = this.members.get();
    if (!members.some((m) => m.userId === userId && m.lastReadSeq < lastReadSeq)) return;
    this.members.set(members.map((m) => (m.userId === userId ? { ...m, lastReadSeq } : m)));
  }

  /**
   * Starts a resync: returns the rev to ask changes after, or null when nothing was loaded
   * (a load follows instead). Remembers where the channel stood, so the pages of the
   * resync know what is new.
   */
  startSync(): number | null {
    if (!this.state.get().loaded || this.#closed || this.#loading) return null;
    this.#syncBase = { seqHigh: this.#seqHigh, seqSeen: this.#seqSeen, seqMax: this.#seqHigh };
    const overlapped = Math.max(0, this.#maxRev - SYNC_OVERLAP_REVS);
    return this.#dirtyRev === null ? overlapped : Math.min(overlapped, this.#dirtyRev);
  }

  /**
   * Applies one page of `chat:sync` (changes after the cursor, ascending by rev; `complete`
   * on the last page). Returns the messages created while this client was away, to announce.
   *
   * A page in rev order is not in seq order (an old message edited late comes after newer
   * ones), so what is new is decided against where the channel stood when the resync began.
   */
  applySync(messages: readonly Message[], rev: number, complete: boolean): Message[] {
    const base = this.#syncBase;
    if (this.#closed || !base) return [];
    const sorted = [...messages].sort((a, b) => a.seq - b.seq);
    const atEnd = !this.state.get().hasMoreAfter;
    const inserts: Message[] = [];
    const changes: Message[] = [];
    for (const message of sorted) {
      this.#seqSeen = Math.max(this.#seqSeen, message.seq);
      base.seqMax = Math.max(base.seqMax, message.seq);
      if (message.threadRootId) this.#threads.get(message.threadRootId)?.receive(message);
      else if (atEnd && message.seq > base.seqHigh) inserts.push(message);
      else changes.push(message);
    }
    this.messages.set(replaceMessages(mergeMessages(this.messages.get(), inserts), changes));
    this.#maxRev = maxRev(messages, this.#maxRev);
    if (complete) {
      this.#maxRev = Math.max(this.#maxRev, rev);
      if (atEnd) this.#seqHigh = Math.max(this.#seqHigh, base.seqMax);
      this.#dirtyRev = null;
      this.#syncBase = null;
    }
    return sorted.filter((m) => m.seq > base.seqSeen);
  }

  /** Removed from the channel (or it is gone): empty everything and stop. */
  removed(error: PlazaError): void {
    this.messages.set([]);
    this.members.set([]);
    this.state.set({ ...INITIAL_STATE, error });
    this.#dispose();
  }

  // ——— internals ———

  #thread(rootId: string): PlazaThread {
    let thread = this.#threads.get(rootId);
    if (!thread) {
      const parent: ThreadParent = {
        handle: this,
        fetchReplies: (root, after) =>
          this.#hub.connection.request('chat:thread', {
            rootId: root,
            limit: THREAD_PAGE,
            ...(after !== undefined ? { after } : {}),
          }),
      };
      thread = new PlazaThread(parent, rootId);
      this.#threads.set(rootId, thread);
    }
    return thread;
  }

  /** Puts contiguous new messages in place: top-level ones in `messages`, replies in their thread. */
  #apply(messages: readonly Message[]): void {
    const top = messages.filter((m) => !m.threadRootId);
    if (top.length > 0) this.messages.set(mergeMessages(this.messages.get(), top));
    for (const message of messages) {
      this.#applyReply(message);
      this.#seqHigh = Math.max(this.#seqHigh, message.seq);
      this.#passed(message);
    }
  }

  #applyReply(message: Message): void {
    if (message.threadRootId) this.#threads.get(message.threadRootId)?.receive(message);
  }

  /** The change is dealt with (applied, or out of the window on purpose): move the cursor. */
  #passed(message: Message): void {
    this.#maxRev = Math.max(this.#maxRev, message.rev);
  }

  /**
   * Fetches the messages between the last one in place and those held beyond a gap.
   * A page fetched after the held messages arrived contains everything up to them, so
   * once history has no more, all held messages are in order.
   */
  async #fill(): Promise<void> {
    if (this.#filling) return;
    const revBefore = this.#maxRev;
    const epoch = this.#loadEpoch;
    let resolveFill!: () => void;
    this.#filling = new Promise<void>((resolve) => {
      resolveFill = resolve;
    });
    try {
      while (this.#held.length > 0) {
        for (;;) {
          const page = await this.#hub.connection.request('chat:history', {
            channelId: this.id,
            after: this.#seqHigh,
            limit: FILL_PAGE_SIZE,
          });
          if (epoch !== this.#loadEpoch || this.#closed) return;
          for (const message of page.messages) this.#hub.filled(message);
          this.#apply(page.messages);
          if (!page.hasMore || page.messages.length === 0) break;
        }
        // History had nothing more when asked, after the held messages arrived: they are
        // accounted for, replies included. One pushed out of order later still lands in
        // seq order (merging sorts).
        const held = this.#held.splice(0).sort((a, b) => a.seq - b.seq);
        this.#apply(held);
      }
    } catch {
      // Dropped, not lost: the next resync starts early enough to bring them.
      this.#held = [];
      this.#dirtyRev = Math.min(this.#dirtyRev ?? Number.POSITIVE_INFINITY, revBefore);
    } finally {
      this.#filling = null;
      resolveFill();
    }
  }

  #dispose(): void {
    this.#closed = true;
    this.#loadEpoch += 1;
    this.#typing.clear();
    this.#early = [];
    this.#held = [];
    this.#syncBase = null;
    for (const thread of this.#threads.values()) thread.dispose();
    this.#threads.clear();
  }

  /** The answer to an edit, reaction…: shown at once, and announced like the push that follows. */
  async #change(request: Promise<Message>): Promise<Message> {
    const message = await request;
    this.#hub.updated(message);
    return message;
  }
}

function asPlazaError(error: unknown): PlazaError {
  return error instanceof PlazaError ? error : new PlazaError('internal', 'unexpected error', { cause: error });
}
