import { PlazaError } from '@plaza/protocol';
import type { Task, TaskList, TaskPage } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import { boardOrder, matches, queryPayload } from './query.js';
import type { TaskCache } from './task-cache.js';
import type { TaskQuery, TaskView, TaskViewState } from './types.js';

/** Pages of `tasks:query` one load follows at most (200 tasks each). */
const MAX_PAGES = 50;

/** What a view needs from the tasks client that owns it. */
export interface ViewHub {
  readonly connection: Connection;
  readonly cache: TaskCache;
  closed(view: PlazaTaskView): void;
}

const INITIAL: TaskViewState = { loading: false, loaded: false, error: null, list: null, members: [] };

/**
 * One query's tasks. A load asks the server (`tasks:list:get` for a list, `tasks:query`
 * otherwise) and takes its answer as the membership; from then on every change the cache
 * hears is matched against the query: a task that now matches joins, one that no longer
 * does leaves. Where the client cannot tell (a department filter), a task it does not
 * hold makes the view load again.
 */
export class PlazaTaskView implements TaskView {
  readonly query: Readonly<TaskQuery>;
  readonly tasks = new StateStore<readonly Task[]>([]);
  readonly state = new StateStore<TaskViewState>(INITIAL);
  readonly #hub: ViewHub;
  readonly #members = new Set<string>();
  readonly #stopListening: () => void;
  /** Ids the cache heard about while a load was under way: newer than its answer may know. */
  #heardWhileLoading = new Set<string>();
  #epoch = 0;
  /** This view's own answer is going into the cache: membership is set from it just after. */
  #taking = false;
  #closed = false;
  /** How many `view()`/`detail()` calls this handle answered that no `close()` has matched yet. */
  users = 0;
  #reloadQueued = false;

  constructor(hub: ViewHub, query: TaskQuery) {
    this.#hub = hub;
    // Empty criteria are no criteria.
    this.query = Object.freeze(Object.fromEntries(Object.entries(query).filter(([, value]) => value)) as TaskQuery);
    this.#stopListening = hub.cache.listen((ids, fresh) => this.#changed(ids, fresh));
  }

  async load(): Promise<void> {
    const epoch = ++this.#epoch;
    this.#heardWhileLoading.clear();
    this.state.patch({ loading: true });
    let answer: { tasks: Task[]; list: TaskList | null; members: TaskViewState['members'] };
    try {
      answer = await this.#fetch();
    } catch (error) {
      if (epoch === this.#epoch && !this.#closed) this.state.patch({ loading: false, error: asPlazaError(error) });
      throw error;
    }
    if (epoch !== this.#epoch || this.#closed) return;
    const { cache } = this.#hub;
    const ids = new Set(answer.tasks.map((t) => t.id));
    const heard = this.#heardWhileLoading;
    this.#taking = true;
    cache.batch(() => {
      // A list's answer is the whole list: what it lacks was deleted while we were away
      // (unless a push about it came in after the answer was made).
      const { listId } = this.query;
      if (listId) cache.delete(cache.idsOfList(listId).filter((id) => !ids.has(id) && !heard.has(id)));
      cache.put(answer.tasks, true);
    });
    this.#taking = false;
    this.#members.clear();
    for (const id of ids) this.#members.add(id);
    // Pushes that came during the load, and this client's creations still on the wire.
    for (const task of cache.all()) if (!ids.has(task.id) && this.#matches(task) === true) this.#members.add(task.id);
    this.state.patch({ list: answer.list, members: answer.members });
    this.#publish();
    this.state.patch({ loading: false, loaded: true, error: null });
  }

  close(): void {
    // Shared by everyone who asked for the same one: it stops when the last of them closes it.
    this.users -= 1;
    if (this.#closed || this.users > 0) return;
    this.#closed = true;
    this.#stopListening();
    this.#hub.closed(this);
  }

  /** The list changed (a `tasks:list` push); its columns may be in a new order. */
  listChanged(list: TaskList): void {
    if (this.query.listId !== list.id) return;
    this.state.patch({ list });
    this.#publish();
  }

  /** The user can no longer see the list: nothing to show. */
  listRemoved(listId: string): void {
    if (this.query.listId !== listId) return;
    this.#members.clear();
    this.tasks.set([]);
    this.state.patch({ list: null, members: [], error: new PlazaError('forbidden', 'you can no longer see this list') });
  }

  async #fetch(): Promise<{ tasks: Task[]; list: TaskList | null; members: TaskViewState['members'] }> {
    const { connection } = this.#hub;
    const { listId } = this.query;
    if (listId && Object.keys(this.query).length === 1) {
      const detail = await connection.request('tasks:list:get', { listId });
      return { tasks: detail.tasks, list: detail.list, members: detail.members };
    }
    const tasks: Task[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer: TaskPage = await connection.request('tasks:query', { ...queryPayload(this.query), ...(cursor ? { cursor } : {}) });
      tasks.push(...answer.tasks);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    // A filtered view of one list still shows the list's name and the user's role.
    const list = listId ? ((await connection.request('tasks:lists', {})).lists.find((l) => l.id === listId) ?? null) : null;
    return { tasks, list, members: [] };
  }

  #matches(task: Task): boolean | null {
    return matches(this.query, task, this.#hub.connection.session?.user.id ?? null);
  }

  #changed(ids: readonly string[], fresh: boolean): void {
    if (this.#closed || this.#taking) return;
    if (this.state.get().loading) for (const id of ids) this.#heardWhileLoading.add(id);
    if (!this.state.get().loaded) return;
    const touched: string[] = [];
    for (const id of ids) {
      const task = this.#hub.cache.get(id);
      const member = this.#members.has(id);
      const fits = task ? this.#matches(task) : false;
      if (fits === null && !member) {
        // Another view's answer says nothing about this one's tasks; a push may.
        if (!fresh) this.#queueReload();
        continue;
      }
      if (fits === false && member) this.#members.delete(id);
      else if (fits === true && !member) this.#members.add(id);
      else if (!member) continue;
      touched.push(id);
    }
    if (touched.length) this.#publish(touched);
  }

  /**
   * Shows the members in board order. One changed task is taken out and put back after the
   * tasks that sort before it: the others are in order already (every publish leaves them in
   * the list's column order, and a new order is published at once), so nothing is sorted.
   * More than one, and the whole list is sorted again.
   */
  #publish(changed: readonly string[] = []): void {
    const order = boardOrder(this.state.get().list?.columns);
    const one = changed.length === 1;
    const tasks = one ? this.tasks.get().filter((task) => task.id !== changed[0]) : [];
    for (const id of one ? changed : this.#members) {
      const task = this.#members.has(id) && this.#hub.cache.get(id);
      if (task) tasks.splice(one ? tasks.filter((other) => order(other, task) < 0).length : tasks.length, 0, task);
    }
    if (!one) tasks.sort(order);
    this.tasks.set(tasks);
  }

  #queueReload(): void {
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (!this.#closed && this.#hub.connection.status === 'online') void this.load().catch(() => undefined);
    });
  }
}

export function asPlazaError(error: unknown): PlazaError {
  return error instanceof PlazaError ? error : new PlazaError('internal', 'unexpected error', { cause: error });
}
