import { compareByRank } from '@plaza/protocol';
import type {
  PlazaError,
  CreateListPayload,
  CreateTaskPayload,
  Notification,
  NotificationsRead,
  Task,
  TaskChanges,
  TaskList,
  TaskOverwrittenNotice,
  TaskStatus,
  TaskUpdateResult,
} from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import { queryKey, randomId, shownAfter } from './query.js';
import { TaskCache, type Overlay } from './task-cache.js';
import type { DetailHub, PlazaTaskDetail } from './task-detail.js';
import { PlazaTaskView, asPlazaError, type ViewHub } from './task-view.js';
import type { MoveTarget, NotificationsState, TaskDetail, TaskQuery, TasksApi, TasksEvents, TaskView } from './types.js';

export interface TasksOptions {
  connection: Connection;
  emit<K extends keyof TasksEvents>(name: K, payload: TasksEvents[K]): void;
  /** A failure no promise reports. */
  report(error: PlazaError): void;
}

/** Notifications one load shows (newest first). */
const NOTIFICATION_PAGE = 50;

/**
 * `client.tasks`: lists, live views and details over one task cache, and optimistic
 * changes. Each change is shown at once as a layer over the server's task
 * ({@link TaskCache}), sent, and then replaced by the server's answer — or dropped when
 * refused, which undoes it and emits `task:rollback`. After every sign-in the open views,
 * details, lists and notifications load again, so nothing missed while offline stays missing.
 */
export class PlazaTasks implements TasksApi, ViewHub, DetailHub {
  readonly connection: Connection;
  readonly cache = new TaskCache();
  readonly lists = new StateStore<readonly TaskList[]>([]);
  readonly notifications = new StateStore<NotificationsState>({ items: [], unreadCount: 0, loaded: false });
  readonly #options: TasksOptions;
  readonly #views = new Map<string, PlazaTaskView>();
  readonly #details = new Map<string, PlazaTaskDetail>();
  #listsLoaded = false;

  constructor(options: TasksOptions) {
    this.#options = options;
    this.connection = options.connection;
    this.#listen();
  }

  get pending(): StateStore<ReadonlySet<string>> {
    return this.cache.pending;
  }

  // ——— lists, views, details ———

  async loadLists(): Promise<readonly TaskList[]> {
    const { lists } = await this.connection.request('tasks:lists', {});
    this.#listsLoaded = true;
    this.lists.set(lists);
    return lists;
  }

  async createList(payload: CreateListPayload): Promise<TaskList> {
    const list = await this.connection.request('tasks:list:create', payload);
    this.#upsertList(list);
    return list;
  }

  view(query: TaskQuery): TaskView {
    const key = queryKey(query);
    let view = this.#views.get(key);
    if (!view) {
      view = new PlazaTaskView(this, query);
      this.#views.set(key, view);
      // Offline, the load waits for the next sign-in.
      if (this.connection.status === 'online') void view.load().catch(() => undefined);
    }
    view.users += 1;
    return view;
  }

  async detail(taskId: string): Promise<TaskDetail> {
    // Only needed once a task is opened: browser bundles load this part then.
    const { PlazaTaskDetail } = await import('./task-detail.js');
    let detail = this.#details.get(taskId);
    if (!detail) {
      detail = new PlazaTaskDetail(this, taskId);
      this.#details.set(taskId, detail);
      if (this.connection.status === 'online') void detail.load().catch(() => undefined);
    }
    detail.users += 1;
    return detail;
  }

  get(taskId: string): Task | undefined {
    return this.cache.get(taskId);
  }

