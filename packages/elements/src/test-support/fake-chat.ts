/**
 * The chat and files parts of the fake client: in-memory stores shaped like the SDK's chat
 * API, which record every call so tests can assert what an element asked for.
 */
import { PlazaError, StateStore } from '@plaza/sdk';
import type { Channel, ChannelMember, CreateChannelPayload, FileInfo, Message, Receipts } from '@plaza/protocol';
import type {
  ChannelHandle,
  ChannelViewState,
  ChatApi,
  FilesApi,
  LoadOptions,
  PendingMessage,
  SendInput,
  ThreadHandle,
  UploadOptions,
} from '../chat/chat-client.js';

let nextId = 0;
/** A unique id shaped like Plaza's (UUIDv7-like, time-ordered enough for tests). */
function fakeId(): string {
  nextId += 1;
  return `0190aaaa-0000-7000-8000-${String(nextId).padStart(12, '0')}`;
}

export function makeChannel(partial: Partial<Channel> & { id?: string } = {}): Channel {
  return {
    id: partial.id ?? fakeId(),
    kind: 'group',
    name: 'general',
    topic: '',
    createdBy: 'alice',
    createdAt: '2026-01-05T08:00:00.000Z',
    archived: false,
    lastSeq: 0,
    rev: 0,
    memberCount: 3,
    role: 'member',
    lastReadSeq: 0,
    unreadCount: 0,
    mentionCount: 0,
    peerId: null,
    ...partial,
  };
}

export function makeMember(userId: string, name: string, lastReadSeq = 0): ChannelMember {
  return { userId, name, role: 'member', lastReadSeq };
}

export function makeMessage(partial: Partial<Message> = {}): Message {
  return {
    id: fakeId(),
    channelId: 'channel',
    seq: 1,
    rev: 1,
    authorId: 'alice',
    text: 'hello',
    urgency: 'normal',
    mentions: [],
    mentionsAll: false,
    attachments: [],
    reactions: [],
    threadRootId: null,
    replyCount: 0,
    pinned: false,
    createdAt: '2026-01-05T09:00:00.000Z',
    editedAt: null,
    recalledAt: null,
    deletedAt: null,
    ...partial,
  };
}

const SAMPLE_TEXTS = [
  'Morning! Is the **release** still on for Friday?',
  'Yes — see the checklist: https://plaza.example.com/docs/release',
  'I will take the *migration* part.',
  'Build is green `main@4f2c1`',
  '> Can we ship the dark theme too?\nYes, it is behind a flag.',
  '- update the changelog\n- tag the release\n- notify support',
  '好的，我来跟进客户那边的反馈。',
  'Thanks!',
  'Meeting moved to 3 pm, same room.',
  'Here is a longer message that wraps onto several lines in a narrow panel, so the list has rows of different heights, the way a real conversation does.',
];

/**
 * `count` messages in ascending `seq`, cycling through `authors`, one every `everyMs`
 * milliseconds up to `end`.
 */
