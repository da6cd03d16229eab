import type { Task, TaskPage } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../test-support/clock.js';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer } from '../test-support/index.js';
import { ask, connect, createList, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('tasks REST on %s', (dialect) => {
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

  async function rest(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token?: string) {
    const response = await t.server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token ?? (await t.signServerToken())}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  it('POST /v1/tasks with an assignee and no list lands in the assignee’s personal list, pushed to them', async () => {
    const b = uid('ben');
    const ben = await connect(t, sockets, b);
    const outsider = await connect(t, sockets, uid('other'));
    const pushed = nextEvent(ben, 'tasks:task');
    const { status, body } = await rest('POST', '/v1/tasks', { title: '审批报销 · Approve expenses', assignee: b, due: '2026-03-05T17:00:00+08:00', description: 'From the **OA**' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: expect.any(String), title: '审批报销 · Approve expenses', status: 'todo', assignee: b, due: '2026-03-05T09:00:00.000Z', description: 'From the **OA**', createdBy: 'plaza-bot' });
    const task = body as unknown as Task;
    expect((await pushed).id).toBe(task.id);
    const { lists } = await ask(ben, 'tasks:lists', {});
    expect(lists.find((l) => l.id === task.listId)).toMatchObject({ personalOf: b, role: 'owner' });
    expect((await ask(ben, 'tasks:list:get', { listId: task.listId })).tasks.map((x) => x.id)).toEqual([task.id]);
    expect(await refusal(outsider, 'tasks:get', { taskId: task.id })).toBe('not_found');
    // the integration reads it back
    expect((await rest('GET', `/v1/tasks/${task.id}`)).body).toEqual(task);
  });

  it('POST /v1/tasks into a named list reaches its members', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const pushed = nextEvent(ann, 'tasks:task');
    const { status, body } = await rest('POST', '/v1/tasks', { title: 'From ERP', list: list.id });
    expect(status).toBe(201);
    expect(body).toMatchObject({ listId: list.id, assignee: null, due: null });
    expect((await pushed).id).toBe(body.id);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const before = (await t.server.ctx.storage.db.selectFrom('tasks').select('id').execute()).length;
    const expectError = async (call: Promise<{ status: number; body: Record<string, unknown> }>, status: number, code: string, field?: string) => {
      const { status: got, body } = await call;
      expect(got).toBe(status);
      const error = body.error as { code: string; message: string };
      expect(error.code).toBe(code);
      if (field) expect(error.message).toContain(field);
    };
    await expectError(rest('POST', '/v1/tasks', { assignee: 'x' }), 400, 'bad_request', 'title');
    await expectError(rest('POST', '/v1/tasks', { title: '  ', assignee: 'x' }), 400, 'bad_request', 'title');
    await expectError(rest('POST', '/v1/tasks', { title: 'x', assignee: 'x', due: 'tomorrow' }), 400, 'bad_request', 'due');
    await expectError(rest('POST', '/v1/tasks', { title: 'x', assignee: 'bad id with spaces' }), 400, 'bad_request', 'assignee');
    await expectError(rest('POST', '/v1/tasks', { title: 'x' }), 400, 'bad_request', 'list');
    await expectError(rest('POST', '/v1/tasks', { title: 'x', list: '0190f0f0-0000-7000-8000-000000000001' }), 404, 'not_found');
    await expectError(rest('POST', '/v1/tasks', { title: 'x', list: 'not-an-id' }), 400, 'bad_request', 'list');
    await expectError(rest('POST', '/v1/tasks', { title: 'x', assignee: 'x' }, await t.signUserToken()), 401, 'unauthorized');
    await expectError(rest('GET', '/v1/tasks?status=later'), 400, 'bad_request', 'status');
    await expectError(rest('GET', '/v1/tasks?limit=0'), 400, 'bad_request', 'limit');
    await expectError(rest('GET', '/v1/tasks/not-an-id'), 400, 'bad_request');
    await expectError(rest('GET', '/v1/tasks/0190f0f0-0000-7000-8000-000000000001'), 404, 'not_found');
    await expectError(rest('PATCH', '/v1/tasks/0190f0f0-0000-7000-8000-000000000001', { title: 'x' }), 404, 'not_found');
    expect((await t.server.ctx.storage.db.selectFrom('tasks').select('id').execute()).length).toBe(before);
  });

  it('GET /v1/tasks filters by assignee, status, due range and list, a page at a time', async () => {
    const [b, c] = [uid('ben'), uid('cat')];
    const made: Task[] = [];
    for (const [assignee, due] of [
      [b, '2026-03-03T00:00:00Z'],
      [b, '2026-03-10T00:00:00Z'],
      [c, '2026-03-04T00:00:00Z'],
      [b, undefined],
    ] as const) {
      made.push((await rest('POST', '/v1/tasks', { title: `for ${assignee}`, assignee, ...(due ? { due } : {}) })).body as unknown as Task);
    }
    await rest('PATCH', `/v1/tasks/${made[1].id}`, { status: 'done' });
    const ids = async (query: string) => ((await rest('GET', `/v1/tasks?${query}`)).body as unknown as TaskPage).tasks.map((x) => x.id);
    expect(await ids(`assignee=${b}`)).toEqual([made[0].id, made[1].id, made[3].id]);
    expect(await ids(`assignee=${b}&status=todo,in_progress`)).toEqual([made[0].id, made[3].id]);
    expect(await ids(`assignee=${b}&status=done`)).toEqual([made[1].id]);
    expect(await ids('dueFrom=2026-03-03T00:00:00Z&dueTo=2026-03-05T00:00:00Z')).toEqual([made[0].id, made[2].id]);
    expect(await ids(`list=${made[2].listId}`)).toEqual([made[2].id]);
    expect(await ids(`assignee=${uid('nobody')}`)).toEqual([]);
    const first = (await rest('GET', `/v1/tasks?assignee=${b}&limit=2`)).body as unknown as TaskPage;
    expect(first.nextCursor).not.toBeNull();
    const second = (await rest('GET', `/v1/tasks?assignee=${b}&limit=2&cursor=${first.nextCursor}`)).body as unknown as TaskPage;
    expect([...first.tasks, ...second.tasks].map((x) => x.id)).toEqual([made[0].id, made[1].id, made[3].id]);
    expect(second.nextCursor).toBeNull();
  });

  it('PATCH /v1/tasks/:id updates fields; with a stale baseVersion the socket writer it overwrote is told', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const created = (await rest('POST', '/v1/tasks', { title: 'Quote', list: list.id })).body as unknown as Task;
    await ask(ann, 'tasks:update', { taskId: created.id, baseVersion: 1, changes: { title: 'Quote v2' } });
    const notice = nextEvent(ann, 'tasks:overwritten');
    const { status, body } = await rest('PATCH', `/v1/tasks/${created.id}`, { title: 'Quote from ERP', status: 'in_progress', due: '2026-03-09T10:00:00+01:00', baseVersion: 1 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ title: 'Quote from ERP', status: 'in_progress', due: '2026-03-09T09:00:00.000Z', version: 3, updatedBy: 'plaza-bot' });
    expect(await notice).toMatchObject({ taskId: created.id, field: 'title', value: 'Quote v2', current: 'Quote from ERP', by: 'plaza-bot' });
    const invalid = await rest('PATCH', `/v1/tasks/${created.id}`, { status: 'archived' });
    expect(invalid.status).toBe(400);
    expect(await rest('PATCH', `/v1/tasks/${created.id}`, {})).toMatchObject({ status: 400 });
    expect((await rest('GET', `/v1/tasks/${created.id}`)).body).toMatchObject({ status: 'in_progress', version: 3 });
  });

  it('describes the task routes in the OpenAPI document', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    const paths = response.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    expect(Object.keys(paths['/v1/tasks'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/v1/tasks/{id}'] ?? {}).sort()).toEqual(['get', 'patch']);
  });
});
