import type { Task } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../test-support/clock.js';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer } from '../test-support/index.js';
import { ask, connect, createList, createTask, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('tasks on %s', (dialect) => {
  let t: TestServer;
  const clock = manualClock(Date.UTC(2026, 2, 2, 9));
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  it('creates a task with every field, acks it and pushes it to every list member', async () => {
    const [a, b, c] = [uid('ann'), uid('ben'), uid('cat')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { name: '发布 · Launch', members: [{ userId: b, role: 'editor' }] });
    const toBen = nextEvent(ben, 'tasks:task');
    const task = await ask(ann, 'tasks:create', {
      listId: list.id,
      clientId: 'first-task',
      title: '准备新闻稿 · Press kit',
      description: '**Draft** by Friday',
      priority: 'high',
      assignee: b,
      watchers: [c],
      labels: ['marketing', 'launch'],
      due: '2026-03-06T18:00:00+08:00',
      checklist: ['Outline', 'Review'],
    });
    expect(task).toMatchObject({
      listId: list.id,
      title: '准备新闻稿 · Press kit',
      description: '**Draft** by Friday',
      status: 'todo',
      priority: 'high',
      assignee: b,
      assignedBy: a,
      watchers: [c],
      labels: ['marketing', 'launch'],
      due: '2026-03-06T10:00:00.000Z',
      overdue: false,
      commentCount: 0,
      source: null,
      clientId: 'first-task',
      createdBy: a,
      createdAt: new Date(clock.now()).toISOString(),
      completedAt: null,
      version: 1,
      rev: 1,
    });
    expect(task.checklist.map((i) => [i.text, i.done])).toEqual([
      ['Outline', false],
      ['Review', false],
    ]);
    expect(await toBen).toEqual(task);
  });

  it('answers a retried create with the stored task and stores it once', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const list = await createList(ann);
    const racing = await Promise.all(Array.from({ length: 6 }, () => createTask(ann, list.id, { clientId: 'same', title: 'Once' })));
    expect(new Set(racing.map((x) => x.id)).size).toBe(1);
    expect((await ask(ann, 'tasks:list:get', { listId: list.id })).tasks).toHaveLength(1);
    expect(await refusal(ann, 'tasks:create', { listId: (await createList(ann)).id, clientId: 'same', title: 'Elsewhere' })).toBe('conflict');
  });

  it('marks done with who and when, clears that on reopening, and derives overdue from the clock', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const task = await createTask(ann, list.id, { due: new Date(clock.now() + 60_000).toISOString() });
    expect(task.overdue).toBe(false);
    clock.advance(60_000);
    expect((await ask(ann, 'tasks:get', { taskId: task.id })).overdue).toBe(true);
    const done = (await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: task.version, changes: { status: 'done' } })).task;
    expect(done).toMatchObject({ status: 'done', completedBy: a, completedAt: new Date(clock.now()).toISOString(), overdue: false, version: 2 });
    const reopened = (await ask(ann, 'tasks:move', { taskId: task.id, status: 'in_progress' })).task;
    expect(reopened).toMatchObject({ status: 'in_progress', completedBy: null, completedAt: null, overdue: true });
  });

  it('changes nothing when an update names the values a task already has', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const list = await createList(ann);
    const task = await createTask(ann, list.id, { title: 'Same', labels: ['x'] });
    const result = await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'Same', labels: ['x'] } });
    expect(result).toEqual({ task, overwritten: [] });
  });

  it('records every change in the activity history: who, when, which field, from and to', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const task = await createTask(ann, list.id, { title: 'Draft', due: '2026-03-10T00:00:00Z' });
    clock.advance(1000);
    await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'Final', assignee: b, due: null } });
    await ask(ann, 'tasks:checklist:add', { taskId: task.id, text: 'Proofread' });
    await ask(ann, 'tasks:comment:add', { taskId: task.id, text: 'Looks good' });
    const { activity, hasMore } = await ask(ann, 'tasks:activity', { taskId: task.id });
    expect(hasMore).toBe(false);
    expect(activity.map((e) => [e.action, e.field, e.from, e.to])).toEqual([
      ['created', null, null, { title: 'Draft', status: 'todo', assignee: null, due: '2026-03-10T00:00:00.000Z' }],
      ['updated', 'title', 'Draft', 'Final'],
      ['updated', 'assignee', null, b],
      ['updated', 'due', '2026-03-10T00:00:00.000Z', null],
      ['updated', 'checklist', null, { text: 'Proofread', done: false }],
      ['commented', null, null, expect.any(String)],
    ]);
    expect(activity.every((e) => e.actorId === a)).toBe(true);
    expect(activity[1].at).toBe(new Date(clock.now()).toISOString());
    const page = await ask(ann, 'tasks:activity', { taskId: task.id, limit: 2 });
    expect(page.hasMore).toBe(true);
    const older = await ask(ann, 'tasks:activity', { taskId: task.id, before: page.activity[0].id, limit: 10 });
    expect([...older.activity, ...page.activity].map((e) => e.id)).toEqual(activity.map((e) => e.id));
  });

  it('keeps a checklist in order and tells who ticked an item', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const task = await createTask(ann, list.id, { checklist: ['one', 'three'] });
    const withTwo = await ask(ann, 'tasks:checklist:add', { taskId: task.id, text: 'two', after: task.checklist[0].id });
    const withZero = await ask(ann, 'tasks:checklist:add', { taskId: task.id, text: 'zero', after: null });
    expect(withZero.checklist.map((i) => i.text)).toEqual(['zero', 'one', 'two', 'three']);
    const ticked = await ask(ann, 'tasks:checklist:update', { taskId: task.id, itemId: withTwo.checklist[1].id, done: true });
    expect(ticked.checklist[2]).toMatchObject({ text: 'two', done: true, doneBy: a, doneAt: new Date(clock.now()).toISOString() });
    const removed = await ask(ann, 'tasks:checklist:remove', { taskId: task.id, itemId: task.checklist[0].id });
    expect(removed.checklist.map((i) => i.text)).toEqual(['zero', 'two', 'three']);
    expect(await refusal(ann, 'tasks:checklist:remove', { taskId: task.id, itemId: task.checklist[0].id })).toBe('not_found');
  });

  it('comments: pushed to members, counted on the task, edited and deleted by their author only', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { members: [{ userId: b, role: 'viewer' }] });
    const task = await createTask(ann, list.id);
    const pushed = nextEvent(ann, 'tasks:comment');
    const comment = await ask(ben, 'tasks:comment:add', { taskId: task.id, text: 'Viewers may comment', clientId: 'c-1' });
    expect(comment).toMatchObject({ taskId: task.id, listId: list.id, authorId: b, text: 'Viewers may comment', clientId: 'c-1', editedAt: null, deletedAt: null });
    expect(await pushed).toEqual(comment);
    expect(await ask(ben, 'tasks:comment:add', { taskId: task.id, text: 'Viewers may comment', clientId: 'c-1' })).toEqual(comment);
    expect((await ask(ann, 'tasks:get', { taskId: task.id })).commentCount).toBe(1);
    expect(await refusal(ann, 'tasks:comment:edit', { commentId: comment.id, text: 'not mine' })).toBe('forbidden');
    expect((await ask(ben, 'tasks:comment:edit', { commentId: comment.id, text: 'edited' })).editedAt).not.toBeNull();
    // the list owner may delete anyone's comment
    expect(await ask(ann, 'tasks:comment:delete', { commentId: comment.id })).toMatchObject({ text: '', deletedAt: expect.any(String) });
    expect((await ask(ann, 'tasks:get', { taskId: task.id })).commentCount).toBe(0);
    const page = await ask(ben, 'tasks:comments', { taskId: task.id });
    expect(page.comments.map((c) => c.text)).toEqual(['']);
  });

  it('deleting a task pushes its removal and makes it not_found, for the list and for its tasks', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { members: [{ userId: b, role: 'viewer' }] });
    const task = await createTask(ann, list.id);
    const removed = nextEvent(ben, 'tasks:task:removed');
    expect(await ask(ann, 'tasks:delete', { taskId: task.id })).toEqual({ taskId: task.id, listId: list.id });
    expect(await removed).toEqual({ taskId: task.id, listId: list.id, rev: 2 });
    expect(await refusal(ann, 'tasks:get', { taskId: task.id })).toBe('not_found');
    expect(await refusal(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'x' } })).toBe('not_found');
    const detail = await ask(ann, 'tasks:list:get', { listId: list.id });
    expect(detail.tasks).toEqual([]);
    expect(detail.list.taskCount).toBe(0);
  });

  it('last writer wins per field and the overwritten writer is told, with the value they lost', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { members: [{ userId: b, role: 'editor' }] });
    const task = await createTask(ann, list.id, { title: 'Original', priority: 'low' });
    // both start from version 1; ann saves first
    const first = await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'Ann’s title' } });
    expect(first.overwritten).toEqual([]);
    const notice = nextEvent(ann, 'tasks:overwritten');
    const second = await ask(ben, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'Ben’s title', priority: 'urgent' } });
    expect(second.task).toMatchObject({ title: 'Ben’s title', priority: 'urgent', version: 3 });
    // only the field ann changed after ben's base is reported; priority was nobody's news
    expect(second.overwritten).toEqual([{ field: 'title', value: 'Ann’s title', by: a, at: new Date(clock.now()).toISOString() }]);
    expect(await notice).toEqual({ taskId: task.id, listId: list.id, field: 'title', value: 'Ann’s title', current: 'Ben’s title', by: b, at: new Date(clock.now()).toISOString() });
    const annNotices = record(ann, 'tasks:overwritten');
    // an update made on the current version overwrites nothing unseen
    const third = await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 3, changes: { title: 'Agreed' } });
    expect(third.overwritten).toEqual([]);
    // a change to other fields or the checklist does not make a title edit stale
    await ask(ben, 'tasks:checklist:add', { taskId: task.id, text: 'unrelated' });
    expect((await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 4, changes: { title: 'Again' } })).overwritten).toEqual([]);
    expect(annNotices).toHaveLength(0);
  });

  it('queries with filters: mine, assigned by me, overdue, due this week in the viewer’s zone, label, department', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const dept = uid('dept');
    const ann = await connect(t, sockets, a);
    await connect(t, sockets, b, { dept: [dept] });
    const list = await createList(ann, { members: [{ userId: b, role: 'editor' }] });
    // 2026-03-02 is a Monday; the clock says 09:00Z on it (17:00 in Shanghai)
    const now = clock.now();
    const tasks: Record<string, Task> = {
      mine: await createTask(ann, list.id, { title: 'mine', assignee: a }),
      forBen: await createTask(ann, list.id, { title: 'forBen', assignee: b, labels: ['rnd'], due: '2026-03-08T15:00:00Z' }),
      late: await createTask(ann, list.id, { title: 'late', due: new Date(now - 1).toISOString() }),
      lateDone: await createTask(ann, list.id, { title: 'lateDone', due: new Date(now - 1).toISOString(), status: 'done' }),
      nextWeekInShanghai: await createTask(ann, list.id, { title: 'nextWeekInShanghai', due: '2026-03-08T16:30:00Z' }),
    };
    const titles = async (payload: Parameters<typeof ask<'tasks:query'>>[2]) => (await ask(ann, 'tasks:query', { listId: list.id, ...payload })).tasks.map((x) => x.title);
    expect(await titles({ filter: 'mine' })).toEqual(['mine']);
    expect(await titles({ filter: 'assigned_by_me' })).toEqual(['forBen']);
    expect(await titles({ filter: 'overdue' })).toEqual(['late']);
    expect(await titles({ filter: 'due_this_week', timeZone: 'Asia/Shanghai' })).toEqual(['forBen', 'late', 'lateDone']);
    expect(await titles({ filter: 'due_this_week' })).toEqual(['forBen', 'late', 'lateDone', 'nextWeekInShanghai']);
    expect(await titles({ label: 'rnd' })).toEqual(['forBen']);
    expect(await titles({ department: dept })).toEqual(['forBen']);
    expect(await titles({ status: ['done'] })).toEqual(['lateDone']);
    expect(await refusal(ann, 'tasks:query', { filter: 'due_this_week', timeZone: 'Mars/Olympus' })).toBe('bad_request');
    const first = await ask(ann, 'tasks:query', { listId: list.id, limit: 2 });
    const second = await ask(ann, 'tasks:query', { listId: list.id, limit: 10, cursor: first.nextCursor as string });
    expect([...first.tasks, ...second.tasks].map((x) => x.id)).toEqual(Object.values(tasks).map((x) => x.id));
    expect(second.nextCursor).toBeNull();
    expect(await refusal(ann, 'tasks:query', { cursor: 'bm90LWEtY3Vyc29y' })).toBe('bad_request');
  });

  it('sync answers every change after a rev, with deletions, and names lists the caller cannot see as removed', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { members: [{ userId: b, role: 'viewer' }] });
    const kept = await createTask(ann, list.id, { title: 'kept' });
    const gone = await createTask(ann, list.id, { title: 'gone' });
    const { list: seen } = await ask(ben, 'tasks:list:get', { listId: list.id });
    await ask(ann, 'tasks:update', { taskId: kept.id, baseVersion: 1, changes: { title: 'kept, renamed' } });
    await ask(ann, 'tasks:delete', { taskId: gone.id });
    const hidden = await createList(ann);
    const result = await ask(ben, 'tasks:sync', { cursors: [{ listId: list.id, afterRev: seen.rev }, { listId: hidden.id, afterRev: 0 }] });
    expect(result.removed).toEqual([hidden.id]);
    expect(result.lists).toEqual([{ listId: list.id, rev: seen.rev + 2, tasks: [expect.objectContaining({ id: kept.id, title: 'kept, renamed' })], deleted: [gone.id], hasMore: false }]);
  });

  it('an archived list refuses every change until it is unarchived, and stays readable', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const list = await createList(ann);
    const task = await createTask(ann, list.id);
    expect((await ask(ann, 'tasks:list:update', { listId: list.id, archived: true })).archived).toBe(true);
    expect(await refusal(ann, 'tasks:create', { listId: list.id, title: 'x' })).toBe('conflict');
    expect(await refusal(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'x' } })).toBe('conflict');
    expect(await refusal(ann, 'tasks:move', { taskId: task.id, status: 'done' })).toBe('conflict');
    expect(await refusal(ann, 'tasks:list:update', { listId: list.id, name: 'renamed' })).toBe('conflict');
    expect((await ask(ann, 'tasks:get', { taskId: task.id })).title).toBe(task.title);
    await ask(ann, 'tasks:list:update', { listId: list.id, archived: false });
    expect((await ask(ann, 'tasks:move', { taskId: task.id, status: 'done' })).task.status).toBe('done');
  });

  it('lists every list the user sees, personal list first, and pushes list changes to members', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const toBen = nextEvent(ben, 'tasks:list');
    const list = await createList(ann, { name: 'Shared', members: [{ userId: b, role: 'viewer' }] });
    expect(await toBen).toMatchObject({ id: list.id, role: 'viewer' });
    const { lists } = await ask(ben, 'tasks:lists', {});
    expect(lists.map((l) => [l.name, l.role, l.personalOf])).toEqual([
      ['Personal', 'owner', b],
      ['Shared', 'viewer', null],
    ]);
    const reordered = nextEvent(ben, 'tasks:list');
    await ask(ann, 'tasks:list:update', { listId: list.id, columns: ['done', 'in_progress', 'todo'] });
    expect((await reordered).columns).toEqual(['done', 'in_progress', 'todo']);
    const removed = nextEvent(ben, 'tasks:list:removed');
    await ask(ann, 'tasks:members:remove', { listId: list.id, userIds: [b] });
    expect(await removed).toEqual({ listId: list.id });
    expect(await refusal(ben, 'tasks:list:get', { listId: list.id })).toBe('not_found');
    expect(await refusal(ann, 'tasks:members:remove', { listId: list.id, userIds: [a] })).toBe('conflict');
  });
});
