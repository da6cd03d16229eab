import { PlazaError } from '@plaza/protocol';
import type { Message } from '@plaza/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { Outbox } from '../outbox/outbox.js';
import { FakeChatServer, FakeConnection } from '../test-support/fake-connection.js';
import { PlazaChat } from './chat-client.js';
import type { ChatEvents } from './chat-client.js';

const chats: PlazaChat[] = [];

function setup(options: { outbox?: Outbox; userId?: string } = {}) {
  const connection = new FakeConnection();
  const server = new FakeChatServer(connection);
  server.addChannel('c1');
  server.addChannel('c2');
  const events = { message: [] as Message[], updated: [] as Message[], typing: [] as string[], read: [] as number[], errors: [] as PlazaError[] };
  const chat = new PlazaChat({
    connection,
    outbox: options.outbox ?? new MemoryOutbox(),
    emit: <K extends keyof ChatEvents>(name: K, payload: ChatEvents[K]) => {
      if (name === 'message') events.message.push(payload as Message);
      if (name === 'message:updated') events.updated.push(payload as Message);
      if (name === 'typing') events.typing.push((payload as ChatEvents['typing']).userId);
      if (name === 'read') events.read.push((payload as ChatEvents['read']).lastReadSeq);
    },
    report: (error) => events.errors.push(error),
  });
  chats.push(chat);
  return { connection, server, chat, events, signIn: () => connection.signIn(options.userId ?? 'me') };
}

