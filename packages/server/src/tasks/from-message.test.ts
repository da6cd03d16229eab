import { taskLink } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SocketPool, availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { ask, connect, createList, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('tasks from chat messages on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('links the task to the message and posts the task’s link in the channel', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Launch', members: [b] });
    const message = await ask(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'Can someone update the pricing page?' });
    const list = await createList(ann);
    const seenByBen = record<{ text: string; authorId: string }>(ben, 'chat:message');
    const task = await ask(ann, 'tasks:create', { listId: list.id, title: 'Update the pricing page', assignee: b, sourceMessage: { channelId: channel.id, messageId: message.id } });
    expect(task.source).toEqual({ channelId: channel.id, messageId: message.id });
    await vi.waitFor(() => expect(seenByBen.map((m) => [m.authorId, m.text])).toEqual([[a, `📋 Update the pricing page\n${taskLink(task.id)}`]]), { timeout: 5000, interval: 10 });
    const history = await ask(ben, 'chat:history', { channelId: channel.id });
    expect(history.messages.at(-1)?.text).toContain(taskLink(task.id));
  });

  it('refuses a message the caller cannot read, one named with the wrong channel, and a recalled one, creating nothing', async () => {
    const [a, b, o] = [uid('ann'), uid('ben'), uid('outsider')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const outsider = await connect(t, sockets, o);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Private', members: [b] });
    const other = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Other', members: [] });
    const message = await ask(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'secret' });
    const outsiderList = await createList(outsider);
    const annList = await createList(ann);
    expect(await refusal(outsider, 'tasks:create', { listId: outsiderList.id, title: 'x', sourceMessage: { channelId: channel.id, messageId: message.id } })).toBe('not_found');
    expect(await refusal(ann, 'tasks:create', { listId: annList.id, title: 'x', sourceMessage: { channelId: other.id, messageId: message.id } })).toBe('not_found');
    await ask(ben, 'chat:recall', { messageId: message.id });
    expect(await refusal(ann, 'tasks:create', { listId: annList.id, title: 'x', sourceMessage: { channelId: channel.id, messageId: message.id } })).toBe('conflict');
    for (const list of [outsiderList, annList]) expect((await ask(list === annList ? ann : outsider, 'tasks:list:get', { listId: list.id })).tasks).toEqual([]);
  });
});
