/// <reference types="mocha" />
// Runs in Chromium under @web/test-runner (pattern packages/sdk/src/**/*.browser-test.ts):
// IndexedDB and Web Locks exist only there. Vitest does not pick this file up.
import { assert } from '@open-wc/testing';
import { PlazaChat } from '../chat/chat-client.js';
import { FakeChatServer, FakeConnection } from '../test-support/fake-connection.js';
import { PlazaError } from '@plaza/protocol';
import { IndexedDbOutbox } from './indexeddb-outbox.js';
import type { OutboxEntry } from './outbox.js';

const SCOPE = 'http://plaza.test|t1/me';
let databases: string[] = [];
let chats: PlazaChat[] = [];

function databaseName(): string {
  const name = `plaza-outbox-test-${Math.random().toString(36).slice(2)}`;
  databases.push(name);
  return name;
}

function entry(clientId: string, scope = SCOPE): OutboxEntry {
  return {
    scope,
    clientId,
    channelId: 'c1',
    text: clientId,
    urgency: 'normal',
    threadRootId: null,
    attachments: [],
    state: 'pending',
    error: null,
    createdAt: new Date().toISOString(),
  };
}

/** A "tab": a chat client on its own fake connection, sharing the outbox database `name`. */
function tab(name: string, server?: FakeChatServer) {
  const connection = new FakeConnection();
  const own = server ?? new FakeChatServer(connection);
  if (server) Object.assign(connection.handlers, server.connection.handlers);
  if (!server) own.addChannel('c1');
  const outbox = new IndexedDbOutbox(name);
  const chat = new PlazaChat({ connection, outbox, emit: () => undefined, report: () => undefined });
  chats.push(chat);
  return { connection, server: own, chat, outbox };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what} did not happen`);
}

afterEach(async () => {
  for (const chat of chats) chat.stop();
  chats = [];
  await Promise.all(databases.map((name) => deleteDatabase(name)));
  databases = [];
});

describe('IndexedDbOutbox', () => {
  it('lists a scope in send order, replaces by client id and deletes', async () => {
    const outbox = new IndexedDbOutbox(databaseName());
    await outbox.put(entry('0003'));
    await outbox.put(entry('0001'));
    await outbox.put(entry('0002', 'another|scope'));
    await outbox.put({ ...entry('0003'), state: 'failed', error: { code: 'forbidden', message: 'no' } });
    assert.deepEqual((await outbox.list(SCOPE)).map((e) => [e.clientId, e.state]), [
      ['0001', 'pending'],
      ['0003', 'failed'],
    ]);
    await outbox.delete(SCOPE, '0001');
    assert.deepEqual((await outbox.list(SCOPE)).map((e) => e.clientId), ['0003']);
    assert.deepEqual((await outbox.list('another|scope')).map((e) => e.clientId), ['0002']);
    outbox.close();
  });

  it('keeps entries across connections to the database, as across a page reload', async () => {
    const name = databaseName();
    const first = new IndexedDbOutbox(name);
    await first.put(entry('0001'));
    first.close();
    const second = new IndexedDbOutbox(name);
    assert.deepEqual((await second.list(SCOPE)).map((e) => e.clientId), ['0001']);
    second.close();
  });

  it("a reloaded page shows the previous page's unsent messages as pending, then flushes them in order", async () => {
    const name = databaseName();
    const before = tab(name);
    before.connection.signIn();
    await until(() => before.chat.channels.get().length === 1, 'the first sign-in');
    before.connection.drop();
    const handle = before.chat.channel('c1');
    void handle.send({ text: 'one' });
    void handle.send({ text: 'two' });
    await before.chat.outgoing.idle();
    before.chat.stop();
    before.outbox.close();

    const after = tab(name);
    after.server.sendFailures.push(new PlazaError('unavailable', 'not yet'), new PlazaError('unavailable', 'not yet'));
    const reloaded = after.chat.channel('c1');
    after.connection.signIn();
    await until(() => reloaded.pending.get().length === 2, 'the restored pending sends');
    assert.deepEqual(reloaded.pending.get().map((p) => p.text), ['one', 'two']);
    await until(() => after.server.sendFailures.length === 0, 'the failed attempts');
    after.connection.drop();
    after.connection.signIn();
    await until(() => reloaded.pending.get().length === 0, 'the flush');
    assert.deepEqual(after.server.messages.map((m) => m.text), ['one', 'two']);
    await after.chat.outgoing.idle();
    assert.deepEqual(await after.outbox.list(SCOPE), []);
    after.outbox.close();
  });

  it('two tabs of one user coming online together send each unsent message once, in order', async () => {
    const name = databaseName();
    const a = tab(name);
    const b = tab(name, a.server);
    a.connection.signIn();
    b.connection.signIn();
    await until(() => a.chat.channels.get().length === 1 && b.chat.channels.get().length === 1, 'both sign-ins');
    a.connection.drop();
    b.connection.drop();
    for (const text of ['a1', 'a2', 'a3']) void a.chat.channel('c1').send({ text });
    for (const text of ['b1', 'b2']) void b.chat.channel('c1').send({ text });
    await Promise.all([a.chat.outgoing.idle(), b.chat.outgoing.idle()]);

    a.connection.signIn();
    b.connection.signIn();
    await until(() => a.server.messages.length === 5, 'all five sends');
    await Promise.all([a.chat.outgoing.flush(), b.chat.outgoing.flush()]);
    const sends = a.connection.count('chat:send') + b.connection.count('chat:send');
    assert.equal(sends, 5);
    assert.deepEqual(a.server.messages.map((m) => m.text), ['a1', 'a2', 'a3', 'b1', 'b2']);
    await Promise.all([a.chat.outgoing.idle(), b.chat.outgoing.idle()]);
    assert.deepEqual(await a.outbox.list(SCOPE), []);
    a.outbox.close();
    b.outbox.close();
  });
});
