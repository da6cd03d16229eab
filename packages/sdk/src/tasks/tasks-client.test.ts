import { PlazaError, rankBetween } from '@plaza/protocol';
import type { Notification, Task } from '@plaza/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeConnection } from '../test-support/fake-connection.js';
import { FAKE_LIST_ID, FakeTasksServer } from '../test-support/fake-tasks-server.js';
import { PlazaTasks } from './tasks-client.js';
import type { TasksEvents } from './types.js';

const LIST = FAKE_LIST_ID;

function notification(id: string): Notification {
  return {
    id,
    kind: 'task.reminder',
    createdAt: new Date().toISOString(),
    readAt: null,
    actorId: null,
    task: { id: 't', listId: LIST, title: 'Ship', due: null, status: 'todo' },
    reminder: 'day_before',
  };
}

function setup() {
  const connection = new FakeConnection();
  const server = new FakeTasksServer(connection);
  // The tests push by hand, to decide what arrives when.
  server.push = false;
  const events: { [K in keyof TasksEvents]: TasksEvents[K][] } = { notification: [], 'task:overwritten': [], 'task:rollback': [] };
  const tasks = new PlazaTasks({
    connection,
    emit: (name, payload) => (events[name] as unknown[]).push(payload),
    report: () => undefined,
  });
  return { connection, server, tasks, events };
}

const titles = (list: readonly Task[]) => list.map((t) => t.title);

afterEach(() => {
  vi.useRealTimers();
});

describe('views', () => {
  it('load on sign-in, follow pushes, and order by column then rank', async () => {
    const { connection, server, tasks } = setup();
    const first = server.add({ title: 'first' });
    server.add({ title: 'second' });
    server.add({ title: 'doing', status: 'in_progress', rank: 'i0' });
    const view = tasks.view({ listId: LIST });
    connection.signIn();
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    expect(titles(view.tasks.get())).toEqual(['first', 'second', 'doing']);
    expect(view.state.get().list?.name).toBe('Launch');

    connection.push('tasks:task', server.change(first.id, { status: 'done' }));
    expect(titles(view.tasks.get())).toEqual(['second', 'doing', 'first']);
    connection.push('tasks:task', server.add({ title: 'pushed' }));
    expect(titles(view.tasks.get())).toEqual(['second', 'pushed', 'doing', 'first']);
    connection.push('tasks:task:removed', { taskId: first.id, listId: LIST, rev: server.rev });
    expect(titles(view.tasks.get())).toEqual(['second', 'pushed', 'doing']);
  });

  it('ignore a push older than what they show', async () => {
    const { connection, server, tasks } = setup();
    const task = server.add({ title: 'v1' });
    connection.signIn();
    const view = tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    const v2 = server.change(task.id, { title: 'v2' });
    connection.push('tasks:task', v2);
    connection.push('tasks:task', task);
    expect(titles(view.tasks.get())).toEqual(['v2']);
  });

  it('a filter view takes in a pushed task that now matches and lets go of one that no longer does', async () => {
    const { connection, server, tasks } = setup();
    const mine = server.add({ title: 'mine', assignee: 'me' });
    server.add({ title: 'theirs', assignee: 'bob' });
    connection.signIn('me');
    const view = tasks.view({ filter: 'mine' });
    await vi.waitFor(() => expect(titles(view.tasks.get())).toEqual(['mine']));
    const other = [...server.tasks.values()].find((t) => t.title === 'theirs')!;
    connection.push('tasks:task', server.change(other.id, { assignee: 'me' }));
    connection.push('tasks:task', server.change(mine.id, { assignee: 'bob' }));
    expect(titles(view.tasks.get())).toEqual(['theirs']);
  });

  it('a department view loads again when a task it cannot judge arrives', async () => {
    const { connection, server, tasks } = setup();
    connection.signIn();
    const view = tasks.view({ department: 'rnd' });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    expect(connection.count('tasks:query')).toBe(1);
    connection.push('tasks:task', server.add({ title: 'new' }));
    await vi.waitFor(() => expect(connection.count('tasks:query')).toBe(2));
  });

  it('load again after a reconnect, dropping tasks deleted meanwhile', async () => {
    const { connection, server, tasks } = setup();
    const gone = server.add({ title: 'gone' });
    server.add({ title: 'stays' });
    connection.signIn();
    const view = tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    connection.drop();
    server.tasks.delete(gone.id);
    server.add({ title: 'added while away' });
    connection.signIn();
    await vi.waitFor(() => expect(titles(view.tasks.get())).toEqual(['stays', 'added while away']));
    expect(tasks.get(gone.id)).toBeUndefined();
  });
});

