import type { ChatService } from '../chat/service.js';
import type { PlazaContext } from '../context.js';
import { registerFileAccess } from '../files/index.js';
import type { JobHandlers } from '../jobs/worker.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { actorOf, taskRole, type TaskActor } from './access.js';
import { explicitRole, findList, findTask, watcherKeys } from './queries.js';
import { TASK_REMINDER_JOB, reminderHandler } from './reminders.js';
import { TaskLists } from './lists.js';
import { TaskService } from './service.js';

export interface AttachedTasks {
  tasks: TaskService;
  /** The job kinds tasks defer (reminders), for the job worker. */
  jobHandlers: JobHandlers;
}

/**
 * Tasks over socket.io: the `tasks:*` and `notifications:*` requests. Handlers parse
 * (done by realtime with the protocol's schemas), say who acts and call the service —
 * nothing else. Pushes go to each user's own room, so no task rooms need keeping.
 *
 * @example
 * const tasks = attachTasks(ctx, realtime, chat);
 * const jobs = new JobWorker(ctx, { ...jobHandlers(ctx), ...tasks.jobHandlers });
 */
export function attachTasks(ctx: PlazaContext, realtime: Realtime, chat: ChatService): AttachedTasks {
  const lists = new TaskLists(ctx, realtime);
  const tasks = new TaskService(ctx, lists, realtime, chat);
  registerTaskFileAccess();
  const as = (socket: PlazaSocket): Promise<TaskActor> => tasks.actorFor(socket.data.tenantId, socket.data.userKey);

  realtime.handle('tasks:lists', async (socket) => ({ lists: await lists.all(await as(socket)) }));
  realtime.handle('tasks:list:create', async (socket, p) => lists.createList(await as(socket), p));
  realtime.handle('tasks:list:update', async (socket, p) => lists.updateList(await as(socket), p));
  realtime.handle('tasks:list:get', async (socket, p) => lists.getList(await as(socket), p.listId));
  realtime.handle('tasks:members:set', async (socket, p) => ({ members: await lists.setMembers(await as(socket), p.listId, p.members) }));
  realtime.handle('tasks:members:remove', async (socket, p) => ({ members: await lists.removeMembers(await as(socket), p.listId, p.userIds) }));
  realtime.handle('tasks:create', async (socket, p) => tasks.create(await as(socket), p));
  realtime.handle('tasks:get', async (socket, p) => tasks.get(await as(socket), p.taskId));
  realtime.handle('tasks:update', async (socket, p) => tasks.update(await as(socket), p.taskId, p.baseVersion, p.changes));
  realtime.handle('tasks:move', async (socket, p) => tasks.move(await as(socket), p));
  realtime.handle('tasks:delete', async (socket, p) => tasks.remove(await as(socket), p.taskId));
  realtime.handle('tasks:checklist:add', async (socket, p) => tasks.checklistAdd(await as(socket), p));
  realtime.handle('tasks:checklist:update', async (socket, p) => tasks.checklistUpdate(await as(socket), p));
  realtime.handle('tasks:checklist:remove', async (socket, p) => tasks.checklistRemove(await as(socket), p));
  realtime.handle('tasks:attachments:add', async (socket, p) => tasks.attachmentsAdd(await as(socket), p));
  realtime.handle('tasks:attachments:remove', async (socket, p) => tasks.attachmentRemove(await as(socket), p));
  realtime.handle('tasks:comments', async (socket, p) => tasks.comments(await as(socket), p));
  realtime.handle('tasks:comment:add', async (socket, p) => tasks.addComment(await as(socket), p));
  realtime.handle('tasks:comment:edit', async (socket, p) => tasks.editComment(await as(socket), p));
  realtime.handle('tasks:comment:delete', async (socket, p) => tasks.deleteComment(await as(socket), p));
  realtime.handle('tasks:activity', async (socket, p) => tasks.activity(await as(socket), p));
  realtime.handle('tasks:query', async (socket, p) => tasks.query(await as(socket), p));
  realtime.handle('tasks:sync', async (socket, p) => tasks.sync(await as(socket), p.cursors));
  realtime.handle('notifications:list', async (socket, p) => tasks.notifications(await as(socket), p));
  realtime.handle('notifications:read', async (socket, p) => tasks.markRead(await as(socket), p));

  return { tasks, jobHandlers: { [TASK_REMINDER_JOB]: reminderHandler(ctx, realtime) } };
}

let taskFilesRegistered = false;

/**
 * Lets everyone who sees a task read the files attached to it. Registered once per
 * process (checks receive each server's context on every call).
 */
export function registerTaskFileAccess(): void {
  if (taskFilesRegistered) return;
  taskFilesRegistered = true;
  registerFileAccess('task', async (ctx, tenantId, taskId, user) => {
    const { db } = ctx.storage;
    const task = await findTask(db, tenantId, taskId);
    if (!task || task.deleted_at !== null) return false;
    const list = await findList(db, tenantId, task.list_id);
    if (!list) return false;
    return taskRole(actorOf(user), list, await explicitRole(db, tenantId, list.id, user.id), task, await watcherKeys(db, tenantId, taskId)) !== null;
  });
}
