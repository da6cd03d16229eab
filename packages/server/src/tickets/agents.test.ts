import { CompiledQuery } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { connect } from '../chat/test-kit.js';
import { agentsQuery } from './queries.js';
import { ask, customer, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('tickets:agents on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('answers the active agents of the tenant by name, to agents only', async () => {
    const [zoe, adam, former] = [uid('zoe'), uid('adam'), uid('former')];
    const zoeSocket = await connect(t, sockets, zoe, { roles: ['agent'], name: 'Zoe' });
    await connect(t, sockets, adam, { roles: ['agent', 'admin'], name: 'Adam' });
    await connect(t, sockets, former, { roles: ['agent'], name: 'Former' });
    await t.server.ctx.users.setActive(t.tenantId, former, false, 'test');
    const plain = await connect(t, sockets, uid('member'), { roles: ['admin'] });
    const buyer = await customer(t, sockets);

    const { agents } = await ask(zoeSocket, 'tickets:agents', {});
    expect(agents).toEqual([
      { id: adam, name: 'Adam' },
      { id: zoe, name: 'Zoe' },
    ]);
    expect(await refusal(plain, 'tickets:agents', {})).toBe('forbidden');
    expect(await refusal(buyer, 'tickets:agents', {})).toBe('forbidden');
    expect(await refusal(zoeSocket, 'tickets:agents', { extra: 1 } as never)).toBe('bad_request');
  });
});

describe('the agents lookup on SQLite', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ dialect: 'sqlite', startJobs: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds agents among the tenant’s active members by index, not by reading every contact', async () => {
    const db = t.server.ctx.storage.db;
    const { sql: text, parameters } = agentsQuery(db, t.tenantId).compile();
    const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
    expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/USING INDEX users_kind_idx/);
  });
});
