import type { Message } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { createClient } from '../index.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { ClientOptions } from '../options.js';
import { newClientId } from './client-id.js';

let server: TestServer;
const clients: PlazaClient[] = [];
const WAIT = { timeout: 10_000, interval: 20 };

/** A signed-in user's client, closed by afterEach. */
function client(sub: string, options: Partial<ClientOptions> = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub }),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    requestTimeoutMs: 3_000,
    ...options,
  });
  clients.push(created);
  return created;
}

/** Every `message` event of a client, in order. */
function recordMessages(target: PlazaClient): Message[] {
  const seen: Message[] = [];
  target.on('message', (m) => seen.push(m));
  return seen;
}

async function history(channelId: string): Promise<Message[]> {
  const token = await server.signServerToken();
  const response = await fetch(`${server.url}/v1/channels/${channelId}/messages?after=0&limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: Message[] }).messages;
}

const texts = (list: readonly { text: string }[]) => list.map((m) => m.text);
const ids = (list: readonly { id: string }[]) => list.map((m) => m.id);

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('chat against a real server', () => {
  it('two clients exchange messages live, each announced once, and channel lists follow', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'launch', members: ['bob'] });
    await vi.waitFor(() => expect(ids(bob.chat.channels.get())).toContain(channel.id), WAIT);
    const bobSeen = recordMessages(bob);
    const aliceSeen = recordMessages(alice);
    const a = alice.chat.channel(channel.id);
    const b = bob.chat.channel(channel.id);
    await vi.waitFor(() => expect(a.state.get().loaded && b.state.get().loaded).toBe(true), WAIT);

    const hello = await a.send({ text: 'hello bob' });
    expect(texts(a.messages.get())).toEqual(['hello bob']);
    await vi.waitFor(() => expect(texts(b.messages.get())).toEqual(['hello bob']), WAIT);
    const reply = await b.send({ text: 'hi alice' });
    await vi.waitFor(() => expect(texts(a.messages.get())).toEqual(['hello bob', 'hi alice']), WAIT);

    expect(ids(aliceSeen)).toEqual([hello.id, reply.id]);
    expect(ids(bobSeen)).toEqual([hello.id, reply.id]);
    await vi.waitFor(() => expect(bob.chat.channels.get().find((c) => c.id === channel.id)).toMatchObject({ lastSeq: 2 }), WAIT);
    expect(bob.chat.channels.get().find((c) => c.id === channel.id)?.unreadCount).toBeGreaterThanOrEqual(1);
    await b.markRead(2);
    expect(bob.chat.channels.get().find((c) => c.id === channel.id)).toMatchObject({ lastReadSeq: 2, unreadCount: 0 });
  });

  it('opens a window around a message named by id (a copied link), and refuses an id from elsewhere', async () => {
    const alice = client('alice');
    await alice.connect();
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'history', members: [] });
    const other = await alice.chat.createChannel({ kind: 'group', name: 'elsewhere', members: [] });
    const handle = alice.chat.channel(channel.id);
    const sent: Message[] = [];
    for (let i = 1; i <= 120; i += 1) sent.push(await handle.send({ text: `m${i}` }));
    const stranger = await alice.chat.channel(other.id).send({ text: 'not here' });
    await handle.load({ aroundId: sent[29].id });
    expect(handle.messages.get().map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 5));
    expect(handle.state.get()).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
    await expect(handle.load({ aroundId: stranger.id })).rejects.toMatchObject({ code: 'not_found' });
    expect(handle.state.get().error?.code).toBe('not_found');
  });

  it('sends made while the server is down wait as pending and are stored in order, exactly once, after it restarts', async () => {
    const alice = client('alice');
    await alice.connect();
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'offline', members: ['bob'] });
    const handle = alice.chat.channel(channel.id);
    await vi.waitFor(() => expect(handle.state.get().loaded).toBe(true), WAIT);
    const seen = recordMessages(alice);

    await server.server.close();
    await vi.waitFor(() => expect(alice.status).toBe('connecting'), WAIT);
    const sends = [1, 2, 3, 4, 5].map((n) => handle.send({ text: `offline ${n}` }));
    expect(handle.pending.get().map((p) => [p.text, p.state])).toEqual([1, 2, 3, 4, 5].map((n) => [`offline ${n}`, 'pending']));

    await server.restart();
    const stored = await Promise.all(sends);

    const expected = [1, 2, 3, 4, 5].map((n) => `offline ${n}`);
    expect(texts(stored)).toEqual(expected);
    expect(texts(await history(channel.id))).toEqual(expected);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    await vi.waitFor(() => expect(texts(handle.messages.get())).toEqual(expected), WAIT);
    expect(handle.pending.get()).toEqual([]);
    expect(ids(seen)).toEqual(ids(stored));
  });

  it('a retried send returns the stored message, never a second one', async () => {
    const alice = client('alice');
    const session = await alice.connect();
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'retry', members: [] });
    const clientId = newClientId();
    const first = await alice.request('chat:send', { channelId: channel.id, clientId, text: 'once' });
    const second = await alice.request('chat:send', { channelId: channel.id, clientId, text: 'once' });
    expect(second).toEqual(first);

    // The SDK's own path: the ack of a stored send was lost (the page reloaded before it
    // came), so the outbox still has the entry and sends it again on the next start.
    const outbox = new MemoryOutbox();
    const lostAck = newClientId();
    const stored = await alice.request('chat:send', { channelId: channel.id, clientId: lostAck, text: 'ack lost' });
    await outbox.put({
      scope: `${server.url}|${session.tenant.id}/alice`,
      clientId: lostAck,
      channelId: channel.id,
      text: 'ack lost',
      urgency: 'normal',
      threadRootId: null,
      attachments: [],
      state: 'pending',
      error: null,
      createdAt: new Date().toISOString(),
    });
    const reloaded = client('alice', { outbox });
    const handle = reloaded.chat.channel(channel.id);
    await reloaded.connect();
    await vi.waitFor(() => expect(texts(handle.messages.get())).toEqual(['once', 'ack lost']), WAIT);
    await vi.waitFor(() => expect(handle.pending.get()).toEqual([]), WAIT);
    expect(handle.messages.get()[1]?.id).toBe(stored.id);
    expect(texts(await history(channel.id))).toEqual(['once', 'ack lost']);
    expect(await outbox.list(`${server.url}|${session.tenant.id}/alice`)).toEqual([]);
  });

  it('after the server restarts, what another client sent meanwhile arrives by resync: nothing lost, nothing doubled', async () => {
    // Alice comes back slowly, so Bob's sends happen while she is away.
    const alice = client('alice', { reconnection: { delayMs: 2_500, maxDelayMs: 2_500, randomizationFactor: 0 } });
    const bob = client('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'resync', members: ['bob'] });
    const a = alice.chat.channel(channel.id);
    await vi.waitFor(() => expect(a.state.get().loaded).toBe(true), WAIT);
    await a.send({ text: 'before' });
    const seen = recordMessages(alice);
    const updates: Message[] = [];
    alice.on('message:updated', (m) => updates.push(m));

    await server.restart();
    await vi.waitFor(() => expect(bob.status).toBe('online'), WAIT);
    const b = bob.chat.channel(channel.id);
    const sentByBob = [];
    for (const n of [1, 2, 3]) sentByBob.push(await b.send({ text: `while away ${n}` }));
    const before = a.messages.get()[0];
    const reacted = await b.react(before.id, '👍', true);
    // A precondition, not a timing claim: the test means to exercise the resync path.
    expect(alice.status).toBe('connecting');

    await vi.waitFor(() => expect(alice.status).toBe('online'), WAIT);
    const expected = ['before', 'while away 1', 'while away 2', 'while away 3'];
    await vi.waitFor(() => expect(texts(a.messages.get())).toEqual(expected), WAIT);
    expect(ids(seen)).toEqual(ids(sentByBob));
    expect(a.messages.get()[0]?.reactions).toEqual(reacted.reactions);
    expect(updates.map((m) => m.id)).toEqual([before.id]);
    expect(ids(a.messages.get())).toEqual(ids(await history(channel.id)));
  });
});
