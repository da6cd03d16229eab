import type { ChecklistItem, PlazaError, Task, TaskActivity, TaskComment } from '@plaza/protocol';
import { randomId, shownAfter } from './query.js';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import type { Overlay, TaskCache } from './task-cache.js';
import { asPlazaError } from './task-view.js';
import type { TaskDetail } from './types.js';

/** Comments and history entries one load asks for (the newest). */
const PAGE = 100;

export interface DetailHub {
  readonly connection: Connection;
  readonly cache: TaskCache;
  closed(detail: PlazaTaskDetail): void;
  /** Tasks from the server (an answer). */
  receive(tasks: readonly Task[]): void;
  /** Shows a change at once, sends it, then takes the server's task, or undoes it (`task:rollback`). */
  change<T>(taskId: string, action: string, apply: Overlay, send: () => Promise<T>, settle: (result: T) => Task | null): Promise<T>;
}

/** A task opened in detail; see {@link TaskDetail}. */
export class PlazaTaskDetail implements TaskDetail {
  readonly taskId: string;
  readonly task: StateStore<Task | null>;
  readonly comments = new StateStore<readonly TaskComment[]>([]);
  readonly activity = new StateStore<readonly TaskActivity[]>([]);
  readonly state = new StateStore<{ loading: boolean; error: PlazaError | null }>({ loading: false, error: null });
  readonly #hub: DetailHub;
  readonly #stop: () => void;
  /** The server version the history was loaded at: a newer one means new entries. */
  #activityAt = -1;
  #activityLoading: Promise<void> | null = null;
  #closed = false;
  /** How many `view()`/`detail()` calls this handle answered that no `close()` has matched yet. */
  users = 0;

  constructor(hub: DetailHub, taskId: string) {
    this.#hub = hub;
    this.taskId = taskId;
    this.task = new StateStore<Task | null>(hub.cache.get(taskId) ?? null);
    this.#stop = hub.cache.listen((ids) => {
      if (ids.includes(taskId)) this.#taskChanged();
    });
  }

  async load(): Promise<void> {
    const { connection, cache } = this.#hub;
    this.state.patch({ loading: true });
    try {
      const [task, page] = await Promise.all([
        connection.request('tasks:get', { taskId: this.taskId }),
        connection.request('tasks:comments', { taskId: this.taskId, limit: PAGE }),
      ]);
      cache.put([task], true);
      this.#mergeComments(page.comments, true);
      await this.#loadActivity();
      this.state.patch({ loading: false, error: null });
    } catch (error) {
      this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
  }

  async comment(text: string): Promise<TaskComment> {
    const comment = await this.#hub.connection.request('tasks:comment:add', { taskId: this.taskId, clientId: randomId(), text });
    this.#mergeComments([comment]);
    return comment;
  }

  addChecklistItem(text: string): Promise<Task> {
    const last = this.#hub.cache.get(this.taskId)?.checklist.at(-1);
    const item: ChecklistItem = { id: randomId(), text, done: false, rank: shownAfter(last?.rank), doneBy: null, doneAt: null };
    return this.#change(
      'addChecklistItem',
      (task) => ({ ...task, checklist: [...task.checklist, item] }),
      () => this.#hub.connection.request('tasks:checklist:add', { taskId: this.taskId, text, after: last?.id }),
    );
  }

  updateChecklistItem(itemId: string, changes: Partial<Pick<ChecklistItem, 'text' | 'done'>>): Promise<Task> {
    const me = this.#hub.connection.session?.user.id ?? null;
    const at = new Date().toISOString();
    const ticked = changes.done === undefined ? {} : { doneBy: changes.done ? me : null, doneAt: changes.done ? at : null };
    return this.#change(
      'updateChecklistItem',
      (task) => ({ ...task, checklist: task.checklist.map((item) => (item.id === itemId ? { ...item, ...changes, ...ticked } : item)) }),
      () => this.#hub.connection.request('tasks:checklist:update', { taskId: this.taskId, itemId, ...changes }),
    );
  }

  removeChecklistItem(itemId: string): Promise<Task> {
    return this.#change(
      'removeChecklistItem',
      (task) => ({ ...task, checklist: task.checklist.filter((item) => item.id !== itemId) }),
      () => this.#hub.connection.request('tasks:checklist:remove', { taskId: this.taskId, itemId }),
    );
  }

  async attach(fileIds: string[]): Promise<Task> {
    const task = await this.#hub.connection.request('tasks:attachments:add', { taskId: this.taskId, fileIds });
    this.#hub.receive([task]);
    return task;
  }

  detach(fileId: string): Promise<Task> {
    return this.#change(
      'detach',
      (task) => ({ ...task, attachments: task.attachments.filter((file) => file.id !== fileId) }),
      () => this.#hub.connection.request('tasks:attachments:remove', { taskId: this.taskId, fileId }),
    );
  }

  /** A change of this task shown at once, whose answer is the task as stored. */
  #change(action: string, apply: (task: Task) => Task, send: () => Promise<Task>): Promise<Task> {
    return this.#hub.change(this.taskId, action, (task) => task && apply(task), send, (task) => task);
  }

  /** A comment of this task was added, edited or deleted (a push). */
  commented(comment: TaskComment): void {
    if (comment.taskId === this.taskId) this.#mergeComments([comment]);
  }

  close(): void {
    // Shared by everyone who asked for the same one: it stops when the last of them closes it.
    this.users -= 1;
    if (this.#closed || this.users > 0) return;
    this.#closed = true;
    this.#stop();
    this.#hub.closed(this);
  }

  #taskChanged(): void {
    const task = this.#hub.cache.get(this.taskId) ?? null;
    this.task.set(task);
    const confirmed = this.#hub.cache.confirmed(this.taskId);
    // Every confirmed change adds history: follow it, one request at a time.
    if (confirmed && this.#activityAt >= 0 && confirmed.version > this.#activityAt && !this.#activityLoading) {
      void this.#loadActivity().catch(() => undefined);
    }
  }

  #loadActivity(): Promise<void> {
    const at = this.#hub.cache.confirmed(this.taskId)?.version ?? 0;
    const run = this.#hub.connection.request('tasks:activity', { taskId: this.taskId, limit: PAGE }).then((page) => {
      if (this.#closed) return;
      this.activity.set(page.activity);
      this.#activityAt = Math.max(this.#activityAt, at);
    });
    this.#activityLoading = run.then(
      () => {
        this.#activityLoading = null;
        // Changes confirmed while this load was under way.
        const now = this.#hub.cache.confirmed(this.taskId)?.version ?? 0;
        if (!this.#closed && now > this.#activityAt) void this.#loadActivity().catch(() => undefined);
      },
      () => {
        this.#activityLoading = null;
      },
    );
    return run;
  }

  #mergeComments(comments: readonly TaskComment[], replace = false): void {
    const byId = new Map((replace ? [] : this.comments.get()).map((c) => [c.id, c]));
    for (const comment of comments) byId.set(comment.id, comment);
    this.comments.set([...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)));
  }
}
