import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, handshakeOutcome, sessionReady, startTestServer, type TestServer } from '../test-support/index.js';
import { DEMO_SECRET, DEMO_TENANT, DEMO_USERS } from './roster.js';

const dialects = await availableDialects();

describe.each(dialects)('demo mode on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, env: { PLAZA_DEMO: '1' } });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function demoToken(user: string): Promise<string> {
    const response = await t.server.app.inject({ method: 'GET', url: `/demo/token?user=${encodeURIComponent(user)}` });
    expect(response.statusCode).toBe(200);
    return response.json<{ token: string }>().token;
  }

  it('creates the demo tenant with the documented secret and every demo user', async () => {
    const tenant = await t.server.ctx.tenants.get(DEMO_TENANT);
    expect(tenant.id).toBe('demo');
    const [secret] = await t.server.ctx.tenants.signingSecrets(DEMO_TENANT);
    expect(Buffer.from(secret).toString()).toBe(DEMO_SECRET);
    for (const user of DEMO_USERS) expect((await t.server.ctx.users.byHostId(DEMO_TENANT, user.id))?.name).toBe(user.name);
  });

  it('hands out a token for zhang.wei whose session user is 张伟', async () => {
    const socket = sockets.open(t.url, { token: await demoToken('zhang.wei') });
    const session = await sessionReady(socket);
    expect(session.user).toMatchObject({ id: 'zhang.wei', name: '张伟', roles: ['admin'] });
    expect(session.tenant.id).toBe(DEMO_TENANT);
  });

  it('allows the demo’s own origin on the handshake', async () => {
    const { port } = new URL(t.url);
    const token = await demoToken('alice');
    expect(await handshakeOutcome(t.url, token, { extraHeaders: { origin: `http://127.0.0.1:${port}` } })).toBe('connected');
    expect(await handshakeOutcome(t.url, token, { extraHeaders: { origin: `http://localhost:${port}` } })).toBe('connected');
    expect(await handshakeOutcome(t.url, token, { extraHeaders: { origin: 'https://evil.example' } })).toBe('forbidden');
  });

  it('answers a token request for an unknown user with 404 not_found', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/demo/token?user=nobody' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers a token request without a user with 400 naming the field', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/demo/token' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('user') } });
  });

  it('redirects / to the OA portal example', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/examples/oa-portal-html/');
  });

  it('serves the examples under a strict Content-Security-Policy', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/examples/oa-portal-html/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('seeds again on restart without failing or losing users', async () => {
    await t.restart();
    const socket = sockets.open(t.url, { token: await demoToken('li.na') });
    expect((await sessionReady(socket)).user.name).toBe('李娜');
  });
});

describe('without demo mode', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no demo routes, tenant or examples', async () => {
    expect((await t.server.app.inject({ method: 'GET', url: '/demo/token?user=zhang.wei' })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'GET', url: '/examples/oa-portal-html/' })).statusCode).toBe(404);
    expect(await t.server.ctx.tenants.find(DEMO_TENANT)).toBeUndefined();
  });
});
