import type { PublicCreateTicketBody, PublicTicketCreated, WebhookEnvelope, WebhookEventType } from '@plaza/protocol';
import { expect } from 'vitest';
import type { SocketPool, TestServer, TestSocket } from '../test-support/index.js';
import type { WebhookDeliveryPayload } from '../webhooks/events.js';
import { connect, uid } from '../chat/test-kit.js';
import { XSS_CORPUS } from '../../../elements/src/chat/markdown/xss-corpus.js';

/** Test helpers for tickets, on top of chat's socket helpers. */
export { ask, record, refusal, uid } from '../chat/test-kit.js';

/** The support site the test tenant allows. */
export const ORIGIN = 'https://support.example';

let nextAddress = 1;

/**
 * A client address of its own for a test, so per-address rate limits of one test never
 * reach another. `app.inject` sets it as the connection's remote address (no proxy).
 */
export function freshIp(): string {
  nextAddress += 1;
  return `198.51.${Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
}

export interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** `null`: no Origin header. Default ORIGIN. */
  origin?: string | null;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  body?: object;
  ip?: string;
  headers?: Record<string, string>;
}

export async function call(t: TestServer, c: Call) {
  const headers: Record<string, string> = { ...c.headers };
  const origin = c.origin === undefined ? ORIGIN : c.origin;
  if (origin !== null) headers.origin = origin;
  if (c.token !== undefined) headers.authorization = `Bearer ${c.token}`;
  return t.server.app.inject({ method: c.method, url: c.url, headers, ...(c.body ? { payload: c.body } : {}), remoteAddress: c.ip ?? freshIp() });
}

export function draft(overrides: Partial<PublicCreateTicketBody> = {}, t?: TestServer): PublicCreateTicketBody {
  return {
    tenant: t?.tenantId ?? 'unset',
    name: 'Li Lei',
    email: `${uid('li')}@example.com`,
    subject: 'Cannot log in',
    description: 'Since this morning the login page says my password is wrong.',
    ...overrides,
  };
}

/** Files a ticket through the public route and answers its id and access token. */
export async function fileTicket(t: TestServer, overrides: Partial<PublicCreateTicketBody> = {}, ip?: string): Promise<PublicTicketCreated> {
  const response = await call(t, { method: 'POST', url: '/v1/public/tickets', body: draft({ tenant: t.tenantId, ...overrides }), ...(ip ? { ip } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** An upload through a public ticket route, over real HTTP (multipart built by fetch). */
export async function publicUpload(t: TestServer, path: string, token: string, bytes: string | Uint8Array, name: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes]), name);
  return fetch(`${t.url}${path}`, { method: 'POST', headers: { origin: ORIGIN, authorization: `Bearer ${token}` }, body: form });
}

export function agent(t: TestServer, pool: SocketPool, sub = uid('agent')): Promise<TestSocket> {
  return connect(t, pool, sub, { roles: ['agent'] });
}

export function customer(t: TestServer, pool: SocketPool, sub = uid('cust')): Promise<TestSocket> {
  return connect(t, pool, sub, { kind: 'customer', email: `${sub}@example.com` });
}

/** Registers a webhook for every ticket event; with jobs not started, its deliveries stay in the outbox to read. */
export async function subscribeTicketEvents(t: TestServer): Promise<void> {
  const response = await t.server.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${await t.signServerToken()}` },
    payload: { url: 'http://127.0.0.1:9/hooks', events: ['ticket.created', 'ticket.updated', 'ticket.sla_breached'], secret: 'whsec-0123456789abcdef' },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** Every webhook event of `type` the tenant published, oldest first. */
export async function webhookEvents<T>(t: TestServer, type: WebhookEventType): Promise<WebhookEnvelope<T>[]> {
  const rows = await t.server.ctx.storage.db
    .selectFrom('outbox')
    .select(['payload', 'created_at'])
    .where('tenant_id', '=', t.tenantId)
    .where('kind', '=', 'webhook.deliver')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => JSON.parse(r.payload) as WebhookDeliveryPayload)
    .filter((p) => p.type === type)
    .map((p) => JSON.parse(p.body) as WebhookEnvelope<T>);
}

/**
 * Every seventh payload of the elements' XSS corpus (the one the renderers are tested
 * against), plus ones aimed at file names and attribute contexts: what the server must
 * store and answer verbatim, leaving rendering to the clients.
 */
export const XSS_SAMPLES: readonly string[] = [
  ...XSS_CORPUS.filter((_, i) => i % 7 === 0),
  '"><svg/onload=window.__xss=1>.png',
  "javascript:window.__xss=1//'\"",
  '{{constructor.constructor("window.__xss=1")()}}',
  '\u202e<img src=x onerror=window.__xss=1>txt.exe',
];