describe('view order', () => {
  const ids = (list: readonly Task[]) => list.map((t) => t.id);

  it('a single pushed change moves one task into its place, without sorting the whole list again', async () => {
    const { connection, server, tasks } = setup();
    const statuses = ['todo', 'in_progress', 'done'] as const;
    for (let i = 0; i < 300; i += 1) server.add({ title: `t${i}`, status: statuses[i % 3] });
    connection.signIn();
    const view = tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    const published: (readonly Task[])[] = [];
    const stop = view.tasks.subscribe((list) => published.push(list));
    const sort = vi.spyOn(Array.prototype, 'sort');
    const expected = () => statuses.flatMap((status) => ids(server.column(LIST, status)));
    // A fixed sequence of moves (to the top, the bottom, between neighbours, across
    // columns), additions and removals, each pushed alone.
    let seed = 7;
    const pick = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    try {
      for (let step = 0; step < 60; step += 1) {
        const shown = view.tasks.get();
        const status = statuses[pick(3)];
        const column = server.column(LIST, status);
        const at = pick(column.length + 1);
        const rank = rankBetween(column[at - 1]?.rank ?? null, column[at]?.rank ?? null);
        if (step % 10 === 9) connection.push('tasks:task', server.add({ title: `new ${step}`, status, rank }));
        else if (step % 10 === 4) {
          const gone = shown[pick(shown.length)].id;
          server.tasks.delete(gone);
          connection.push('tasks:task:removed', { taskId: gone, listId: LIST, rev: ++server.rev });
        } else connection.push('tasks:task', server.change(shown[pick(shown.length)].id, { status, rank }));
        expect(ids(view.tasks.get())).toEqual(expected());
      }
    } finally {
      stop();
    }
    // None of the lists the view showed came out of a sort.
    const sorted = new Set(sort.mock.contexts);
    sort.mockRestore();
    expect(published.length).toBeGreaterThanOrEqual(60);
    expect(published.filter((list) => sorted.has(list))).toEqual([]);
  });

  it('sorts again by a list\'s new column order', async () => {
    const { connection, server, tasks } = setup();
    const first = server.add({ title: 'first' });
    server.add({ title: 'second' });
    server.add({ title: 'done', status: 'done' });
    connection.signIn();
    const view = tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    server.list = { ...server.list, columns: ['done', 'in_progress', 'todo'], rev: 1 };
    connection.push('tasks:list', server.list);
    connection.push('tasks:task', server.change(first.id, { title: 'first!' }));
    expect(titles(view.tasks.get())).toEqual(['done', 'first!', 'second']);
  });
});

