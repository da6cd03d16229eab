import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Notification, WebhookEnvelope } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../test-support/clock.js';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer } from '../test-support/index.js';
import { TASK_REMINDER_JOB } from './reminders.js';
import { ask, connect, createList, createTask, record, uid } from './test-kit.js';

const dialects = await availableDialects();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A webhook receiver on loopback that answers 200 and keeps what it got. */
class Receiver {
  readonly events: WebhookEnvelope[] = [];
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookEnvelope);
      response.end('ok');
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.each(dialects)('task reminders on %s', (dialect) => {
  let t: TestServer;
  const clock = manualClock(Date.UTC(2026, 2, 2, 9));
  const sockets = new SocketPool();
  const receiver = new Receiver();

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock, startJobs: false, env: { PLAZA_WEBHOOK_PRIVATE_ALLOW: '127.0.0.1' } });
    const url = await receiver.start();
    const response = await t.server.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${await t.signServerToken()}` },
      payload: { url, events: ['task.created', 'task.updated', 'task.reminder'], secret: 'whsec-0123456789abcdef' },
    });
    expect(response.statusCode).toBe(201);
  });
  beforeEach(async () => {
    // every test starts with nothing due: earlier tests' jobs are done or far away
    await drain();
    receiver.events.length = 0;
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
    await receiver.close();
  });

  /** Runs every job due now, as often as it takes. */
  async function drain(): Promise<void> {
    while ((await t.server.jobs.runDue()) > 0);
  }

  async function reminderJobs(taskId: string) {
    const rows = await t.server.ctx.storage.db.selectFrom('outbox').selectAll().where('kind', '=', TASK_REMINDER_JOB).where('state', '=', 'pending').execute();
    return rows
      .filter((r) => (JSON.parse(r.payload) as { taskId: string }).taskId === taskId)
      .map((r) => ({ ...(JSON.parse(r.payload) as object), runAt: r.run_at }))
      .sort((a, b) => a.runAt - b.runAt);
  }

  async function stored(userId: string) {
    const user = await t.server.ctx.users.byHostId(t.tenantId, userId);
    const rows = await t.server.ctx.storage.db.selectFrom('notifications').selectAll().where('user_id', '=', user?.id ?? '').orderBy('id').execute();
    // jobs due together run concurrently: compare as sorted lists (which for these names is also the order they fall due)
    return rows.map((r) => `${r.kind}:${r.reminder ?? ''}`).sort();
  }

  function reminderEvents(taskId: string): string[] {
    return receiver.events
      .filter((e) => e.type === 'task.reminder' && (e.data as { task: { id: string } }).task.id === taskId)
      .map((e) => (e.data as { reminder: string }).reminder)
      .sort();
  }

  it('schedules three reminders with the task, sends each once to the assignee and watchers, and a webhook event', async () => {
    const [a, b, w] = [uid('ann'), uid('ben'), uid('wen')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const list = await createList(ann, { members: [{ userId: b, role: 'editor' }] });
    const due = clock.now() + 2 * DAY;
    const assigned = nextEvent(ben, 'notification');
    const task = await createTask(ann, list.id, { assignee: b, watchers: [w], due: new Date(due).toISOString() });
    expect((await assigned).kind).toBe('task.assigned');
    expect(await reminderJobs(task.id)).toEqual([
      { taskId: task.id, reminder: 'day_before', due, runAt: due - DAY },
      { taskId: task.id, reminder: 'hour_before', due, runAt: due - HOUR },
      { taskId: task.id, reminder: 'overdue', due, runAt: due },
    ]);
    const benNotices = record<Notification>(ben, 'notification');
    clock.advance(DAY - MINUTE);
    await drain();
    expect(benNotices.filter((n) => n.kind === 'task.reminder')).toEqual([]);
    clock.advance(MINUTE);
    const dayBefore = nextEvent(ben, 'notification');
    await drain();
    expect(await dayBefore).toMatchObject({ kind: 'task.reminder', reminder: 'day_before', readAt: null, task: { id: task.id, listId: list.id, title: task.title, due: task.due } });
    expect(await stored(w)).toEqual(['task.reminder:day_before']);
    expect(reminderEvents(task.id)).toEqual(['day_before']);
    // running the queue again sends nothing more
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:day_before']);

    clock.advance(DAY - HOUR);
    await drain();
    const overduePush = nextEvent(ann, 'tasks:task');
    clock.advance(HOUR);
    await drain();
    expect(await overduePush).toMatchObject({ id: task.id, overdue: true });
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:day_before', 'task.reminder:hour_before', 'task.reminder:overdue']);
    expect(await stored(w)).toEqual(['task.reminder:day_before', 'task.reminder:hour_before', 'task.reminder:overdue']);
    expect(reminderEvents(task.id)).toEqual(['day_before', 'hour_before', 'overdue']);
    expect(await stored(a)).toEqual([]);
  });

  it('moving the due time reschedules: the old reminders fall through and the new ones go out', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const first = clock.now() + 2 * DAY;
    const task = await createTask(ann, list.id, { assignee: b, due: new Date(first).toISOString() });
    const later = first + DAY;
    await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { due: new Date(later).toISOString() } });
    clock.advance(DAY);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:']);
    clock.advance(DAY);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:day_before']);
    // moving it back to a time whose reminder went out already sends that one no second time
    await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 2, changes: { due: new Date(clock.now() + DAY + HOUR).toISOString() } });
    await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 3, changes: { due: new Date(later).toISOString() } });
    clock.advance(DAY);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:day_before', 'task.reminder:hour_before', 'task.reminder:overdue']);
    expect(reminderEvents(task.id)).toEqual(['day_before', 'hour_before', 'overdue']);
  });

  it('a task done, deleted or without a due time gets no reminders; reopened, it gets those still ahead', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const due = clock.now() + 2 * DAY;
    const done = await createTask(ann, list.id, { assignee: b, due: new Date(due).toISOString() });
    const deleted = await createTask(ann, list.id, { assignee: b, due: new Date(due).toISOString() });
    const cleared = await createTask(ann, list.id, { assignee: b, due: new Date(due).toISOString() });
    await ask(ann, 'tasks:move', { taskId: done.id, status: 'done' });
    await ask(ann, 'tasks:delete', { taskId: deleted.id });
    await ask(ann, 'tasks:update', { taskId: cleared.id, baseVersion: 1, changes: { due: null } });
    clock.advance(DAY + HOUR);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.assigned:', 'task.assigned:']);
    await ask(ann, 'tasks:move', { taskId: done.id, status: 'todo' });
    clock.advance(DAY);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.assigned:', 'task.assigned:', 'task.reminder:hour_before', 'task.reminder:overdue']);
  });

  it('reminders survive a restart between scheduling and sending, and a job run twice sends once', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const task = await createTask(ann, list.id, { assignee: b, due: new Date(clock.now() + 2 * HOUR).toISOString() });
    sockets.closeAll();
    await t.restart();
    clock.advance(HOUR);
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:hour_before']);
    // a worker that crashed after the effect but before marking the job done runs it again
    const { db } = t.server.ctx.storage;
    await db.updateTable('outbox').set({ state: 'pending', locked_until: null }).where('kind', '=', TASK_REMINDER_JOB).where('state', '=', 'done').execute();
    await drain();
    await t.restart();
    await drain();
    expect(await stored(b)).toEqual(['task.assigned:', 'task.reminder:hour_before']);
    expect(reminderEvents(task.id)).toEqual(['hour_before']);
  });

  it('publishes task.created and task.updated webhook events with the task and what changed', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    // drained after each change: deliveries of one batch run concurrently, in no set order
    const task = await createTask(ann, list.id, { title: 'Hooked' });
    await drain();
    await ask(ann, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'Hooked twice', priority: 'high' } });
    await drain();
    await ask(ann, 'tasks:delete', { taskId: task.id });
    await drain();
    const mine = receiver.events.filter((e) => (e.data as { id?: string; task?: { id: string } }).id === task.id || (e.data as { task?: { id: string } }).task?.id === task.id);
    expect(mine.map((e) => e.type)).toEqual(['task.created', 'task.updated', 'task.updated']);
    expect(mine[0].data).toMatchObject({ id: task.id, title: 'Hooked', listId: list.id });
    expect(mine[1].data).toMatchObject({
      task: { id: task.id, title: 'Hooked twice', priority: 'high' },
      changes: [
        { field: 'title', from: 'Hooked', to: 'Hooked twice' },
        { field: 'priority', from: 'normal', to: 'high' },
      ],
      actor: a,
    });
    expect(mine[2].data).toMatchObject({ task: { id: task.id }, deleted: true, actor: a });
  });

  it('lists notifications newest first with the unread count, and marking read reaches the user’s other sockets', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const benElsewhere = await connect(t, sockets, b);
    const list = await createList(ann);
    const assigned = nextEvent(ben, 'notification');
    await createTask(ann, list.id, { title: 'first', assignee: b });
    expect(await assigned).toMatchObject({ kind: 'task.assigned', actorId: a, reminder: null, task: { title: 'first' } });
    await createTask(ann, list.id, { title: 'second', assignee: b });
    const page = await ask(ben, 'notifications:list', {});
    expect(page.notifications.map((n) => n.task.title)).toEqual(['second', 'first']);
    expect(page.unreadCount).toBe(2);
    const elsewhere = nextEvent(benElsewhere, 'notifications:read');
    expect(await ask(ben, 'notifications:read', { ids: [page.notifications[1].id] })).toEqual({ unreadCount: 1 });
    expect(await elsewhere).toEqual({ ids: [page.notifications[1].id], all: false, unreadCount: 1 });
    // another user's notification ids change nothing
    expect(await ask(ann, 'notifications:read', { ids: [page.notifications[0].id] })).toEqual({ unreadCount: 0 });
    expect((await ask(ben, 'notifications:list', { unreadOnly: true })).notifications.map((n) => n.task.title)).toEqual(['second']);
    expect(await ask(ben, 'notifications:read', { all: true })).toEqual({ unreadCount: 0 });
  });
});
