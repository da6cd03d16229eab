// The public ticket functions against a real server, from Node (uploads go through fetch
// here; browsers use XMLHttpRequest for progress, tested with the form in Chromium).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/test-support/index.js';
import { PlazaError } from '../core.js';
import { attachToPublicTicket, createPublicTicket, fetchTicketForm, followPublicTicket, replyToPublicTicket, setPublicTicketStatus } from './public-tickets.js';

const ORIGIN = 'https://support.example';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: [ORIGIN] });
  // A browser sends the page's Origin by itself; Node's fetch does not.
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) => realFetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), origin: ORIGIN } }));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await server.close();
});

describe('public tickets over fetch', () => {
  it('reads the form, files a ticket, attaches a file, follows and answers it', async () => {
    const form = await fetchTicketForm(server.url, server.tenantId);
    expect(form.categories).toEqual(['general', 'billing', 'technical']);
    const { id, accessToken } = await createPublicTicket(server.url, { tenant: server.tenantId, name: 'Li Lei', email: 'li@example.com', subject: 'Help', description: 'Please' });
    const progress: number[] = [];
    const attached = await attachToPublicTicket(server.url, id, accessToken, new Blob(['hello']), { name: 'hello.txt', onProgress: (sent) => progress.push(sent) });
    expect(attached.ticket.attachments.map((a) => a.name)).toEqual(['hello.txt']);
    expect(attached.file.url.startsWith(`${server.url}/v1/files/`)).toBe(true);
    expect(progress.at(-1)).toBe(5);
    await replyToPublicTicket(server.url, id, accessToken, { text: 'More detail' });
    const detail = await followPublicTicket(server.url, id, accessToken);
    expect(detail.messages.map((m) => m.text)).toEqual(['More detail']);
    expect(await (await fetch(detail.files[0].url)).text()).toBe('hello');
    expect((await setPublicTicketStatus(server.url, id, accessToken, 'closed')).status).toBe('closed');
  });

  it('rejects with the server’s PlazaError, and unavailable when the server cannot be reached', async () => {
    const refused = await createPublicTicket(server.url, { tenant: server.tenantId, name: 'x', email: 'not-an-address', subject: 's', description: 'd' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlazaError);
    expect((refused as PlazaError).code).toBe('bad_request');
    expect((refused as PlazaError).message).toMatch(/^body\.email/);
    const missing = await followPublicTicket(server.url, '0190c2a0-0000-7000-8000-000000000001', `${server.tenantId}.${'A'.repeat(43)}`).catch((e: unknown) => e);
    expect((missing as PlazaError).code).toBe('not_found');
    const down = await fetchTicketForm('http://127.0.0.1:9', server.tenantId).catch((e: unknown) => e);
    expect((down as PlazaError).code).toBe('unavailable');
  });
});
