import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The lead's real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../server/src/test-support/index.js';
import type { TestServer } from '../../server/src/test-support/index.js';
import type { ConnectionStatus, PlazaClient } from './client.js';
import { createClient } from './create-client.js';
import type { ClientOptions } from './options.js';
import { PlazaError } from './index.js';

let server: TestServer;
const clients: PlazaClient[] = [];

/** A client that afterEach closes, with quick reconnects so tests do not wait long. */
function client(options: Partial<ClientOptions> = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken(),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    ...options,
  });
  clients.push(created);
  return created;
}

function recordStatuses(target: PlazaClient): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [];
  target.on('status', (status) => seen.push(status));
  return seen;
}

/** A provider that signs a token for `sub` and counts its calls. */
function countingProvider(claims: Parameters<TestServer['signUserToken']>[0] = {}) {
  const provider = vi.fn(() => server.signUserToken(claims));
  return provider;
}

async function rejection(promise: Promise<unknown>): Promise<PlazaError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlazaError);
  return error as PlazaError;
}

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  // Open sockets keep the process alive: close every client before the server.
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('connecting', () => {
  it('connect goes from offline through connecting to online and resolves with the session', async () => {
    const c = client();
    const statuses = recordStatuses(c);
    expect(c.status).toBe('offline');

    const session = await c.connect();

    expect(statuses).toEqual(['connecting', 'online']);
    expect(c.status).toBe('online');
    expect(session.user.id).toBe('u1');
    expect(session.tenant.id).toBe(server.tenantId);
    expect(c.session).toEqual(session);
    expect(c.state.get()).toEqual({ status: 'online', session, error: null });
  });

  it('a bad token rejects connect with unauthorized and leaves the client offline', async () => {
    const c = client({ token: 'not-a-jwt' });
    const error = await rejection(c.connect());
    expect(error.code).toBe('unauthorized');
    expect(c.status).toBe('offline');
    expect(c.state.get().error?.code).toBe('unauthorized');
  });

  it('a token signed with another secret rejects connect with unauthorized', async () => {
    const other = await startTestServer();
    try {
      const foreign = await other.signUserToken();
      const c = client({ token: foreign });
      expect((await rejection(c.connect())).code).toBe('unauthorized');
    } finally {
      await other.close();
    }
  });

  it('a provider whose tokens are refused is asked once more, then connect rejects', async () => {
    const provider = vi.fn(() => Promise.resolve('not-a-jwt'));
    const c = client({ token: provider });
    expect((await rejection(c.connect())).code).toBe('unauthorized');
    expect(provider).toHaveBeenCalledTimes(2);
    expect(c.status).toBe('offline');
  });

  it('a refused first token is replaced by a fresh one from the provider and connect succeeds', async () => {
    const provider = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce('expired-or-bad')
      .mockImplementation(() => server.signUserToken());
    const c = client({ token: provider });
    const session = await c.connect();
    expect(session.user.id).toBe('u1');
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('a failing token provider rejects connect with unavailable and the client keeps trying', async () => {
    const provider = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('host backend down'))
      .mockImplementation(() => server.signUserToken());
    const c = client({ token: provider });
    const error = await rejection(c.connect());
    expect(error.code).toBe('unavailable');
    expect(c.status).toBe('connecting');
    await vi.waitFor(() => expect(c.status).toBe('online'), { timeout: 5_000 });
  });

  it('connect while online resolves with the current session without a new handshake', async () => {
    const provider = countingProvider();
    const c = client({ token: provider });
    const first = await c.connect();
    const second = await c.connect();
    expect(second).toBe(first);
    expect(provider).toHaveBeenCalledTimes(1);
  });
});

describe('requests', () => {
  it("session:get answers with the token's user", async () => {
    const c = client({ token: () => server.signUserToken({ sub: 'alice', name: 'Alice' }) });
    await c.connect();
    const session = await c.request('session:get', {});
    expect(session.user.id).toBe('alice');
    expect(session.user.name).toBe('Alice');
  });

  it("a request the server refuses rejects with the server's code", async () => {
    const c = client();
    await c.connect();
    const error = await rejection(c.request('session:refresh', { token: '' }));
    expect(error.code).toBe('bad_request');
  });

  it('a request the server never answers rejects with unavailable after its timeout', async () => {
    const c = client();
    await c.connect();
    // a server stuck on this request (an unknown one is answered bad_request at once)
    server.server.realtime.handle('session:get', () => new Promise(() => undefined));
    const error = await rejection(c.request('session:get', {}, { timeoutMs: 200 }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/timed out/);
  });

  it('a request while offline rejects with unavailable at once', async () => {
    const c = client();
    const error = await rejection(c.request('session:get', {}));
    expect(error.code).toBe('unavailable');
  });
});

describe('token refresh', () => {
  it('a short-lived token is renewed through the provider before it expires and the client stays online', async () => {
    const provider = countingProvider({ lifetimeSeconds: 5 });
    const c = client({ token: provider });
    const first = await c.connect();
    const statuses = recordStatuses(c);
    const sessions: string[] = [];
    c.on('session', (session) => sessions.push(session.expiresAt));

    await vi.waitFor(() => expect(provider.mock.calls.length).toBeGreaterThanOrEqual(3), {
      timeout: 15_000,
      interval: 100,
    });

    expect(statuses).toEqual([]);
    expect(c.status).toBe('online');
    expect(sessions.length).toBeGreaterThanOrEqual(1);
    expect(Date.parse(c.session?.expiresAt ?? '')).toBeGreaterThan(Date.parse(first.expiresAt));
    expect((await c.request('session:get', {})).user.id).toBe('u1');
  }, 20_000);
});

describe('losing the connection', () => {
  it('after the server restarts the client reconnects by itself and requests work again', async () => {
    const c = client();
    await c.connect();
    const statuses = recordStatuses(c);

    await server.restart();

    // the client notices the dropped connection a moment after restart() resolves
    await vi.waitFor(() => expect(statuses).toContain('connecting'), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(c.status).toBe('online'), { timeout: 10_000, interval: 50 });
    expect(statuses.at(-1)).toBe('online');
    expect((await c.request('session:get', {})).user.id).toBe('u1');
  });

  it('a deactivated user is told why, goes offline and does not reconnect', async () => {
    const c = client();
    await c.connect();
    const errors: PlazaError[] = [];
    c.on('error', (error) => errors.push(error));

    const serverToken = await server.signServerToken();
    const response = await fetch(`${server.url}/v1/users/u1/deactivate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken}` },
    });
    expect(response.ok).toBe(true);

    await vi.waitFor(() => expect(c.status).toBe('offline'), { timeout: 5_000 });
    expect(errors.map((e) => e.code)).toEqual(['unauthorized']);
    expect(c.session).toBeNull();
    // Long enough for several reconnect attempts at 100–500 ms, had there been any.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(c.status).toBe('offline');
  });

  it('close() leaves the client offline and later requests reject', async () => {
    const c = client();
    await c.connect();
    const statuses = recordStatuses(c);

    await c.close();

    expect(c.status).toBe('offline');
    expect(statuses).toEqual(['offline']);
    expect(c.session).toBeNull();
    expect((await rejection(c.request('session:get', {}))).code).toBe('unavailable');
  });

  it('a closed client can connect again', async () => {
    const c = client();
    await c.connect();
    await c.close();
    const session = await c.connect();
    expect(session.user.id).toBe('u1');
    expect(c.status).toBe('online');
  });

  it('close() during connect rejects the pending connect with unavailable', async () => {
    const c = client();
    const pending = c.connect();
    await c.close();
    expect((await rejection(pending)).code).toBe('unavailable');
    expect(c.status).toBe('offline');
  });
});
