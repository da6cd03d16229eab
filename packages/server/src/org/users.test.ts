import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireUser } from '../auth/request-auth.js';
import {
  SocketPool,
  availableDialects,
  handshakeOutcome,
  nextEvent,
  sessionReady,
  signHs256,
  startTestServer,
  type TestServer,
} from '../test-support/index.js';

const dialects = await availableDialects();

const newUserId = () => `user-${randomBytes(4).toString('hex')}`;

describe.each(dialects)('users on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function serverPost(url: string, payload?: object, token?: string) {
    return t.server.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token ?? (await t.signServerToken())}` },
      ...(payload ? { payload } : {}),
    });
  }

  /** What the REST routes taking a user token do with it (none of the foundation's routes does yet). */
  async function restAuth(token: string): Promise<string> {
    const request = { headers: { authorization: `Bearer ${token}` } } as FastifyRequest;
    try {
      await requireUser(t.server.ctx, request);
      return 'accepted';
    } catch (error) {
      return (error as { code?: string }).code ?? 'no code';
    }
  }

  it('upserts users, counting created and updated', async () => {
    const [a, b, c] = [newUserId(), newUserId(), newUserId()];
    const first = await serverPost('/v1/users', { users: [{ id: a, name: 'A' }, { id: b, name: 'B', roles: ['agent'] }] });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ created: 2, updated: 0 });

    const second = await serverPost('/v1/users', { users: [{ id: a, name: 'A renamed', email: 'a@example.com' }, { id: c, name: 'C' }] });
    expect(second.json()).toEqual({ created: 1, updated: 1 });

    const row = await t.server.ctx.users.byHostId(t.tenantId, a);
    expect(row).toMatchObject({ name: 'A renamed', email: 'a@example.com', active: 1, placeholder: 0 });
  });

  it('counts a user named twice in one batch as created once', async () => {
    const id = newUserId();
    const response = await serverPost('/v1/users', { users: [{ id, name: 'First' }, { id, name: 'Second' }] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ created: 1, updated: 1 });
    expect((await t.server.ctx.users.byHostId(t.tenantId, id))?.name).toBe('Second');
  });

  it.each([
    ['a missing name', { users: [{ id: 'x1' }] }, 'users.0.name'],
    ['a bad role', { users: [{ id: 'x1', name: 'X', roles: ['root'] }] }, 'users.0.roles'],
    ['a partner without org', { users: [{ id: 'x1', name: 'X', kind: 'partner' }] }, 'users.0.org'],
    ['a bad email', { users: [{ id: 'x1', name: 'X', email: 'not-an-email' }] }, 'users.0.email'],
    ['an empty list', { users: [] }, 'users'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const response = await serverPost('/v1/users', body);
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(field);
  });

  it('provisions a user just in time from their token claims', async () => {
    const sub = newUserId();
    const token = await t.signUserToken({ sub, name: '王芳', email: 'wang@example.com', roles: ['agent'], dept: ['support'] });
    const socket = sockets.open(t.url, { token });
    await sessionReady(socket);
    const answer = await socket.emitWithAck('session:get', {});
    expect(answer).toEqual({
      ok: true,
      data: {
        user: { id: sub, name: '王芳', kind: 'member', roles: ['agent'], dept: ['support'], org: null, email: 'wang@example.com', avatar: null, active: true },
        tenant: { id: t.tenantId, name: 'Test tenant' },
        expiresAt: expect.any(String),
      },
    });
  });

  it('deactivation closes the user’s open sockets, announcing session:closed', async () => {
    const sub = newUserId();
    const token = await t.signUserToken({ sub });
    const first = sockets.open(t.url, { token });
    const second = sockets.open(t.url, { token });
    const bystander = sockets.open(t.url, { token: await t.signUserToken({ sub: newUserId() }) });
    await Promise.all([sessionReady(first), sessionReady(second), sessionReady(bystander)]);

    const closed = Promise.all([first, second].map((s) => nextEvent(s, 'session:closed')));
    const disconnected = Promise.all([first, second].map((s) => nextEvent(s, 'disconnect')));
    const response = await serverPost(`/v1/users/${sub}/deactivate`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: sub, active: false });

    // nextEvent fails each wait after 5 s: the contract's deadline
    for (const body of await closed) expect(body).toMatchObject({ code: 'unauthorized' });
    expect(await disconnected).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);
    expect((await bystander.emitWithAck('session:get', {})).ok).toBe(true);
  });

  it('refuses a deactivated user’s handshakes and REST calls until reactivated', async () => {
    const sub = newUserId();
    const token = await t.signUserToken({ sub });
    expect(await handshakeOutcome(t.url, token)).toBe('connected');

    expect((await serverPost(`/v1/users/${sub}/deactivate`)).statusCode).toBe(200);
    expect(await handshakeOutcome(t.url, token)).toBe('unauthorized');
    expect(await handshakeOutcome(t.url, await t.signUserToken({ sub, name: 'Fresh token' }))).toBe('unauthorized');
    expect(await restAuth(token)).toBe('unauthorized');

    const reactivated = await serverPost(`/v1/users/${sub}/reactivate`);
    expect(reactivated.statusCode).toBe(200);
    expect(reactivated.json()).toMatchObject({ id: sub, active: true });
    expect(await handshakeOutcome(t.url, token)).toBe('connected');
    expect(await restAuth(token)).toBe('accepted');
  });

  it('keeps a deactivated user deactivated when the org sync upserts them', async () => {
    const sub = newUserId();
    await serverPost('/v1/users', { users: [{ id: sub, name: 'Synced' }] });
    await serverPost(`/v1/users/${sub}/deactivate`);
    await serverPost('/v1/users', { users: [{ id: sub, name: 'Synced again' }] });
    expect(await handshakeOutcome(t.url, await t.signUserToken({ sub }))).toBe('unauthorized');
  });

  it('answers 404 to a deactivation of an unknown user', async () => {
    const response = await serverPost(`/v1/users/${newUserId()}/deactivate`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a user token on the deactivation route', async () => {
    const sub = newUserId();
    await serverPost('/v1/users', { users: [{ id: sub, name: 'Target' }] });
    const response = await serverPost(`/v1/users/${sub}/deactivate`, undefined, await t.signUserToken({ roles: ['admin'] }));
    expect(response.statusCode).toBe(401);
    expect((await t.server.ctx.users.byHostId(t.tenantId, sub))?.active).toBe(1);
  });

  it('does not let another tenant’s server token deactivate this tenant’s user', async () => {
    const otherId = `other-${randomBytes(4).toString('hex')}`;
    const other = await t.server.ctx.tenants.create({ id: otherId, name: 'Other tenant', allowedOrigins: [] });
    const iat = Math.floor(Date.now() / 1000);
    const foreignToken = await signHs256({ tid: otherId, srv: true, iat, exp: iat + 600 }, other.secret);

    const sub = newUserId();
    const socket = sockets.open(t.url, { token: await t.signUserToken({ sub }) });
    await sessionReady(socket);

    const response = await serverPost(`/v1/users/${sub}/deactivate`, undefined, foreignToken);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await t.server.ctx.users.byHostId(t.tenantId, sub))?.active).toBe(1);
    // the round trip after the refusal proves the socket was left open
    expect((await socket.emitWithAck('session:get', {})).ok).toBe(true);
    expect(socket.connected).toBe(true);
  });
});
