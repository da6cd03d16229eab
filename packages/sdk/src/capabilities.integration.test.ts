// The client from `@plaza/sdk/core` alone, and chat registered after it connected (what the
// script-tag bundle does when `<plaza-chat-panel>` loads on demand). Only core is imported
// statically here, so the capabilities are missing until the dynamic import.
import type { Message } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../server/src/test-support/index.js';
import type { TestServer } from '../../server/src/test-support/index.js';
import type { PlazaClient } from './client.js';
import { PlazaError, createClient } from './core.js';
import type { ClientOptions } from './options.js';

let server: TestServer;
const clients: PlazaClient[] = [];
const WAIT = { timeout: 10_000, interval: 20 };

function client(sub: string, options: Partial<ClientOptions> = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub }),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    requestTimeoutMs: 3_000,
    outbox: 'memory',
    ...options,
  });
  clients.push(created);
  return created;
}

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('capabilities', () => {
  it('a core client names the import a missing capability needs; chat registered after connect works, resync included', async () => {
    const alice = client('alice', { reconnection: { delayMs: 2_500, maxDelayMs: 2_500, randomizationFactor: 0 } });
    const bob = client('bob');
    await Promise.all([alice.connect(), bob.connect()]);
    let missing: unknown;
    try {
      void alice.chat;
    } catch (error) {
      missing = error;
    }
    expect(missing).toBeInstanceOf(PlazaError);
    expect((missing as PlazaError).code).toBe('bad_request');
    expect((missing as PlazaError).message).toContain("'@plaza/sdk/chat'");

    await import('./chat/index.js');
    const seen: Message[] = [];
    alice.on('message', (m) => seen.push(m));
    // Created while online: it loads the channel list as a sign-in would.
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'late', members: ['bob'] });
    await vi.waitFor(() => expect(bob.chat.channels.get().map((c) => c.id)).toContain(channel.id), WAIT);
    const a = alice.chat.channel(channel.id);
    await vi.waitFor(() => expect(a.state.get().loaded).toBe(true), WAIT);
    await a.send({ text: 'before' });

    await server.restart();
    await vi.waitFor(() => expect(bob.status).toBe('online'), WAIT);
    await bob.chat.channel(channel.id).send({ text: 'while away' });
    expect(alice.status).toBe('connecting');
    await vi.waitFor(() => expect(a.messages.get().map((m) => m.text)).toEqual(['before', 'while away']), WAIT);
    expect(seen.map((m) => m.text)).toEqual(['before', 'while away']);
  });
});
