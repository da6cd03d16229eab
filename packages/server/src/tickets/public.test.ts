import type { FileInfo, PublicTicketDetail, PublicTicketForm } from '@plaza/protocol';
import { TICKET_LIMITS } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { displayName } from '../files/service.js';
import { SocketPool, availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { ORIGIN, XSS_SAMPLES, agent, ask, call, draft, fileTicket, freshIp, publicUpload } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('public ticket routes on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false, allowedOrigins: [ORIGIN, 'https://www.example', 'http://plaza.local'] });
    await t.server.ctx.tenants.patch(t.tenantId, {
      settings: {
        ticketFields: {
          billing: [
            { key: 'invoice', label: { en: 'Invoice number', 'zh-CN': '发票号' }, type: 'text', required: true, maxLength: 20 },
            { key: 'plan', label: 'Plan', type: 'select', required: false, options: ['basic', 'pro'] },
          ],
        },
      },
    });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  const ticketRows = async () => (await t.server.ctx.storage.db.selectFrom('tickets').select('id').where('tenant_id', '=', t.tenantId).execute()).length;

  it('describes the form: categories, custom fields per category, upload limits', async () => {
    const response = await call(t, { method: 'GET', url: `/v1/public/ticket-form?tenant=${t.tenantId}` });
    expect(response.statusCode).toBe(200);
    const form: PublicTicketForm = response.json();
    expect(form.categories).toEqual(['general', 'billing', 'technical']);
    expect(form.fields.general).toEqual([]);
    expect(form.fields.billing?.map((f) => f.key)).toEqual(['invoice', 'plan']);
    expect(form.upload).toEqual({ maxBytes: 100 * 1024 * 1024, maxFiles: TICKET_LIMITS.attachmentsMax });
  });

  it('files a ticket with an unguessable id and an access token kept only as a hash, then follows it with the token', async () => {
    const created = await fileTicket(t, { category: 'billing', fields: { invoice: ' INV-42 ', plan: 'pro' } });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.accessToken).toMatch(new RegExp(`^${t.tenantId}\\.[A-Za-z0-9_-]{43}$`));
    const row = await t.server.ctx.storage.db.selectFrom('tickets').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.access_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.accessToken.split('.')[1]);

    const response = await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, token: created.accessToken });
    expect(response.statusCode).toBe(200);
    const detail: PublicTicketDetail = response.json();
    expect(detail.ticket).toMatchObject({ id: created.id, status: 'new', category: 'billing', fields: { invoice: 'INV-42', plan: 'pro' }, subject: 'Cannot log in' });
    expect(detail.messages).toEqual([]);
    expect(detail.ticket).not.toHaveProperty('priority');
    expect(detail.ticket).not.toHaveProperty('sla');
  });

  it('ids made in the same millisecond share nothing but their time', async () => {
    const ip = freshIp();
    const [a, b] = await Promise.all([fileTicket(t, {}, ip), fileTicket(t, {}, ip)]);
    const random = (id: string) => id.replace(/-/g, '').slice(12);
    expect(random(a.id)).not.toEqual(random(b.id));
    const differing = [...random(a.id)].filter((c, i) => c !== random(b.id)[i]).length;
    expect(differing).toBeGreaterThan(8);
  });

  it('answers a wrong token, another ticket’s token and an unknown id alike, and 401 without a token', async () => {
    const mine = await fileTicket(t);
    const other = await fileTicket(t);
    const answers = await Promise.all(
      [
        { id: mine.id, token: other.accessToken },
        { id: mine.id, token: `${t.tenantId}.${'A'.repeat(43)}` },
        { id: '0190c2a0-0000-7000-8000-000000000001', token: mine.accessToken },
        { id: mine.id, token: 'garbage' },
        { id: mine.id, token: `other-tenant.${mine.accessToken.split('.')[1]}` },
      ].map(({ id, token }) => call(t, { method: 'GET', url: `/v1/public/tickets/${id}`, token })),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toEqual({ error: { code: 'not_found', message: 'no such ticket, or the access token does not open it' } });
    }
    const bare = await call(t, { method: 'GET', url: `/v1/public/tickets/${mine.id}` });
    expect(bare.statusCode).toBe(401);
    for (const path of ['messages', 'status', 'rating']) {
      const response = await call(t, { method: 'POST', url: `/v1/public/tickets/${mine.id}/${path}`, token: other.accessToken, body: {} });
      expect(response.statusCode, path).toBe(404);
    }
  });

  it('requires an Origin the tenant allows on every public route', async () => {
    const created = await fileTicket(t);
    const attempts = [
      { origin: null, code: 'forbidden' },
      { origin: 'https://evil.example', code: 'forbidden' },
    ];
    for (const { origin, code } of attempts) {
      const filing = await call(t, { method: 'POST', url: '/v1/public/tickets', origin, body: draft({}, t) });
      expect(filing.statusCode).toBe(403);
      expect(filing.json().error.code).toBe(code);
      const reading = await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, origin, token: created.accessToken });
      expect(reading.statusCode).toBe(403);
      const form = await call(t, { method: 'GET', url: `/v1/public/ticket-form?tenant=${t.tenantId}`, origin });
      expect(form.statusCode).toBe(403);
    }
    const unknownTenant = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ tenant: 'no-such-tenant' }) });
    expect(unknownTenant.statusCode).toBe(403);
    const secondSite = await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, origin: 'https://www.example', token: created.accessToken });
    expect(secondSite.statusCode).toBe(200);
    expect(await ticketRows()).toBeGreaterThan(0);
  });

  it('takes a same-origin GET, which browsers send without Origin, by its Sec-Fetch-Site', async () => {
    const url = `/v1/public/ticket-form?tenant=${t.tenantId}`;
    const sameSite = await call(t, { method: 'GET', url, origin: null, headers: { host: 'plaza.local', 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.statusCode).toBe(200);
    const notAllowedHost = await call(t, { method: 'GET', url, origin: null, headers: { host: 'elsewhere.local', 'sec-fetch-site': 'same-origin' } });
    expect(notAllowedHost.statusCode).toBe(403);
    const crossSite = await call(t, { method: 'GET', url, origin: null, headers: { host: 'plaza.local', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const before = await ticketRows();
    const response = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ website: 'http://spam.example' }, t) });
    expect(response.statusCode).toBe(201);
    const fake = response.json<{ id: string; accessToken: string }>();
    expect(fake.accessToken).toMatch(new RegExp(`^${t.tenantId}\\.[A-Za-z0-9_-]{43}$`));
    expect(await ticketRows()).toBe(before);
    const follow = await call(t, { method: 'GET', url: `/v1/public/tickets/${fake.id}`, token: fake.accessToken });
    expect(follow.statusCode).toBe(404);
  });

  it.each([
    ['a subject over the limit', { subject: 's'.repeat(TICKET_LIMITS.subjectMax + 1) }, 'body.subject', 400],
    ['a description over the limit', { description: 'd'.repeat(TICKET_LIMITS.descriptionMax + 1) }, 'body.description', 400],
    ['a name over the limit', { name: 'n'.repeat(TICKET_LIMITS.nameMax + 1) }, 'body.name', 400],
    ['a malformed email', { email: 'li@localhost' }, 'body.email', 400],
    ['an empty subject', { subject: '   ' }, 'body.subject', 400],
    ['an unknown category', { category: 'sales' }, 'category', 400],
    ['a missing required custom field', { category: 'billing', fields: { plan: 'pro' } }, 'fields.invoice', 400],
    ['a custom field over its own limit', { category: 'billing', fields: { invoice: 'x'.repeat(21) } }, 'fields.invoice', 400],
    ['an option not offered', { category: 'billing', fields: { invoice: '1', plan: 'gold' } }, 'fields.plan', 400],
    ['a field the category does not have', { fields: { invoice: '1' } }, 'fields.invoice', 400],
    ['a custom value over the hard limit', { fields: { note: 'x'.repeat(TICKET_LIMITS.fieldValueMax + 1) } }, 'body.fields', 400],
    ['a key the contract does not have', { priority: 'urgent' }, 'body', 400],
  ])('refuses %s, naming the field, and stores nothing', async (_name, overrides, field, status) => {
    const before = await ticketRows();
    const response = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ tenant: t.tenantId, ...overrides }) });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe('bad_request');
    expect(response.json().error.message.startsWith(field), response.json().error.message).toBe(true);
    expect(await ticketRows()).toBe(before);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ description: 'x'.repeat(1024 * 1024 + 10) }, t) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('limits new tickets per address (429 with Retry-After) without touching other addresses', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) await fileTicket(t, {}, ip);
    const over = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({}, t), ip });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    await fileTicket(t, {}, freshIp());
  });

  it('limits new tickets per email address across addresses, whatever its case', async () => {
    const email = 'Repeat.Sender@example.com';
    for (let i = 0; i < 5; i++) await fileTicket(t, { email: i % 2 ? email.toLowerCase() : email });
    const over = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ email }, t) });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    await fileTicket(t, { email: 'someone.else@example.com' });
  });

  it('stores XSS payloads verbatim in every field, file names included', async () => {
    for (const sample of XSS_SAMPLES) {
      const created = await fileTicket(t, { name: sample.slice(0, TICKET_LIMITS.nameMax), subject: sample.slice(0, TICKET_LIMITS.subjectMax), description: sample, category: 'billing', fields: { invoice: sample.slice(0, 20) } });
      const upload = await publicUpload(t, `/v1/public/tickets/${created.id}/attachments`, created.accessToken, 'plain text', `${sample.slice(0, 100)}.txt`);
      expect(upload.status).toBe(201);
      const detail: PublicTicketDetail = (await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, token: created.accessToken })).json();
      expect(detail.ticket.subject).toBe(sample.slice(0, TICKET_LIMITS.subjectMax).trim());
      expect(detail.ticket.description).toBe(sample.trim());
      expect(detail.ticket.fields.invoice).toBe(sample.slice(0, 20).trim());
      // the files module keeps names as given, minus directories and control characters;
      // multipart encoding (the HTML standard's, which fetch follows) escapes " CR LF on the way
      const sent = `${sample.slice(0, 100)}.txt`.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
      expect(detail.ticket.attachments[0]?.name).toBe(displayName(sent));
    }
  });

  it('takes customer replies and files under the ticket’s id; agents’ internal notes and their files never show', async () => {
    const ann = await agent(t, sockets);
    const created = await fileTicket(t);
    const attached = await publicUpload(t, `/v1/public/tickets/${created.id}/attachments`, created.accessToken, 'screenshot text', 'screen.txt');
    expect(attached.status).toBe(201);
    const forReply = await publicUpload(t, `/v1/public/tickets/${created.id}/files`, created.accessToken, 'log line', 'app.log');
    const file = (await forReply.json()) as FileInfo;
    const reply = await call(t, { method: 'POST', url: `/v1/public/tickets/${created.id}/messages`, token: created.accessToken, body: { text: 'Here is the log', attachments: [file.id] } });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ text: 'Here is the log', author: { kind: 'customer', name: 'Li Lei' }, attachments: [{ id: file.id, name: 'app.log' }] });

    const uploadAsAgent = new FormData();
    uploadAsAgent.append('file', new Blob(['secret notes']), 'internal.txt');
    const token = await t.signUserToken({ sub: 'agent-files', name: 'Agent', roles: ['agent'] });
    const internalFile = (await (await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: uploadAsAgent })).json()) as FileInfo;
    await ask(ann, 'tickets:message', { ticketId: created.id, text: 'Customer is on the old plan', visibility: 'internal', attachments: [] });
    const agentSocket = await agent(t, sockets, 'agent-files');
    await ask(agentSocket, 'tickets:message', { ticketId: created.id, text: 'see attached', visibility: 'internal', attachments: [internalFile.id] });
    await ask(ann, 'tickets:message', { ticketId: created.id, text: 'We are on it', visibility: 'public' });

    const detail: PublicTicketDetail = (await call(t, { method: 'GET', url: `/v1/public/tickets/${created.id}`, token: created.accessToken })).json();
    expect(detail.messages.map((m) => m.text)).toEqual(['Here is the log', 'We are on it']);
    expect(detail.messages[1]?.author).toEqual({ kind: 'agent', name: expect.any(String) });
    expect(detail.messages[1]).not.toHaveProperty('authorId');
    expect(detail.ticket.status).toBe('open');
    expect(detail.files.map((f) => f.name).sort()).toEqual(['app.log', 'screen.txt']);
    expect(JSON.stringify(detail)).not.toContain(internalFile.id);
    const download = await fetch(`${t.url}${detail.files.find((f) => f.name === 'screen.txt')!.url}`);
    expect(await download.text()).toBe('screenshot text');
    // a download link for the internal file, made for the contact, is refused
    const contact = await t.server.ctx.storage.db.selectFrom('users').selectAll().where('host_id', '=', `#ticket:${created.id}`).executeTakeFirstOrThrow();
    const { fileInfo, findFile } = await import('../files/index.js');
    const forged = fileInfo(t.server.ctx, (await findFile(t.server.ctx, t.tenantId, internalFile.id))!, contact);
    expect((await fetch(`${t.url}${forged.url}`)).status).toBe(403);
    // nor can the reply name a file it did not upload
    const stolen = await call(t, { method: 'POST', url: `/v1/public/tickets/${created.id}/messages`, token: created.accessToken, body: { text: 'mine now', attachments: [internalFile.id] } });
    expect(stolen.statusCode).toBe(404);
  });

  it('refuses uploads past the ticket’s file limit and on closed tickets, before storing them', async () => {
    const created = await fileTicket(t);
    for (let i = 0; i < TICKET_LIMITS.attachmentsMax; i++) {
      expect((await publicUpload(t, `/v1/public/tickets/${created.id}/attachments`, created.accessToken, `file ${i}`, `f${i}.txt`)).status).toBe(201);
    }
    const over = await publicUpload(t, `/v1/public/tickets/${created.id}/attachments`, created.accessToken, 'one more', 'more.txt');
    expect(over.status).toBe(409);
    const closed = await call(t, { method: 'POST', url: `/v1/public/tickets/${created.id}/status`, token: created.accessToken, body: { status: 'closed' } });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const reply = await call(t, { method: 'POST', url: `/v1/public/tickets/${created.id}/messages`, token: created.accessToken, body: { text: 'hello?' } });
    expect(reply.statusCode).toBe(409);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/v1/public/tickets', '/v1/public/tickets/{id}', '/v1/public/ticket-form', '/v1/tickets', '/v1/tickets/{id}']) expect(doc.paths).toHaveProperty([path]);
  });
});
