import type { FileInfo } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, nextEvent, sessionReady, signHs256, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { ask, connect, createList, createTask, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('task permissions on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function upload(sub: string, name: string): Promise<FileInfo> {
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode(`bytes of ${name}`)], { type: 'text/plain' }), name);
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${await t.signUserToken({ sub, name: sub })}` }, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileInfo;
  }

  async function fileStatus(sub: string, fileId: string): Promise<number> {
    const response = await fetch(`${t.url}/v1/files/${fileId}`, { headers: { authorization: `Bearer ${await t.signUserToken({ sub, name: sub })}` } });
    return response.status;
  }

  it('a viewer reads and comments but cannot create, change, move or delete tasks', async () => {
    const [a, v] = [uid('owner'), uid('viewer')];
    const owner = await connect(t, sockets, a);
    const viewer = await connect(t, sockets, v);
    const list = await createList(owner, { members: [{ userId: v, role: 'viewer' }] });
    const task = await createTask(owner, list.id, { checklist: ['item'] });
    expect((await ask(viewer, 'tasks:get', { taskId: task.id })).id).toBe(task.id);
    expect(await refusal(viewer, 'tasks:create', { listId: list.id, title: 'nope' })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'nope' } })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:move', { taskId: task.id, status: 'done' })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:checklist:update', { taskId: task.id, itemId: task.checklist[0].id, done: true })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:delete', { taskId: task.id })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:list:update', { listId: list.id, name: 'mine now' })).toBe('forbidden');
    expect(await refusal(viewer, 'tasks:members:set', { listId: list.id, members: [{ userId: v, role: 'owner' }] })).toBe('forbidden');
    await ask(viewer, 'tasks:comment:add', { taskId: task.id, text: 'but I can say this' });
    // nothing the refused requests asked for happened
    expect(await ask(owner, 'tasks:get', { taskId: task.id })).toMatchObject({ title: task.title, status: 'todo', version: 2, commentCount: 1 });
  });

  it('someone who is not a member sees nothing of a private list: not_found, no pushes, not in queries', async () => {
    const [a, o] = [uid('owner'), uid('outsider')];
    const owner = await connect(t, sockets, a);
    const outsider = await connect(t, sockets, o);
    const pushed = record(outsider, 'tasks:task');
    const list = await createList(owner);
    const task = await createTask(owner, list.id, { title: 'secret' });
    expect(await refusal(outsider, 'tasks:list:get', { listId: list.id })).toBe('not_found');
    expect(await refusal(outsider, 'tasks:get', { taskId: task.id })).toBe('not_found');
    expect(await refusal(outsider, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'x' } })).toBe('not_found');
    expect(await refusal(outsider, 'tasks:comments', { taskId: task.id })).toBe('not_found');
    expect(await refusal(outsider, 'tasks:activity', { taskId: task.id })).toBe('not_found');
    expect(await refusal(outsider, 'tasks:create', { listId: list.id, title: 'x' })).toBe('not_found');
    expect((await ask(outsider, 'tasks:lists', {})).lists.map((l) => l.id)).not.toContain(list.id);
    expect((await ask(outsider, 'tasks:query', {})).tasks).toEqual([]);
    await ask(owner, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { title: 'still secret' } });
    // the owner's own socket got the push; by then the outsider's would have too
    expect(pushed).toEqual([]);
  });

  it('a department list is seen by the department’s employees with the department role, and by nobody else', async () => {
    const dept = uid('dept');
    const [a, d, o] = [uid('lead'), uid('colleague'), uid('other')];
    const lead = await connect(t, sockets, a, { dept: [dept] });
    const colleague = await connect(t, sockets, d, { dept: [dept] });
    const other = await connect(t, sockets, o, { dept: [uid('dept')] });
    const toColleague = nextEvent(colleague, 'tasks:list');
    const list = await createList(lead, { name: 'Dept board', visibility: 'department', department: dept, departmentRole: 'viewer' });
    expect(await toColleague).toMatchObject({ id: list.id, role: 'viewer' });
    expect((await ask(colleague, 'tasks:lists', {})).lists.find((l) => l.id === list.id)?.role).toBe('viewer');
    expect(await refusal(other, 'tasks:list:get', { listId: list.id })).toBe('not_found');
    expect(await refusal(colleague, 'tasks:create', { listId: list.id, title: 'x' })).toBe('forbidden');
    await ask(lead, 'tasks:list:update', { listId: list.id, departmentRole: 'editor' });
    expect((await createTask(colleague, list.id)).listId).toBe(list.id);
    // nobody makes a list for a department they do not belong to
    expect(await refusal(other, 'tasks:list:create', { name: 'x', visibility: 'department', department: dept })).toBe('forbidden');
  });

  it('an assignee from outside the list sees and works on their task, not the list; a watcher reads and comments', async () => {
    const [a, r, w] = [uid('marketing'), uid('rnd'), uid('watcher')];
    const marketing = await connect(t, sockets, a);
    const rnd = await connect(t, sockets, r);
    const watcher = await connect(t, sockets, w);
    const list = await createList(marketing);
    const other = await createTask(marketing, list.id, { title: 'not for R&D' });
    const pushed = nextEvent(rnd, 'tasks:task');
    const task = await createTask(marketing, list.id, { title: 'for R&D', assignee: r, watchers: [w] });
    expect((await pushed).id).toBe(task.id);
    expect(await refusal(rnd, 'tasks:list:get', { listId: list.id })).toBe('not_found');
    expect(await refusal(rnd, 'tasks:get', { taskId: other.id })).toBe('not_found');
    expect((await ask(rnd, 'tasks:query', { filter: 'mine' })).tasks.map((x) => x.id)).toEqual([task.id]);
    expect((await ask(rnd, 'tasks:move', { taskId: task.id, status: 'in_progress' })).task.status).toBe('in_progress');
    expect(await refusal(watcher, 'tasks:update', { taskId: task.id, baseVersion: 2, changes: { title: 'x' } })).toBe('forbidden');
    await ask(watcher, 'tasks:comment:add', { taskId: task.id, text: 'following along' });
    // unassigned, R&D loses sight of it and is told so
    const lost = nextEvent(rnd, 'tasks:task:removed');
    await ask(marketing, 'tasks:update', { taskId: task.id, baseVersion: 3, changes: { assignee: null } });
    expect(await lost).toMatchObject({ taskId: task.id, listId: list.id });
    expect(await refusal(rnd, 'tasks:get', { taskId: task.id })).toBe('not_found');
  });

  it('partners see only lists shared with their organisation, and cannot be brought into others', async () => {
    const org = uid('org');
    const [a, p] = [uid('employee'), uid('partner')];
    const employee = await connect(t, sockets, a);
    const partner = await connect(t, sockets, p, { kind: 'partner', org });
    const internal = await createList(employee, { name: 'Internal' });
    const internalTask = await createTask(employee, internal.id);
    expect(await refusal(employee, 'tasks:members:set', { listId: internal.id, members: [{ userId: p, role: 'editor' }] })).toBe('forbidden');
    expect(await refusal(employee, 'tasks:create', { listId: internal.id, title: 'x', assignee: p })).toBe('forbidden');
    expect(await refusal(employee, 'tasks:update', { taskId: internalTask.id, baseVersion: 1, changes: { watchers: [p] } })).toBe('forbidden');
    expect(await refusal(partner, 'tasks:list:get', { listId: internal.id })).toBe('not_found');
    expect(await refusal(partner, 'tasks:list:create', { name: 'mine' })).toBe('forbidden');

    const shared = await createList(employee, { name: 'Shared', partnerOrgs: [org], members: [{ userId: p, role: 'editor' }] });
    const sharedTask = await createTask(partner, shared.id, { title: 'partner’s task', assignee: a });
    expect((await ask(partner, 'tasks:lists', {})).lists.map((l) => l.name)).toEqual(['Personal', 'Shared']);
    expect((await ask(partner, 'tasks:query', {})).tasks.map((x) => x.id)).toEqual([sharedTask.id]);
    // a partner of another organisation sees nothing of it
    const stranger = await connect(t, sockets, uid('stranger'), { kind: 'partner', org: uid('org') });
    expect(await refusal(stranger, 'tasks:get', { taskId: sharedTask.id })).toBe('not_found');
    // unsharing cuts the partner off, membership or not
    const removed = nextEvent(partner, 'tasks:list:removed');
    await ask(employee, 'tasks:list:update', { listId: shared.id, partnerOrgs: [] });
    expect(await removed).toEqual({ listId: shared.id });
    expect(await refusal(partner, 'tasks:get', { taskId: sharedTask.id })).toBe('not_found');
    expect((await ask(partner, 'tasks:query', {})).tasks).toEqual([]);
  });

  it('customers see nothing: every tasks request is forbidden, and nobody can assign them', async () => {
    const [a, c] = [uid('employee'), uid('customer')];
    const employee = await connect(t, sockets, a);
    const customer = await connect(t, sockets, c, { kind: 'customer' });
    const list = await createList(employee);
    const task = await createTask(employee, list.id);
    expect(await refusal(customer, 'tasks:lists', {})).toBe('forbidden');
    expect(await refusal(customer, 'tasks:query', {})).toBe('forbidden');
    expect(await refusal(customer, 'tasks:get', { taskId: task.id })).toBe('forbidden');
    expect(await refusal(customer, 'tasks:create', { title: 'x' })).toBe('forbidden');
    expect(await refusal(customer, 'notifications:list', {})).toBe('forbidden');
    expect(await refusal(employee, 'tasks:update', { taskId: task.id, baseVersion: 1, changes: { assignee: c } })).toBe('forbidden');
    expect(await refusal(employee, 'tasks:members:set', { listId: list.id, members: [{ userId: c, role: 'viewer' }] })).toBe('forbidden');
  });

  it('another tenant’s list, task and comment ids are not_found, on the socket and over REST', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const list = await createList(ann);
    const task = await createTask(ann, list.id);
    const comment = await ask(ann, 'tasks:comment:add', { taskId: task.id, text: 'hi' });
    const otherTenant = `t-${uid('x').slice(-8)}`;
    const { secret } = await t.server.ctx.tenants.create({ id: otherTenant, name: 'Other', allowedOrigins: [] });
    const iat = Math.floor(Date.now() / 1000);
    const foreign: TestSocket = sockets.open(t.url, { token: await signHs256({ tid: otherTenant, sub: a, name: a, iat, exp: iat + 600 }, secret) });
    await sessionReady(foreign);
    expect(await refusal(foreign, 'tasks:list:get', { listId: list.id })).toBe('not_found');
    expect(await refusal(foreign, 'tasks:get', { taskId: task.id })).toBe('not_found');
    expect(await refusal(foreign, 'tasks:move', { taskId: task.id, status: 'done' })).toBe('not_found');
    expect(await refusal(foreign, 'tasks:comment:edit', { commentId: comment.id, text: 'x' })).toBe('not_found');
    expect((await ask(foreign, 'tasks:sync', { cursors: [{ listId: list.id, afterRev: 0 }] })).removed).toEqual([list.id]);
    const serverToken = await signHs256({ tid: otherTenant, srv: true, iat, exp: iat + 600 }, secret);
    const rest = await t.server.app.inject({ method: 'GET', url: `/v1/tasks/${task.id}`, headers: { authorization: `Bearer ${serverToken}` } });
    expect(rest.statusCode).toBe(404);
    expect(rest.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('files attached to a task are readable by whoever sees the task, and by nobody else', async () => {
    const [a, b, o] = [uid('ann'), uid('ben'), uid('outsider')];
    const ann = await connect(t, sockets, a);
    const list = await createList(ann, { members: [{ userId: b, role: 'viewer' }] });
    const file = await upload(a, 'brief.txt');
    const task = await createTask(ann, list.id, { attachments: [file.id] });
    expect(task.attachments).toEqual([{ id: file.id, name: 'brief.txt', size: file.size, type: file.type }]);
    expect(await fileStatus(b, file.id)).toBe(200);
    expect(await fileStatus(o, file.id)).toBe(404);
    // nobody attaches a file they cannot read
    const bens = await upload(b, 'bens.txt');
    expect(await refusal(ann, 'tasks:attachments:add', { taskId: task.id, fileIds: [bens.id] })).toBe('not_found');
    const removed = await ask(ann, 'tasks:attachments:remove', { taskId: task.id, fileId: file.id });
    expect(removed.attachments).toEqual([]);
    expect(await fileStatus(b, file.id)).toBe(404);
  });
});
