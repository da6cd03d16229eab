import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, sessionReady, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, refusal } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('demo chat content on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, env: { PLAZA_DEMO: '1' } });
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

  it('gives zhang.wei the announcement channel, the launch group, the DM with alice and the partner channel', async () => {
    const zhang = await demoUser('zhang.wei');
    const { channels } = await ask(zhang, 'chat:channels', {});
    expect(channels.map((c) => c.name).sort()).toEqual(['Alice Chen', 'Marketing × R&D launch', 'Northwind partnership', '全体 · All hands'].sort());
    const launch = channels.find((c) => c.name === 'Marketing × R&D launch')!;
    expect(launch).toMatchObject({ kind: 'group', lastSeq: 8, unreadCount: 3, mentionCount: 1 });
    const history = await ask(zhang, 'chat:history', { channelId: launch.id });
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(history.messages[1]).toMatchObject({ replyCount: 1, mentions: ['li.na'] });
    const dm = channels.find((c) => c.kind === 'dm')!;
    expect(dm).toMatchObject({ peerId: 'alice', unreadCount: 0 });
  });

  it('shows the partner only the shared channel and keeps the customer out', async () => {
    const erin = await demoUser('erin');
    expect((await ask(erin, 'chat:channels', {})).channels.map((c) => c.name)).toEqual(['Northwind partnership']);
    const frank = await demoUser('frank');
    expect(await refusal(frank, 'chat:channels', {})).toBe('forbidden');
  });

  it('seeds once: a restart adds nothing', async () => {
    const before = await t.server.ctx.storage.db.selectFrom('messages').select('id').where('tenant_id', '=', 'demo').execute();
    await t.restart();
    const after = await t.server.ctx.storage.db.selectFrom('messages').select('id').where('tenant_id', '=', 'demo').execute();
    expect(after).toHaveLength(before.length);
    expect(before.length).toBeGreaterThan(10);
  });
});
