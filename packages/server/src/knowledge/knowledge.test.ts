import { KNOWLEDGE_LIMITS, type Ack, type Article, type ArticlePage } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_DEADLINE_MS, SocketPool, availableDialects, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, freshTenant, refusal, type TestTenant } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('knowledge articles on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  /** A tenant with a writer (agent), an admin, a member without a writer role, and a customer. */
  async function team(): Promise<{ tenant: TestTenant; agent: TestSocket; admin: TestSocket; member: TestSocket; customer: TestSocket }> {
    const tenant = await freshTenant(t, sockets);
    const [agent, admin, member, customer] = await Promise.all([
      tenant.connect('ann', { roles: ['agent'] }),
      tenant.connect('zoe', { roles: ['admin'] }),
      tenant.connect('max'),
      tenant.connect('cara', { kind: 'customer' }),
    ]);
    return { tenant, agent, admin, member, customer };
  }

  const titles = (hits: { articles: { title: string }[] }) => hits.articles.map((a) => a.title);

  async function articleRows(tenantId: string): Promise<unknown[]> {
    return t.server.ctx.storage.db.selectFrom('articles').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  }

  it('shows customers only published articles: drafts are neither found nor opened', async () => {
    const { agent, admin, member, customer } = await team();
    const draft = await ask(agent, 'knowledge:create', { title: 'Refund policy draft', body: 'Refunds within 30 days.' });
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null, author: { id: 'ann', name: 'ann' } });
    const published = await ask(admin, 'knowledge:create', { title: 'Refund policy', body: 'Refunds within **30 days**.', category: 'billing', status: 'published' });
    expect(published.publishedAt).toBe(published.createdAt);

    for (const reader of [customer, member]) {
      expect(titles(await ask(reader, 'knowledge:search', { query: 'refund' }))).toEqual(['Refund policy']);
      expect(titles(await ask(reader, 'knowledge:search', {}))).toEqual(['Refund policy']);
      expect(titles(await ask(reader, 'knowledge:suggest', { subject: 'refund please' }))).toEqual(['Refund policy']);
      expect(await refusal(reader, 'knowledge:get', { articleId: draft.id })).toBe('not_found');
      expect(await refusal(reader, 'knowledge:search', { query: 'refund', status: 'all' })).toBe('forbidden');
      expect(await refusal(reader, 'knowledge:search', { query: 'refund', status: 'draft' })).toBe('forbidden');
    }
    const read = await ask(customer, 'knowledge:get', { articleId: published.id });
    expect(read).toMatchObject({ title: 'Refund policy', body: 'Refunds within **30 days**.', category: 'billing', status: 'published' });
    // customers never learn members' user ids
    expect(read.author).toEqual({ id: null, name: 'zoe' });
    expect((await ask(member, 'knowledge:get', { articleId: published.id })).author).toEqual({ id: 'zoe', name: 'zoe' });

    expect(titles(await ask(agent, 'knowledge:search', { query: 'refund', status: 'all' })).sort()).toEqual(['Refund policy', 'Refund policy draft']);
    expect(titles(await ask(agent, 'knowledge:search', { query: 'refund', status: 'draft' }))).toEqual(['Refund policy draft']);
    expect((await ask(agent, 'knowledge:get', { articleId: draft.id })).status).toBe('draft');
    // suggestions are for customers: published only, whoever asks
    expect(titles(await ask(agent, 'knowledge:suggest', { subject: 'refund' }))).toEqual(['Refund policy']);
  });

  it('lets only agents and admins write; everyone else is refused and nothing changes', async () => {
    const { tenant, agent, member, customer } = await team();
    const partner = await tenant.connect('pat', { kind: 'partner', org: 'acme' });
    const article = await ask(agent, 'knowledge:create', { title: 'Owned', body: 'x', status: 'published' });
    const before = await articleRows(tenant.id);
    for (const socket of [member, customer, partner]) {
      expect(await refusal(socket, 'knowledge:create', { title: 'Mine', body: 'y' })).toBe('forbidden');
      expect(await refusal(socket, 'knowledge:update', { articleId: article.id, changes: { title: 'Taken' } })).toBe('forbidden');
      expect(await refusal(socket, 'knowledge:delete', { articleId: article.id })).toBe('forbidden');
    }
    expect(await articleRows(tenant.id)).toEqual(before);
  });

  it('finds Chinese text without spaces: 退款 finds 如何申请退款, and so do longer and one-character queries', async () => {
    const { agent, customer } = await team();
    await ask(agent, 'knowledge:create', { title: '如何申请退款', body: '收到商品后三十天内可以申请退款。', status: 'published' });
    await ask(agent, 'knowledge:create', { title: '修改密码', body: '在登录页点击忘记密码。', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Shipping', body: 'Orders ship in two days.', status: 'published' });
    expect(titles(await ask(customer, 'knowledge:search', { query: '退款' }))).toEqual(['如何申请退款']);
    expect(titles(await ask(customer, 'knowledge:search', { query: '我想申请退款' }))).toEqual(['如何申请退款']);
    expect(titles(await ask(customer, 'knowledge:search', { query: '密码' }))).toEqual(['修改密码']);
    expect(titles(await ask(customer, 'knowledge:search', { query: '款' }))).toEqual(['如何申请退款']);
    expect(titles(await ask(customer, 'knowledge:search', { query: '发票' }))).toEqual([]);
    const hit = (await ask(customer, 'knowledge:search', { query: '退款' })).articles[0];
    expect(hit?.excerpt).toBe('收到商品后三十天内可以申请退款。');
  });

  it('matches English word forms: "refunds" finds "refund", "refunded" too, whatever the case', async () => {
    const { agent, customer } = await team();
    await ask(agent, 'knowledge:create', { title: 'When you get a REFUND', body: 'We refund within 30 days.', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Passwords', body: 'Resetting your password takes a minute.', status: 'published' });
    for (const query of ['refunds', 'Refunded', 'refunding']) expect(titles(await ask(customer, 'knowledge:search', { query }))).toEqual(['When you get a REFUND']);
    expect(titles(await ask(customer, 'knowledge:search', { query: 'reset password' }))).toEqual(['Passwords']);
    expect(titles(await ask(customer, 'knowledge:search', { query: 'the a of' }))).toEqual([]);
  });

  it('suggests articles for a subject with title matches first, then by matches in the body', async () => {
    const { agent, customer } = await team();
    await ask(agent, 'knowledge:create', { title: 'Shipping times', body: 'A refund for a late parcel? Refund requests go to billing. Refund, refund.', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Refund policy', body: 'Within 30 days.', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Gift cards', body: 'Gift cards cannot be refunded.', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Unrelated', body: 'Nothing to see.', status: 'published' });
    await ask(agent, 'knowledge:create', { title: 'Refund for gift cards (draft)', body: 'refund', status: 'draft' });
    const suggested = await ask(customer, 'knowledge:suggest', { subject: 'Refund for my order' });
    expect(titles(suggested)).toEqual(['Refund policy', 'Shipping times', 'Gift cards']);
    expect(titles(await ask(customer, 'knowledge:suggest', { subject: 'Refund for my order', limit: 1 }))).toEqual(['Refund policy']);
    expect(titles(await ask(customer, 'knowledge:suggest', { subject: '   ' }))).toEqual([]);

    await ask(agent, 'knowledge:create', { title: '如何申请退款', body: '三十天内。', status: 'published' });
    await ask(agent, 'knowledge:create', { title: '物流查询', body: '退款请见退款说明。', status: 'published' });
    expect(titles(await ask(customer, 'knowledge:suggest', { subject: '订单退款' }))).toEqual(['如何申请退款', '物流查询']);
  });

  it('keeps tenants apart: another tenant’s users and backend find nothing and open nothing', async () => {
    const { agent, tenant } = await team();
    const article = await ask(agent, 'knowledge:create', { title: 'Secret refund rules', body: 'refund', status: 'published' });
    const other = await freshTenant(t, sockets);
    const foreignCustomer = await other.connect('cara', { kind: 'customer' });
    const foreignAgent = await other.connect('ann', { roles: ['agent', 'admin'] });
    for (const socket of [foreignCustomer, foreignAgent]) {
      expect((await ask(socket, 'knowledge:search', { query: 'refund' })).articles).toEqual([]);
      expect((await ask(socket, 'knowledge:search', {})).articles).toEqual([]);
      expect((await ask(socket, 'knowledge:suggest', { subject: 'refund' })).articles).toEqual([]);
      expect(await refusal(socket, 'knowledge:get', { articleId: article.id })).toBe('not_found');
    }
    expect((await ask(foreignAgent, 'knowledge:search', { query: 'refund', status: 'all' })).articles).toEqual([]);
    expect(await refusal(foreignAgent, 'knowledge:update', { articleId: article.id, changes: { title: 'Mine' } })).toBe('not_found');
    expect(await refusal(foreignAgent, 'knowledge:delete', { articleId: article.id })).toBe('not_found');
    const headers = { authorization: `Bearer ${await other.serverToken()}` };
    expect((await t.server.app.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers, payload: { status: 'draft' } })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'GET', url: '/v1/articles', headers })).json<ArticlePage>().articles).toEqual([]);
    expect((await ask(agent, 'knowledge:get', { articleId: article.id })).title).toBe('Secret refund rules');
    expect(tenant.id).not.toBe(other.id);
  });

  it.each([
    ['an empty title', 'knowledge:create', { title: '  ', body: 'x' }, 'title'],
    ['a title over the limit', 'knowledge:create', { title: 't'.repeat(KNOWLEDGE_LIMITS.titleMax + 1) }, 'title'],
    ['a body over the limit', 'knowledge:create', { title: 'ok', body: 'b'.repeat(KNOWLEDGE_LIMITS.bodyMax + 1) }, 'body'],
    ['an unknown status', 'knowledge:create', { title: 'ok', status: 'archived' }, 'status'],
    ['a key the protocol does not have', 'knowledge:create', { title: 'ok', author: 'someone' }, ''],
    ['an update that changes nothing', 'knowledge:update', { articleId: 'ARTICLE', changes: {} }, 'changes'],
    ['an update with a bad id', 'knowledge:update', { articleId: 'not-an-id', changes: { title: 'x' } }, 'articleId'],
    ['an update to an empty title', 'knowledge:update', { articleId: 'ARTICLE', changes: { title: '' } }, 'changes.title'],
    ['a query over the limit', 'knowledge:search', { query: 'q'.repeat(KNOWLEDGE_LIMITS.queryMax + 1) }, 'query'],
    ['a search limit over the maximum', 'knowledge:search', { limit: KNOWLEDGE_LIMITS.searchMax + 1 }, 'limit'],
    ['a subject over the limit', 'knowledge:suggest', { subject: 's'.repeat(KNOWLEDGE_LIMITS.subjectMax + 1) }, 'subject'],
    ['a suggestion limit over the maximum', 'knowledge:suggest', { subject: 'x', limit: KNOWLEDGE_LIMITS.suggestMax + 1 }, 'limit'],
  ] as const)('refuses %s with bad_request naming the field, and changes nothing', async (_name, event, payload, field) => {
    const { tenant, agent } = await team();
    const existing = await ask(agent, 'knowledge:create', { title: 'Existing', body: 'text', status: 'published' });
    const before = await articleRows(tenant.id);
    const sent = JSON.parse(JSON.stringify(payload).replace('ARTICLE', existing.id)) as object;
    // sent untyped: these payloads are wrong on purpose
    const untyped = agent.timeout(EVENT_DEADLINE_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<unknown>> };
    const answer = await untyped.emitWithAck(event, sent);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining(field) } });
    expect(await articleRows(tenant.id)).toEqual(before);
  });

  it('re-indexes edits, hides unpublished articles again, and forgets deleted ones', async () => {
    const { tenant, agent, customer } = await team();
    const article = await ask(agent, 'knowledge:create', { title: 'Invoices', body: 'Download invoices from your account.', status: 'published' });
    const edited = await ask(agent, 'knowledge:update', { articleId: article.id, changes: { title: 'Receipts', body: 'Download receipts from your account.', category: 'billing' } });
    expect(edited).toMatchObject({ title: 'Receipts', category: 'billing', status: 'published' });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(article.updatedAt));
    expect(titles(await ask(customer, 'knowledge:search', { query: 'invoices' }))).toEqual([]);
    expect(titles(await ask(customer, 'knowledge:search', { query: 'receipt' }))).toEqual(['Receipts']);
    expect((await ask(agent, 'knowledge:update', { articleId: article.id, changes: { category: null } })).category).toBeNull();

    const unpublished = await ask(agent, 'knowledge:update', { articleId: article.id, changes: { status: 'draft' } });
    expect(unpublished.status).toBe('draft');
    expect(titles(await ask(customer, 'knowledge:search', { query: 'receipt' }))).toEqual([]);
    expect(await refusal(customer, 'knowledge:get', { articleId: article.id })).toBe('not_found');
    await ask(agent, 'knowledge:update', { articleId: article.id, changes: { status: 'published' } });
    expect(titles(await ask(customer, 'knowledge:search', { query: 'receipt' }))).toEqual(['Receipts']);

    expect(await ask(agent, 'knowledge:delete', { articleId: article.id })).toEqual({ articleId: article.id });
    expect(await refusal(agent, 'knowledge:get', { articleId: article.id })).toBe('not_found');
    expect(await refusal(agent, 'knowledge:delete', { articleId: article.id })).toBe('not_found');
    const terms = await t.server.ctx.storage.db.selectFrom('article_terms').select('term').where('tenant_id', '=', tenant.id).execute();
    expect(terms).toEqual([]);
    const audit = await t.server.ctx.storage.db.selectFrom('audit').select('action').where('tenant_id', '=', tenant.id).where('action', 'like', 'article.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['article.published', 'article.unpublished', 'article.published', 'article.deleted']);
  });

  it('keeps Markdown and hostile text verbatim: rendering is the clients’ job', async () => {
    const { agent, customer } = await team();
    const body = '<img src=x onerror="window.__xss=1"> [click](javascript:alert(1)) **bold**';
    const title = '<script>alert(1)</script> 退款';
    const article = await ask(agent, 'knowledge:create', { title, body, status: 'published' });
    const read = await ask(customer, 'knowledge:get', { articleId: article.id });
    expect(read.title).toBe(title);
    expect(read.body).toBe(body);
    const hit = (await ask(customer, 'knowledge:search', { query: '退款' })).articles[0];
    expect(hit?.excerpt).toBe('click bold');
  });

  it('serves a CMS with the server token: create, list by last change, read, publish, delete', async () => {
    const { tenant, agent, customer } = await team();
    const headers = { authorization: `Bearer ${await tenant.serverToken()}` };
    const rest = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

    const created = await rest('POST', '/v1/articles', { title: 'API guide', body: '# Start\nUse the **API**.', category: 'technical' });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json<Article>();
    expect(draft).toMatchObject({ status: 'draft', author: { id: null, name: 'Integration' } });
    const byAnn = (await rest('POST', '/v1/articles', { title: 'By Ann', status: 'published', author: 'ann' })).json<Article>();
    expect(byAnn.author).toEqual({ id: 'ann', name: 'ann' });
    expect((await rest('POST', '/v1/articles', { title: 'By nobody', author: 'nobody' })).statusCode).toBe(400);
    expect((await rest('POST', '/v1/articles', { title: '' })).json()).toMatchObject({ error: { code: 'bad_request' } });

    const page1 = (await rest('GET', '/v1/articles?limit=1')).json<ArticlePage>();
    expect(page1.articles.map((a) => a.title)).toEqual(['API guide']);
    const page2 = (await rest('GET', `/v1/articles?limit=1&cursor=${encodeURIComponent(page1.nextCursor!)}`)).json<ArticlePage>();
    expect(page2.articles.map((a) => a.title)).toEqual(['By Ann']);
    expect(page2.nextCursor).toBeNull();
    expect((await rest('GET', '/v1/articles?status=draft')).json<ArticlePage>().articles.map((a) => a.title)).toEqual(['API guide']);
    expect((await rest('GET', '/v1/articles?cursor=bogus')).statusCode).toBe(400);

    expect(titles(await ask(customer, 'knowledge:search', { query: 'api' }))).toEqual([]);
    const published = await rest('PATCH', `/v1/articles/${draft.id}`, { status: 'published' });
    expect(published.json<Article>()).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect(titles(await ask(customer, 'knowledge:search', { query: 'api' }))).toEqual(['API guide']);
    expect((await rest('GET', `/v1/articles/${draft.id}`)).json<Article>().body).toBe('# Start\nUse the **API**.');
    expect((await rest('PATCH', `/v1/articles/${draft.id}`, {})).statusCode).toBe(400);

    expect((await rest('DELETE', `/v1/articles/${draft.id}`)).json()).toEqual({ articleId: draft.id });
    expect((await rest('GET', `/v1/articles/${draft.id}`)).statusCode).toBe(404);
    expect(titles(await ask(agent, 'knowledge:search', { query: 'api', status: 'all' }))).toEqual([]);

    const userToken = { authorization: `Bearer ${await t.signUserToken({ sub: 'ann', roles: ['agent'] })}` };
    expect((await t.server.app.inject({ method: 'GET', url: '/v1/articles', headers: userToken })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/v1/articles', '/v1/articles/{id}', '/v1/public/articles', '/v1/public/articles/{id}']) expect(doc.paths).toHaveProperty([path]);
  });
});
