import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/index.js';

/**
 * PLAZA_TRUST_PROXY as the per-IP rate limit sees it: one request per minute per client
 * address, so a second request from the same client is refused. HTTP only, nothing is
 * stored: SQLite alone is enough here.
 */
describe('PLAZA_TRUST_PROXY', () => {
  const servers: Record<'untrusted' | 'loopback' | 'oneHop', TestServer | undefined> = { untrusted: undefined, loopback: undefined, oneHop: undefined };

  beforeAll(async () => {
    const start = (trust?: string) => startTestServer({ rateLimitPerMinute: 1, ...(trust ? { env: { PLAZA_TRUST_PROXY: trust } } : {}) });
    [servers.untrusted, servers.loopback, servers.oneHop] = await Promise.all([start(), start('loopback'), start('1')]);
  });
  afterAll(async () => {
    for (const t of Object.values(servers)) await t?.close();
  });

  async function status(t: TestServer | undefined, from: string, forwardedFor?: string): Promise<number> {
    const response = await t!.server.app.inject({
      method: 'GET',
      url: '/v1/openapi.json',
      remoteAddress: from,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return response.statusCode;
  }

  it('unset: X-Forwarded-For is ignored, so one peer has one budget whatever it claims', async () => {
    expect(await status(servers.untrusted, '127.0.0.1', '198.51.100.1')).toBe(200);
    expect(await status(servers.untrusted, '127.0.0.1', '198.51.100.2')).toBe(429);
  });

  it('trusted proxies: each forwarded client has its own budget; any other peer cannot pose as a proxy', async () => {
    expect(await status(servers.loopback, '127.0.0.1', '198.51.100.1')).toBe(200);
    expect(await status(servers.loopback, '127.0.0.1', '198.51.100.2')).toBe(200);
    expect(await status(servers.loopback, '127.0.0.1', '198.51.100.1')).toBe(429);

    expect(await status(servers.loopback, '203.0.113.7', '198.51.100.3')).toBe(200);
    expect(await status(servers.loopback, '203.0.113.7', '198.51.100.4')).toBe(429);
  });

  it('a hop count takes the address the nearest proxy saw, not what the client wrote before it', async () => {
    expect(await status(servers.oneHop, '127.0.0.1', '9.9.9.9, 198.51.100.5')).toBe(200);
    expect(await status(servers.oneHop, '127.0.0.1', '8.8.8.8, 198.51.100.5')).toBe(429);
    expect(await status(servers.oneHop, '127.0.0.1', '198.51.100.6')).toBe(200);
  });
});