describe('optimistic changes', () => {
  async function loaded() {
    const context = setup();
    const a = context.server.add({ title: 'a' });
    const b = context.server.add({ title: 'b' });
    const c = context.server.add({ title: 'c' });
    context.connection.signIn();
    const view = context.tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    return { ...context, view, a, b, c };
  }

  it('an update shows at once, is pending until answered, then shows the server task', async () => {
    const { tasks, view, a } = await loaded();
    const saving = tasks.update(a.id, { title: 'renamed', status: 'in_progress' });
    expect(titles(view.tasks.get())).toEqual(['b', 'c', 'renamed']);
    expect(tasks.pending.get().has(a.id)).toBe(true);
    const { task } = await saving;
    expect(task.version).toBe(2);
    expect(tasks.pending.get().size).toBe(0);
    expect(view.tasks.get().at(-1)).toEqual(task);
  });

  it('a refused update is rolled back and announced', async () => {
    const { tasks, server, view, events, a } = await loaded();
    server.failures.set('tasks:update', new PlazaError('forbidden', 'viewers cannot edit'));
    const saving = tasks.update(a.id, { title: 'nope' });
    expect(titles(view.tasks.get())).toEqual(['nope', 'b', 'c']);
    await expect(saving).rejects.toMatchObject({ code: 'forbidden' });
    expect(titles(view.tasks.get())).toEqual(['a', 'b', 'c']);
    expect(events['task:rollback']).toMatchObject([{ taskId: a.id, action: 'update', error: { code: 'forbidden' } }]);
  });

  it('a push during a pending change is rebased under it, and wins once the change is refused', async () => {
    const { tasks, server, connection, view, a } = await loaded();
    server.failures.set('tasks:update', new PlazaError('conflict', 'refused'));
    const saving = tasks.update(a.id, { priority: 'high' });
    connection.push('tasks:task', server.change(a.id, { title: 'renamed elsewhere' }));
    expect(view.tasks.get()[0]).toMatchObject({ title: 'renamed elsewhere', priority: 'high' });
    await saving.catch(() => undefined);
    expect(view.tasks.get()[0]).toMatchObject({ title: 'renamed elsewhere', priority: 'normal' });
  });

  it('a move lands between the neighbours it names at once, then takes the server rank', async () => {
    const { tasks, view, a, b, c } = await loaded();
    const moving = tasks.move(c.id, { status: 'todo', after: a.id });
    expect(titles(view.tasks.get())).toEqual(['a', 'c', 'b']);
    const { task } = await moving;
    expect(task.rank > a.rank && task.rank < b.rank).toBe(true);
    expect(titles(view.tasks.get())).toEqual(['a', 'c', 'b']);
  });

  it('a refused move puts the task back', async () => {
    const { tasks, server, view, a } = await loaded();
    server.failures.set('tasks:move', new PlazaError('forbidden', 'viewer'));
    const moving = tasks.move(a.id, { status: 'done' });
    expect(view.tasks.get().at(-1)?.status).toBe('done');
    await expect(moving).rejects.toMatchObject({ code: 'forbidden' });
    expect(titles(view.tasks.get())).toEqual(['a', 'b', 'c']);
    expect(view.tasks.get()[0]?.status).toBe('todo');
  });

  it('a creation shows in its views once stored, once, even if its push came first', async () => {
    const { tasks, connection, server, view } = await loaded();
    server.push = true;
    const task = await tasks.create({ listId: LIST, title: 'new one' });
    expect(connection.requests.find((r) => r.name === 'tasks:create')?.payload).toMatchObject({ clientId: expect.any(String) });
    expect(titles(view.tasks.get())).toEqual(['a', 'b', 'c', 'new one']);
    expect(view.tasks.get().at(-1)).toEqual(task);
  });

  it('a refused creation rejects and changes no view', async () => {
    const { tasks, server, view } = await loaded();
    server.failures.set('tasks:create', new PlazaError('forbidden', 'viewer'));
    await expect(tasks.create({ listId: LIST, title: 'not allowed' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(titles(view.tasks.get())).toEqual(['a', 'b', 'c']);
  });

  it('a refused delete brings the task back', async () => {
    const { tasks, server, view, a } = await loaded();
    server.failures.set('tasks:delete', new PlazaError('forbidden', 'viewer'));
    const removing = tasks.remove(a.id);
    expect(titles(view.tasks.get())).toEqual(['b', 'c']);
    await expect(removing).rejects.toMatchObject({ code: 'forbidden' });
    expect(titles(view.tasks.get())).toEqual(['a', 'b', 'c']);
  });

  it('a checklist tick shows at once', async () => {
    const { tasks, server, view, a } = await loaded();
    const item = { id: 'i1', text: 'brief', done: false, rank: 'i0', doneBy: null, doneAt: null };
    server.change(a.id, { checklist: [item] });
    await view.load();
    const detail = await tasks.detail(a.id);
    const ticking = detail.updateChecklistItem('i1', { done: true });
    expect(view.tasks.get()[0]?.checklist[0]).toMatchObject({ done: true, doneBy: 'me' });
    await ticking;
    expect(view.tasks.get()[0]?.checklist[0]?.done).toBe(true);
  });
});

describe('conflicts and notifications', () => {
  it('an overwritten notice shows the value that won and emits task:overwritten', async () => {
    const { tasks, server, connection, events } = setup();
    const task = server.add({ title: 'mine' });
    connection.signIn();
    const view = tasks.view({ listId: LIST });
    await vi.waitFor(() => expect(view.state.get().loaded).toBe(true));
    server.change(task.id, { title: 'theirs' });
    connection.push('tasks:overwritten', {
      taskId: task.id,
      listId: LIST,
      field: 'title',
      value: 'mine',
      current: 'theirs',
      by: 'bob',
      at: new Date().toISOString(),
    });
    await vi.waitFor(() => expect(events['task:overwritten']).toHaveLength(1));
    expect(events['task:overwritten'][0]).toMatchObject({ field: 'title', value: 'mine', by: 'bob', task: { title: 'theirs' } });
    expect(titles(view.tasks.get())).toEqual(['theirs']);
  });

  it('notifications load, arrive live with an event, and mark read', async () => {
    const { tasks, connection, server, events } = setup();
    server.notifications.push(notification('n1'));
    connection.signIn();
    await tasks.loadNotifications();
    expect(tasks.notifications.get()).toMatchObject({ unreadCount: 1, loaded: true });
    server.notifications.unshift(notification('n2'));
    connection.push('notification', server.notifications[0]);
    expect(tasks.notifications.get().items.map((n) => n.id)).toEqual(['n2', 'n1']);
    expect(tasks.notifications.get().unreadCount).toBe(2);
    expect(events.notification.map((n) => n.id)).toEqual(['n2']);
    const marking = tasks.markNotificationsRead(['n2']);
    expect(tasks.notifications.get().unreadCount).toBe(1);
    await marking;
    expect(tasks.notifications.get().unreadCount).toBe(1);
    await tasks.markNotificationsRead('all');
    expect(tasks.notifications.get().unreadCount).toBe(0);
    connection.push('notification', notification('n3'));
    connection.push('notifications:read', { ids: [], all: true, unreadCount: 0 });
    expect(tasks.notifications.get().items.every((n) => n.readAt !== null)).toBe(true);
  });
});
