import type { Notification, NotificationKind, NotificationPage, NotificationsRead, ReminderKind, TaskStatus } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { iso } from '../clock.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Db } from '../storage/database.js';
import type { TaskActor } from './access.js';
import { emitToUsers } from './audience.js';
import { hostIds } from './queries.js';
import type { NotificationsTable, TasksTable } from './tables.js';

/** A notification to store for one recipient, and to push once stored. */
export interface NotificationDraft {
  recipient: { id: string; host_id: string };
  kind: NotificationKind;
  task: Pick<TasksTable, 'id' | 'list_id' | 'title' | 'due_at' | 'status'>;
  reminder: ReminderKind | null;
  actor: { id: string; host_id: string } | null;
  at: number;
}

export interface StoredNotification {
  recipientHostId: string;
  notification: Notification;
}

/** Writes notifications with the caller's transaction; push the answer with `pushNotifications` after commit. */
export async function storeNotifications(trx: Db, tenantId: string, drafts: readonly NotificationDraft[]): Promise<StoredNotification[]> {
  const stored: StoredNotification[] = [];
  for (const draft of drafts) {
    const row: NotificationsTable = {
      tenant_id: tenantId,
      id: uuidv7(),
      user_id: draft.recipient.id,
      kind: draft.kind,
      task_id: draft.task.id,
      list_id: draft.task.list_id,
      title: draft.task.title,
      due_at: draft.task.due_at,
      status: draft.task.status,
      reminder: draft.reminder,
      actor_id: draft.actor?.id ?? null,
      created_at: draft.at,
      read_at: null,
    };
    await trx.insertInto('notifications').values(row).execute();
    stored.push({ recipientHostId: draft.recipient.host_id, notification: notificationView(row, draft.actor?.host_id ?? null) });
  }
  return stored;
}

export function pushNotifications(realtime: Realtime | undefined, tenantId: string, stored: readonly StoredNotification[]): void {
  for (const { recipientHostId, notification } of stored) emitToUsers(realtime, tenantId, [recipientHostId], 'notification', notification);
}

function notificationView(row: NotificationsTable, actorHostId: string | null): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    createdAt: iso(row.created_at),
    readAt: row.read_at === null ? null : iso(row.read_at),
    actorId: actorHostId,
    task: { id: row.task_id, listId: row.list_id, title: row.title, due: row.due_at === null ? null : iso(row.due_at), status: row.status as TaskStatus },
    reminder: row.reminder as ReminderKind | null,
  };
}

async function unreadCount(db: Db, actor: TaskActor): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.user.id)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The caller's notifications, newest first. */
export async function listNotifications(db: Db, actor: TaskActor, input: { unreadOnly: boolean; before?: string | undefined; limit: number }): Promise<NotificationPage> {
  let q = db
    .selectFrom('notifications')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.user.id)
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.unreadOnly) q = q.where('read_at', 'is', null);
  if (input.before !== undefined) q = q.where('id', '<', input.before);
  const rows = await q.execute();
  const page = rows.slice(0, input.limit);
  const hosts = await hostIds(
    db,
    actor.tenantId,
    page.map((r) => r.actor_id),
  );
  return {
    notifications: page.map((r) => notificationView(r, r.actor_id === null ? null : (hosts.get(r.actor_id) ?? null))),
    unreadCount: await unreadCount(db, actor),
    hasMore: rows.length > input.limit,
  };
}

/**
 * Marks the caller's notifications read (ids of other users' notifications change
 * nothing) and tells the caller's other sockets, so every badge agrees.
 */
export async function markNotificationsRead(db: Db, realtime: Realtime | undefined, actor: TaskActor, input: { ids: string[]; all: boolean }, at: number): Promise<{ unreadCount: number }> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.user.id).where('read_at', 'is', null);
  if (!input.all) q = q.where('id', 'in', input.ids);
  await q.execute();
  const count = await unreadCount(db, actor);
  const event: NotificationsRead = { ids: input.all ? [] : input.ids, all: input.all, unreadCount: count };
  emitToUsers(realtime, actor.tenantId, [actor.user.host_id], 'notifications:read', event);
  return { unreadCount: count };
}
