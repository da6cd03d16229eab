import type { Task } from '@plaza/protocol';

/** Every task event is a `CustomEvent` that bubbles and crosses shadow roots. */
class TaskEvent<D> extends CustomEvent<D> {
  constructor(type: string, detail: D, cancelable = false) {
    super(type, { detail, bubbles: true, composed: true, cancelable });
  }
}

export interface PlazaTaskEventDetail {
  /** The task as the server stored it. */
  task: Task;
}

/**
 * Fired by `<plaza-task-list>` when a task the user created has been stored. `<plaza-chat-panel>`
 * fires an event of the same name, detail and flags (a plain `CustomEvent`) when the user
 * made a task from a message ("Create task").
 *
 * @example
 * tasks.addEventListener('plaza-task-created', (e) => analytics.track('task', e.detail.task.listId));
 */
export class PlazaTaskCreatedEvent extends TaskEvent<PlazaTaskEventDetail> {
  static readonly type = 'plaza-task-created';

  constructor(detail: PlazaTaskEventDetail) {
    super(PlazaTaskCreatedEvent.type, detail);
  }
}

/**
 * Fired by `<plaza-task-list>` when a change the user made to a task (fields, status, a
 * move on the board, the checklist, attachments) has been stored.
 *
 * @example
 * tasks.addEventListener('plaza-task-updated', (e) => erp.sync(e.detail.task));
 */
export class PlazaTaskUpdatedEvent extends TaskEvent<PlazaTaskEventDetail> {
  static readonly type = 'plaza-task-updated';

  constructor(detail: PlazaTaskEventDetail) {
    super(PlazaTaskUpdatedEvent.type, detail);
  }
}

export interface PlazaTaskOpenDetail {
  taskId: string;
}

/**
 * Fired by `<plaza-task-list>` when the user opens a task. Cancelable: call
 * `preventDefault()` to show the task your own way instead of the built-in drawer.
 * `<plaza-chat-panel>` fires an event of the same name and detail (a plain `CustomEvent`,
 * not cancelable) when a task link in a message is clicked: the page decides where the task
 * opens, e.g. `<plaza-task-list>`'s `openTask(taskId)`.
 *
 * @example
 * tasks.addEventListener('plaza-task-open', (e) => { e.preventDefault(); router.go(`/tasks/${e.detail.taskId}`); });
 */
export class PlazaTaskOpenEvent extends TaskEvent<PlazaTaskOpenDetail> {
  static readonly type = 'plaza-task-open';

  constructor(detail: PlazaTaskOpenDetail) {
    super(PlazaTaskOpenEvent.type, detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plaza-task-created': PlazaTaskCreatedEvent;
    'plaza-task-updated': PlazaTaskUpdatedEvent;
    'plaza-task-open': PlazaTaskOpenEvent;
  }
}
