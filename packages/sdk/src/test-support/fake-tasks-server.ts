// A small in-memory tasks server on a FakeConnection, for the SDK's unit tests and the task
// elements' tests and stories: versions and revs, ranks from the named neighbours, a
// viewer role that is refused, activity, comments and notifications, pushes of every change.
import { PlazaError, compareByRank, rankBetween } from '@plaza/protocol';
import type {
  Notification,
  Task,
  TaskActivity,
  TaskComment,
  TaskList,
  TaskListMember,
  TaskStatus,
} from '@plaza/protocol';
import type { FakeConnection } from './fake-connection.js';

export const FAKE_LIST_ID = '0192f3c4-5d6e-7abc-8def-000000000001';

/** What the mutating requests of a viewer answer. */
const MUTATIONS = new Set([
  'tasks:create',
  'tasks:update',
  'tasks:move',
  'tasks:delete',
  'tasks:checklist:add',
  'tasks:checklist:update',
  'tasks:checklist:remove',
  'tasks:attachments:add',
  'tasks:attachments:remove',
]);

export function fakeList(changes: Partial<TaskList> = {}): TaskList {
  return {
    id: FAKE_LIST_ID,
    name: 'Launch',
    description: '',
    visibility: 'private',
    department: null,
    departmentRole: 'editor',
    partnerOrgs: [],
    columns: ['todo', 'in_progress', 'done'],
    personalOf: null,
    archived: false,
    createdBy: 'me',
    createdAt: '2026-01-01T00:00:00.000Z',
    rev: 0,
    taskCount: 0,
    role: 'owner',
    ...changes,
  };
}

export class FakeTasksServer {
  readonly tasks = new Map<string, Task>();
  readonly comments: TaskComment[] = [];
  readonly activity: TaskActivity[] = [];
  readonly notifications: Notification[] = [];
  list: TaskList = fakeList();
  members: TaskListMember[] = [];
  rev = 0;
  /** Push every change to the connection, as the real server does to everyone who sees the task. */
  push = true;
  /** The next request of each name fails with this error (once). */
  readonly failures = new Map<string, PlazaError>();
  #ids = 0;