export function makeMessages(
  channelId: string,
  count: number,
  { authors = ['alice', 'zhang.wei', 'li.na'], end = Date.now(), everyMs = 7 * 60_000, firstSeq = 1 } = {},
): Message[] {
  const messages: Message[] = [];
  for (let i = 0; i < count; i += 1) {
    const seq = firstSeq + i;
    // Runs of two or three by one author, so grouping shows.
    const author = authors[Math.floor(i / 2 + (i % 5 === 0 ? 1 : 0)) % authors.length];
    messages.push(
      makeMessage({
        id: `${channelId}-m${seq}`,
        channelId,
        seq,
        rev: seq,
        authorId: author,
        text: `${SAMPLE_TEXTS[seq % SAMPLE_TEXTS.length]}${count > SAMPLE_TEXTS.length ? ` (#${seq})` : ''}`,
        createdAt: new Date(end - (count - 1 - i) * everyMs).toISOString(),
      }),
    );
  }
  return messages;
}

type Call = [name: string, ...args: unknown[]];

class FakeThread implements ThreadHandle {
  readonly messages: StateStore<readonly Message[]>;
  readonly pending = new StateStore<readonly PendingMessage[]>([]);
  loads = 0;

  constructor(
    private readonly handle: FakeChannelHandle,
    readonly rootId: string,
  ) {
    this.messages = new StateStore<readonly Message[]>(handle.replies.get().filter((m) => m.threadRootId === rootId));
    handle.pending.subscribe((all) => this.pending.set(all.filter((p) => p.threadRootId === rootId)));
  }

  async load(): Promise<void> {
    this.loads += 1;
    this.messages.set(this.handle.replies.get().filter((m) => m.threadRootId === this.rootId));
  }

  async send(input: SendInput): Promise<Message> {
    const message = await this.handle.send({ ...input, threadRootId: this.rootId });
    this.messages.set([...this.messages.get(), message]);
    return message;
  }
}

/** One channel's handle; `calls` lists every method called on it, with its arguments. */
export class FakeChannelHandle implements ChannelHandle {
  readonly messages = new StateStore<readonly Message[]>([]);
  readonly pending = new StateStore<readonly PendingMessage[]>([]);
  readonly state = new StateStore<ChannelViewState>({
    loading: false,
    loaded: false,
    hasMoreBefore: false,
    hasMoreAfter: false,
    error: null,
    typing: [],
  });
  readonly members = new StateStore<readonly ChannelMember[]>([]);
  /** Thread replies, kept out of the channel's main list. */
  readonly replies = new StateStore<readonly Message[]>([]);
  readonly calls: Call[] = [];
  /** Pages `loadOlder()` prepends, last page first. */
  olderPages: Message[][] = [];
  /** What the server holds beyond `messages`, for `load({ aroundId })`; empty: just `messages`. */
  archive: Message[] = [];
  /** `manual`: `load()` leaves the channel loading until the test settles it. */
  loadMode: 'instant' | 'manual' = 'instant';
  /** `offline`: sends stay pending; `fail`: sends fail with `sendError`. */
  sendMode: 'deliver' | 'offline' | 'fail' = 'deliver';
  sendError = new PlazaError('forbidden', 'you may not post here');
  /** When set, the next edit/recall/pin/react rejects with it. */
  failNext: PlazaError | null = null;
  closed = false;
  me = 'alice';

  constructor(readonly id: string) {}

  private record(name: string, ...args: unknown[]): void {
    this.calls.push([name, ...args]);
  }

  callsTo(name: string): unknown[][] {
    return this.calls.filter((call) => call[0] === name).map((call) => call.slice(1));
  }

  async load(options: LoadOptions = {}): Promise<void> {
    this.record('load', options);
    if (options.aroundId !== undefined) return this.loadAround(options.aroundId);
    if (this.loadMode === 'manual') {
      this.state.patch({ loading: true });
      return;
    }
    this.state.patch({ loading: false, loaded: true, hasMoreBefore: this.olderPages.length > 0 });
  }

  /** A window of 50 around the message, as the server pages; `not_found` without it. */
  private async loadAround(id: string): Promise<void> {
    const all = this.archive.length > 0 ? this.archive : this.messages.get();
    const at = all.findIndex((m) => m.id === id);
    if (at === -1) {
      const error = new PlazaError('not_found', `no message ${id}`);
      this.state.patch({ loading: false, error });
      throw error;
    }
    this.messages.set(all.slice(Math.max(0, at - 25), at + 25));
    this.state.patch({ loading: false, loaded: true, error: null, hasMoreBefore: at > 25, hasMoreAfter: at + 25 < all.length });
  }

  async loadOlder(): Promise<boolean> {
    this.record('loadOlder');
    const page = this.olderPages.pop();
    if (page) this.messages.set([...page, ...this.messages.get()]);
    this.state.patch({ hasMoreBefore: this.olderPages.length > 0 });
    return page !== undefined;
  }

  async loadNewer(): Promise<boolean> {
    this.record('loadNewer');
    this.state.patch({ hasMoreAfter: false });
    return false;
  }

  async send(input: SendInput): Promise<Message> {
    this.record('send', input);
    const clientId = fakeId();
    const pending: PendingMessage = {
      clientId,
      channelId: this.id,
      text: input.text,
      urgency: input.urgency ?? 'normal',
      threadRootId: input.threadRootId ?? null,
      attachments: input.attachments ?? [],
      state: this.sendMode === 'offline' ? 'pending' : 'failed',
      error: this.sendMode === 'fail' ? this.sendError : null,
      createdAt: new Date().toISOString(),
    };
    if (this.sendMode === 'offline') {
      this.pending.set([...this.pending.get(), pending]);
      return new Promise(() => undefined);
    }
    if (this.sendMode === 'fail') {
      this.pending.set([...this.pending.get(), pending]);
      throw this.sendError;
    }
    return this.deliver(pending);
  }

  /** Stores a pending send as a message (as the server's ack would). */
  deliver(pending: Pick<PendingMessage, 'text' | 'urgency' | 'threadRootId' | 'attachments'> & { clientId?: string }): Message {
    const last = this.messages.get().at(-1);
    const message = makeMessage({
      channelId: this.id,
      seq: (last?.seq ?? 0) + 1 + this.replies.get().length,
      authorId: this.me,
      text: pending.text,
      urgency: pending.urgency,
      threadRootId: pending.threadRootId,
      attachments: pending.attachments.map((id) => ({ id, name: `${id}.bin`, size: 1024, type: 'application/octet-stream' })),
      createdAt: new Date().toISOString(),
      ...(pending.clientId ? { clientId: pending.clientId } : {}),
    });
    if (pending.clientId) this.pending.set(this.pending.get().filter((p) => p.clientId !== pending.clientId));
    if (message.threadRootId) this.replies.set([...this.replies.get(), message]);
    else this.messages.set([...this.messages.get(), message]);
    return message;
  }

  retry(clientId: string): Promise<Message> {
    this.record('retry', clientId);
    this.pending.set(this.pending.get().map((p) => (p.clientId === clientId ? { ...p, state: 'sending', error: null } : p)));
    return new Promise(() => undefined);
  }

  discard(clientId: string): void {
    this.record('discard', clientId);
    this.pending.set(this.pending.get().filter((p) => p.clientId !== clientId));
  }

  private change(id: string, update: (m: Message) => Partial<Message>): Message {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
    this.messages.set(this.messages.get().map((m) => (m.id === id ? { ...m, ...update(m), rev: m.rev + 1 } : m)));
    return this.messages.get().find((m) => m.id === id) ?? makeMessage({ id });
  }

  async edit(id: string, text: string): Promise<Message> {
    this.record('edit', id, text);
    return this.change(id, () => ({ text, editedAt: new Date().toISOString() }));
  }

  async recall(id: string): Promise<Message> {
    this.record('recall', id);
    return this.change(id, () => ({ text: '', attachments: [], recalledAt: new Date().toISOString() }));
  }

  async remove(id: string): Promise<Message> {
    this.record('remove', id);
    return this.change(id, () => ({ text: '', attachments: [], deletedAt: new Date().toISOString() }));
  }

  async react(id: string, emoji: string, on: boolean): Promise<Message> {
    this.record('react', id, emoji, on);
    return this.change(id, (m) => {
      const others = m.reactions.filter((r) => r.emoji !== emoji);
      const users = (m.reactions.find((r) => r.emoji === emoji)?.users ?? []).filter((u) => u !== this.me);
      if (on) users.push(this.me);
      return { reactions: users.length > 0 ? [...others, { emoji, users }] : others };
    });
  }

  async pin(id: string, pinned: boolean): Promise<Message> {
    this.record('pin', id, pinned);
    return this.change(id, () => ({ pinned }));
  }

  async pins(): Promise<readonly Message[]> {
    this.record('pins');
    return this.messages.get().filter((m) => m.pinned);
  }

  async markRead(seq: number): Promise<void> {
    this.record('markRead', seq);
  }

  typing(): void {
    this.record('typing');
  }

  async receipts(id: string): Promise<Receipts> {
    this.record('receipts', id);
    const message = this.messages.get().find((m) => m.id === id);
    const others = this.members.get().filter((m) => m.userId !== message?.authorId);
    return {
      readBy: others.filter((m) => m.lastReadSeq >= (message?.seq ?? 0)).map((m) => m.userId),
      unreadBy: others.filter((m) => m.lastReadSeq < (message?.seq ?? 0)).map((m) => m.userId),
    };
  }

  async loadMembers(): Promise<readonly ChannelMember[]> {
    this.record('loadMembers');
    return this.members.get();
  }

  thread(rootId: string): ThreadHandle {
    this.record('thread', rootId);
    return new FakeThread(this, rootId);
  }

  close(): void {
    this.record('close');
    this.closed = true;
  }
}

export class FakeChat implements ChatApi {
  readonly channels = new StateStore<readonly Channel[]>([]);
  readonly handles = new Map<string, FakeChannelHandle>();
  loadChannelsCalls = 0;
  /** When set, `loadChannels()` rejects with it. */
  loadError: PlazaError | null = null;

  async loadChannels(): Promise<readonly Channel[]> {
    this.loadChannelsCalls += 1;
    if (this.loadError) throw this.loadError;
    return this.channels.get();
  }

  async createChannel(payload: CreateChannelPayload): Promise<Channel> {
    const channel = makeChannel({ kind: payload.kind, name: payload.name ?? '' });
    this.channels.set([...this.channels.get(), channel]);
    return channel;
  }

  channel(id: string): FakeChannelHandle {
    let handle = this.handles.get(id);
    if (!handle || handle.closed) {
      const next = new FakeChannelHandle(id);
      if (handle) {
        // A reopened channel keeps its data, as the SDK's cache would.
        next.messages.set(handle.messages.get());
        next.archive = handle.archive;
        next.members.set(handle.members.get());
        next.pending.set(handle.pending.get());
      }
      handle = next;
      this.handles.set(id, handle);
    }
    return handle;
  }

  /** Adds a channel with its messages and members; returns its handle. */
  seed(channel: Channel, messages: Message[] = [], members: ChannelMember[] = []): FakeChannelHandle {
    this.channels.set([...this.channels.get(), channel]);
    const handle = this.channel(channel.id);
    handle.messages.set(messages);
    handle.members.set(members);
    return handle;
  }
}

/** Uploads that report progress on a timer, can be aborted, and can be made to fail. */
export class FakeFiles implements FilesApi {
  readonly uploads: Array<{ name: string; size: number }> = [];
  /** Milliseconds between progress steps (4 steps to complete). */
  stepMs = 10;
  failWith: PlazaError | null = null;
  /** Answers `get()`: a file's info with a download URL. */
  info = (id: string): FileInfo => ({
    id,
    name: `${id}.bin`,
    size: 1024,
    type: 'application/octet-stream',
    uploadedBy: 'alice',
    createdAt: new Date().toISOString(),
    url: `https://files.example.com/${id}`,
    urlExpiresAt: new Date(Date.now() + 300_000).toISOString(),
  });
  readonly gets: string[] = [];

  upload(file: Blob, options: UploadOptions = {}): Promise<FileInfo> {
    const name = options.name ?? (file instanceof File ? file.name : 'file');
    this.uploads.push({ name, size: file.size });
    return new Promise((resolve, reject) => {
      let step = 0;
      const timer = setInterval(() => {
        step += 1;
        options.onProgress?.((file.size * step) / 4, file.size);
        if (step < 4) return;
        clearInterval(timer);
        if (this.failWith) reject(this.failWith);
        else resolve({ ...this.info(fakeId()), name, size: file.size, type: file.type || 'application/octet-stream' });
      }, this.stepMs);
      options.signal?.addEventListener('abort', () => {
        clearInterval(timer);
        reject(new DOMException('The upload was cancelled', 'AbortError'));
      });
    });
  }

  async get(id: string): Promise<FileInfo> {
    this.gets.push(id);
    return this.info(id);
  }
}

export const DEMO_MEMBERS: readonly ChannelMember[] = [
  makeMember('alice', 'Alice Chen', 0),
  makeMember('zhang.wei', '张伟', 0),
  makeMember('li.na', '李娜', 0),
  makeMember('bob', 'Bob Martin', 0),
];

/**
 * A realistic workspace for tests and stories: three channels and two direct messages;
 * `#general` holds `count` messages, read up to `unread` messages before the end, and
 * every member has read up to two messages before the end.
 */
export function seedChatDemo(chat: FakeChat, { count = 40, unread = 0 } = {}): FakeChannelHandle {
  const general = makeChannel({
    id: 'general',
    name: 'general',
    topic: 'Company-wide announcements and chatter',
    lastSeq: count,
    lastReadSeq: count - unread,
    unreadCount: unread,
    memberCount: DEMO_MEMBERS.length,
  });
  const messages = makeMessages('general', count);
  const handle = chat.seed(
    general,
    messages,
    DEMO_MEMBERS.map((m) => ({ ...m, lastReadSeq: Math.max(0, count - 2) })),
  );
  chat.seed(makeChannel({ id: 'release', name: 'release-2.0', unreadCount: 3, mentionCount: 1, lastSeq: 3 }), makeMessages('release', 3), DEMO_MEMBERS.slice());
  chat.seed(makeChannel({ id: 'news', kind: 'announcement', name: 'company-news', lastSeq: 1 }), makeMessages('news', 1), DEMO_MEMBERS.slice());
  chat.seed(makeChannel({ id: 'dm-zhang', kind: 'dm', name: '张伟', peerId: 'zhang.wei', memberCount: 2, unreadCount: 1, lastSeq: 1 }), makeMessages('dm-zhang', 1, { authors: ['zhang.wei'] }), [DEMO_MEMBERS[0], DEMO_MEMBERS[1]]);
  chat.seed(makeChannel({ id: 'dm-bob', kind: 'dm', name: 'Bob Martin', peerId: 'bob', memberCount: 2 }), [], [DEMO_MEMBERS[0], DEMO_MEMBERS[3]]);
  return handle;
}
