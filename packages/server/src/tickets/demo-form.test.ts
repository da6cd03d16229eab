import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/index.js';
import { seedTicketFormDemo } from './demo-content.js';

describe('the demo ticket form', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ env: { PLAZA_DEMO: '1' }, startJobs: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('asks billing and technical tickets for their custom fields, all optional, on the public form', async () => {
    const { port } = new URL(t.url);
    const response = await t.server.app.inject({ method: 'GET', url: '/v1/public/ticket-form?tenant=demo', headers: { origin: `http://127.0.0.1:${port}` } });
    expect(response.statusCode).toBe(200);
    const form = response.json<{ categories: string[]; fields: Record<string, { key: string; required: boolean }[]> }>();
    expect(form.categories).toEqual(['general', 'billing', 'technical']);
    expect(form.fields.billing?.map((f) => f.key)).toEqual(['invoice', 'plan']);
    expect(form.fields.technical?.map((f) => f.key)).toEqual(['region', 'server']);
    expect(Object.values(form.fields).flat().every((f) => !f.required)).toBe(true);
  });

  it('leaves fields an operator changed alone on the next start', async () => {
    const own = { general: [{ key: 'account', label: 'Account', type: 'text' as const, required: true }] };
    await t.server.ctx.tenants.patch('demo', { settings: { ticketFields: own } });
    await seedTicketFormDemo(t.server.ctx, 'demo');
    expect((await t.server.ctx.tenants.get('demo')).settings.ticketFields).toEqual(own);
  });
});
