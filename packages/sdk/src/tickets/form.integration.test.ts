// `client.tickets.customer.form()` against a real server: the public form settings of the
// signed-in tenant, over REST with the page's Origin.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { PlazaError } from '../core.js';
import { createClient } from '../index.js';

const ORIGIN = 'https://support.example';
let server: TestServer;
let client: PlazaClient;

beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: [ORIGIN] });
  // A browser sends the page's Origin by itself; Node's fetch does not.
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) => realFetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), origin: ORIGIN } }));
  await server.server.ctx.tenants.patch(server.tenantId, {
    settings: { ticketCategories: ['billing', 'outage'], ticketFields: { billing: [{ key: 'invoice', label: 'Invoice', type: 'text', required: true }] } },
  });
  client = createClient({ url: server.url, token: () => server.signUserToken({ sub: 'frank', name: 'Frank', kind: 'customer' }), outbox: 'memory' });
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await client.close();
  await server.close();
});

describe('the ticket form of a signed-in customer', () => {
  it('is refused before the first sign-in, then answers the tenant’s categories and fields', async () => {
    const early = await client.tickets.customer.form().catch((e: unknown) => e);
    expect(early).toBeInstanceOf(PlazaError);
    expect((early as PlazaError).code).toBe('unavailable');
    await client.connect();
    const form = await client.tickets.customer.form();
    expect(form.categories).toEqual(['billing', 'outage']);
    expect(form.fields.billing).toEqual([{ key: 'invoice', label: 'Invoice', type: 'text', required: true }]);
    expect(form.upload.maxFiles).toBe(10);
  });
});
