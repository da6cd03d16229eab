import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, availableDialects, startTestServer, type TestServer } from '../test-support/index.js';

const dialects = await availableDialects();

const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };
const newTenantId = () => `op-${randomBytes(4).toString('hex')}`;

describe.each(dialects)('operator API on %s', (dialect) => {
  let t: TestServer;
  /** Every log line the server wrote, at every level. */
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
    t = await startTestServer({ dialect, logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  function createTenant(body: object, headers: Record<string, string> = operator) {
    return t.server.app.inject({ method: 'POST', url: '/v1/tenants', headers, payload: body });
  }

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token-at-all' }],
    ['a token of another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
  ])('refuses %s with 401 unauthorized', async (_name, headers: Record<string, string>) => {
    const id = newTenantId();
    const response = await createTenant({ id, name: 'Nope' }, headers);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await t.server.ctx.tenants.find(id)).toBeUndefined();
  });

  it('refuses a server token of a tenant on the operator API', async () => {
    const response = await t.server.app.inject({
      method: 'GET',
      url: `/v1/tenants/${t.tenantId}`,
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('creates a tenant: 201 with id, name and a secret', async () => {
    const id = newTenantId();
    const response = await createTenant({ id, name: 'Acme', allowedOrigins: ['https://acme.example'] });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ id: string; name: string; secret: string }>();
    expect(body).toEqual({ id, name: 'Acme', secret: expect.any(String) });
    expect(body.secret.length).toBeGreaterThanOrEqual(32);

    const read = await t.server.app.inject({ method: 'GET', url: `/v1/tenants/${id}`, headers: operator });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id, name: 'Acme', allowedOrigins: ['https://acme.example'] });
    expect(read.body).not.toContain(body.secret);
  });

  it('refuses a duplicate tenant id with 409 conflict', async () => {
    const id = newTenantId();
    expect((await createTenant({ id, name: 'First' })).statusCode).toBe(201);
    const again = await createTenant({ id, name: 'Second' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await t.server.ctx.tenants.get(id)).name).toBe('First');
  });

  it.each([
    ['an upper-case id', { id: 'Bad-Id', name: 'X' }, 'id'],
    ['an id with a slash', { id: 'a/b', name: 'X' }, 'id'],
    ['a missing name', { id: 'no-name-tenant' }, 'name'],
    ['an origin with a path', { id: 'bad-origin-tenant', name: 'X', allowedOrigins: ['https://a.example/path'] }, 'allowedOrigins'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const response = await createTenant(body);
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(field);
  });

  it('answers 404 for a tenant that does not exist', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/v1/tenants/no-such-tenant', headers: operator });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('shows the documented default settings', async () => {
    const id = newTenantId();
    await createTenant({ id, name: 'Defaults' });
    const response = await t.server.app.inject({ method: 'GET', url: `/v1/tenants/${id}`, headers: operator });
    expect(response.json()).toMatchObject({
      settings: {
        recallWindowSeconds: 120,
        upload: { maxBytes: 104_857_600, types: expect.arrayContaining(['image/png', 'application/pdf']) },
        ticketCategories: ['general', 'billing', 'technical'],
        sla: { firstResponseMinutes: 120 },
        reopenDays: expect.any(Number),
        docDomains: expect.any(Array),
      },
    });
  });

  it('merges a settings PATCH with what is already set', async () => {
    const id = newTenantId();
    await createTenant({ id, name: 'Patch me' });
    const patch = (body: object) => t.server.app.inject({ method: 'PATCH', url: `/v1/tenants/${id}`, headers: operator, payload: body });

    const first = await patch({ settings: { recallWindowSeconds: 300, upload: { types: ['image/png'] } } });
    expect(first.statusCode).toBe(200);
    const second = await patch({ settings: { ticketCategories: ['sales'], upload: { maxBytes: 1024 } }, allowedOrigins: ['https://a.example'] });
    expect(second.statusCode).toBe(200);

    expect(second.json()).toMatchObject({
      allowedOrigins: ['https://a.example'],
      settings: {
        recallWindowSeconds: 300,
        upload: { maxBytes: 1024, types: ['image/png'] },
        ticketCategories: ['sales'],
        sla: { firstResponseMinutes: 120 },
      },
    });
  });

  it.each([
    ['a negative recall window', { settings: { recallWindowSeconds: -1 } }, 'recallWindowSeconds'],
    ['an upload limit of 0', { settings: { upload: { maxBytes: 0 } } }, 'maxBytes'],
    ['an empty category list', { settings: { ticketCategories: [] } }, 'ticketCategories'],
    ['an unknown setting', { settings: { recallWindow: 5 } }, 'settings'],
    ['an unknown field', { colour: 'red' }, 'body'],
  ])('refuses %s with 400 and changes nothing', async (_name, body, field) => {
    const id = newTenantId();
    await createTenant({ id, name: 'Unchanged' });
    const before = await t.server.app.inject({ method: 'GET', url: `/v1/tenants/${id}`, headers: operator });

    const response = await t.server.app.inject({ method: 'PATCH', url: `/v1/tenants/${id}`, headers: operator, payload: body });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(field);

    const after = await t.server.app.inject({ method: 'GET', url: `/v1/tenants/${id}`, headers: operator });
    expect(after.json()).toEqual(before.json());
  });

  it('stores the secret encrypted, never in clear', async () => {
    const id = newTenantId();
    const { secret } = (await createTenant({ id, name: 'Sealed' })).json<{ secret: string }>();
    const row = await t.server.ctx.storage.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret);
    expect(row.secret_enc).not.toContain(Buffer.from(secret).toString('base64'));
    expect(JSON.stringify(row)).not.toContain(secret);
    // the sealed value is bound to its tenant: it opens only under its own context
    expect(t.server.ctx.secrets.openText(row.secret_enc, `tenant-secret:${id}`)).toBe(secret);
    expect(() => t.server.ctx.secrets.openText(row.secret_enc, `tenant-secret:${t.tenantId}`)).toThrow();
  });

  it('never writes a tenant secret or the admin token to the logs', async () => {
    const id = newTenantId();
    const created = await createTenant({ id, name: 'Quiet' });
    const rotated = await t.server.app.inject({ method: 'POST', url: `/v1/tenants/${id}/secret`, headers: operator });
    expect(rotated.statusCode).toBe(200);
    const secrets = [created.json<{ secret: string }>().secret, rotated.json<{ secret: string }>().secret];

    // the capture works: these requests were logged
    const log = logLines.join('');
    expect(log).toContain(`/v1/tenants/${id}/secret`);
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain(ADMIN_TOKEN);
  });
});

describe.each(dialects)('operator API without PLAZA_ADMIN_TOKEN on %s', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ dialect, env: { PLAZA_ADMIN_TOKEN: '' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 to every caller, whatever token they send', async () => {
    for (const headers of [{}, operator, { authorization: 'Bearer ' }]) {
      const response = await t.server.app.inject({ method: 'POST', url: '/v1/tenants', headers, payload: { id: newTenantId(), name: 'Off' } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });
});