  constructor(readonly connection: FakeConnection) {
    const c = connection;
    const guard = <P, R>(name: string, handler: (payload: P) => R) => (payload: P) => {
      const failure = this.failures.get(name);
      if (failure) {
        this.failures.delete(name);
        throw failure;
      }
      if (MUTATIONS.has(name) && this.list.role === 'viewer') throw new PlazaError('forbidden', 'viewers cannot change tasks');
      return handler(payload);
    };
    c.handle('tasks:lists', () => ({ lists: [this.list] }));
    c.handle('tasks:list:get', guard('tasks:list:get', () => ({ list: this.list, members: this.members, tasks: this.of(this.list.id) })));
    c.handle(
      'tasks:query',
      guard('tasks:query', (p) => ({ tasks: [...this.tasks.values()].filter((t) => this.#matches(t, p)), nextCursor: null })),
    );
    c.handle('tasks:get', ({ taskId }) => this.task(taskId));
    c.handle(
      'tasks:create',
      guard('tasks:create', (p) => {
        const existing = [...this.tasks.values()].find((t) => t.clientId !== undefined && t.clientId === p.clientId);
        if (existing) return existing;
        const status = p.status ?? 'todo';
        const column = this.column(p.listId ?? this.list.id, status);
        return this.add({
          title: p.title,
          listId: p.listId ?? this.list.id,
          status,
          assignee: p.assignee ?? null,
          assignedBy: p.assignee ? this.#me() : null,
          labels: p.labels ?? [],
          due: p.due ? new Date(p.due).toISOString() : null,
          ...(p.clientId ? { clientId: p.clientId } : {}),
          rank: p.position === 'top' ? rankBetween(null, column[0]?.rank ?? null) : rankBetween(column.at(-1)?.rank ?? null, null),
        });
      }),
    );
    c.handle(
      'tasks:update',
      guard('tasks:update', (p) => {
        const changes: Partial<Task> = { ...(p.changes as Partial<Task>) };
        if (changes.due) changes.due = new Date(changes.due).toISOString();
        if (p.changes.assignee !== undefined) changes.assignedBy = p.changes.assignee ? this.#me() : null;
        return { task: this.change(p.taskId, changes, this.#me()), overwritten: [] };
      }),
    );
    c.handle(
      'tasks:move',
      guard('tasks:move', (p) => {
        const column = this.column(this.task(p.taskId).listId, p.status).filter((t) => t.id !== p.taskId);
        const after = p.after ? column.findIndex((t) => t.id === p.after) : -1;
        const before = p.before ? column.findIndex((t) => t.id === p.before) : -1;
        const at = after !== -1 ? after + 1 : before !== -1 ? before : column.length;
        const rank = rankBetween(column[at - 1]?.rank ?? null, column[at]?.rank ?? null);
        return { task: this.change(p.taskId, { status: p.status, rank }, this.#me()), overwritten: [] };
      }),
    );
    c.handle(
      'tasks:delete',
      guard('tasks:delete', ({ taskId }) => {
        const task = this.task(taskId);
        this.tasks.delete(taskId);
        this.rev += 1;
        if (this.push) this.connection.push('tasks:task:removed', { taskId, listId: task.listId, rev: this.rev });
        return { taskId, listId: task.listId };
      }),
    );
    c.handle(
      'tasks:checklist:add',
      guard('tasks:checklist:add', (p) => {
        const task = this.task(p.taskId);
        const item = { id: this.#id('2'), text: p.text, done: false, rank: rankBetween(task.checklist.at(-1)?.rank ?? null, null), doneBy: null, doneAt: null };
        return this.change(p.taskId, { checklist: [...task.checklist, item] }, this.#me());
      }),
    );
    c.handle(
      'tasks:checklist:update',
      guard('tasks:checklist:update', (p) => {
        const task = this.task(p.taskId);
        const checklist = task.checklist.map((i) => (i.id === p.itemId ? { ...i, text: p.text ?? i.text, done: p.done ?? i.done } : i));
        return this.change(p.taskId, { checklist }, this.#me());
      }),
    );
    c.handle(
      'tasks:checklist:remove',
      guard('tasks:checklist:remove', (p) =>
        this.change(p.taskId, { checklist: this.task(p.taskId).checklist.filter((i) => i.id !== p.itemId) }, this.#me()),
      ),
    );
    c.handle(
      'tasks:attachments:add',
      guard('tasks:attachments:add', (p) => {
        const files = p.fileIds.map((id) => ({ id, name: `${id}.bin`, size: 1024, type: 'application/octet-stream' }));
        return this.change(p.taskId, { attachments: [...this.task(p.taskId).attachments, ...files] }, this.#me());
      }),
    );
    c.handle(
      'tasks:attachments:remove',
      guard('tasks:attachments:remove', (p) =>
        this.change(p.taskId, { attachments: this.task(p.taskId).attachments.filter((a) => a.id !== p.fileId) }, this.#me()),
      ),
    );
    c.handle('tasks:comments', ({ taskId }) => ({ comments: this.comments.filter((x) => x.taskId === taskId), hasMore: false }));
    c.handle(
      'tasks:comment:add',
      guard('tasks:comment:add', (p) => {
        const task = this.task(p.taskId);
        const comment: TaskComment = {
          id: this.#id('3'),
          taskId: p.taskId,
          listId: task.listId,
          authorId: this.#me(),
          text: p.text,
          createdAt: new Date().toISOString(),
          editedAt: null,
          deletedAt: null,
        };
        this.comments.push(comment);
        this.#record(p.taskId, 'commented', null, null, null);
        if (this.push) this.connection.push('tasks:comment', comment);
        this.change(p.taskId, { commentCount: task.commentCount + 1 }, this.#me(), false);
        return comment;
      }),
    );
    c.handle('tasks:activity', ({ taskId }) => ({ activity: this.activity.filter((a) => a.taskId === taskId), hasMore: false }));
    c.handle('notifications:list', () => ({
      notifications: [...this.notifications],
      unreadCount: this.notifications.filter((n) => !n.readAt).length,
      hasMore: false,
    }));
    c.handle('notifications:read', (p) => {
      const at = new Date().toISOString();
      for (const [i, n] of this.notifications.entries()) {
        if (!n.readAt && (p.all || p.ids?.includes(n.id))) this.notifications[i] = { ...n, readAt: at };
      }
      return { unreadCount: this.notifications.filter((n) => !n.readAt).length };
    });
  }

  of(listId: string): Task[] {
    return [...this.tasks.values()].filter((t) => t.listId === listId);
  }

  column(listId: string, status: TaskStatus): Task[] {
    return this.of(listId)
      .filter((t) => t.status === status)
      .sort(compareByRank);
  }

  /** Stores a task (pushed when `push` is on) at the bottom of its column unless `rank` is given. */
  add(changes: Partial<Task> = {}): Task {
    this.rev += 1;
    const listId = changes.listId ?? this.list.id;
    const status = changes.status ?? 'todo';
    const id = this.#id('1');
    const now = new Date().toISOString();
    const task: Task = {
      id,
      listId,
      title: `task ${this.#ids}`,
      description: '',
      status,
      priority: 'normal',
      assignee: null,
      assignedBy: null,
      watchers: [],
      labels: [],
      due: null,
      overdue: false,
      rank: rankBetween(this.column(listId, status).at(-1)?.rank ?? null, null),
      checklist: [],
      attachments: [],
      commentCount: 0,
      source: null,
      createdBy: this.#me(),
      createdAt: now,
      updatedBy: this.#me(),
      updatedAt: now,
      completedBy: null,
      completedAt: null,
      version: 1,
      rev: this.rev,
      ...changes,
    };
    task.overdue = task.status !== 'done' && task.due !== null && Date.parse(task.due) < Date.now();
    this.tasks.set(id, task);
    this.#record(id, 'created', null, null, null, task.createdBy);
    if (this.push) this.connection.push('tasks:task', task);
    return task;
  }

  /** Changes a task as `by` did on the server: a new version and rev, activity, a push. */
  change(id: string, changes: Partial<Task>, by = 'bob', record = true): Task {
    this.rev += 1;
    const current = this.task(id);
    const next: Task = { ...current, ...changes, version: current.version + 1, rev: this.rev, updatedBy: by, updatedAt: new Date().toISOString() };
    next.overdue = next.status !== 'done' && next.due !== null && Date.parse(next.due) < Date.now();
    this.tasks.set(id, next);
    if (record) {
      for (const field of Object.keys(changes) as (keyof Task)[]) {
        if (field in current && field !== 'assignedBy') this.#record(id, 'updated', field, current[field], next[field], by);
      }
    }
    if (this.push) this.connection.push('tasks:task', next);
    return next;
  }

  task(id: string): Task {
    const task = this.tasks.get(id);
    if (!task) throw new PlazaError('not_found', `no task ${id}`);
    return task;
  }

  /** Adds a notification and pushes it. */
  notify(changes: Partial<Notification> = {}): Notification {
    const task = [...this.tasks.values()][0];
    const notification: Notification = {
      id: this.#id('4'),
      kind: 'task.reminder',
      createdAt: new Date().toISOString(),
      readAt: null,
      actorId: null,
      task: { id: task?.id ?? 'none', listId: this.list.id, title: task?.title ?? 'Task', due: task?.due ?? null, status: task?.status ?? 'todo' },
      reminder: 'day_before',
      ...changes,
    };
    this.notifications.unshift(notification);
    if (this.push) this.connection.push('notification', notification);
    return notification;
  }

  #matches(task: Task, p: { filter?: string; listId?: string; label?: string; assignee?: string }): boolean {
    const me = this.#me();
    if (p.listId && task.listId !== p.listId) return false;
    if (p.label && !task.labels.includes(p.label)) return false;
    if (p.assignee && task.assignee !== p.assignee) return false;
    if (p.filter === 'mine' && task.assignee !== me) return false;
    if (p.filter === 'assigned_by_me' && (task.assignedBy !== me || task.assignee === null)) return false;
    if (p.filter === 'overdue' && !task.overdue) return false;
    return true;
  }

  #record(taskId: string, action: TaskActivity['action'], field: string | null, from: unknown, to: unknown, by = this.#me()): void {
    this.activity.push({
      id: this.#id('5'),
      taskId,
      actorId: by,
      at: new Date().toISOString(),
      action,
      field: field as TaskActivity['field'],
      from: (from ?? null) as TaskActivity['from'],
      to: (to ?? null) as TaskActivity['to'],
    });
  }

  #id(kind: string): string {
    return `0192f3c4-5d6e-7abc-8def-${kind}${String(++this.#ids).padStart(11, '0')}`;
  }

  #me(): string {
    return this.connection.session?.user.id ?? 'me';
  }
}
