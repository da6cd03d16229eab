import { REMINDER_KINDS, type ReminderKind } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import { enqueue } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/worker.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Db } from '../storage/database.js';
import { publishEvent } from '../webhooks/events.js';
import { actorOf, taskRole } from './access.js';
import { emitToUsers, listAudience, taskAudience } from './audience.js';
import { pushNotifications, storeNotifications, type NotificationDraft } from './notifications.js';
import { findList, findTask, toTasks, usersByKey, watcherKeys } from './queries.js';
import type { TasksTable } from './tables.js';

/** The job kind that sends one reminder of one task. */
export const TASK_REMINDER_JOB = 'task.reminder';

const HOUR = 3_600_000;

/** How long before the due time each reminder goes out. */
export const REMINDER_LEAD_MS: Record<ReminderKind, number> = { day_before: 24 * HOUR, hour_before: HOUR, overdue: 0 };

/**
 * What a reminder job carries: the due time it was scheduled for. A job whose task has
 * another due time by now, is done or deleted does nothing, so moving the due time
 * "reschedules" by enqueueing new jobs and leaving the old ones to fall through, and
 * completing a task cancels its reminders without touching the queue.
 */
export interface ReminderPayload {
  taskId: string;
  reminder: ReminderKind;
  due: number;
}

/**
 * Enqueues the task's reminders with the caller's transaction: one job per reminder
 * whose time is still ahead (a task due in 30 minutes gets no "1 day before"; one due
 * in the past gets none, it shows as overdue already).
 */
export async function scheduleReminders(trx: Db, tenantId: string, task: Pick<TasksTable, 'id' | 'due_at' | 'status'>, at: number): Promise<void> {
  if (task.due_at === null || task.status === 'done') return;
  for (const reminder of REMINDER_KINDS) {
    const runAt = task.due_at - REMINDER_LEAD_MS[reminder];
    if (runAt <= at) continue;
    const payload: ReminderPayload = { taskId: task.id, reminder, due: task.due_at };
    await enqueue(trx, { tenantId, kind: TASK_REMINDER_JOB, payload, at, runAt });
  }
}

function isReminderPayload(value: unknown): value is ReminderPayload {
  const p = value as Partial<ReminderPayload> | null;
  return typeof p?.taskId === 'string' && typeof p.due === 'number' && REMINDER_KINDS.includes(p.reminder as ReminderKind);
}

/**
 * Sends one reminder: in-app notifications to the assignee and watchers who can still
 * see the task, and a `task.reminder` webhook event. The notifications and the webhook
 * outbox rows are one `once` effect keyed by task, reminder and due time, so a job that
 * runs again (a crash after the commit, a due time moved away and back) sends nothing
 * twice. Pushes follow the effect; the overdue reminder also pushes the task, whose
 * `overdue` has just turned true.
 */
export function reminderHandler(ctx: PlazaContext, realtime: Realtime | undefined): JobHandler {
  return async (job, { once }) => {
    if (!isReminderPayload(job.payload)) throw new Error('malformed task reminder payload');
    const { taskId, reminder, due } = job.payload;
    const { db } = ctx.storage;
    const tenantId = job.tenantId;
    const task = await findTask(db, tenantId, taskId);
    if (!task || task.deleted_at !== null || task.status === 'done' || task.due_at !== due) return;
    const list = await findList(db, tenantId, task.list_id);
    if (!list) return;
    const watchers = await watcherKeys(db, tenantId, taskId);
    const people = await usersByKey(db, tenantId, [...(task.assignee_id ? [task.assignee_id] : []), ...watchers]);
    const recipients = [...people.values()].filter((u) => u.active === 1 && taskRole(actorOf(u), list, undefined, task, watchers) !== null);
    const at = ctx.clock.now();
    const [view] = await toTasks(db, tenantId, [task], at);
    const drafts: NotificationDraft[] = recipients.map((recipient) => ({ recipient, kind: 'task.reminder', task, reminder, actor: null, at }));
    let stored: Awaited<ReturnType<typeof storeNotifications>> = [];
    const made = await once(`task.reminder:${taskId}:${reminder}:${due}`, async (trx) => {
      stored = await storeNotifications(trx, tenantId, drafts);
      await publishEvent(trx, { tenantId, type: 'task.reminder', data: { reminder, task: view, recipients: recipients.map((u) => u.host_id) }, at });
    });
    if (!made) return;
    pushNotifications(realtime, tenantId, stored);
    if (reminder === 'overdue') {
      const audience = await taskAudience(db, tenantId, list, await listAudience(db, tenantId, list), task, watchers);
      emitToUsers(realtime, tenantId, audience, 'tasks:task', view);
    }
  };
}
