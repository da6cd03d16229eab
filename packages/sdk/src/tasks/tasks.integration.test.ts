import { taskLink, type Task } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { createClient } from '../index.js';
import type { ClientOptions } from '../options.js';
import type { TaskOverwrittenEvent, TaskRollbackEvent } from './types.js';

let server: TestServer;
const clients: PlazaClient[] = [];
const WAIT = { timeout: 10_000, interval: 20 };

function client(sub: string, options: Partial<ClientOptions> = {}): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub }),
    reconnection: { delayMs: 100, maxDelayMs: 500 },
    requestTimeoutMs: 3_000,
    outbox: 'memory',
    ...options,
  });
  clients.push(created);
  return created;
}

const titles = (list: readonly Task[]) => list.map((t) => t.title);

/** Alice owns a list where Bob edits and Carol only views; each has the board open. */
async function board(options: { alice?: Partial<ClientOptions> } = {}) {
  const alice = client('alice', options.alice);
  const bob = client('bob');
  const carol = client('carol');
  await Promise.all([alice.connect(), bob.connect(), carol.connect()]);
  const list = await alice.tasks.createList({
    name: 'Launch',
    members: [
      { userId: 'bob', role: 'editor' },
      { userId: 'carol', role: 'viewer' },
    ],
  });
  const views = [alice, bob, carol].map((c) => c.tasks.view({ listId: list.id }));
  await vi.waitFor(() => expect(views.every((v) => v.state.get().loaded)).toBe(true), WAIT);
  const [a, b, c] = views as [(typeof views)[0], (typeof views)[0], (typeof views)[0]];
  return { alice, bob, carol, list, a, b, c };
}

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('tasks against a real server', () => {
  it('changes made by one client show live in the others: create, edit, move, delete', async () => {
    const { alice, bob, list, a, b, c } = await board();
    expect(b.state.get().list?.role).toBe('editor');
    expect(c.state.get().list?.role).toBe('viewer');

    const first = await alice.tasks.create({ listId: list.id, title: 'Draft the post' });
    const second = await alice.tasks.create({ listId: list.id, title: 'Design the banner' });
    expect(titles(a.tasks.get())).toEqual(['Draft the post', 'Design the banner']);
    await vi.waitFor(() => expect(titles(b.tasks.get())).toEqual(['Draft the post', 'Design the banner']), WAIT);
    await vi.waitFor(() => expect(titles(c.tasks.get())).toEqual(['Draft the post', 'Design the banner']), WAIT);

    await bob.tasks.update(first.id, { title: 'Draft the launch post', priority: 'high' });
    await vi.waitFor(() => expect(a.tasks.get()[0]).toMatchObject({ title: 'Draft the launch post', priority: 'high' }), WAIT);

    // Bob moves the second task above the first, then into progress.
    await bob.tasks.move(second.id, { status: 'todo', before: first.id });
    await vi.waitFor(() => expect(titles(a.tasks.get())).toEqual(['Design the banner', 'Draft the launch post']), WAIT);
    const { task: moved } = await bob.tasks.move(first.id, { status: 'in_progress' });
    await vi.waitFor(() => expect(a.tasks.get().map((t) => [t.title, t.status])).toEqual([
      ['Design the banner', 'todo'],
      ['Draft the launch post', 'in_progress'],
    ]), WAIT);
    expect(alice.tasks.get(first.id)?.rank).toBe(moved.rank);

    await alice.tasks.remove(second.id);
    await vi.waitFor(() => expect(titles(b.tasks.get())).toEqual(['Draft the launch post']), WAIT);
    await vi.waitFor(() => expect(titles(c.tasks.get())).toEqual(['Draft the launch post']), WAIT);
  });

  it("a viewer's edit shows at once, is refused by the server and rolled back, with an event", async () => {
    const { alice, carol, list, a, c } = await board();
    const task = await alice.tasks.create({ listId: list.id, title: 'Only editors may rename me' });
    await vi.waitFor(() => expect(titles(c.tasks.get())).toEqual([task.title]), WAIT);
    const rollbacks: TaskRollbackEvent[] = [];
    carol.on('task:rollback', (event) => rollbacks.push(event));

    const saving = carol.tasks.update(task.id, { title: 'Renamed by a viewer' });
    expect(titles(c.tasks.get())).toEqual(['Renamed by a viewer']);
    expect(carol.tasks.pending.get().has(task.id)).toBe(true);
    await expect(saving).rejects.toMatchObject({ code: 'forbidden' });
    expect(titles(c.tasks.get())).toEqual([task.title]);
    expect(carol.tasks.pending.get().size).toBe(0);
    expect(rollbacks).toMatchObject([{ taskId: task.id, action: 'update', error: { code: 'forbidden' } }]);

    const moving = carol.tasks.move(task.id, { status: 'done' });
    expect(c.tasks.get()[0]?.status).toBe('done');
    await expect(moving).rejects.toMatchObject({ code: 'forbidden' });
    expect(c.tasks.get()[0]?.status).toBe('todo');
    // Nothing changed for anyone else.
    expect(a.tasks.get()[0]).toMatchObject({ title: task.title, status: 'todo', version: task.version });
  });

  it('when a later writer overwrites a value unseen, the one who lost it is told and shown the value that won', async () => {
    const { alice, bob, list, a, b } = await board();
    const task = await alice.tasks.create({ listId: list.id, title: 'Original' });
    await vi.waitFor(() => expect(titles(b.tasks.get())).toEqual(['Original']), WAIT);
    const notices: TaskOverwrittenEvent[] = [];
    alice.on('task:overwritten', (notice) => notices.push(notice));

    // Both edit from the first version: Alice's write lands first, then Bob's, made on the
    // version he had seen (sent as it is on the wire, to pin his base).
    await alice.tasks.update(task.id, { title: 'Alice title' });
    const result = await bob.request('tasks:update', { taskId: task.id, baseVersion: task.version, changes: { title: 'Bob title' } });
    expect(result.overwritten).toMatchObject([{ field: 'title', value: 'Alice title', by: 'alice' }]);

    await vi.waitFor(() => expect(notices).toHaveLength(1), WAIT);
    expect(notices[0]).toMatchObject({ taskId: task.id, field: 'title', value: 'Alice title', current: 'Bob title', by: 'bob' });
    expect(notices[0]?.task?.title).toBe('Bob title');
    await vi.waitFor(() => expect(titles(a.tasks.get())).toEqual(['Bob title']), WAIT);
  });

  it('after a reconnect, open views load again: what changed meanwhile shows, what was deleted goes', async () => {
    // Alice comes back slowly, so Bob's changes happen while she is away.
    const { alice, bob, list, a, b } = await board({ alice: { reconnection: { delayMs: 2_500, maxDelayMs: 2_500, randomizationFactor: 0 } } });
    const keep = await alice.tasks.create({ listId: list.id, title: 'Keep' });
    const drop = await alice.tasks.create({ listId: list.id, title: 'Drop' });
    await vi.waitFor(() => expect(titles(b.tasks.get())).toEqual(['Keep', 'Drop']), WAIT);

    let bobBack = false;
    bob.on('session', () => (bobBack = true));
    await server.restart();
    await vi.waitFor(() => expect(bobBack && bob.status === 'online').toBe(true), WAIT);
    await bob.tasks.update(keep.id, { title: 'Kept and renamed' });
    await bob.tasks.remove(drop.id);
    await bob.tasks.create({ listId: list.id, title: 'Added while Alice was away' });
    // A precondition, not a timing claim: the test means to exercise the reload path.
    expect(alice.status).toBe('connecting');

    await vi.waitFor(() => expect(alice.status).toBe('online'), WAIT);
    await vi.waitFor(() => expect(titles(a.tasks.get())).toEqual(['Kept and renamed', 'Added while Alice was away']), WAIT);
    expect(alice.tasks.get(drop.id)).toBeUndefined();
  });

  it('a detail follows comments and history live', async () => {
    const { alice, bob, list } = await board();
    const task = await alice.tasks.create({ listId: list.id, title: 'Discuss' });
    const detail = await alice.tasks.detail(task.id);
    await vi.waitFor(() => expect(detail.task.get()?.title).toBe('Discuss'), WAIT);
    await vi.waitFor(() => expect(detail.activity.get().map((e) => e.action)).toEqual(['created']), WAIT);
    const theirs = await bob.tasks.detail(task.id);
    await theirs.comment('Looks good');
    await vi.waitFor(() => expect(detail.comments.get().map((c) => c.text)).toEqual(['Looks good']), WAIT);
    await bob.tasks.update(task.id, { status: 'done' });
    await vi.waitFor(() => expect(detail.activity.get().some((e) => e.field === 'status' && e.to === 'done')).toBe(true), WAIT);
    detail.close();
    theirs.close();
  });

  it('a task made from a chat message links back to it, and its link shows in the channel', async () => {
    const { alice, bob, list, b } = await board();
    const channel = await alice.chat.createChannel({ kind: 'group', name: 'launch', members: ['bob'] });
    const bobsView = bob.chat.channel(channel.id);
    const message = await bobsView.send({ text: 'Can someone update the pricing page?' });
    const task = await alice.tasks.create({
      listId: list.id,
      title: 'Update the pricing page',
      assignee: 'bob',
      sourceMessage: { channelId: channel.id, messageId: message.id },
    });
    expect(task.source).toEqual({ channelId: channel.id, messageId: message.id });
    await vi.waitFor(() => expect(bobsView.messages.get().at(-1)).toMatchObject({ authorId: 'alice', text: `📋 Update the pricing page\n${taskLink(task.id)}` }), WAIT);
    // Others see where the task came from too.
    await vi.waitFor(() => expect(b.tasks.get().find((t) => t.id === task.id)?.source).toEqual(task.source), WAIT);
  });

  it('a task from a message the user cannot read is refused, and nothing is created', async () => {
    const { alice, bob, list, a } = await board();
    const channel = await bob.chat.createChannel({ kind: 'group', name: 'private', members: [] });
    const message = await bob.chat.channel(channel.id).send({ text: 'only for me' });
    await expect(alice.tasks.create({ listId: list.id, title: 'Peek', sourceMessage: { channelId: channel.id, messageId: message.id } })).rejects.toMatchObject({ code: 'not_found' });
    expect(a.tasks.get()).toEqual([]);
  });
});
