import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookView } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { JobWorker } from '../jobs/worker.js';
import { jobHandlers } from '../jobs/handlers.js';
import { availableDialects, signHs256, startTestServer, type TestServer } from '../test-support/index.js';
import { webhookDeliveryHandler } from './delivery.js';
import { WEBHOOK_DELIVERY_JOB, publishEvent } from './events.js';
import { WebhookService } from './service.js';
import { WebhookTargetPolicy, type ResolvedAddress } from './targets.js';

const dialects = await availableDialects();
const SECRET = 'whsec-0123456789abcdef';
const HOUR = 3_600_000;

class ManualClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that answers with the statuses it is told, then 200. */
class Receiver {
  readonly received: Received[] = [];
  statuses: number[] = [];
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = this.statuses.shift() ?? 200;
      response.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {});
      response.end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  reset(): void {
    this.received.length = 0;
    this.statuses = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function verifies(body: string, signature: string | string[] | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(String(signature));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(dialects)('webhooks on %s', (dialect) => {
  let t: TestServer;
  let receiver: Receiver;
  let base: string;
  let worker: JobWorker;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));

  beforeAll(async () => {
    receiver = new Receiver();
    base = await receiver.start();
    t = await startTestServer({ dialect, clock, startJobs: false, env: { PLAZA_WEBHOOK_PRIVATE_ALLOW: '127.0.0.1' } });
    worker = new JobWorker(t.server.ctx, jobHandlers(t.server.ctx), { random: () => 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    receiver.reset();
    const { db } = t.server.ctx.storage;
    await db.deleteFrom('outbox').execute();
    await db.deleteFrom('webhook_deliveries').execute();
    await db.deleteFrom('webhooks').execute();
  });

  async function api(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token?: string) {
    const authorization = `Bearer ${token ?? (await t.signServerToken())}`;
    return t.server.app.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) });
  }

  async function register(url: string, events = ['task.created']): Promise<WebhookView> {
    const response = await api('POST', '/v1/webhooks', { url, events, secret: SECRET });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<WebhookView>();
  }

  function publish(type: 'task.created' | 'ticket.created', data: unknown): Promise<string> {
    const tenantId = t.tenantId;
    return t.server.ctx.storage.db.transaction().execute((trx) => publishEvent(trx, { tenantId, type, data, at: clock.now() }));
  }

  async function deliveries(id: string) {
    const response = await api('GET', `/v1/webhooks/${id}/deliveries`);
    expect(response.statusCode).toBe(200);
    return response.json<{ deliveries: Array<{ eventId: string; attempt: number; status: number | null; error: string | null }> }>().deliveries;
  }

  it('registers a webhook without ever returning its secret, and stores the secret sealed', async () => {
    const response = await api('POST', '/v1/webhooks', { url: `${base}/hook`, events: ['task.created', 'ticket.created'], secret: SECRET });

    expect(response.statusCode).toBe(201);
    const view = response.json<WebhookView>();
    expect(view).toMatchObject({ url: `${base}/hook`, events: ['task.created', 'ticket.created'], active: true });
    expect(response.body).not.toContain(SECRET);
    const row = await t.server.ctx.storage.db.selectFrom('webhooks').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(SECRET);
    expect((await api('GET', '/v1/webhooks')).body).not.toContain(SECRET);
  });

  it('lists and removes webhooks, and hides them from other tenants', async () => {
    const hook = await register(`${base}/hook`);
    expect((await api('GET', '/v1/webhooks')).json()).toEqual({ webhooks: [hook] });

    const other = await t.server.ctx.tenants.create({ id: `o-${t.tenantId}`, name: 'Other', allowedOrigins: [] });
    const now = Math.floor(clock.now() / 1000);
    const foreign = await signHs256({ tid: `o-${t.tenantId}`, srv: true, iat: now, exp: now + 600 }, other.secret);
    expect((await api('GET', '/v1/webhooks', undefined, foreign)).json()).toEqual({ webhooks: [] });
    expect((await api('GET', `/v1/webhooks/${hook.id}/deliveries`, undefined, foreign)).statusCode).toBe(404);
    expect((await api('DELETE', `/v1/webhooks/${hook.id}`, undefined, foreign)).statusCode).toBe(404);

    expect((await api('DELETE', `/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api('GET', '/v1/webhooks')).json()).toEqual({ webhooks: [] });
    expect((await api('DELETE', `/v1/webhooks/${hook.id}`)).json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a user token and a bad body', async () => {
    const user = await api('POST', '/v1/webhooks', { url: `${base}/hook`, events: ['task.created'], secret: SECRET }, await t.signUserToken());
    expect(user.statusCode).toBe(401);
    const short = await api('POST', '/v1/webhooks', { url: `${base}/hook`, events: ['task.created'], secret: 'short' });
    expect(short.json()).toMatchObject({ error: { code: 'bad_request' } });
    const unknown = await api('POST', '/v1/webhooks', { url: `${base}/hook`, events: ['nope'], secret: SECRET });
    expect(unknown.statusCode).toBe(400);
  });

  it('a receiver that fails twice gets the third delivery with the same id and a signature it verifies', async () => {
    const hook = await register(`${base}/hook`);
    receiver.statuses = [500, 503];
    const eventId = await publish('task.created', { id: 'task-1', title: 'Ship it' });

    expect(await worker.runDue()).toBe(1);
    clock.ms += HOUR;
    expect(await worker.runDue()).toBe(1);
    clock.ms += HOUR;
    expect(await worker.runDue()).toBe(1);
    clock.ms += HOUR;
    expect(await worker.runDue()).toBe(0);

    expect(receiver.received).toHaveLength(3);
    const third = receiver.received[2];
    expect(third).toMatchObject({ method: 'POST', url: '/hook' });
    expect(third.headers).toMatchObject({ 'content-type': 'application/json', 'x-plaza-event': 'task.created', 'x-plaza-delivery': eventId });
    expect(verifies(third.body, third.headers['x-plaza-signature'], SECRET)).toBe(true);
    expect(verifies(third.body, third.headers['x-plaza-signature'], 'another-secret-0123')).toBe(false);
    expect(JSON.parse(third.body)).toEqual({
      id: eventId,
      type: 'task.created',
      tenant: t.tenantId,
      createdAt: new Date(Date.UTC(2026, 0, 5, 9)).toISOString(),
      data: { id: 'task-1', title: 'Ship it' },
    });
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    const log = await deliveries(hook.id);
    expect(log.map((d) => [d.eventId, d.attempt, d.status, d.error])).toEqual([
      [eventId, 3, 200, null],
      [eventId, 2, 503, 'HTTP 503'],
      [eventId, 1, 500, 'HTTP 500'],
    ]);
  });

  it('delivers only to webhooks subscribed to the event', async () => {
    await register(`${base}/tasks`, ['task.created']);
    await register(`${base}/tickets`, ['ticket.created']);
    await publish('ticket.created', { id: 'tk-1' });

    expect(await worker.runDue()).toBe(1);
    expect(receiver.received.map((r) => r.url)).toEqual(['/tickets']);
  });

  it('never delivers an event published in a transaction that rolls back', async () => {
    await register(`${base}/hook`);
    const tenantId = t.tenantId;
    await expect(
      t.server.ctx.storage.db.transaction().execute(async (trx) => {
        await publishEvent(trx, { tenantId, type: 'task.created', data: {}, at: clock.now() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await worker.runDue()).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it('does not follow a redirect and retries instead', async () => {
    const hook = await register(`${base}/hook`);
    receiver.statuses = [302];
    await publish('task.created', {});

    expect(await worker.runDue()).toBe(1);
    expect(receiver.received.map((r) => r.url)).toEqual(['/hook']);
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 302, error: 'HTTP 302 (redirects are not followed)' });
  });

  it('ends the delivery of a removed webhook without a request', async () => {
    const hook = await register(`${base}/hook`);
    await publish('task.created', {});
    await api('DELETE', `/v1/webhooks/${hook.id}`);

    expect(await worker.runDue()).toBe(1);
    expect(receiver.received).toEqual([]);
    const jobs = await t.server.ctx.storage.db.selectFrom('outbox').select('state').execute();
    expect(jobs).toEqual([{ state: 'done' }]);
  });

  describe('with a resolver the test controls', () => {
    let answers: string[][];
    const resolve = async (): Promise<ResolvedAddress[]> => (answers.shift() ?? []).map((address) => ({ address, family: 4 }));
    let custom: JobWorker;

    afterEach(async () => {
      await custom?.stop();
    });

    function setUp(allow: string[]) {
      const policy = new WebhookTargetPolicy(allow, resolve);
      custom = new JobWorker(t.server.ctx, { [WEBHOOK_DELIVERY_JOB]: webhookDeliveryHandler(t.server.ctx, policy) }, { random: () => 0 });
      return new WebhookService(t.server.ctx, policy);
    }

    it('connects to the address it checked, not to a second lookup', async () => {
      const service = setUp(['127.0.0.1']);
      answers = [['127.0.0.1'], ['127.0.0.1']];
      await service.create(t.tenantId, { url: `http://hook.invalid:${receiver.port}/pinned`, events: ['task.created'], secret: SECRET });
      await publish('task.created', {});

      expect(await custom.runDue()).toBe(1);
      expect(receiver.received.map((r) => [r.url, r.headers.host])).toEqual([['/pinned', `hook.invalid:${receiver.port}`]]);
    });

    it('refuses a host that resolves to loopback at delivery time (DNS rebinding)', async () => {
      const service = setUp([]);
      answers = [['93.184.216.34'], ['127.0.0.1']];
      const hook = await service.create(t.tenantId, { url: `http://rebind.invalid:${receiver.port}/hook`, events: ['task.created'], secret: SECRET });
      await publish('task.created', {});

      expect(await custom.runDue()).toBe(1);
      expect(receiver.received).toEqual([]);
      const [attempt] = await deliveries(hook.id);
      expect(attempt).toMatchObject({ attempt: 1, status: null });
      expect(attempt?.error).toMatch(/private or reserved/);
    });
  });
});

describe.each(dialects)('webhook targets without an allow list on %s', (dialect) => {
  let t: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function registerStatus(url: string): Promise<[number, string]> {
    const response = await t.server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
      payload: { url, events: ['task.created'], secret: SECRET },
    });
    return [response.statusCode, response.json<{ error?: { code: string } }>().error?.code ?? 'none'];
  }

  it.each([
    'http://10.0.0.1/hook',
    'http://127.0.0.1:1/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
  ])('refuses %s at registration with 400 bad_request', async (url) => {
    expect(await registerStatus(url)).toEqual([400, 'bad_request']);
  });

  it('accepts a public address, so the refusals above are about the target', async () => {
    expect(await registerStatus('http://93.184.216.34/hook')).toEqual([201, 'none']);
  });

  it('refuses a host name that resolves to loopback at registration', async () => {
    expect(await registerStatus(`http://localhost:${receiver.port}/hook`)).toEqual([400, 'bad_request']);
    expect(receiver.received).toEqual([]);
  });
});
