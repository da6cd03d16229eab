import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, sessionReady, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, refusal } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('demo ticket content on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, env: { PLAZA_DEMO: '1' }, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function demoUser(user: string): Promise<TestSocket> {
    const response = await t.server.app.inject({ method: 'GET', url: `/demo/token?user=${user}` });
    const socket = sockets.open(t.url, { token: response.json<{ token: string }>().token });
    await sessionReady(socket);
    return socket;
  }

  it('fills every queue of the demo agents’ inbox: unassigned, assigned, breached, due soon, resolved', async () => {
    const carol = await demoUser('carol');
    const { tickets } = await ask(carol, 'tickets:query', {});
    expect(tickets.length).toBeGreaterThanOrEqual(6);
    expect((await ask(carol, 'tickets:query', { assignee: 'me' })).tickets.map((x) => x.subject)).toEqual(['Invoice 2026-031 shows the wrong VAT']);
    expect((await ask(carol, 'tickets:query', { assignee: 'none', status: ['new'] })).tickets.length).toBeGreaterThanOrEqual(3);
    const breached = (await ask(carol, 'tickets:query', { breached: true })).tickets;
    expect(breached.map((x) => x.subject)).toEqual(['数据导出一直失败']);
    expect(breached[0]?.sla.firstResponseBreached).toBe(true);
    const vpn = tickets.find((x) => x.subject === 'VPN drops every hour')!;
    const dueIn = Date.parse(vpn.sla.firstResponseDue) - Date.now();
    expect(dueIn).toBeGreaterThan(0);
    expect(dueIn).toBeLessThanOrEqual(25 * 60_000);
    expect(tickets.find((x) => x.subject === 'How do I add a second admin?')).toMatchObject({ status: 'resolved', assignee: 'zhao.lei' });
    const { agents } = await ask(carol, 'tickets:agents', {});
    expect(agents.map((a) => a.id).sort()).toEqual(['carol', 'dave', 'zhao.lei']);
  });

  it('gives Frank his own tickets and public replies, never the internal notes', async () => {
    const frank = await demoUser('frank');
    const mine = (await ask(frank, 'tickets:mine', {})).tickets;
    expect(mine.map((x) => x.subject).sort()).toEqual(['Invoice 2026-031 shows the wrong VAT', 'VPN drops every hour']);
    const invoice = mine.find((x) => x.subject.startsWith('Invoice'))!;
    const view = await ask(frank, 'tickets:view', { ticketId: invoice.id });
    expect(view.messages.map((m) => m.text)).toEqual(['Thanks, Frank — I have asked billing to reissue the invoice without VAT.', 'Great, thank you! Any idea when it will be ready?']);
    const carol = await demoUser('carol');
    const detail = await ask(carol, 'tickets:get', { ticketId: invoice.id });
    expect(detail.messages.filter((m) => m.visibility === 'internal')).toHaveLength(1);
    // A member without the agent role sees no inbox.
    expect(await refusal(await demoUser('zhang.wei'), 'tickets:query', {})).toBe('forbidden');
  });

  it('seeds once: a restart adds nothing', async () => {
    const count = async () => (await t.server.ctx.storage.db.selectFrom('tickets').select('id').where('tenant_id', '=', 'demo').execute()).length;
    const before = await count();
    await t.restart();
    expect(await count()).toBe(before);
  });
});