/** Lets every queued answer and store update run. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

const texts = (list: readonly { text: string }[]) => list.map((m) => m.text);
const seqs = (list: readonly Message[]) => list.map((m) => m.seq);

afterEach(() => {
  for (const chat of chats.splice(0)) chat.stop();
  vi.useRealTimers();
});

describe('channel list', () => {
  it('is loaded after sign-in and a pushed new channel goes to the top', async () => {
    const { chat, connection, signIn } = setup();
    signIn();
    await vi.waitFor(() => expect(chat.channels.get().map((c) => c.id)).toEqual(['c1', 'c2']));
    connection.push('chat:channel', { ...chat.channels.get()[0], id: 'c3', name: 'new' });
    expect(chat.channels.get().map((c) => c.id)).toEqual(['c3', 'c1', 'c2']);
  });

  it("others' messages count as unread and move the channel up; own sends do not count", async () => {
    const { chat, server, signIn } = setup();
    signIn();
    await vi.waitFor(() => expect(chat.channels.get()).toHaveLength(2));
    server.post('c2', 'from bob');
    server.post('c2', 'from me', { author: 'me' });
    const c2 = chat.channels.get()[0];
    expect(c2.id).toBe('c2');
    expect(c2.lastSeq).toBe(2);
    expect(c2.unreadCount).toBe(1);
  });

  it('a removed channel leaves the list and its handle is emptied', async () => {
    const { chat, server, connection, signIn } = setup();
    server.post('c1', 'a');
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.messages.get()).toHaveLength(1));
    await vi.waitFor(() => expect(chat.channels.get()).toHaveLength(2));
    connection.push('chat:channel:removed', { channelId: 'c1' });
    expect(chat.channels.get().map((c) => c.id)).toEqual(['c2']);
    expect(handle.messages.get()).toEqual([]);
    expect(handle.state.get().error?.code).toBe('forbidden');
    expect(chat.channel('c1')).not.toBe(handle);
  });
});

describe('messages', () => {
  it('opening a channel loads the latest page in ascending seq', async () => {
    const { chat, server, signIn } = setup();
    for (let i = 1; i <= 60; i += 1) server.post('c1', `m${i}`);
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    expect(seqs(handle.messages.get())).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(handle.state.get().hasMoreBefore).toBe(true);
    expect(await handle.loadOlder()).toBe(true);
    expect(handle.messages.get()).toHaveLength(60);
    expect(handle.state.get().hasMoreBefore).toBe(false);
  });

  it('a pushed message is appended once and announced once, however often it arrives', async () => {
    const { chat, server, connection, events, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    const message = server.post('c1', 'hello');
    connection.push('chat:message', message);
    connection.push('chat:message', message);
    expect(texts(handle.messages.get())).toEqual(['hello']);
    expect(events.message.map((m) => m.id)).toEqual([message.id]);
  });

  it('a message beyond a gap waits until the gap is filled from history, then all show in order', async () => {
    const { chat, server, events, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    server.post('c1', 'one');
    server.push = false;
    server.post('c1', 'two (missed)');
    server.post('c1', 'three (missed)');
    server.push = true;
    server.post('c1', 'four');
    expect(texts(handle.messages.get())).toEqual(['one']);
    await vi.waitFor(() => expect(texts(handle.messages.get())).toEqual(['one', 'two (missed)', 'three (missed)', 'four']));
    expect(new Set(events.message.map((m) => m.text))).toEqual(new Set(['one', 'two (missed)', 'three (missed)', 'four']));
    expect(events.message).toHaveLength(4);
  });

  it('thread replies go to their thread, not the channel, and count in the sequence', async () => {
    const { chat, server, connection, signIn } = setup();
    const root = server.post('c1', 'root');
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    const thread = handle.thread(root.id);
    await thread.load();
    server.post('c1', 'reply', { threadRootId: root.id });
    server.post('c1', 'after the reply');
    expect(texts(thread.messages.get())).toEqual(['reply']);
    expect(texts(handle.messages.get())).toEqual(['root', 'after the reply']);
    await settled();
    // The reply filled seq 2, so seq 3 needed no history request to prove there was no gap.
    expect(connection.count('chat:history')).toBe(1);
  });

  it('a window opened around an old message does not follow new ones until loadNewer reaches the end', async () => {
    const { chat, server, signIn } = setup();
    for (let i = 1; i <= 120; i += 1) server.post('c1', `m${i}`);
    signIn();
    await vi.waitFor(() => expect(chat.channels.get()).toHaveLength(2));
    const handle = chat.channel('c1');
    await handle.load({ around: 60 });
    expect(handle.state.get()).toMatchObject({ hasMoreAfter: true, hasMoreBefore: true });
    expect(handle.messages.get()[0]?.seq).toBe(35);
    server.post('c1', 'live');
    expect(handle.messages.get().at(-1)?.seq).toBe(84);
    while (await handle.loadNewer());
    expect(handle.state.get().hasMoreAfter).toBe(false);
    expect(handle.messages.get().at(-1)?.text).toBe('live');
    server.post('c1', 'next');
    expect(handle.messages.get().at(-1)?.text).toBe('next');
    const all = seqs(handle.messages.get());
    expect(all).toEqual([...new Set(all)].sort((a, b) => a - b));
  });

  it('an update replaces the message by id and is announced once per revision', async () => {
    const { chat, server, events, signIn } = setup();
    const message = server.post('c1', 'draft');
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    const edited = await handle.edit(message.id, 'final');
    expect(texts(handle.messages.get())).toEqual(['final']);
    expect(events.updated.map((m) => m.rev)).toEqual([edited.rev]);
  });
});

describe('sending', () => {
  it('shows the send as pending at once, then moves it into messages once, even when the push beats the ack', async () => {
    const { chat, events, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    const sending = handle.send({ text: 'hi' });
    expect(handle.pending.get()).toMatchObject([{ text: 'hi', channelId: 'c1', threadRootId: null, error: null }]);
    expect(handle.pending.get()[0].clientId).toMatch(/^[\w-]+$/);
    const stored = await sending;
    expect(stored.text).toBe('hi');
    expect(handle.pending.get()).toEqual([]);
    expect(handle.messages.get().map((m) => m.id)).toEqual([stored.id]);
    expect(events.message.map((m) => m.id)).toEqual([stored.id]);
  });

  it('settles from the ack alone when no push comes', async () => {
    const { chat, server, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    server.push = false;
    const stored = await handle.send({ text: 'quiet' });
    expect(handle.messages.get().map((m) => m.id)).toEqual([stored.id]);
    expect(handle.pending.get()).toEqual([]);
  });

  it('a refused send becomes failed and rejects; retry sends it again with the same client id', async () => {
    const { chat, server, connection, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    server.sendFailures.push(new PlazaError('forbidden', 'announcement channel'));
    const error = await handle.send({ text: 'nope' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'forbidden' });
    const [failed] = handle.pending.get();
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'forbidden' } });
    const stored = await handle.retry(failed.clientId);
    expect(stored.clientId).toBe(failed.clientId);
    expect(handle.pending.get()).toEqual([]);
    const sends = connection.requests.filter((r) => r.name === 'chat:send').map((r) => (r.payload as { clientId: string }).clientId);
    expect(sends).toEqual([failed.clientId, failed.clientId]);
  });

  it('discard drops a failed send', async () => {
    const { chat, server, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    server.sendFailures.push(new PlazaError('bad_request', 'too long'));
    await handle.send({ text: 'x' }).catch(() => undefined);
    handle.discard(handle.pending.get()[0].clientId);
    expect(handle.pending.get()).toEqual([]);
  });

  it('a retryable failure keeps the send pending and it goes out on reconnect', async () => {
    const { chat, server, connection, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    // Twice: the sign-in's own flush may try once more at once.
    server.sendFailures.push(new PlazaError('unavailable', 'database restarting'), new PlazaError('rate_limited', 'slow down'));
    const sending = handle.send({ text: 'later' });
    await vi.waitFor(() => expect(handle.pending.get()[0]).toMatchObject({ state: 'pending', error: { code: 'rate_limited' } }));
    connection.drop();
    connection.signIn();
    expect((await sending).text).toBe('later');
    expect(handle.pending.get()).toEqual([]);
  });

  it('sends made offline are flushed in order per channel after sign-in, each exactly once', async () => {
    const { chat, server, signIn } = setup();
    const a = chat.channel('c1');
    const b = chat.channel('c2');
    const sent = [a.send({ text: 'a1' }), b.send({ text: 'b1' }), a.send({ text: 'a2' }), a.send({ text: 'a3' }), b.send({ text: 'b2' })];
    expect(texts(a.pending.get())).toEqual(['a1', 'a2', 'a3']);
    expect(texts(b.pending.get())).toEqual(['b1', 'b2']);
    signIn();
    await Promise.all(sent);
    expect(texts(server.messages)).toEqual(['a1', 'b1', 'a2', 'a3', 'b2']);
    await vi.waitFor(() => expect(texts(a.messages.get())).toEqual(['a1', 'a2', 'a3']));
    expect(texts(b.messages.get())).toEqual(['b1', 'b2']);
    expect(a.pending.get()).toEqual([]);
  });

  it('a send with neither text nor attachments is refused at once', async () => {
    const { chat } = setup();
    await expect(chat.channel('c1').send({ text: '  ' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(chat.channel('c1').pending.get()).toEqual([]);
  });
});

describe('outbox', () => {
  it("a new client with the same outbox shows the previous one's unsent messages and flushes them in order", async () => {
    const outbox = new MemoryOutbox();
    const first = setup({ outbox });
    first.signIn();
    await settled();
    first.connection.drop();
    const handle = first.chat.channel('c1');
    void handle.send({ text: 'one' });
    void handle.send({ text: 'two' });
    await first.chat.outgoing.idle();
    first.chat.stop();

    const second = setup({ outbox });
    second.server.sendFailures.push(new PlazaError('unavailable', 'not yet'));
    const reloaded = second.chat.channel('c1');
    second.signIn();
    await vi.waitFor(() => expect(texts(reloaded.pending.get())).toEqual(['one', 'two']));
    second.connection.drop();
    second.connection.signIn();
    await vi.waitFor(() => expect(texts(second.server.messages)).toEqual(['one', 'two']));
    await vi.waitFor(() => expect(reloaded.pending.get()).toEqual([]));
    await second.chat.outgoing.idle();
    expect(await outbox.list('http://plaza.test|t1/me')).toEqual([]);
  });
});

describe('resync', () => {
  it('after a reconnect brings what was missed, announces new messages once and updates changed ones', async () => {
    const { chat, server, connection, events, signIn } = setup();
    const old = server.post('c1', 'old');
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    events.message.length = 0;

    connection.drop();
    server.push = false;
    const missed = [server.post('c1', 'missed 1'), server.post('c1', 'missed 2')];
    server.change(old.id, { text: 'old, edited' });
    server.push = true;
    connection.signIn();

    await vi.waitFor(() => expect(texts(handle.messages.get())).toEqual(['old, edited', 'missed 1', 'missed 2']));
    expect(events.message.map((m) => m.id)).toEqual(missed.map((m) => m.id));
    expect(events.updated.map((m) => m.text)).toEqual(['old, edited']);
    // socket.io's connection state recovery may replay the same pushes: nothing doubles.
    for (const message of missed) connection.push('chat:message', message);
    expect(handle.messages.get()).toHaveLength(3);
    expect(events.message).toHaveLength(2);
  });

  it('follows "more" pages until the channel is complete', async () => {
    const { chat, server, connection, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true));
    connection.drop();
    server.push = false;
    for (let i = 1; i <= 250; i += 1) server.post('c1', `m${i}`);
    server.push = true;
    connection.signIn();
    await vi.waitFor(() => expect(handle.messages.get()).toHaveLength(250));
    expect(connection.count('chat:sync')).toBe(3);
    expect(seqs(handle.messages.get())).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });
});

describe('read state and typing', () => {
  it('markRead moves the read position forward and does nothing for a position not above it', async () => {
    const { chat, server, connection, events, signIn } = setup();
    server.post('c1', 'a');
    server.post('c1', 'b');
    server.channel('c1').unreadCount = 2;
    signIn();
    await vi.waitFor(() => expect(chat.channels.get()).toHaveLength(2));
    const handle = chat.channel('c1');
    await handle.markRead(2);
    expect(chat.channels.get().find((c) => c.id === 'c1')).toMatchObject({ lastReadSeq: 2, unreadCount: 0 });
    await handle.markRead(1);
    await handle.markRead(2);
    expect(connection.count('chat:read')).toBe(1);
    connection.push('chat:read', { channelId: 'c1', userId: 'bob', lastReadSeq: 2 });
    expect(events.read).toEqual([2]);
  });

  it("someone's typing shows for about five seconds, and ends when their message arrives", async () => {
    vi.useFakeTimers();
    const { chat, connection, events } = setup();
    connection.session = { ...(await import('../test-support/fake-connection.js')).sessionOf('me') };
    const handle = chat.channel('c1');
    connection.push('chat:typing', { channelId: 'c1', userId: 'bob', name: 'Bob' });
    connection.push('chat:typing', { channelId: 'c1', userId: 'me', name: 'Me, another tab' });
    expect(handle.state.get().typing).toEqual(['bob']);
    expect(events.typing).toEqual(['bob']);
    vi.advanceTimersByTime(4_000);
    connection.push('chat:typing', { channelId: 'c1', userId: 'bob', name: 'Bob' });
    vi.advanceTimersByTime(4_000);
    expect(handle.state.get().typing).toEqual(['bob']);
    vi.advanceTimersByTime(1_500);
    expect(handle.state.get().typing).toEqual([]);
  });

  it('typing() sends at most one request every two seconds', () => {
    vi.useFakeTimers();
    const { chat, connection, signIn } = setup();
    signIn();
    const handle = chat.channel('c1');
    handle.typing();
    handle.typing();
    vi.advanceTimersByTime(1_000);
    handle.typing();
    expect(connection.count('chat:typing')).toBe(1);
    vi.advanceTimersByTime(1_100);
    handle.typing();
    expect(connection.count('chat:typing')).toBe(2);
  });
});
