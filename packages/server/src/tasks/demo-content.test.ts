import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, sessionReady, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, refusal } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('demo task content on %s', (dialect) => {
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

  it('gives marketing and R&D the launch board across departments, with overdue and due-soon tasks', async () => {
    const wang = await demoUser('wang.fang');
    const { lists } = await ask(wang, 'tasks:lists', {});
    const launch = lists.find((l) => l.name === 'Q3 发布 · Q3 launch');
    expect(launch).toMatchObject({ visibility: 'department', department: 'marketing', role: 'editor' });
    const { tasks } = await ask(wang, 'tasks:list:get', { listId: launch!.id });
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    expect(tasks.some((x) => x.overdue)).toBe(true);
    const alice = await demoUser('alice');
    expect((await ask(alice, 'tasks:query', { filter: 'mine' })).tasks.map((x) => x.title)).toContain('Feature freeze');
    const total = await t.server.ctx.storage.db.selectFrom('tasks').select('id').where('tenant_id', '=', 'demo').execute();
    expect(total.length).toBeGreaterThanOrEqual(14);
  });

  it('shows the partner only the shared list and keeps the customer out', async () => {
    const erin = await demoUser('erin');
    expect((await ask(erin, 'tasks:lists', {})).lists.map((l) => l.name)).toEqual(['Personal', 'Northwind integration']);
    const frank = await demoUser('frank');
    expect(await refusal(frank, 'tasks:lists', {})).toBe('forbidden');
  });

  it('seeds once: a restart adds nothing', async () => {
    const before = await t.server.ctx.storage.db.selectFrom('tasks').select('id').where('tenant_id', '=', 'demo').execute();
    await t.restart();
    const after = await t.server.ctx.storage.db.selectFrom('tasks').select('id').where('tenant_id', '=', 'demo').execute();
    expect(after).toHaveLength(before.length);
  });
});
