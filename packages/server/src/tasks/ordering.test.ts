import { RANK_MAX_LENGTH, type Task } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SocketPool, availableDialects, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, column, connect, createList, createTask, record, uid } from './test-kit.js';
import { RANK_REBALANCE_AT } from './service.js';

const dialects = await availableDialects();

/** What one client knows of a list's tasks: the newest version of each that reached it. */
function mirror(socket: TestSocket, initial: readonly Task[]): Map<string, Task> {
  const known = new Map(initial.map((task) => [task.id, task]));
  socket.on('tasks:task', (task) => {
    const mine = known.get(task.id);
    if (!mine || mine.rev < task.rev) known.set(task.id, task);
  });
  return known;
}

describe.each(dialects)('board order on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function board(size: number) {
    const ids = [uid('ann'), uid('ben'), uid('cat')];
    const [ann, ben, cat] = await Promise.all(ids.map((id) => connect(t, sockets, id)));
    const list = await createList(ann, { members: [ids[1], ids[2]].map((userId) => ({ userId, role: 'editor' as const })) });
    const tasks: Task[] = [];
    for (let i = 0; i < size; i++) tasks.push(await createTask(ann, list.id, { title: `T${i}` }));
    return { list, tasks, clients: [ann, ben, cat] };
  }

  async function serverTasks(socket: TestSocket, listId: string): Promise<Task[]> {
    return (await ask(socket, 'tasks:list:get', { listId })).tasks;
  }

  it('places a task after, before, at the bottom, and at the bottom when the named neighbour left the column', async () => {
    const { list, tasks, clients } = await board(4);
    const [ann] = clients;
    const [t0, t1, t2, t3] = tasks;
    await ask(ann, 'tasks:move', { taskId: t3.id, status: 'todo', after: t0.id });
    expect(column(await serverTasks(ann, list.id), 'todo')).toEqual(['T0', 'T3', 'T1', 'T2']);
    await ask(ann, 'tasks:move', { taskId: t0.id, status: 'todo', before: t2.id });
    expect(column(await serverTasks(ann, list.id), 'todo')).toEqual(['T3', 'T1', 'T0', 'T2']);
    await ask(ann, 'tasks:move', { taskId: t1.id, status: 'done' });
    await ask(ann, 'tasks:move', { taskId: t2.id, status: 'done', after: t3.id });
    expect(column(await serverTasks(ann, list.id), 'done')).toEqual(['T1', 'T2']);
    // a move that lands where the task already is changes nothing
    const again = await ask(ann, 'tasks:move', { taskId: t2.id, status: 'done', after: t1.id });
    expect(again.task.version).toBe((await ask(ann, 'tasks:get', { taskId: t2.id })).version);
    expect(again.task.rank).toBe((await serverTasks(ann, list.id)).find((x) => x.id === t2.id)?.rank);
  });

  it('a move that changes nothing takes no rev and pushes nothing', async () => {
    const { list, tasks, clients } = await board(2);
    const [ann, ben] = clients;
    const [t0, t1] = tasks;
    // pushes come before answers on a socket: once ben is answered, the creations' pushes are in
    const rev = (await ask(ben, 'tasks:list:get', { listId: list.id })).list.rev;
    const pushed = record<Task>(ben, 'tasks:task');
    const unchanged = await ask(ann, 'tasks:move', { taskId: t1.id, status: 'todo', after: t0.id });
    expect(unchanged).toEqual({ task: t1, overwritten: [] });
    expect((await ask(ben, 'tasks:list:get', { listId: list.id })).list.rev).toBe(rev);
    expect(pushed).toEqual([]);
    // the next change takes the very next rev
    const moved = await ask(ann, 'tasks:move', { taskId: t0.id, status: 'done' });
    expect(moved.task.rev).toBe(rev + 1);
    await vi.waitFor(() => expect(pushed.map((x) => x.id)).toEqual([t0.id]), { timeout: 5000, interval: 10 });
  });

  it('two people dropping tasks into the same gap at once get distinct ranks, one order everywhere', async () => {
    const { list, tasks, clients } = await board(4);
    const [ann, ben, cat] = clients;
    const views = clients.map((c) => mirror(c, tasks));
    const [t0, , t2, t3] = tasks;
    await Promise.all([ask(ann, 'tasks:move', { taskId: t2.id, status: 'todo', after: t0.id }), ask(ben, 'tasks:move', { taskId: t3.id, status: 'todo', after: t0.id })]);
    const truth = await serverTasks(cat, list.id);
    const order = column(truth, 'todo');
    expect(order.slice(0, 1)).toEqual(['T0']);
    expect(order.slice(1, 3).sort()).toEqual(['T2', 'T3']);
    expect(new Set(truth.map((x) => x.rank)).size).toBe(truth.length);
    for (const view of views) await vi.waitFor(() => expect(column([...view.values()], 'todo')).toEqual(order), { timeout: 5000, interval: 10 });
  });

  it('many concurrent moves by three people converge on the same board for every client', async () => {
    const { list, tasks, clients } = await board(12);
    const views = clients.map((c) => mirror(c, tasks));
    const statuses = ['todo', 'in_progress', 'done'] as const;
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const moves = Array.from({ length: 30 }, (_, i) => {
      const task = tasks[random(tasks.length)];
      const anchor = tasks[random(tasks.length)];
      const side = random(3);
      return ask(clients[i % 3], 'tasks:move', {
        taskId: task.id,
        status: statuses[random(3)],
        ...(side === 0 ? { after: anchor.id } : side === 1 ? { before: anchor.id } : {}),
      });
    });
    await Promise.all(moves);
    const truth = await serverTasks(clients[0], list.id);
    for (const status of statuses) {
      const ranks = truth.filter((x) => x.status === status).map((x) => x.rank);
      expect(new Set(ranks).size).toBe(ranks.length);
    }
    const expected = statuses.map((s) => column(truth, s));
    for (const view of views) {
      await vi.waitFor(() => expect(statuses.map((s) => column([...view.values()], s))).toEqual(expected), { timeout: 5000, interval: 10 });
    }
  });

  it('renumbers a column when a rank grows long, in one change, keeping its order', async () => {
    const { list, tasks, clients } = await board(3);
    const [ann] = clients;
    const [first, second, third] = tasks;
    // as if hundreds of drops had split the gap after `first`: its rank is at the limit
    const long = `i0${'z'.repeat(RANK_REBALANCE_AT - 2)}`;
    await t.server.ctx.storage.db.updateTable('tasks').set({ rank: long }).where('id', '=', first.id).execute();
    const watched = mirror(clients[1], tasks);
    const moved = await ask(ann, 'tasks:move', { taskId: third.id, status: 'todo', after: first.id });
    expect(moved.task.rank.length).toBeLessThanOrEqual(3);
    const after = await serverTasks(ann, list.id);
    expect(column(after, 'todo')).toEqual(['T0', 'T2', 'T1']);
    expect(Math.max(...after.map((x) => x.rank.length))).toBeLessThanOrEqual(3);
    expect(Math.max(...after.map((x) => x.rank.length))).toBeLessThan(RANK_MAX_LENGTH);
    // every renumbered task reached the other clients
    await vi.waitFor(() => expect(column([...watched.values()], 'todo')).toEqual(['T0', 'T2', 'T1']), { timeout: 5000, interval: 10 });
    expect(second.rank).not.toBe(after.find((x) => x.id === second.id)?.rank);
  });
});
