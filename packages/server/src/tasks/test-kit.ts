import { compareByRank, type CreateListPayload, type CreateTaskPayload, type Task, type TaskList } from '@plaza/protocol';
import { ask, uid } from '../chat/test-kit.js';
import type { TestSocket } from '../test-support/index.js';

/** Test helpers for tasks, on top of chat's socket helpers. */
export { ask, connect, record, refusal, uid } from '../chat/test-kit.js';

export function createList(owner: TestSocket, payload: Partial<CreateListPayload> = {}): Promise<TaskList> {
  return ask(owner, 'tasks:list:create', { name: `List ${uid('l')}`, ...payload });
}

export function createTask(socket: TestSocket, listId: string | undefined, payload: Partial<CreateTaskPayload> = {}): Promise<Task> {
  return ask(socket, 'tasks:create', { ...(listId ? { listId } : {}), title: `Task ${uid('t')}`, ...payload });
}

/** A board column as every client orders it. */
export function column(tasks: readonly Task[], status: Task['status']): string[] {
  return tasks
    .filter((t) => t.status === status)
    .sort(compareByRank)
    .map((t) => t.title);
}
