import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, availableDialects, signHs256, startTestServer, type TestServer } from '../test-support/index.js';

const dialects = await availableDialects();

/** Encodes a token by hand, for shapes no JWT library would produce. */
function rawToken(header: object, payload: object, signature = ''): string {
  const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${encode(header)}.${encode(payload)}.${signature}`;
}

/** Tries a token on the socket handshake; resolves with the refusal code or 'connected'. */
function handshake(url: string, token: string, origin?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectSocket(url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      ...(origin ? { extraHeaders: { origin } } : {}),
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve(error.data?.code ?? `no code: ${error.message}`);
    });
  });
}

describe.each(dialects)('tokens on %s', (dialect) => {
  let t: TestServer;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await startTestServer({ dialect, allowedOrigins: ['https://portal.example.com'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function whoAmIStatus(token: string): Promise<number> {
    const response = await t.server.app.inject({ method: 'POST', url: '/v1/users', headers: { authorization: `Bearer ${token}` }, payload: { users: [{ id: 'x1', name: 'X' }] } });
    return response.statusCode;
  }

  const refused: Array<[string, (t: TestServer) => Promise<string>]> = [
    ['alg none', async (t) => rawToken({ alg: 'none', typ: 'JWT' }, { tid: t.tenantId, sub: 'u1', name: 'U', iat: now(), exp: now() + 60 })],
    ['a wrong secret', async (t) => signHs256({ tid: t.tenantId, sub: 'u1', name: 'U', iat: now(), exp: now() + 60 }, 'not-the-secret')],
    ['a foreign tid', async (t) => signHs256({ tid: 'other-tenant', sub: 'u1', name: 'U', iat: now(), exp: now() + 60 }, t.secret)],
    ['an expired token', async (t) => t.signUserToken({ iat: now() - 7200, lifetimeSeconds: 3600 })],
    ['a lifetime over 24 h', async (t) => t.signUserToken({ lifetimeSeconds: 25 * 3600 })],
    ['a missing name claim', async (t) => signHs256({ tid: t.tenantId, sub: 'u1', iat: now(), exp: now() + 60 }, t.secret)],
    ['a missing exp claim', async (t) => signHs256({ tid: t.tenantId, sub: 'u1', name: 'U', iat: now() }, t.secret)],
    ['a partner without org', async (t) => t.signUserToken({ kind: 'partner' })],
    [
      'an HS256 token keyed with the tenant public key (key confusion)',
      async (t) => {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
        await t.server.ctx.tenants.patch(t.tenantId, { publicKeys: [{ pem }] });
        return new SignJWT({ tid: t.tenantId, sub: 'u1', name: 'U' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt(now())
          .setExpirationTime(now() + 60)
          .sign(new TextEncoder().encode(pem));
      },
    ],
  ];

  it.each(refused)('refuses %s on the handshake with unauthorized', async (_name, make) => {
    expect(await handshake(t.url, await make(t))).toBe('unauthorized');
  });

  it.each(refused)('refuses %s on REST with 401', async (_name, make) => {
    const token = await make(t);
    const response = await t.server.app.inject({ method: 'POST', url: '/v1/users/u1/deactivate', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('accepts a valid HS256 user token on the handshake', async () => {
    expect(await handshake(t.url, await t.signUserToken())).toBe('connected');
  });

  it('accepts an RS256 token signed with a registered public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    await t.server.ctx.tenants.patch(t.tenantId, { publicKeys: [{ pem: await exportSPKI(publicKey) }] });
    const token = await new SignJWT({ tid: t.tenantId, sub: 'rs-user', name: 'RS User' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(now())
      .setExpirationTime(now() + 600)
      .sign(privateKey);
    expect(await handshake(t.url, token)).toBe('connected');
  });

  it('refuses a user token on a server route', async () => {
    expect(await whoAmIStatus(await t.signUserToken())).toBe(401);
  });

  it('accepts a server token on a server route', async () => {
    expect(await whoAmIStatus(await t.signServerToken())).toBe(200);
  });

  it('refuses a server token living longer than 1 h', async () => {
    expect(await whoAmIStatus(await t.signServerToken({ lifetimeSeconds: 7200 }))).toBe(401);
  });

  it('refuses a server token on the socket handshake', async () => {
    expect(await handshake(t.url, await t.signServerToken())).toBe('unauthorized');
  });

  it('refuses a handshake from a foreign Origin with forbidden', async () => {
    expect(await handshake(t.url, await t.signUserToken(), 'https://evil.example')).toBe('forbidden');
  });

  it('accepts a handshake from an allowed Origin', async () => {
    expect(await handshake(t.url, await t.signUserToken(), 'https://portal.example.com')).toBe('connected');
  });

  it('keeps accepting tokens signed with the previous secret after a rotation', async () => {
    const oldToken = await t.signUserToken();
    const response = await t.server.app.inject({ method: 'POST', url: `/v1/tenants/${t.tenantId}/secret`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    const { secret } = response.json<{ secret: string }>();
    expect(secret).not.toBe(t.secret);
    expect(await handshake(t.url, oldToken)).toBe('connected');
    const fresh = await signHs256({ tid: t.tenantId, sub: 'u2', name: 'U2', iat: now(), exp: now() + 60 }, secret);
    expect(await handshake(t.url, fresh)).toBe('connected');
  });
});
