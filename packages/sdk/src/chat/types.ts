import type {
  Channel,
  ChannelMember,
  CreateChannelPayload,
  Message,
  PlazaError,
  Receipts,
  Urgency,
} from '@plaza/protocol';
import type { StateStore } from '../store/state-store.js';

/**
 * A send the server has not stored yet: waiting in the outbox (`pending`), on the wire
 * (`sending`) or refused for good (`failed`, with `error`; retry or discard it).
 */
export interface PendingMessage {
  clientId: string;
  channelId: string;
  text: string;
  urgency: Urgency;
  /** Set for a reply in a thread: a main list shows only the entries where it is `null`. */
  threadRootId: string | null;
  /** File ids from `client.files.upload`. */
  attachments: string[];
  state: 'pending' | 'sending' | 'failed';
  /** Why it failed, or why the last attempt did not go through (a pending send keeps retrying). */
  error: PlazaError | null;
  createdAt: string;
}

/** A channel's loading state and who is typing in it (`handle.state`). */
export interface ChannelViewState {
  /** A page is being fetched. */
  loading: boolean;
  /** A first page arrived: `messages` shows the channel (an empty list means an empty channel). */
  loaded: boolean;
  /** Older messages exist before the first one loaded (`loadOlder()`). */
  hasMoreBefore: boolean;
  /**
   * Newer messages exist after the last one loaded (`loadNewer()`): the list was opened
   * around an older message and does not follow new ones until it reaches the end.
   */
  hasMoreAfter: boolean;
  /** The last failed load; cleared by the next successful one. */
  error: PlazaError | null;
  /** Host user ids of the other members typing now, in the order they started. */
  typing: readonly string[];
}

/** What `load()` takes: at most one of them; neither loads the latest page. */
export interface LoadOptions {
  around?: number;
  aroundId?: string;
}

/** What `send()` takes. */
export interface SendInput {
  text: string;
  /** Default `'normal'`. */
  urgency?: Urgency;
  /** Reply in the thread of this top-level message. */
  threadRootId?: string;
  /** File ids from `client.files.upload`. */
  attachments?: string[];
}

/**
 * A thread: the replies to one top-level message, ascending by `seq`.
 *
 * @example
 * const thread = channel.thread(root.id);
 * await thread.load();
 * thread.messages.subscribe(render);
 * await thread.send({ text: 'agreed' });
 */
export interface ThreadHandle {
  readonly rootId: string;
  /** The replies, ascending `seq`; new replies are added while the channel is open. */
  messages: StateStore<readonly Message[]>;
  /** This thread's unsent and failed replies, in send order. */
  pending: StateStore<readonly PendingMessage[]>;
  /** Loads every reply. */
  load(): Promise<void>;
  /** Sends a reply; the same as `channel.send({ ...input, threadRootId })`. */
  send(input: Omit<SendInput, 'threadRootId'>): Promise<Message>;
}

/**
 * One channel, kept live while open: its messages, pending sends, state and members.
 * Get it with `client.chat.channel(id)` (one handle per id).
 *
 * @example
 * const channel = client.chat.channel(id);
 * channel.messages.subscribe((messages) => render(messages, channel.pending.get()));
 * await channel.send({ text: 'hello' });
 * channel.close();
 */
export interface ChannelHandle {
  readonly id: string;
  /** Top-level messages, ascending `seq`, only ones the server stored, no duplicates. */
  messages: StateStore<readonly Message[]>;
  /**
   * This channel's unsent and failed sends, in send order, thread replies included (their
   * `threadRootId` is set).
   */
  pending: StateStore<readonly PendingMessage[]>;
  state: StateStore<ChannelViewState>;
  /** The members, once `loadMembers()` has run; read positions follow `chat:read` pushes. */
  members: StateStore<readonly ChannelMember[]>;
  /**
   * Loads the latest page in place of what was loaded, or a page around a seq (`around`:
   * open at the first unread) or around a message id (`aroundId`: jump to a linked
   * message; rejects with `not_found` when the channel has no such message).
   */
  load(options?: LoadOptions): Promise<void>;
  /** Loads the page before the first loaded message; resolves whether there was one. */
  loadOlder(): Promise<boolean>;
  /** Loads the page after the last loaded message; resolves whether there was one. */
  loadNewer(): Promise<boolean>;
  /**
   * Sends a message: it shows in `pending` at once and resolves with the stored message,
   * which then is in `messages`. Offline it waits in the outbox and goes out on reconnect.
   * Rejects only when retrying cannot help (`forbidden`, `bad_request`, …): the entry then
   * stays in `pending` as `failed`.
   */
  send(input: SendInput): Promise<Message>;
  /** Sends a failed entry again (the same client id); resolves with the stored message. */
  retry(clientId: string): Promise<Message>;
  /** Drops an unsent entry. One already on the wire may still be stored. */
  discard(clientId: string): void;
  edit(messageId: string, text: string): Promise<Message>;
  /** The author takes a message back (within the tenant's recall window). */
  recall(messageId: string): Promise<Message>;
  /** An admin deletes a message. */
  remove(messageId: string): Promise<Message>;
  react(messageId: string, emoji: string, on: boolean): Promise<Message>;
  pin(messageId: string, pinned: boolean): Promise<Message>;
  /** The pinned messages. */
  pins(): Promise<readonly Message[]>;
  /** Marks everything up to `seq` read; does nothing when `seq` is not above the current read position. */
  markRead(seq: number): Promise<void>;
  /** Tells the others you are typing; call it on every keystroke (sent at most every 2 s). */
  typing(): void;
  /** Who has and has not read a message. */
  receipts(messageId: string): Promise<Receipts>;
  loadMembers(): Promise<readonly ChannelMember[]>;
  /** The thread of a top-level message (one handle per root). */
  thread(rootId: string): ThreadHandle;
  /** Stops keeping this channel live; `client.chat.channel(id)` opens it again. */
  close(): void;
}

/**
 * The chat capability, `client.chat`.
 *
 * @example
 * await client.connect();
 * client.chat.channels.subscribe(renderChannelList); // filled after each connect
 * const channel = await client.chat.createChannel({ kind: 'group', name: 'Launch', members: ['bob'] });
 * await client.chat.channel(channel.id).send({ text: 'Welcome!' });
 */
export interface ChatApi {
  /**
   * The user's channels with read state, most recent activity first. Loaded after each
   * connect and kept current by the server's pushes.
   */
  channels: StateStore<readonly Channel[]>;
  loadChannels(): Promise<readonly Channel[]>;
  createChannel(payload: CreateChannelPayload): Promise<Channel>;
  /** The handle of a channel (cached per id); opening it loads the latest page and keeps it live. */
  channel(id: string): ChannelHandle;
}

/** The `typing` event: someone else started or kept typing. */
export interface TypingEvent {
  channelId: string;
  userId: string;
  name: string;
}

/** The `read` event: a member's read position moved. */
export interface ReadEvent {
  channelId: string;
  userId: string;
  lastReadSeq: number;
}
