import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer, UserTokenInput } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import type { PlazaError } from '../core.js';
import { createClient } from '../index.js';

let server: TestServer;
const clients: PlazaClient[] = [];

function client(sub: string, claims: UserTokenInput = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub, ...claims }),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    requestTimeoutMs: 3_000,
    outbox: 'memory',
  });
  clients.push(created);
  return created;
}

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('knowledge articles against a real server', () => {
  it('an agent writes and publishes; a customer finds published articles in Chinese and English, reads them, never a draft', async () => {
    const carol = client('carol', { roles: ['agent'], name: 'Carol' });
    const frank = client('frank', { kind: 'customer', name: 'Frank' });
    await Promise.all([carol.connect(), frank.connect()]);

    const refund = await carol.knowledge.create({ title: '如何申请退款', body: '收到商品后 **30 天内** 可以申请退款。', category: 'billing', status: 'published' });
    const reset = await carol.knowledge.create({ title: 'How do I reset my password?', body: 'Click **Forgot password** on the sign-in page.', status: 'published' });
    const draft = await carol.knowledge.create({ title: 'Refund hours (draft)', body: 'Refunds during holidays' });
    expect(draft.status).toBe('draft');

    expect((await frank.knowledge.search('退款')).map((a) => a.id)).toEqual([refund.id]);
    expect((await frank.knowledge.search('resetting passwords')).map((a) => a.id)).toEqual([reset.id]);
    expect((await frank.knowledge.search('', { category: 'billing' })).map((a) => a.id)).toEqual([refund.id]);
    const read = await frank.knowledge.get(refund.id);
    expect(read).toMatchObject({ title: '如何申请退款', body: '收到商品后 **30 天内** 可以申请退款。', author: { id: null, name: 'Carol' } });

    // Drafts: invisible to customers, visible to the writer who asks for them.
    expect((await frank.knowledge.search('refund')).map((a) => a.id)).toEqual([]);
    expect(((await frank.knowledge.get(draft.id).catch((e: unknown) => e)) as PlazaError).code).toBe('not_found');
    expect(((await frank.knowledge.search('refund', { status: 'all' }).catch((e: unknown) => e)) as PlazaError).code).toBe('forbidden');
    expect((await carol.knowledge.search('refund', { status: 'all' })).map((a) => a.id)).toEqual([draft.id]);

    // Publishing shows it; deleting removes it.
    await carol.knowledge.update(draft.id, { status: 'published' });
    expect((await frank.knowledge.search('refund')).map((a) => a.id)).toEqual([draft.id]);
    await carol.knowledge.remove(draft.id);
    expect((await frank.knowledge.search('refund')).map((a) => a.id)).toEqual([]);
    expect(((await frank.knowledge.create({ title: 'Mine' }).catch((e: unknown) => e)) as PlazaError).code).toBe('forbidden');
  });

  it('suggests articles for a ticket subject as it is typed, and asks nothing for a blank one', async () => {
    const carol = client('carol', { roles: ['agent'], name: 'Carol' });
    const frank = client('frank', { kind: 'customer', name: 'Frank' });
    await Promise.all([carol.connect(), frank.connect()]);
    const policy = await carol.knowledge.create({ title: 'Refund policy', body: 'Within 30 days.', status: 'published' });
    await carol.knowledge.create({ title: 'Shipping times', body: 'Orders ship in two days; a refund follows a return.', status: 'published' });

    const hits = await frank.knowledge.suggest('I want a refund for order 7');
    expect(hits[0]?.id).toBe(policy.id);
    expect(hits.length).toBe(2);
    expect(await frank.knowledge.suggest('   ')).toEqual([]);
    // Longer than a ticket subject may be: cut to the limit rather than refused.
    expect((await frank.knowledge.suggest(`refund ${'x'.repeat(400)}`)).map((a) => a.id)).toContain(policy.id);
  });
});
