import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, sessionReady, startTestServer, type TestServer } from '../test-support/index.js';
import { installErrorHandling } from './errors.js';
import { serveStatic } from './static-files.js';

const dialects = await availableDialects();

const ALLOWED = 'https://portal.example.com';
const FOREIGN = 'https://evil.example';

/**
 * A GET with the path sent byte for byte: `inject` and fetch resolve `..` and `%2e%2e`
 * as URLs do, which would hide what a raw client can send.
 */
function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path: rawPath, method: 'GET', agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** An error answer in the contract's shape and nothing else: no stack, no internals. */
function expectError(response: LightMyRequestResponse, status: number, code: string): string {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<{ error: { code: string; message: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\/|stack/);
  return body.error.message;
}

describe.each(dialects)('HTTP on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, allowedOrigins: [ALLOWED] });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function postUsers(payload: string | object, headers: Record<string, string> = {}) {
    return t.server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${await t.signServerToken()}`, 'content-type': 'application/json', ...headers },
      payload,
    });
  }

  it('answers a body that is not JSON with 400 bad_request', async () => {
    const message = expectError(await postUsers('{"users": [', {}), 400, 'bad_request');
    expect(message).toMatch(/JSON/);
  });

  it('answers an empty JSON body with 400 bad_request', async () => {
    expectError(await postUsers(''), 400, 'bad_request');
  });

  it('answers an unknown route with 404 not_found', async () => {
    expectError(await t.server.app.inject({ method: 'GET', url: '/v1/no-such-route' }), 404, 'not_found');
    expectError(await t.server.app.inject({ method: 'DELETE', url: '/v1/users' }), 404, 'not_found');
  });

  it('answers a body over 1 MB with 413 payload_too_large', async () => {
    const users = Array.from({ length: 9000 }, (_, i) => ({ id: `u${i}`, name: 'x'.repeat(120) }));
    const payload = JSON.stringify({ users });
    expect(payload.length).toBeGreaterThan(1024 * 1024);
    expectError(await postUsers(payload), 413, 'payload_too_large');
  });

  it('answers a body of another content type with 415 unsupported_media_type', async () => {
    expectError(await postUsers('users=x', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await postUsers('users=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });

  it('answers a schema violation with 400 naming the field', async () => {
    const message = expectError(await postUsers({ users: [{ id: 'ok', name: 'Fine' }, { id: 'bad id with spaces', name: 'X' }] }), 400, 'bad_request');
    expect(message).toContain('users.1.id');
  });

  it('answers a request without a token 401 before looking at its body', async () => {
    const response = await t.server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: { users: [{ id: 'bad id with spaces' }] },
    });
    expectError(response, 401, 'unauthorized');
  });

  it('answers a bad path parameter with 400 naming it', async () => {
    const response = await t.server.app.inject({
      method: 'POST',
      url: `/v1/users/${encodeURIComponent('a b')}/deactivate`,
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
    });
    expect(expectError(response, 400, 'bad_request')).toContain('params.id');
  });

  it('answers /healthz with 200', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 while the database answers', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('serves Prometheus metrics with request latency and socket connections', async () => {
    await t.server.app.inject({ method: 'GET', url: '/healthz' });
    const socket = sockets.open(t.url, { token: await t.signUserToken() });
    await sessionReady(socket);

    const response = await t.server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('# TYPE plaza_http_request_duration_seconds histogram');
    expect(response.body).toMatch(/plaza_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} \d+/);
    expect(response.body).toContain('# TYPE plaza_socket_connections gauge');
    expect(response.body).toMatch(/^plaza_socket_connections 1$/m);
  });

  it('labels unknown routes as one metric series, not one per URL', async () => {
    await t.server.app.inject({ method: 'GET', url: '/v1/random-path-8c1e' });
    const metrics = (await t.server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).not.toContain('random-path-8c1e');
  });

  it('describes the REST API as OpenAPI 3', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths['/v1/tenants'] ?? {})).toContain('post');
    expect(Object.keys(spec.paths['/v1/users'] ?? {})).toContain('post');
    expect(Object.keys(spec.paths['/v1/users/{id}/deactivate'] ?? {})).toContain('post');
    expect(Object.keys(spec.paths['/v1/tenants/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
  });

  it('passes a preflight from an allowed origin with 204, echoing the origin', async () => {
    const response = await t.server.app.inject({
      method: 'OPTIONS',
      url: '/v1/users',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']).toContain('authorization');
    expect(response.headers.vary).toMatch(/origin/i);
  });

  it('refuses a preflight from a foreign origin with 403', async () => {
    const response = await t.server.app.inject({
      method: 'OPTIONS',
      url: '/v1/users',
      headers: { origin: FOREIGN, 'access-control-request-method': 'POST' },
    });
    expectError(response, 403, 'forbidden');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a REST call with a valid token from a foreign Origin with 403 forbidden', async () => {
    const response = await postUsers({ users: [{ id: 'origin-test', name: 'X' }] }, { origin: FOREIGN });
    expectError(response, 403, 'forbidden');
    expect(await t.server.ctx.users.byHostId(t.tenantId, 'origin-test')).toBeUndefined();
  });

  it('refuses a REST call from an origin only another tenant allows with 403 forbidden', async () => {
    const otherOrigin = 'https://other-tenant.example';
    await t.server.ctx.tenants.create({ id: `cors-${Date.now().toString(36)}`, name: 'Other', allowedOrigins: [otherOrigin] });
    const preflight = await t.server.app.inject({
      method: 'OPTIONS',
      url: '/v1/users',
      headers: { origin: otherOrigin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expectError(await postUsers({ users: [{ id: 'origin-test-2', name: 'X' }] }, { origin: otherOrigin }), 403, 'forbidden');
  });

  it('accepts a REST call from an allowed Origin and says so in CORS headers', async () => {
    const response = await postUsers({ users: [{ id: 'origin-ok', name: 'X' }] }, { origin: ALLOWED });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('answers everything under /sdk/ with Access-Control-Allow-Origin *, a 404 too', async () => {
    const missing = await t.server.app.inject({ method: 'GET', url: '/sdk/no-such-chunk-abc123.js', headers: { origin: FOREIGN } });
    expectError(missing, 404, 'not_found');
    expect(missing.headers['access-control-allow-origin']).toBe('*');

    const preflight = await t.server.app.inject({
      method: 'OPTIONS',
      url: '/sdk/plaza.js',
      headers: { origin: FOREIGN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it.each([
    '/sdk/..%2f..%2fpackage.json',
    '/sdk/..%2F..%2F..%2F..%2Fpackage.json',
    '/sdk/../../package.json',
    '/sdk/%2e%2e/%2e%2e/package.json',
    '/sdk/..%5c..%5cpackage.json',
    '/sdk/%252e%252e%252f%252e%252e%252fpackage.json',
    '/sdk/..%00/package.json',
  ])('never serves a file outside /sdk/ for %s', async (rawPath) => {
    const response = await rawGet(t.url, rawPath);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('"name"');
    expect(response.body).not.toContain('dependencies');
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});

describe.each(dialects)('rate limits on %s', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ dialect, rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the request over the limit with 429 rate_limited and Retry-After', async () => {
    const token = await t.signServerToken();
    const call = () =>
      t.server.app.inject({ method: 'POST', url: '/v1/users', headers: { authorization: `Bearer ${token}` }, payload: { users: [{ id: 'r1', name: 'R' }] } });
    for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(200);
    const limited = await call();
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not rate-limit health checks', async () => {
    for (let i = 0; i < 5; i++) expect((await t.server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe.each(dialects)('readiness on %s', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /readyz with 503 unavailable once the database is gone, /healthz still 200', async () => {
    expect((await t.server.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await t.server.ctx.storage.close();
    expectError(await t.server.app.inject({ method: 'GET', url: '/readyz' }), 503, 'unavailable');
    expect((await t.server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers a request that needs the closed database with 503 unavailable, without internals', async () => {
    const response = await t.server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
      payload: { users: [{ id: 'gone', name: 'Gone' }] },
    });
    expectError(response, 503, 'unavailable');
    expect(response.body).not.toMatch(/destroyed|kysely|sqlite|postgres|pool/i);
  });
});

describe('static files', () => {
  let root: string;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'plaza-static-'));
    mkdirSync(path.join(root, 'public', 'chunks'), { recursive: true });
    writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET');
    writeFileSync(path.join(root, 'public', 'plaza.js'), `export const plaza = ${JSON.stringify('x'.repeat(4000))};\n`);
    writeFileSync(path.join(root, 'public', 'chunks', 'editor-3f9a.js'), 'export {};\n');
    app = Fastify();
    installErrorHandling(app);
    serveStatic(app, {
      prefix: '/sdk/',
      root: path.join(root, 'public'),
      publicCors: true,
      cacheControl: (file) => (file === 'plaza.js' ? 'public, max-age=300, must-revalidate' : 'public, max-age=31536000, immutable'),
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves a file with its type, an ETag and Access-Control-Allow-Origin *', async () => {
    const response = await app.inject({ method: 'GET', url: '/sdk/chunks/editor-3f9a.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('export {};\n');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers.etag).toBeTruthy();
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await app.inject({ method: 'GET', url: '/sdk/plaza.js' });
    const again = await app.inject({ method: 'GET', url: '/sdk/plaza.js', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('compresses a large file for a client that accepts gzip', async () => {
    const response = await app.inject({ method: 'GET', url: '/sdk/plaza.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toContain('must-revalidate');
    expect(gunzipSync(response.rawPayload).toString()).toContain('export const plaza');
  });

  it.each([
    '/sdk/../secret.txt',
    '/sdk/..%2fsecret.txt',
    '/sdk/%2e%2e%2fsecret.txt',
    '/sdk/%2e%2e/secret.txt',
    '/sdk/chunks/..%2f..%2fsecret.txt',
    '/sdk/chunks/../../secret.txt',
    '/sdk/..%5csecret.txt',
    '/sdk/%252e%252e%252fsecret.txt',
    '/sdk/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ])('never serves a file outside its root for %s', async (rawPath) => {
    const response = await rawGet(url, rawPath);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('TOP-SECRET');
    expect(response.body).not.toContain('root:');
  });

  it('serves a file whose name holds a percent sign, decoding the path once', async () => {
    writeFileSync(path.join(root, 'public', 'chunks', '100%.js'), 'export const full = true;\n');
    const response = await rawGet(url, '/sdk/chunks/100%25.js');
    expect(response.status).toBe(200);
    expect(response.body).toContain('full');
  });

  it('still serves a file whose path only looks odd inside the root', async () => {
    const response = await rawGet(url, '/sdk/chunks/../plaza.js');
    expect(response.status).toBe(200);
    expect(response.body).toContain('export const plaza');
  });
});
