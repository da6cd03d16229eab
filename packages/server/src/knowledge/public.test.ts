import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Article, ArticleHits } from '@plaza/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PlazaServer } from '../app.js';
import { loadConfig } from '../config/config.js';
import { availableDialects, createPostgresDatabase } from '../test-support/index.js';
import { KnowledgeService } from './service.js';

const dialects = await availableDialects();
const ORIGIN = 'https://support.example';
const LIMIT = 5;

/** A server built with a small public article limit, which `startTestServer` does not take. */
describe.each(dialects)('public article routes on %s', (dialect) => {
  let server: PlazaServer;
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let published: Article;
  let draft: Article;
  let foreign: Article;
  let nextAddress = 0;
  const freshIp = () => `203.0.113.${++nextAddress}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-articles-'));
    const pg = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
    dropDatabase = pg ? () => pg.drop() : undefined;
    const config = loadConfig({ PLAZA_PORT: '0', PLAZA_DATA_DIR: dataDir, PLAZA_MASTER_KEY: randomBytes(32).toString('base64'), ...(pg ? { PLAZA_DATABASE_URL: pg.url } : {}) });
    server = await createServer({ config, logger: pino({ level: 'silent' }), startJobs: false, publicArticles: { perIp: { max: LIMIT, windowMs: 60_000 } } });
    await server.listen();
    await server.ctx.tenants.create({ id: 'acme', name: 'Acme', allowedOrigins: [ORIGIN, 'http://plaza.local'] });
    await server.ctx.tenants.create({ id: 'globex', name: 'Globex', allowedOrigins: [ORIGIN] });
    const knowledge = new KnowledgeService(server.ctx);
    const acme = knowledge.integrationActor('acme');
    published = await knowledge.create(acme, { title: '如何申请退款', body: 'Refunds within 30 days. 三十天内可以退款。', status: 'published' });
    draft = await knowledge.create(acme, { title: '退款政策草稿', body: 'refund draft', status: 'draft' });
    foreign = await knowledge.create(knowledge.integrationActor('globex'), { title: 'Globex refund rules', body: '退款', status: 'published' });
  });
  afterAll(async () => {
    await server?.close();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = { origin: ORIGIN }, remoteAddress = freshIp()) => server.app.inject({ method: 'GET', url, headers, remoteAddress });

  it('answers published articles of the named tenant only, best matches first', async () => {
    const zh = await get(`/v1/public/articles?tenant=acme&q=${encodeURIComponent('退款')}`);
    expect(zh.statusCode).toBe(200);
    expect(zh.json<ArticleHits>().articles.map((a) => a.id)).toEqual([published.id]);
    const en = await get('/v1/public/articles?tenant=acme&q=refunds');
    expect(en.json<ArticleHits>().articles.map((a) => a.id)).toEqual([published.id]);
    const newest = await get('/v1/public/articles?tenant=acme');
    expect(newest.json<ArticleHits>().articles.map((a) => a.id)).toEqual([published.id]);

    const one = await get(`/v1/public/articles/${published.id}?tenant=acme`);
    expect(one.json<Article>()).toMatchObject({ id: published.id, title: '如何申请退款', author: { id: null, name: 'Integration' } });
    expect((await get(`/v1/public/articles/${draft.id}?tenant=acme`)).statusCode).toBe(404);
    expect((await get(`/v1/public/articles/${foreign.id}?tenant=acme`)).statusCode).toBe(404);
    expect((await get(`/v1/public/articles/${published.id}?tenant=globex`)).statusCode).toBe(404);
  });

  it('requires an Origin the tenant allows; an unknown tenant answers the same', async () => {
    const url = '/v1/public/articles?tenant=acme&q=refund';
    const refused: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { host: 'elsewhere.local', 'sec-fetch-site': 'same-origin' }, { host: 'plaza.local', 'sec-fetch-site': 'cross-site' }];
    for (const headers of refused) {
      const answer = await get(url, headers);
      expect(answer.statusCode, JSON.stringify(headers)).toBe(403);
      expect(answer.json().error.code).toBe('forbidden');
      expect(answer.body).not.toContain('如何');
    }
    expect((await get('/v1/public/articles?tenant=nobody&q=refund')).statusCode).toBe(403);
    expect((await get(`/v1/public/articles/${published.id}?tenant=acme`, { origin: 'https://evil.example' })).statusCode).toBe(403);
    // a same-origin GET carries no Origin: its Sec-Fetch-Site stands for it
    expect((await get(url, { host: 'plaza.local', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
  });

  it.each([
    ['a query over the limit', `q=${'q'.repeat(201)}`, 'q'],
    ['a limit of 0', 'limit=0', 'limit'],
    ['an unknown parameter', 'status=draft', ''],
    ['a malformed tenant', 'tenant=-bad', 'tenant'],
  ])('refuses %s with bad_request', async (_name, query, field) => {
    const answer = await get(`/v1/public/articles?${query.startsWith('tenant=') ? query : `tenant=acme&${query}`}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.code).toBe('bad_request');
    expect(answer.json().error.message).toContain(field);
  });

  it('limits requests per address with 429 and Retry-After, without touching other addresses', async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT; i++) expect((await get('/v1/public/articles?tenant=acme&q=refund', { origin: ORIGIN }, ip)).statusCode).toBe(200);
    const over = await get('/v1/public/articles?tenant=acme&q=refund', { origin: ORIGIN }, ip);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(`/v1/public/articles/${published.id}?tenant=acme`, { origin: ORIGIN }, ip)).statusCode).toBe(429);
    expect((await get('/v1/public/articles?tenant=acme&q=refund', { origin: ORIGIN }, freshIp())).statusCode).toBe(200);
  });
});
