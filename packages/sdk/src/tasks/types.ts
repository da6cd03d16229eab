import type {
  ChecklistItem,
  CreateListPayload,
  CreateTaskPayload,
  Notification,
  PlazaError,
  Task,
  TaskActivity,
  TaskChanges,
  TaskComment,
  TaskFilter,
  TaskList,
  TaskListMember,
  TaskOverwrittenNotice,
  TaskStatus,
  TaskUpdateResult,
} from '@plaza/protocol';
import type { StateStore } from '../store/state-store.js';

/**
 * Which tasks a view holds: one list's (`listId`), or tasks across every list the user can
 * see, narrowed by a named filter, a label and an assignee department. Criteria combine.
 *
 * @example
 * client.tasks.view({ listId });                       // a project board
 * client.tasks.view({ filter: 'mine' });               // my tasks across lists
 * client.tasks.view({ listId, filter: 'overdue' });    // overdue tasks of one list
 * client.tasks.view({ assignee: me, filter: 'overdue' }); // my overdue tasks anywhere
 */
export interface TaskQuery {
  listId?: string;
  filter?: TaskFilter;
  label?: string;
  /** Host department id of the assignee. */
  department?: string;
  /** Host user id of the assignee. */
  assignee?: string;
}

/** A view's loading state, and for a list view the list and its members. */
export interface TaskViewState {
  loading: boolean;
  /** A first answer arrived: `tasks` shows the view (an empty array means no tasks). */
  loaded: boolean;
  /** The last failed load (`forbidden` when the user lost sight of the list); cleared by the next good one. */
  error: PlazaError | null;
  /** The list of a list view, with the user's `role`; null for other views. */
  list: TaskList | null;
  /** The list's members (list views only). */
  members: readonly TaskListMember[];
}

/**
 * A live set of tasks: loaded by `client.tasks.view(query)`, then kept current by the
 * server's pushes and by this client's own optimistic changes. Reloaded after a reconnect.
 */
export interface TaskView {
  readonly query: Readonly<TaskQuery>;
  /** The tasks, ordered by status column then board rank (`compareByRank`). */
  readonly tasks: StateStore<readonly Task[]>;
  readonly state: StateStore<TaskViewState>;
  /** Loads again from the server (done after every reconnect). */
  load(): Promise<void>;
  /**
   * Done with the view. Equal queries share one view, kept live until every `view()` call
   * for it was matched by a `close()`.
   */
  close(): void;
}

/** One task opened in detail: the task, its comments and its history, kept live while open, and the changes made there. */
export interface TaskDetail {
  readonly taskId: string;
  /** The task as this client shows it (optimistic changes included); null until loaded or once deleted. */
  readonly task: StateStore<Task | null>;
  /** Comments, ascending by time; new ones arrive live. */
  readonly comments: StateStore<readonly TaskComment[]>;
  /** Change history, ascending by time; reloaded when the task changes. */
  readonly activity: StateStore<readonly TaskActivity[]>;
  readonly state: StateStore<{ loading: boolean; error: PlazaError | null }>;
  /** Loads the task, its newest comments and its newest history. */
  load(): Promise<void>;
  /** Adds a comment; resolves with it (it is already in `comments`). */
  comment(text: string): Promise<TaskComment>;
  /** Adds a checklist item at the end (shown at once; gone again if refused). */
  addChecklistItem(text: string): Promise<Task>;
  /** Ticks, unticks or renames a checklist item (shown at once). */
  updateChecklistItem(itemId: string, changes: Partial<Pick<ChecklistItem, 'text' | 'done'>>): Promise<Task>;
  removeChecklistItem(itemId: string): Promise<Task>;
  /** Attaches uploaded files (`client.files.upload`). */
  attach(fileIds: string[]): Promise<Task>;
  /** Removes an attachment (at once; back if refused). */
  detach(fileId: string): Promise<Task>;
  /** Done with it; like views, shared until every `detail()` call was matched by a `close()`. */
  close(): void;
}

/** In-app notifications (reminders, assignments) and the unread count for a badge. */
export interface NotificationsState {
  /** Newest first. */
  items: readonly Notification[];
  unreadCount: number;
  loaded: boolean;
}

/** Where `move()` puts a task: a status column, and right after `after` or else right before `before` (else at the bottom). */
export interface MoveTarget {
  status: TaskStatus;
  after?: string | null;
  before?: string | null;
}

/** The `task:overwritten` event: a value you wrote was replaced by someone who had not seen it. */
export interface TaskOverwrittenEvent extends TaskOverwrittenNotice {
  /** The task as it now stands, once fetched (null when it could not be). */
  task: Task | null;
}

/** The `task:rollback` event: the server refused an optimistic change, which was undone. */
export interface TaskRollbackEvent {
  taskId: string;
  /** What was refused: the SDK method's name (`update`, `move`, `create`…). */
  action: string;
  error: PlazaError;
}

/** The events the tasks capability adds to the client's event map. */
export interface TasksEvents {
  /** A new in-app notification for this user. */
  notification: Notification;
  /** A value this user wrote was overwritten (last writer wins); the task shows the server's value. */
  'task:overwritten': TaskOverwrittenEvent;
  /** An optimistic change was refused and undone. */
  'task:rollback': TaskRollbackEvent;
}

/**
 * The tasks capability, `client.tasks`.
 *
 * @example
 * const board = client.tasks.view({ listId });
 * board.tasks.subscribe(render);
 * const task = await client.tasks.create({ listId, title: 'Draft the launch post' });
 * await client.tasks.move(task.id, { status: 'in_progress' });
 * client.on('task:rollback', ({ error }) => toast(error.message));
 */
export interface TasksApi {
  /** The lists the user can see, with their role; filled by `loadLists()` and kept current by pushes. */
  readonly lists: StateStore<readonly TaskList[]>;
  /** Ids of tasks with a change on the wire (to show them as saving). */
  readonly pending: StateStore<ReadonlySet<string>>;
  readonly notifications: StateStore<NotificationsState>;
  loadLists(): Promise<readonly TaskList[]>;
  createList(payload: CreateListPayload): Promise<TaskList>;
  /** The live view of a query (one per distinct query while open); loads at once when online. */
  view(query: TaskQuery): TaskView;
  /**
   * Opens a task in detail: the handle (one per id while open), which loads the task, its
   * comments and history at once when online. Async because its code loads on demand.
   */
  detail(taskId: string): Promise<TaskDetail>;
  /** The task as this client knows it, if it is in a view or detail. */
  get(taskId: string): Task | undefined;
  /**
   * Creates a task; resolves with it once stored, when it is already in the matching views.
   * Not optimistic (unlike the changes below): a retried request with the same `clientId`
   * answers the stored task.
   */
  create(payload: CreateTaskPayload): Promise<Task>;
  /** Changes fields, shown at once; rolled back if refused. `overwritten` names others' changes this replaced. */
  update(taskId: string, changes: TaskChanges): Promise<TaskUpdateResult>;
  /** Moves a task to a column and a place in it, shown at once; rolled back if refused. */
  move(taskId: string, target: MoveTarget): Promise<TaskUpdateResult>;
  /** Deletes a task; it disappears at once and comes back if refused. */
  remove(taskId: string): Promise<void>;
  loadNotifications(): Promise<NotificationsState>;
  /** Marks notifications read (the badge follows at once): some ids, or `'all'`. */
  markNotificationsRead(ids: readonly string[] | 'all'): Promise<void>;
}
