import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SocketPool,
  availableDialects,
  nextEvent,
  sessionReady,
  startTestServer,
  withDeadline,
  type ConnectError,
  type TestServer,
} from '../test-support/index.js';

const dialects = await availableDialects();

/** Short enough for a test, long enough to refresh in. */
const GRACE_SECONDS = 1;

describe.each(dialects)('realtime on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, refreshGraceSeconds: GRACE_SECONDS });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('sends session:ready after connecting, with the user and tenant', async () => {
    const token = await t.signUserToken({ sub: 'ready-user', name: 'Ready User', kind: 'customer' });
    const socket = sockets.open(t.url, { token });
    const session = await sessionReady(socket);
    expect(socket.connected).toBe(true);
    expect(session).toMatchObject({
      user: { id: 'ready-user', name: 'Ready User', kind: 'customer', active: true },
      tenant: { id: t.tenantId },
    });
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    expect(session.expiresAt).toBe(new Date(exp.exp * 1000).toISOString());
  });

  it('refuses a handshake without a token with unauthorized', async () => {
    const socket = sockets.open(t.url, { token: '' });
    const error = await nextEvent(socket, 'connect_error');
    expect(error.data).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
  });

  it.each([
    ['session:get', 'a payload that is not an object', 'not an object'],
    ['session:get', 'an unknown field', { extra: true }],
    ['session:refresh', 'no token', {}],
    ['session:refresh', 'a token that is not a string', { token: 42 }],
  ] as const)('acks %s with %s as bad_request', async (event, _name, payload) => {
    const socket = sockets.open(t.url, { token: await t.signUserToken() });
    await sessionReady(socket);
    const answer = await socket.timeout(5000).emitWithAck(event as 'session:get', payload as never);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.any(String) } });
    // the socket stays usable after a refused request
    expect((await socket.emitWithAck('session:get', {})).ok).toBe(true);
  });

  it('answers a request no handler knows as bad_request, naming it, and stays usable', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken() });
    await sessionReady(socket);
    const answer: unknown = await socket.timeout(5000).emitWithAck('chat:sned' as 'session:get', {});
    expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: 'unknown request "chat:sned"' } });
    expect((await socket.emitWithAck('session:get', {})).ok).toBe(true);
  });

  it('refuses session:refresh with a token for another user as forbidden', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub: 'refresher' }) });
    await sessionReady(socket);
    const answer = await socket.emitWithAck('session:refresh', { token: await t.signUserToken({ sub: 'someone-else' }) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const session = await socket.emitWithAck('session:get', {});
    expect(session).toMatchObject({ ok: true, data: { user: { id: 'refresher' } } });
  });

  it('refuses session:refresh with an expired token as unauthorized', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub: 'refresher' }) });
    await sessionReady(socket);
    const expired = await t.signUserToken({ sub: 'refresher', iat: Math.floor(Date.now() / 1000) - 7200, lifetimeSeconds: 3600 });
    expect(await socket.emitWithAck('session:refresh', { token: expired })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('accepts session:refresh with a fresh token for the same user', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub: 'refresher', lifetimeSeconds: 600 }) });
    await sessionReady(socket);
    const fresh = await t.signUserToken({ sub: 'refresher', name: 'Renamed', lifetimeSeconds: 3600 });
    const answer = await socket.emitWithAck('session:refresh', { token: fresh });
    expect(answer).toMatchObject({ ok: true, data: { expiresAt: expect.any(String) } });
    const session = await socket.emitWithAck('session:get', {});
    expect(session).toMatchObject({ ok: true, data: { user: { name: 'Renamed' }, expiresAt: answer.ok ? answer.data.expiresAt : '' } });
  });

  it('warns a socket whose token expires, then closes it when it does not refresh', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub: 'expiring', lifetimeSeconds: 2 }) });
    const expiring = nextEvent(socket, 'session:expiring');
    const closed = nextEvent(socket, 'session:closed', 10_000);
    const disconnected = nextEvent(socket, 'disconnect', 10_000);
    await sessionReady(socket);

    const warning = await expiring;
    expect(Date.parse(warning.disconnectAt) - Date.parse(warning.expiresAt)).toBe(GRACE_SECONDS * 1000);
    expect(await closed).toMatchObject({ code: 'unauthorized' });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('keeps a socket that refreshes in time connected past the grace period', async () => {
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub: 'renewing', lifetimeSeconds: 2 }) });
    const expiring = nextEvent(socket, 'session:expiring');
    await sessionReady(socket);
    let closed = false;
    socket.on('session:closed', () => (closed = true));
    socket.on('disconnect', () => (closed = true));

    const { disconnectAt } = await expiring;
    const refreshed = await socket.emitWithAck('session:refresh', { token: await t.signUserToken({ sub: 'renewing', lifetimeSeconds: 3600 }) });
    expect(refreshed.ok).toBe(true);

    // wait until the old deadline has passed; the round trip after it proves the socket still works
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(disconnectAt) - Date.now()) + 500));
    expect(await socket.emitWithAck('session:get', {})).toMatchObject({ ok: true });
    expect(closed).toBe(false);
    expect(socket.connected).toBe(true);
  });
});

describe.each(dialects)('reconnecting on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('authenticates again with a fresh token after a server restart', async () => {
    const tokens = [await t.signUserToken({ sub: 'first-token' }), await t.signUserToken({ sub: 'second-token' })];
    let asked = 0;
    const socket = sockets.open(t.url, (callback) => callback({ token: tokens[Math.min(asked++, tokens.length - 1)] }), {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    // socket.io never reconnects after the server closed a socket on purpose; the SDK does, so do that here
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') socket.connect();
    });
    expect((await sessionReady(socket)).user.id).toBe('first-token');

    const readyAgain = nextEvent(socket, 'session:ready', 10_000);
    await t.restart();
    expect((await readyAgain).user.id).toBe('second-token');
    expect(asked).toBe(2);
  });

  it('refuses the reconnect when the token asked for again is no longer valid', async () => {
    const tokens = [await t.signUserToken({ sub: 'valid-then-not' }), 'not-a-token'];
    let asked = 0;
    const socket = sockets.open(t.url, (callback) => callback({ token: tokens[Math.min(asked++, tokens.length - 1)] }), {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') socket.connect();
    });
    await sessionReady(socket);

    // attempts while the server is down fail at the transport, without data; the refusal has it
    const refused = new Promise<ConnectError>((resolve) => {
      socket.on('connect_error', (error: ConnectError) => {
        if (error.data) resolve(error);
      });
    });
    await t.restart();
    expect((await withDeadline(refused, 10_000, 'the refused reconnect')).data).toMatchObject({ code: 'unauthorized' });
    expect(socket.connected).toBe(false);
  });
});

describe.each(dialects)('realtime without a database on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'error' }, { write: (line: string) => void logLines.push(line) });
    t = await startTestServer({ dialect, logger });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a handshake as unavailable (retryable) and logs why, telling the client nothing more', async () => {
    const token = await t.signUserToken({ sub: 'while-down' });
    await t.server.ctx.storage.close();
    const socket = sockets.open(t.url, { token });
    const error = await nextEvent(socket, 'connect_error');
    expect(error.data).toEqual({ code: 'unavailable', message: expect.any(String) });
    expect(error.data?.message).not.toMatch(/destroyed|kysely|sqlite|postgres|pool/i);
    expect(logLines.join('')).toContain('socket handshake failed');
  });
});