  closed(handle: PlazaTaskView | PlazaTaskDetail): void {
    if (handle instanceof PlazaTaskView) {
      const key = queryKey(handle.query);
      if (this.#views.get(key) === handle) this.#views.delete(key);
    } else if (this.#details.get(handle.taskId) === handle) {
      this.#details.delete(handle.taskId);
    }
  }

  // ——— changes ———

  async create(payload: CreateTaskPayload): Promise<Task> {
    // No temporary task: the stored one shows a round trip later, and a draft of every field
    // would cost each page more than it gives. The client id makes a retried request answer
    // the stored task instead of creating a second one.
    const task = await this.connection.request('tasks:create', { clientId: randomId(), ...payload });
    this.receive([task]);
    return task;
  }


  update(taskId: string, changes: TaskChanges): Promise<TaskUpdateResult> {
    const me = this.#me();
    const baseVersion = this.cache.confirmed(taskId)?.version ?? 0;
    const shown = this.cache.get(taskId);
    // A new status puts the task at the bottom of its new column, as the server does.
    const rank = shown && changes.status && changes.status !== shown.status ? this.#rankFor(shown, { status: changes.status }) : undefined;
    return this.change(
      taskId,
      'update',
      (task) => task && { ...applyChanges(task, changes, me), rank: rank ?? task.rank },
      () => this.connection.request('tasks:update', { taskId, baseVersion, changes }),
      (result) => result.task,
    );
  }

  move(taskId: string, target: MoveTarget): Promise<TaskUpdateResult> {
    const task = this.cache.get(taskId);
    const rank = task && this.#rankFor(task, target);
    const me = this.#me();
    const baseVersion = this.cache.confirmed(taskId)?.version;
    return this.change(
      taskId,
      'move',
      (t) => t && { ...applyChanges(t, { status: target.status }, me), rank: rank ?? t.rank },
      () => this.connection.request('tasks:move', { taskId, ...target, baseVersion }),
      (result) => result.task,
    );
  }

  async remove(taskId: string): Promise<void> {
    await this.change(
      taskId,
      'remove',
      () => undefined,
      () => this.connection.request('tasks:delete', { taskId }),
      () => null,
    );
    this.cache.delete([taskId]);
  }

  // ——— notifications ———

  async loadNotifications(): Promise<NotificationsState> {
    const page = await this.connection.request('notifications:list', { limit: NOTIFICATION_PAGE });
    const state = { items: page.notifications, unreadCount: page.unreadCount, loaded: true };
    this.notifications.set(state);
    return state;
  }

  async markNotificationsRead(ids: readonly string[] | 'all'): Promise<void> {
    const all = ids === 'all';
    this.#markRead({ ids: all ? [] : [...ids], all, unreadCount: null });
    try {
      const { unreadCount } = await this.connection.request('notifications:read', all ? { all: true } : { ids: [...ids] });
      this.notifications.patch({ unreadCount });
    } catch (error) {
      // The badge may be wrong now: ask the server what is unread.
      void this.loadNotifications().catch(() => undefined);
      throw error;
    }
  }

  // ——— pushes and sign-in ———

  #listen(): void {
    const { connection } = this;
    connection.onPush('tasks:task', (task) => this.receive([task]));
    connection.onPush('tasks:task:removed', ({ taskId }) => this.cache.delete([taskId]));
    connection.onPush('tasks:list', (list) => this.#upsertList(list));
    connection.onPush('tasks:list:removed', ({ listId }) => this.#removeList(listId));
    connection.onPush('tasks:comment', (comment) => this.#details.get(comment.taskId)?.commented(comment));
    connection.onPush('tasks:overwritten', (notice) => void this.#overwritten(notice));
    connection.onPush('notification', (notification) => this.#notified(notification));
    connection.onPush('notifications:read', (read) => this.#markRead(read));
    connection.onReady(() => this.#ready());
    // Made while already signed in (the tasks chunk loaded after the client connected).
    if (connection.status === 'online' && connection.session) this.#ready();
  }

  /** After every sign-in: everything open loads again, so changes missed while away show. */
  #ready(): void {
    const quietly = (work: Promise<unknown>) => void work.catch((error: unknown) => this.#reportUnlessOffline(error));
    if (this.#listsLoaded) quietly(this.loadLists());
    if (this.notifications.get().loaded) quietly(this.loadNotifications());
    for (const view of this.#views.values()) if (!view.state.get().loading) void view.load().catch(() => undefined);
    for (const detail of this.#details.values()) void detail.load().catch(() => undefined);
  }

  /** Tasks from the server (a push or an answer). */
  receive(tasks: readonly Task[]): void {
    this.cache.put(tasks);
  }


  async #overwritten(notice: TaskOverwrittenNotice): Promise<void> {
    // The notice and the task's push travel separately: ask for the task as it stands, so
    // the event's task (and every view) shows the value that won.
    let task: Task | null;
    try {
      task = await this.connection.request('tasks:get', { taskId: notice.taskId });
      this.receive([task]);
    } catch {
      task = this.cache.get(notice.taskId) ?? null;
    }
    this.#options.emit('task:overwritten', { ...notice, task });
  }

  #notified(notification: Notification): void {
    const state = this.notifications.get();
    if (state.items.some((n) => n.id === notification.id)) return;
    this.notifications.set({
      ...state,
      items: [notification, ...state.items],
      unreadCount: state.unreadCount + (notification.readAt ? 0 : 1),
    });
    this.#options.emit('notification', notification);
  }

  /** Marks notifications read here; without `unreadCount`, the badge drops by what was unread among them. */
  #markRead({ ids, all, unreadCount }: Omit<NotificationsRead, 'unreadCount'> & { unreadCount: number | null }): void {
    const state = this.notifications.get();
    const readAt = new Date().toISOString();
    const marked = (n: Notification) => !n.readAt && (all || ids.includes(n.id));
    const newlyRead = state.items.filter(marked).length;
    this.notifications.set({
      ...state,
      items: state.items.map((n) => (marked(n) ? { ...n, readAt } : n)),
      unreadCount: unreadCount ?? (all ? 0 : Math.max(0, state.unreadCount - newlyRead)),
    });
  }

  // ——— helpers ———

  /** Shows a change at once, sends it, then takes the server's task — or undoes it (also for details). */
  async change<T>(
    taskId: string,
    action: string,
    apply: Overlay,
    send: () => Promise<T>,
    settle: (result: T) => Task | null,
  ): Promise<T> {
    const token = this.cache.overlay(taskId, apply);
    let result: T;
    try {
      result = await send();
    } catch (error) {
      this.cache.drop(taskId, token);
      throw this.#rolledBack(taskId, action, error);
    }
    this.cache.batch(() => {
      const task = settle(result);
      if (task) this.receive([task]);
      this.cache.drop(taskId, token);
    });
    return result;
  }

  #rolledBack(taskId: string, action: string, error: unknown): PlazaError {
    const plaza = asPlazaError(error);
    this.#options.emit('task:rollback', { taskId, action, error: plaza });
    return plaza;
  }

  /** Where a move shows the task until the server answers: right after the neighbour before its new place. */
  #rankFor(task: Task, { status, after, before }: MoveTarget): string {
    const column = [...this.cache.all()]
      .filter((t) => t.listId === task.listId && t.status === status && t.id !== task.id)
      .sort(compareByRank);
    const afterAt = after ? column.findIndex((t) => t.id === after) : -1;
    const beforeAt = before ? column.findIndex((t) => t.id === before) : -1;
    return shownAfter(column[afterAt !== -1 ? afterAt : beforeAt !== -1 ? beforeAt - 1 : column.length - 1]?.rank);
  }

  #upsertList(list: TaskList): void {
    const lists = this.lists.get();
    this.lists.set(lists.some((l) => l.id === list.id) ? lists.map((l) => (l.id === list.id ? list : l)) : [...lists, list]);
    for (const view of this.#views.values()) view.listChanged(list);
  }

  #removeList(listId: string): void {
    this.lists.set(this.lists.get().filter((l) => l.id !== listId));
    for (const view of this.#views.values()) view.listRemoved(listId);
  }

  #me(): string | null {
    return this.connection.session?.user.id ?? null;
  }

  #reportUnlessOffline(error: unknown): void {
    const plaza = asPlazaError(error);
    if (plaza.code !== 'unavailable') this.#options.report(plaza);
  }
}

/** Past due and not done. */
export function isOverdue(due: string | null, status: TaskStatus, now = Date.now()): boolean {
  return status !== 'done' && due !== null && Date.parse(due) < now;
}

/** A task with `changes` applied as the server would (assigner, completion, overdue). */
export function applyChanges(task: Task, changes: TaskChanges, me: string | null): Task {
  const now = new Date().toISOString();
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<Task>;
  const next: Task = { ...task, ...given, updatedBy: me ?? task.updatedBy, updatedAt: now };
  if (changes.due) next.due = new Date(changes.due).toISOString();
  if (changes.assignee !== undefined && changes.assignee !== task.assignee) next.assignedBy = changes.assignee && me;
  if (changes.status && changes.status !== task.status) {
    const done = changes.status === 'done';
    next.completedBy = done ? me : null;
    next.completedAt = done ? now : null;
  }
  next.overdue = isOverdue(next.due, next.status);
  return next;
}
