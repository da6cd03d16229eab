import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PlazaServer } from '../app.js';
import { loadConfig } from '../config/config.js';
import { availableDialects, createPostgresDatabase } from '../test-support/index.js';
import type { CaptchaVerifier } from './public-guard.js';

const dialects = await availableDialects();
const ORIGIN = 'https://support.example';

/** A server built with public ticket options, which `startTestServer` does not take. */
describe.each(dialects)('the public routes’ CAPTCHA hook and configured limits on %s', (dialect) => {
  let server: PlazaServer;
  let url: string;
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  const seen: { tenantId: string; token: string | undefined; origin: string }[] = [];
  const captcha: CaptchaVerifier = {
    verify: (input) => {
      seen.push({ tenantId: input.tenantId, token: input.token, origin: input.origin });
      return Promise.resolve(input.token === 'solved');
    },
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-captcha-'));
    const pg = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
    dropDatabase = pg ? () => pg.drop() : undefined;
    const config = loadConfig({ PLAZA_PORT: '0', PLAZA_DATA_DIR: dataDir, PLAZA_MASTER_KEY: randomBytes(32).toString('base64'), ...(pg ? { PLAZA_DATABASE_URL: pg.url } : {}) });
    server = await createServer({ config, logger: pino({ level: 'silent' }), startJobs: false, publicTickets: { captcha, perIp: { max: 2, windowMs: 60_000 }, replyFilesPerTicket: { max: 1, windowMs: 60_000 } } });
    url = await server.listen();
    await server.ctx.tenants.create({ id: 'acme', name: 'Acme', allowedOrigins: [ORIGIN] });
  });
  afterAll(async () => {
    await server?.close();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const file = (captchaToken: string | undefined, remoteAddress: string, email = 'li@example.com') =>
    server.app.inject({
      method: 'POST',
      url: '/v1/public/tickets',
      headers: { origin: ORIGIN },
      remoteAddress,
      payload: { tenant: 'acme', name: 'Li Lei', email, subject: 'Help', description: 'Please', ...(captchaToken ? { captchaToken } : {}) },
    });

  it('files only what the verifier accepts, and tells it the tenant, token and origin', async () => {
    expect((await file(undefined, '203.0.113.1')).statusCode).toBe(403);
    const refused = await file('wrong', '203.0.113.2');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: { code: 'forbidden', message: 'the CAPTCHA was not solved' } });
    expect((await file('solved', '203.0.113.3')).statusCode).toBe(201);
    expect(seen).toEqual([
      { tenantId: 'acme', token: undefined, origin: ORIGIN },
      { tenantId: 'acme', token: 'wrong', origin: ORIGIN },
      { tenantId: 'acme', token: 'solved', origin: ORIGIN },
    ]);
    const stored = await server.ctx.storage.db.selectFrom('tickets').select('id').where('tenant_id', '=', 'acme').execute();
    expect(stored).toHaveLength(1);
  });

  it('applies the per-address limit it was given', async () => {
    expect((await file('solved', '203.0.113.9')).statusCode).toBe(201);
    expect((await file('solved', '203.0.113.9')).statusCode).toBe(201);
    const over = await file('solved', '203.0.113.9');
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits uploads for replies per ticket', async () => {
    const filed = await file('solved', '203.0.113.20', 'uploader@example.com');
    expect(filed.statusCode).toBe(201);
    const { id, accessToken } = filed.json<{ id: string; accessToken: string }>();
    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob(['log line']), 'app.log');
      return fetch(`${url}/v1/public/tickets/${id}/files`, { method: 'POST', headers: { origin: ORIGIN, authorization: `Bearer ${accessToken}` }, body: form });
    };
    expect((await upload()).status).toBe(201);
    const over = await upload();
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
