import {
  PlazaError,
  TASK_LIMITS,
  rankBetween,
  ranksBetween,
  taskLink,
  type ActivityPage,
  type ActivityValue,
  type Attachment,
  type CommentPage,
  type FieldOverwrite,
  type ListRole,
  type Task,
  type TaskComment,
  type TaskField,
  type TaskFilter,
  type TaskOverwrittenNotice,
  type TaskPage,
  type TaskPriority,
  type TaskSource,
  type TaskStatus,
  type TaskUpdateResult,

  type TasksSyncResult,
} from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import { userByKey } from '../chat/queries.js';
import { INTEGRATION_BOT_ID, INTEGRATION_BOT_NAME, type ChatService } from '../chat/service.js';
import { iso } from '../clock.js';
import type { PlazaContext } from '../context.js';
import { findFile, linkFile, requireReadable, unlinkFile } from '../files/index.js';
import type { UsersTable } from '../org/tables.js';
import type { Realtime } from '../realtime/realtime.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { groupCommit, type Transact } from '../storage/group-commit.js';
import { publishEvent } from '../webhooks/events.js';
import { actorOf, atLeast, auditActor, listRole, partnerMayJoin, taskRole, userActor, type ListAccess, type TaskActor } from './access.js';
import { type TaskLists } from './lists.js';
import { AudienceCache, emitPushes, emitToUsers, listAudience, taskAudience, type ListAudience, type Push } from './audience.js';
import { weekRange } from './dates.js';
import { listNotifications, markNotificationsRead, storeNotifications, type NotificationDraft, type StoredNotification } from './notifications.js';
import {
  besideTask,
  columnEnd,
  explicitRole,
  findList,
  findTask,
  hostIds,
  labelsOf,
  loadTask,
  lockList,
  lockListOf,
  takeRevs,
  taskForChange,
  taskViews,
  toActivity,
  toComments,
  toTasks,
  watcherKeys,
  type LockedList,
} from './queries.js';
import { scheduleReminders } from './reminders.js';
import type { FieldMeta, TaskCommentsTable, TaskListsTable, TasksTable } from './tables.js';

/** Tasks one `tasks:sync` returns per list, and in all. */
export const SYNC_LIST_LIMIT = 500;
export const SYNC_TOTAL_LIMIT = 2000;
/**
 * A rank longer than this makes its column renumber. Fractional ranks grow by about one
 * character per five inserts into the same gap, so this takes hundreds of moves to one
 * spot; the renumbering is rare and one transaction.
 */
export const RANK_REBALANCE_AT = 64;

const notFound = (what: string, id: string) => new PlazaError('not_found', `no ${what} ${id}`);

export interface CreateTaskInput {
  listId?: string | undefined;
  clientId?: string | undefined;
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: string | null;
  watchers: readonly string[];
  labels: readonly string[];
  due: string | null;
  checklist: readonly string[];
  attachments: readonly string[];
  position: 'top' | 'bottom';
  sourceMessage?: TaskSource | undefined;
}

/** The fields an update changes, in wire form. */
export interface TaskChangesInput {
  title?: string | undefined;
  description?: string | undefined;
  status?: TaskStatus | undefined;
  priority?: TaskPriority | undefined;
  assignee?: string | null | undefined;
  due?: string | null | undefined;
  labels?: readonly string[] | undefined;
  watchers?: readonly string[] | undefined;
}

export interface TaskQuery {
  filter?: TaskFilter | undefined;
  listId?: string | undefined;
  status?: readonly TaskStatus[] | undefined;
  label?: string | undefined;
  department?: string | undefined;
  assignee?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  timeZone?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A task, locked for a change, with what the rules need. */
interface Locked {
  /** As the lock answered it: `rev` is the rev this change takes. */
  list: LockedList;
  task: TasksTable;
  watchers: string[];
  /** The actor's explicit membership role in the list, if any. */
  explicit: ListRole | undefined;
  role: ListRole;
  at: number;
}

/** What a change did, for the webhook events and pushes `finish` prepares. */
interface Effects {
  /** Tasks to push (`tasks:task`, or `tasks:task:removed` when deleted); the first is the one changed. */
  taskIds: string[];
  /** Rows as this change wrote them, so they need not be read back (`finish` reads the others). */
  rows: Map<string, TasksTable>;
  /** Webhook events about the first task, published with its final view. */
  events: { type: 'task.created' | 'task.updated'; extra: Record<string, unknown> }[];
  notifications: StoredNotification[];
  notices: { to: string; notice: TaskOverwrittenNotice }[];
}

const noEffects = (): Effects => ({ taskIds: [], rows: new Map(), events: [], notifications: [], notices: [] });

/**
 * Thrown out of a change's transaction when it changed nothing, carrying the task as it
 * is: the transaction rolls back (and the rev its lock reserved with it) and the caller
 * answers the task, pushing nothing.
 */
class Unchanged extends Error {
  constructor(readonly task: Task) {
    super('the change changed nothing');
  }
}

/** What `finish` prepared: the first task as stored, and the pushes to send after the commit. */
interface Finished {
  task: Task;
  pushes: Push[];
}

/** Wire values of a task's LWW fields, for comparing, activity and overwrite notices. */
type FieldValues = Record<TaskField, ActivityValue>;

const same = (a: ActivityValue, b: ActivityValue) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Task rules and storage: lists, members, tasks and what hangs off a task (watchers,
 * labels, checklist, attachments, comments, activity), reminders and notifications.
 * Every change is one transaction under the list's row lock, with its activity rows,
 * reminder jobs, notifications and webhook outbox rows; pushes go out after it commits,
 * to audiences read afresh from the database.
 */
export class TaskService {
  private readonly bots = new Map<string, UsersTable>();
  /** Task changes commit through this: on SQLite, changes asked for in one event-loop turn share a commit. */
  private readonly transact: Transact;
  /** Who sees each list, while it holds (checked at every change's lock). */
  private readonly audiences = new AudienceCache();

  constructor(
    private readonly ctx: PlazaContext,
    /** The lists tasks live in: visibility, personal lists, list pushes. */
    private readonly lists: TaskLists,
    /** Absent when seeding demo content before anyone can listen. */
    private readonly realtime?: Realtime,
    /** For tasks made from messages: reading the message and posting the task's link. */
    private readonly chat?: ChatService,
  ) {
    this.transact = groupCommit(ctx.storage);
  }

  private get db(): Db {
    return this.ctx.storage.db;
  }

  /** The acting user of a socket, read afresh so role, department and kind changes apply at once. */
  async actorFor(tenantId: string, userKey: string): Promise<TaskActor> {
    const [user] = (await userByKey(this.db, { tenantId, userKey })).rows;
    if (!user) throw new PlazaError('unauthorized', 'unknown user');
    return userActor(user);
  }

  /** The tenant's integration bot (the same `plaza-bot` chat posts as), acting with a server token's authority. */
  async integrationActor(tenantId: string): Promise<TaskActor> {
    let bot = this.bots.get(tenantId);
    if (!bot) {
      bot = await this.ctx.users.ensureSystemUser(tenantId, INTEGRATION_BOT_ID, INTEGRATION_BOT_NAME);
      this.bots.set(tenantId, bot);
    }
    return actorOf(bot, true);
  }

  // ---- tasks -------------------------------------------------------------------------------

  /**
   * Creates a task: in the named list (editors and owners), or without a list in the
   * assignee's personal list (the caller's own when unassigned). Idempotent by `clientId`.
   * From a chat message the caller can read, the task links back and its link is posted
   * in the channel (as the caller; when the channel refuses it, e.g. an announcement
   * channel, the task stands and no link is posted).
   */
  async create(actor: TaskActor, input: CreateTaskInput, options: { at?: number } = {}): Promise<Task> {
    const { tenantId } = actor;
    const at = options.at ?? this.ctx.clock.now();
    if (input.clientId && !actor.server) {
      const stored = await this.storedCreate(actor, input.clientId, input.listId);
      if (stored) return stored;
    }
    const { list, createdPersonal } = await this.targetList(actor, input, at);
    const people = await this.ctx.users.ensure(tenantId, [...(input.assignee ? [input.assignee] : []), ...input.watchers]);
    this.checkParticipants(list, [...people.values()]);
    const files = await this.readableFiles(actor, input.attachments);
    const source = input.sourceMessage ? await this.readableSource(actor, input.sourceMessage) : null;
    const assignee = input.assignee ? (people.get(input.assignee) ?? null) : null;

    let done: Finished;
    try {
      done = await this.transact(async (trx) => {
        const locked = await lockList(trx, tenantId, list.id);
        if (!locked) throw notFound('list', list.id);
        if (locked.archived === 1) throw new PlazaError('conflict', 'the list is archived');
        if (locked.task_count >= TASK_LIMITS.tasksPerList) throw new PlazaError('conflict', `a list holds at most ${TASK_LIMITS.tasksPerList} tasks`);
        const id = uuidv7();
        const neighbour = await columnEnd(trx, { tenantId, listId: list.id, status: input.status, taskId: id }, input.position === 'top' ? 'first' : 'last');
        const rank = input.position === 'top' ? rankBetween(null, neighbour) : rankBetween(neighbour, null);
        const rev = locked.rev;
        const meta: FieldMeta = {};
        const row: TasksTable = {
          tenant_id: tenantId,
          id,
          list_id: list.id,
          title: input.title,
          description: input.description,
          status: input.status,
          priority: input.priority,
          assignee_id: assignee?.id ?? null,
          assigned_by: assignee ? actor.user.id : null,
          due_at: input.due === null ? null : Date.parse(input.due),
          rank,
          source_channel_id: source?.channelId ?? null,
          source_message_id: source?.messageId ?? null,
          client_id: input.clientId ?? null,
          created_by: actor.user.id,
          created_at: at,
          updated_by: actor.user.id,
          updated_at: at,
          completed_by: input.status === 'done' ? actor.user.id : null,
          completed_at: input.status === 'done' ? at : null,
          deleted_at: null,
          version: 1,
          rev,
          field_meta: JSON.stringify(meta),
          comment_count: 0,
        };
        await trx.insertInto('tasks').values(row).execute();
        await this.writeWatchers(trx, tenantId, id, input.watchers.map((h) => people.get(h)?.id).filter((k): k is string => k !== undefined));
        await this.writeLabels(trx, tenantId, id, input.labels);
        const itemRanks = ranksBetween(null, null, input.checklist.length);
        for (const [i, text] of input.checklist.entries()) {
          await trx
            .insertInto('task_checklist')
            .values({ tenant_id: tenantId, id: uuidv7(), task_id: id, text, done: 0, rank: itemRanks[i], done_by: null, done_at: null, created_at: at })
            .execute();
        }
        for (const [position, file] of files.entries()) {
          await trx.insertInto('task_attachments').values({ tenant_id: tenantId, task_id: id, file_id: file.id, position, added_at: at }).execute();
          await linkFile(trx, { tenantId, fileId: file.id, objectKind: 'task', objectId: id, at });
        }
        await trx
          .updateTable('task_lists')
          .set((eb) => ({ task_count: eb('task_count', '+', 1) }))
          .where('tenant_id', '=', tenantId)
          .where('id', '=', list.id)
          .execute();
        await this.recordActivity(trx, row, actor, at, [
          { action: 'created', field: null, from: null, to: { title: row.title, status: row.status, assignee: input.assignee, due: row.due_at === null ? null : iso(row.due_at) } },
        ]);
        await scheduleReminders(trx, tenantId, row, at);
        const effects = noEffects();
        effects.taskIds.push(id);
        effects.rows.set(id, row);
        effects.events.push({ type: 'task.created', extra: {} });
        if (assignee && assignee.id !== actor.user.id) effects.notifications.push(...(await storeNotifications(trx, tenantId, [this.assignedDraft(assignee, actor, row, at)])));
        return this.finish(trx, locked, effects, at);
      });
    } catch (error) {
      // the same clientId sent twice at once: the loser's insert hits the unique key
      if (input.clientId && isUniqueViolation(error)) {
        const stored = await this.storedCreate(actor, input.clientId, input.listId);
        if (stored) return stored;
      }
      throw error;
    }
    if (createdPersonal) await this.lists.pushChange(tenantId, list.id, new Map());
    this.emit(tenantId, done.pushes);
    if (source) await this.postTaskLink(actor, source, done.task);
    return done.task;
  }

  async get(actor: TaskActor, taskId: string): Promise<Task> {
    await this.visibleTask(actor, taskId);
    return loadTask(this.db, actor.tenantId, taskId, this.ctx.clock.now());
  }

  /**
   * Changes fields of a task, each last-writer-wins. A field whose last change is newer
   * than `baseVersion` and came from someone else is overwritten all the same; the ack
   * lists it in `overwritten`, and its writer gets `tasks:overwritten`. Without a base
   * (REST) nothing is reported.
   */
  async update(actor: TaskActor, taskId: string, baseVersion: number | undefined, changes: TaskChangesInput): Promise<TaskUpdateResult> {
    const people = await this.ctx.users.ensure(actor.tenantId, [...(changes.assignee ? [changes.assignee] : []), ...(changes.watchers ?? [])]);
    let overwritten: FieldOverwrite[] = [];
    const task = await this.changeTask(actor, taskId, 'editor', { participantsMayChange: true }, async (trx, locked, effects) => {
      this.checkParticipants(locked.list, [...people.values()]);
      overwritten = await this.applyFields(trx, actor, locked, { changes, baseVersion, people, rank: undefined }, effects);
    });
    return { task, overwritten };
  }

  /**
   * Moves a task to a status column and a place in it (see protocol's `moveTaskPayload`).
   * The rank is computed here under the list's lock from the neighbours' current ranks,
   * so two people dropping tasks into one gap at once still end with distinct ranks and
   * every client converges on one order.
   */
  async move(actor: TaskActor, input: { taskId: string; status: TaskStatus; after?: string | null | undefined; before?: string | null | undefined; baseVersion?: number | undefined }): Promise<TaskUpdateResult> {
    let overwritten: FieldOverwrite[] = [];
    const task = await this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const rank = await this.rankFor(trx, locked, input);
      overwritten = await this.applyFields(trx, actor, locked, { changes: { status: input.status }, baseVersion: input.baseVersion, people: new Map(), rank }, effects);
    });
    return { task, overwritten };
  }

  /** List editors and owners delete any task; a task's creator deletes their own. */
  async remove(actor: TaskActor, taskId: string): Promise<{ taskId: string; listId: string }> {
    const { tenantId } = actor;
    const task = await this.changeTask(actor, taskId, 'viewer', { participantsMayChange: true }, async (trx, locked, effects) => {
      const { list, task: row, at } = locked;
      const fromList = listRole(actor, list, locked.explicit);
      if (!atLeast(fromList, 'editor') && row.created_by !== actor.user.id) throw new PlazaError('forbidden', 'only list editors and the task’s creator may delete it');
      const patch = { deleted_at: at, rev: list.rev, version: row.version + 1, updated_by: actor.user.id, updated_at: at };
      await trx.updateTable('tasks').set(patch).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
      await trx
        .updateTable('task_lists')
        .set((eb) => ({ task_count: eb('task_count', '-', 1) }))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', list.id)
        .execute();
      const attachments = await trx.selectFrom('task_attachments').select('file_id').where('tenant_id', '=', tenantId).where('task_id', '=', row.id).execute();
      for (const { file_id } of attachments) await unlinkFile(trx, { tenantId, fileId: file_id, objectKind: 'task', objectId: row.id });
      await this.recordActivity(trx, row, actor, at, [{ action: 'deleted', field: null, from: null, to: null }]);
      effects.events.push({ type: 'task.updated', extra: { deleted: true, actor: actor.user.host_id } });
      await recordAudit(trx, { tenantId, actor: auditActor(actor), action: 'task.delete', target: row.id, details: { listId: list.id, title: row.title }, at });
      effects.taskIds.push(row.id);
      effects.rows.set(row.id, { ...row, ...patch });
    });
    return { taskId, listId: task.listId };
  }

  // ---- checklist and attachments --------------------------------------------------------------

  async checklistAdd(actor: TaskActor, input: { taskId: string; text: string; after?: string | null | undefined }): Promise<Task> {
    const { tenantId } = actor;
    return this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const items = await trx.selectFrom('task_checklist').select(['id', 'rank']).where('tenant_id', '=', tenantId).where('task_id', '=', input.taskId).orderBy('rank').orderBy('id').execute();
      if (items.length >= TASK_LIMITS.checklistMax) throw new PlazaError('conflict', `a task has at most ${TASK_LIMITS.checklistMax} checklist items`);
      const index = input.after ? items.findIndex((i) => i.id === input.after) : input.after === null ? -1 : items.length - 1;
      if (input.after && index === -1) throw notFound('checklist item', input.after);
      const rank = rankBetween(items[index]?.rank ?? null, items[index + 1]?.rank ?? null);
      await trx
        .insertInto('task_checklist')
        .values({ tenant_id: tenantId, id: uuidv7(), task_id: input.taskId, text: input.text, done: 0, rank, done_by: null, done_at: null, created_at: locked.at })
        .execute();
      await this.touch(trx, actor, locked, effects, [{ action: 'updated', field: 'checklist', from: null, to: { text: input.text, done: false } }]);
    });
  }

  async checklistUpdate(actor: TaskActor, input: { taskId: string; itemId: string; text?: string | undefined; done?: boolean | undefined }): Promise<Task> {
    const { tenantId } = actor;
    return this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const item = await trx.selectFrom('task_checklist').selectAll().where('tenant_id', '=', tenantId).where('task_id', '=', input.taskId).where('id', '=', input.itemId).executeTakeFirst();
      if (!item) throw notFound('checklist item', input.itemId);
      const text = input.text ?? item.text;
      const done = input.done ?? item.done === 1;
      if (text === item.text && done === (item.done === 1)) return;
      const doneChanged = done !== (item.done === 1);
      await trx
        .updateTable('task_checklist')
        .set({ text, done: done ? 1 : 0, ...(doneChanged ? { done_by: done ? actor.user.id : null, done_at: done ? locked.at : null } : {}) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', item.id)
        .execute();
      await this.touch(trx, actor, locked, effects, [{ action: 'updated', field: 'checklist', from: { text: item.text, done: item.done === 1 }, to: { text, done } }]);
    });
  }

  async checklistRemove(actor: TaskActor, input: { taskId: string; itemId: string }): Promise<Task> {
    const { tenantId } = actor;
    return this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const item = await trx.selectFrom('task_checklist').selectAll().where('tenant_id', '=', tenantId).where('task_id', '=', input.taskId).where('id', '=', input.itemId).executeTakeFirst();
      if (!item) throw notFound('checklist item', input.itemId);
      await trx.deleteFrom('task_checklist').where('tenant_id', '=', tenantId).where('id', '=', item.id).execute();
      await this.touch(trx, actor, locked, effects, [{ action: 'updated', field: 'checklist', from: { text: item.text, done: item.done === 1 }, to: null }]);
    });
  }

  /** Attaches files the caller can read; everyone who sees the task can then read them. */
  async attachmentsAdd(actor: TaskActor, input: { taskId: string; fileIds: readonly string[] }): Promise<Task> {
    const { tenantId } = actor;
    const files = await this.readableFiles(actor, input.fileIds);
    return this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const existing = await trx.selectFrom('task_attachments').select(['file_id', 'position']).where('tenant_id', '=', tenantId).where('task_id', '=', input.taskId).execute();
      const have = new Set(existing.map((e) => e.file_id));
      const fresh = files.filter((f) => !have.has(f.id));
      if (fresh.length === 0) return;
      if (existing.length + fresh.length > TASK_LIMITS.attachmentsMax) throw new PlazaError('conflict', `a task has at most ${TASK_LIMITS.attachmentsMax} attachments`);
      let position = Math.max(-1, ...existing.map((e) => e.position));
      for (const file of fresh) {
        await trx.insertInto('task_attachments').values({ tenant_id: tenantId, task_id: input.taskId, file_id: file.id, position: ++position, added_at: locked.at }).execute();
        await linkFile(trx, { tenantId, fileId: file.id, objectKind: 'task', objectId: input.taskId, at: locked.at });
      }
      await this.touch(
        trx,
        actor,
        locked,
        effects,
        fresh.map((f) => ({ action: 'updated', field: 'attachments', from: null, to: { id: f.id, name: f.name } })),
      );
    });
  }

  async attachmentRemove(actor: TaskActor, input: { taskId: string; fileId: string }): Promise<Task> {
    const { tenantId } = actor;
    return this.changeTask(actor, input.taskId, 'editor', { participantsMayChange: false }, async (trx, locked, effects) => {
      const removed = await trx.deleteFrom('task_attachments').where('tenant_id', '=', tenantId).where('task_id', '=', input.taskId).where('file_id', '=', input.fileId).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound('attachment', input.fileId);
      await unlinkFile(trx, { tenantId, fileId: input.fileId, objectKind: 'task', objectId: input.taskId });
      await this.touch(trx, actor, locked, effects, [{ action: 'updated', field: 'attachments', from: { id: input.fileId }, to: null }]);
    });
  }

  // ---- comments and activity --------------------------------------------------------------------

  async comments(actor: TaskActor, input: { taskId: string; before?: string | undefined; limit: number }): Promise<CommentPage> {
    await this.visibleTask(actor, input.taskId);
    let q = this.db
      .selectFrom('task_comments')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('task_id', '=', input.taskId)
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.before !== undefined) q = q.where('id', '<', input.before);
    const rows = await q.execute();
    return { comments: await toComments(this.db, actor.tenantId, rows.slice(0, input.limit).reverse()), hasMore: rows.length > input.limit };
  }

  /** Anyone who sees a task comments on it (viewers and watchers included). Idempotent by `clientId`. */
  async addComment(actor: TaskActor, input: { taskId: string; clientId?: string | undefined; text: string }): Promise<TaskComment> {
    const { tenantId } = actor;
    if (input.clientId) {
      const stored = await this.storedComment(actor, input.clientId, input.taskId);
      if (stored) return stored;
    }
    let row: TaskCommentsTable | undefined;
    try {
      await this.changeTask(actor, input.taskId, 'viewer', { participantsMayChange: false }, async (trx, locked, effects) => {
        row = {
          tenant_id: tenantId,
          id: uuidv7(),
          task_id: input.taskId,
          list_id: locked.list.id,
          author_id: actor.user.id,
          client_id: input.clientId ?? null,
          text: input.text,
          created_at: locked.at,
          edited_at: null,
          deleted_at: null,
        };
        await trx.insertInto('task_comments').values(row).execute();
        await this.touch(trx, actor, locked, effects, [{ action: 'commented', field: null, from: null, to: row.id }], 1);
      });
    } catch (error) {
      if (input.clientId && isUniqueViolation(error)) {
        const stored = await this.storedComment(actor, input.clientId, input.taskId);
        if (stored) return stored;
      }
      throw error;
    }
    return this.pushComment(tenantId, row as TaskCommentsTable);
  }

  /** Authors edit their own comments. */
  async editComment(actor: TaskActor, input: { commentId: string; text: string }): Promise<TaskComment> {
    const { tenantId } = actor;
    const { comment, list } = await this.visibleComment(actor, input.commentId);
    if (comment.author_id !== actor.user.id) throw new PlazaError('forbidden', 'only the author may edit a comment');
    if (comment.deleted_at !== null) throw new PlazaError('conflict', 'the comment was deleted');
    if (list.archived === 1) throw new PlazaError('conflict', 'the list is archived');
    const at = this.ctx.clock.now();
    await this.db.updateTable('task_comments').set({ text: input.text, edited_at: at }).where('tenant_id', '=', tenantId).where('id', '=', comment.id).execute();
    return this.pushComment(tenantId, { ...comment, text: input.text, edited_at: at });
  }

  /** Authors and list owners delete comments: the text goes, the place stays. */
  async deleteComment(actor: TaskActor, input: { commentId: string }): Promise<TaskComment> {
    const { tenantId } = actor;
    const { comment } = await this.visibleComment(actor, input.commentId);
    if (comment.deleted_at !== null) throw new PlazaError('conflict', 'the comment was deleted already');
    let deleted = comment;
    await this.changeTask(actor, comment.task_id, 'viewer', { participantsMayChange: false }, async (trx, locked, effects) => {
      const fromList = listRole(actor, locked.list, locked.explicit);
      if (comment.author_id !== actor.user.id && fromList !== 'owner') throw new PlazaError('forbidden', 'only the author or a list owner may delete a comment');
      deleted = { ...comment, text: '', deleted_at: locked.at };
      await trx.updateTable('task_comments').set({ text: '', deleted_at: locked.at }).where('tenant_id', '=', tenantId).where('id', '=', comment.id).execute();
      await this.touch(trx, actor, locked, effects, [], -1);
    });
    return this.pushComment(tenantId, deleted);
  }

  async activity(actor: TaskActor, input: { taskId: string; before?: string | undefined; limit: number }): Promise<ActivityPage> {
    await this.visibleTask(actor, input.taskId);
    let q = this.db
      .selectFrom('task_activity')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('task_id', '=', input.taskId)
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.before !== undefined) q = q.where('id', '<', input.before);
    const rows = await q.execute();
    return { activity: await toActivity(this.db, actor.tenantId, rows.slice(0, input.limit).reverse()), hasMore: rows.length > input.limit };
  }

  // ---- queries and sync --------------------------------------------------------------------------

  /**
   * Tasks across everything the caller sees — visible lists, and tasks they are assigned,
   * created or watch — narrowed by filters, ascending by creation (id), a page at a time.
   * A server token sees every task of its tenant.
   */
  async query(actor: TaskActor, input: TaskQuery): Promise<TaskPage> {
    const { tenantId } = actor;
    const now = this.ctx.clock.now();
    let q = this.db.selectFrom('tasks').selectAll().where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);
    if (!actor.server) {
      const visible = (await this.lists.all(actor)).map((l) => l.id);
      const self = actor.user.id;
      // partners take part in tasks only inside lists they see
      const participates = actor.kind === 'member';
      if (visible.length === 0 && !participates) return { tasks: [], nextCursor: null };
      q = q.where((eb) =>
        eb.or([
          ...(visible.length > 0 ? [eb('list_id', 'in', visible)] : []),
          ...(participates
            ? [eb('assignee_id', '=', self), eb('created_by', '=', self), eb('id', 'in', eb.selectFrom('task_watchers').select('task_id').where('tenant_id', '=', tenantId).where('user_id', '=', self))]
            : []),
        ]),
      );
    }
    if (input.listId !== undefined) {
      if (actor.server && !(await findList(this.db, tenantId, input.listId))) throw notFound('list', input.listId);
      q = q.where('list_id', '=', input.listId);
    }
    if (input.status) q = q.where('status', 'in', [...input.status]);
    if (input.label !== undefined) {
      const label = input.label;
      q = q.where('id', 'in', (eb) => eb.selectFrom('task_labels').select('task_id').where('tenant_id', '=', tenantId).where('label', '=', label));
    }
    if (input.department !== undefined) {
      const department = input.department;
      q = q.where('assignee_id', 'in', (eb) => eb.selectFrom('user_departments').select('user_id').where('tenant_id', '=', tenantId).where('department', '=', department));
    }
    if (input.assignee !== undefined) {
      const assignee = await this.ctx.users.byHostId(tenantId, input.assignee);
      if (!assignee) return { tasks: [], nextCursor: null };
      q = q.where('assignee_id', '=', assignee.id);
    }
    if (input.dueFrom !== undefined) q = q.where('due_at', '>=', Date.parse(input.dueFrom));
    if (input.dueTo !== undefined) q = q.where('due_at', '<', Date.parse(input.dueTo));
    const me = actor.user.id;
    if (input.filter === 'mine') q = q.where('assignee_id', '=', me);
    else if (input.filter === 'assigned_by_me') q = q.where('assigned_by', '=', me).where('assignee_id', '!=', me);
    else if (input.filter === 'overdue') q = q.where('due_at', '<=', now).where('status', '!=', 'done');
    else if (input.filter === 'due_this_week') {
      const { from, to } = weekRange(now, input.timeZone ?? 'UTC');
      q = q.where('due_at', '>=', from).where('due_at', '<', to);
    }
    if (input.cursor !== undefined) q = q.where('id', '>', decodeCursor(input.cursor));
    const rows = await q.orderBy('id').limit(input.limit + 1).execute();
    const page = rows.slice(0, input.limit);
    return { tasks: await toTasks(this.db, tenantId, page, now), nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1].id) : null };
  }

  /**
   * Every task change after each cursor's rev, ascending by rev: changed tasks, and ids of
   * tasks deleted meanwhile. Lists the caller cannot see (any more, or ever) come back in
   * `removed`, whether they exist or not.
   */
  async sync(actor: TaskActor, cursors: readonly { listId: string; afterRev: number }[]): Promise<TasksSyncResult> {
    const { tenantId } = actor;
    const now = this.ctx.clock.now();
    const visible = new Map((await this.lists.all(actor)).map((l) => [l.id, l]));
    const result: TasksSyncResult = { lists: [], removed: [] };
    let budget = SYNC_TOTAL_LIMIT;
    for (const cursor of cursors) {
      const list = visible.get(cursor.listId);
      if (!list) {
        if (!result.removed.includes(cursor.listId)) result.removed.push(cursor.listId);
        continue;
      }
      if (result.lists.some((l) => l.listId === list.id)) continue;
      const limit = Math.min(SYNC_LIST_LIMIT, budget);
      if (limit === 0 || list.rev <= cursor.afterRev) {
        result.lists.push({ listId: list.id, rev: list.rev, tasks: [], deleted: [], hasMore: list.rev > cursor.afterRev });
        continue;
      }
      const rows = await this.db
        .selectFrom('tasks')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('list_id', '=', list.id)
        .where('rev', '>', cursor.afterRev)
        .orderBy('rev')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      budget -= page.length;
      const hasMore = rows.length > limit;
      result.lists.push({
        listId: list.id,
        // a cut page's cursor is its last rev, so the next sync continues from there
        rev: hasMore ? page[page.length - 1].rev : list.rev,
        tasks: await toTasks(
          this.db,
          tenantId,
          page.filter((r) => r.deleted_at === null),
          now,
        ),
        deleted: page.filter((r) => r.deleted_at !== null).map((r) => r.id),
        hasMore,
      });
    }
    return result;
  }

  // ---- notifications --------------------------------------------------------------------------------

  notifications(actor: TaskActor, input: { unreadOnly: boolean; before?: string | undefined; limit: number }) {
    return listNotifications(this.db, actor, input);
  }

  markRead(actor: TaskActor, input: { ids: string[]; all: boolean }) {
    return markNotificationsRead(this.db, this.realtime, actor, input, this.ctx.clock.now());
  }

  // ---- internals ------------------------------------------------------------------------------------

  /** Where a new task goes, checked against the caller's rights. */
  private async targetList(actor: TaskActor, input: CreateTaskInput, at: number): Promise<{ list: TaskListsTable; createdPersonal: boolean }> {
    if (input.listId !== undefined) {
      const { list, role } = await this.lists.visible(actor, input.listId);
      if (!atLeast(role, 'editor')) throw new PlazaError('forbidden', 'viewers cannot create tasks');
      return { list, createdPersonal: false };
    }
    if (actor.server && input.assignee === null) throw new PlazaError('bad_request', 'list: name a list or an assignee');
    const owner = input.assignee === null ? actor.user : ((await this.ctx.users.ensure(actor.tenantId, [input.assignee])).get(input.assignee) as UsersTable);
    if (owner.id !== actor.user.id && actor.kind === 'partner') throw new PlazaError('forbidden', 'partners create tasks for others only in lists shared with them');
    if (owner.kind === 'customer') throw new PlazaError('forbidden', `${owner.host_id} is a customer and cannot take part in tasks`);
    const { list, created } = await this.lists.ensurePersonal(owner, at);
    return { list, createdPersonal: created };
  }

  /** Customers never take part in tasks; partners only where `partnerMayJoin`. */
  private checkParticipants(list: ListAccess, users: readonly UsersTable[]): void {
    for (const user of users) {
      if (user.kind === 'customer') throw new PlazaError('forbidden', `${user.host_id} is a customer and cannot take part in tasks`);
      if (!partnerMayJoin(user, list)) throw new PlazaError('forbidden', `${user.host_id} is a partner and the list is not shared with their organisation`);
    }
  }

  private async readableFiles(actor: TaskActor, fileIds: readonly string[]): Promise<Attachment[]> {
    const files: Attachment[] = [];
    // checked before the transaction: file access runs queries of its own on the shared connection
    for (const fileId of [...new Set(fileIds)]) {
      if (!actor.server) await requireReadable(this.ctx, actor.tenantId, fileId, actor.user);
      const file = await findFile(this.ctx, actor.tenantId, fileId);
      if (!file) throw notFound('file', fileId);
      files.push({ id: file.id, name: file.name, size: file.size, type: file.type });
    }
    return files;
  }

  /** The message a task is made from: the caller must be able to read it, and it must still be there. */
  private async readableSource(actor: TaskActor, source: TaskSource): Promise<TaskSource> {
    if (!this.chat || actor.server) throw new PlazaError('bad_request', 'sourceMessage: tasks from messages are made by users over the socket');
    const message = await this.chat.message(await this.chat.actorFor(actor.tenantId, actor.user.id), source.messageId);
    if (message.channelId !== source.channelId) throw notFound('message', source.messageId);
    if (message.recalledAt !== null || message.deletedAt !== null) throw new PlazaError('conflict', 'the message was removed');
    return source;
  }

  private async postTaskLink(actor: TaskActor, source: TaskSource, task: Task): Promise<void> {
    if (!this.chat) return;
    try {
      const chatActor = await this.chat.actorFor(actor.tenantId, actor.user.id);
      await this.chat.send(chatActor, {
        channelId: source.channelId,
        clientId: `task-${task.id}`,
        text: `📋 ${task.title}\n${taskLink(task.id)}`,
        urgency: 'normal',
        attachments: [],
      });
    } catch (error) {
      this.ctx.log.warn({ err: error, taskId: task.id, channelId: source.channelId }, 'posting a task link in chat failed; the task stands');
    }
  }

  private async storedCreate(actor: TaskActor, clientId: string, listId: string | undefined): Promise<Task | undefined> {
    const row = await this.db
      .selectFrom('tasks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('created_by', '=', actor.user.id)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!row) return undefined;
    if (listId !== undefined && row.list_id !== listId) throw new PlazaError('conflict', 'clientId: already used for a task in another list');
    if (row.deleted_at !== null) throw new PlazaError('conflict', 'clientId: the task made with it was deleted');
    const [task] = await toTasks(this.db, actor.tenantId, [row], this.ctx.clock.now());
    return task;
  }

  private async storedComment(actor: TaskActor, clientId: string, taskId: string): Promise<TaskComment | undefined> {
    const row = await this.db
      .selectFrom('task_comments')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('author_id', '=', actor.user.id)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.task_id !== taskId) throw new PlazaError('conflict', 'clientId: already used for a comment on another task');
    const [comment] = await toComments(this.db, actor.tenantId, [row]);
    return comment;
  }

  /** A task the caller can see, with their role; `not_found` for deleted, invisible and foreign ids. */
  private async visibleTask(actor: TaskActor, taskId: string, db: Db = this.db): Promise<{ list: TaskListsTable; task: TasksTable; watchers: string[]; role: ListRole }> {
    const task = await findTask(db, actor.tenantId, taskId);
    if (!task || task.deleted_at !== null) throw notFound('task', taskId);
    const list = await findList(db, actor.tenantId, task.list_id);
    if (!list) throw notFound('task', taskId);
    const watchers = await watcherKeys(db, actor.tenantId, taskId);
    const explicit = actor.server ? undefined : await explicitRole(db, actor.tenantId, list.id, actor.user.id);
    const role = taskRole(actor, list, explicit, task, watchers);
    if (!role) throw notFound('task', taskId);
    return { list, task, watchers, role };
  }

  private async visibleComment(actor: TaskActor, commentId: string): Promise<{ comment: TaskCommentsTable; list: TaskListsTable }> {
    const comment = await this.db.selectFrom('task_comments').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', commentId).executeTakeFirst();
    if (!comment) throw notFound('comment', commentId);
    try {
      const { list } = await this.visibleTask(actor, comment.task_id);
      return { comment, list };
    } catch (error) {
      if (error instanceof PlazaError && error.code === 'not_found') throw notFound('comment', commentId);
      throw error;
    }
  }

  /**
   * One change to a task: in one transaction, the list's lock (which reserves the
   * change's rev), the task read afresh behind it with its watchers and the actor's
   * membership, the role check, the change and what it leaves to publish and push; the
   * pushes go out after the commit. `step` records what changed in `effects`; a step that
   * changes nothing rolls back and pushes nothing. When the change may take the task away
   * from someone (assignee, watchers, deletion), pass `participantsMayChange` so those who
   * saw it before are told. Answers the task as stored.
   */
  private async changeTask(
    actor: TaskActor,
    taskId: string,
    needed: ListRole,
    options: { participantsMayChange: boolean },
    step: (trx: Db, locked: Locked, effects: Effects) => Promise<void>,
  ): Promise<Task> {
    const { tenantId } = actor;
    let done: Finished;
    try {
      done = await this.transact(async (trx) => {
        const list = await lockListOf(trx, tenantId, taskId);
        // read behind the lock, so no change to the task can come between the read and the write
        const found = list && (await taskForChange(trx, tenantId, taskId, actor.user.id));
        if (!list || !found || found.task.deleted_at !== null) throw notFound('task', taskId);
        const { task, watchers } = found;
        const explicit = actor.server ? undefined : found.memberRole;
        const role = taskRole(actor, list, explicit, task, watchers);
        if (!role) throw notFound('task', taskId);
        if (!atLeast(role, needed)) throw new PlazaError('forbidden', needed === 'editor' ? 'viewers cannot change tasks' : 'not allowed');
        if (list.archived === 1) throw new PlazaError('conflict', 'the list is archived');
        const at = this.ctx.clock.now();
        // memberships do not change with a task, so the audience read before the change serves after it
        const audience = options.participantsMayChange ? await this.audiences.of(trx, tenantId, list) : undefined;
        const before = audience && (await taskAudience(trx, tenantId, list, audience, task, watchers));
        const effects = noEffects();
        await step(trx, { list, task, watchers, explicit, role, at }, effects);
        if (effects.taskIds.length === 0) throw new Unchanged((await toTasks(trx, tenantId, [task], at))[0]);
        return this.finish(trx, list, effects, at, { before, audience });
      });
    } catch (error) {
      if (error instanceof Unchanged) return error.task;
      throw error;
    }
    this.emit(tenantId, done.pushes);
    return done.task;
  }

  /** The rank a move lands on: after `after`, else before `before`, else at the bottom; the current rank when it already sits there. */
  private async rankFor(trx: Db, locked: Locked, input: { status: TaskStatus; after?: string | null | undefined; before?: string | null | undefined }): Promise<string> {
    const { task } = locked;
    const column = { tenantId: task.tenant_id, listId: task.list_id, status: input.status, taskId: task.id };
    // an anchor no longer in that column is ignored
    const beside = (id: string | null | undefined, side: 'after' | 'before') => (!id || id === task.id ? undefined : besideTask(trx, column, id, side));
    const after = await beside(input.after, 'after');
    const before = after ? undefined : await beside(input.before, 'before');
    let low: string | null;
    let high: string | null;
    if (after) {
      low = after.anchor;
      high = after.next;
    } else if (before) {
      low = before.next;
      high = before.anchor;
    } else {
      low = await columnEnd(trx, column, 'last');
      high = null;
    }
    const already = task.status === input.status && (low === null || task.rank > low) && (high === null || task.rank < high);
    return already ? task.rank : rankBetween(low, high);
  }

  /** Current wire values of the named LWW fields (only those: a move reads none). */
  private async fieldValues(trx: Db, tenantId: string, task: TasksTable, watchers: readonly string[], fields: readonly TaskField[]): Promise<Partial<FieldValues>> {
    const values: Partial<FieldValues> = {};
    const hosts = fields.includes('assignee') || fields.includes('watchers') ? await hostIds(trx, tenantId, [task.assignee_id, ...watchers]) : new Map<string, string>();
    for (const field of fields) {
      if (field === 'assignee') values.assignee = task.assignee_id === null ? null : (hosts.get(task.assignee_id) ?? null);
      else if (field === 'due') values.due = task.due_at === null ? null : iso(task.due_at);
      else if (field === 'labels') values.labels = await labelsOf(trx, tenantId, task.id);
      else if (field === 'watchers') values.watchers = watchers.map((k) => hosts.get(k)).filter((h): h is string => h !== undefined);
      else values[field] = task[field];
    }
    return values;
  }

  /**
   * Writes field changes (and a move's rank) to a locked task: version, rev, field
   * metadata, completion, activity, reminders, the assignee's notification, the webhook
   * event. Answers the fields overwritten unseen (see `update`).
   */
  private async applyFields(
    trx: Db,
    actor: TaskActor,
    locked: Locked,
    change: { changes: TaskChangesInput; baseVersion: number | undefined; people: Map<string, UsersTable>; rank: string | undefined },
    effects: Effects,
  ): Promise<FieldOverwrite[]> {
    const { tenantId } = actor;
    const { task, watchers, at } = locked;
    const wanted: Partial<FieldValues> = Object.fromEntries(Object.entries(change.changes).filter(([, v]) => v !== undefined));
    const current = await this.fieldValues(trx, tenantId, task, watchers, Object.keys(wanted) as TaskField[]);
    const changed = (Object.keys(wanted) as TaskField[]).filter((field) => !same(current[field] as ActivityValue, wanted[field] as ActivityValue));
    const statusChanged = changed.includes('status');
    let rank = change.rank ?? task.rank;
    if (statusChanged && change.rank === undefined) {
      rank = rankBetween(await columnEnd(trx, { tenantId, listId: task.list_id, status: wanted.status as string, taskId: task.id }, 'last'), null);
    }
    if (changed.length === 0 && rank === task.rank) return [];

    const meta = JSON.parse(task.field_meta) as FieldMeta;
    const overwritten = await this.overwrites(trx, actor, locked, meta, changed, change.baseVersion, current, wanted);
    const version = task.version + 1;
    for (const field of changed) meta[field] = { v: version, by: actor.user.id, at };
    const status = (wanted.status ?? task.status) as TaskStatus;
    const assigneeHost = changed.includes('assignee') ? (wanted.assignee as string | null) : undefined;
    const assignee = assigneeHost === undefined ? undefined : assigneeHost === null ? null : (change.people.get(assigneeHost) ?? null);
    const patch: Partial<TasksTable> = {
      ...(changed.includes('title') ? { title: wanted.title as string } : {}),
      ...(changed.includes('description') ? { description: wanted.description as string } : {}),
      ...(changed.includes('priority') ? { priority: wanted.priority as string } : {}),
      ...(statusChanged ? { status, completed_by: status === 'done' ? actor.user.id : null, completed_at: status === 'done' ? at : null } : {}),
      ...(assignee !== undefined ? { assignee_id: assignee?.id ?? null, assigned_by: assignee ? actor.user.id : null } : {}),
      ...(changed.includes('due') ? { due_at: wanted.due === null ? null : Date.parse(wanted.due as string) } : {}),
      rank,
      version,
      rev: locked.list.rev,
      field_meta: JSON.stringify(meta),
      updated_by: actor.user.id,
      updated_at: at,
    };
    await trx.updateTable('tasks').set(patch).where('tenant_id', '=', tenantId).where('id', '=', task.id).execute();
    if (changed.includes('labels')) await this.writeLabels(trx, tenantId, task.id, wanted.labels as string[]);
    if (changed.includes('watchers')) {
      const keys = (wanted.watchers as string[]).map((h) => change.people.get(h)?.id).filter((k): k is string => k !== undefined);
      await trx.deleteFrom('task_watchers').where('tenant_id', '=', tenantId).where('task_id', '=', task.id).execute();
      await this.writeWatchers(trx, tenantId, task.id, keys);
    }
    const updated = { ...task, ...patch };
    const activity: ActivityEntry[] = changed.map((field) => ({ action: 'updated', field, from: current[field] as ActivityValue, to: wanted[field] as ActivityValue }));
    if (rank !== task.rank) activity.push({ action: 'updated', field: 'rank', from: task.rank, to: rank });
    await this.recordActivity(trx, task, actor, at, activity);
    const reopened = statusChanged && task.status === 'done';
    if (changed.includes('due') || reopened) await scheduleReminders(trx, tenantId, updated, at);
    if (assignee && assignee.id !== actor.user.id) effects.notifications.push(...(await storeNotifications(trx, tenantId, [this.assignedDraft(assignee, actor, updated, at)])));
    effects.taskIds.push(task.id);
    effects.rows.set(task.id, updated);
    const fields = [...changed, ...(rank !== task.rank ? (['rank'] as const) : [])];
    effects.events.push({ type: 'task.updated', extra: { changes: fields.map((f) => ({ field: f, from: f === 'rank' ? task.rank : current[f], to: f === 'rank' ? rank : wanted[f] })), actor: actor.user.host_id } });
    if (rank.length > RANK_REBALANCE_AT) {
      const renumbered = await this.rebalance(trx, tenantId, task.list_id, status);
      effects.taskIds.push(...renumbered);
      // their ranks, revs and versions changed again: `finish` reads them back
      for (const id of renumbered) effects.rows.delete(id);
    }
    for (const o of overwritten) {
      effects.notices.push({
        to: o.by,
        notice: { taskId: task.id, listId: task.list_id, field: o.field, value: o.value, current: wanted[o.field] as ActivityValue, by: actor.user.host_id, at: iso(at) },
      });
    }
    return overwritten;
  }

  /** Fields changed after the writer's base by someone else: what this write overwrites unseen. */
  private async overwrites(
    trx: Db,
    actor: TaskActor,
    locked: Locked,
    meta: FieldMeta,
    changed: readonly TaskField[],
    baseVersion: number | undefined,
    current: Partial<FieldValues>,
    wanted: Partial<FieldValues>,
  ): Promise<FieldOverwrite[]> {
    if (baseVersion === undefined || baseVersion >= locked.task.version) return [];
    const stale = changed.filter((f) => {
      const m = meta[f];
      return m !== undefined && m.v > baseVersion && m.by !== actor.user.id && !same(current[f] as ActivityValue, wanted[f] as ActivityValue);
    });
    if (stale.length === 0) return [];
    const hosts = await hostIds(
      trx,
      actor.tenantId,
      stale.map((f) => meta[f]?.by ?? null),
    );
    return stale.map((field) => {
      const m = meta[field] as { by: string; at: number };
      return { field, value: current[field] as ActivityValue, by: hosts.get(m.by) ?? '', at: iso(m.at) };
    });
  }

  /**
   * Gives every task of a column a fresh, evenly spaced rank in its current order: the
   * rare repair when one gap has been split so often that ranks grow long. Answers the
   * ids whose rank changed.
   */
  private async rebalance(trx: Db, tenantId: string, listId: string, status: string): Promise<string[]> {
    const column = await trx
      .selectFrom('tasks')
      .select(['id', 'rank'])
      .where('tenant_id', '=', tenantId)
      .where('list_id', '=', listId)
      .where('status', '=', status)
      .where('deleted_at', 'is', null)
      .orderBy('rank')
      .orderBy('id')
      .execute();
    const ranks = ranksBetween(null, null, column.length);
    const moved = column.map((row, i) => ({ ...row, next: ranks[i] })).filter((row) => row.next !== row.rank);
    if (moved.length === 0) return [];
    let rev = await takeRevs(trx, tenantId, listId, moved.length);
    for (const row of moved) {
      await trx
        .updateTable('tasks')
        .set((eb) => ({ rank: row.next, rev: rev++, version: eb('version', '+', 1) }))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', row.id)
        .execute();
    }
    return moved.map((row) => row.id);
  }

  /** A change that is neither a field nor a rank (checklist, attachments, comments): a new version and rev, activity, the webhook. */
  private async touch(trx: Db, actor: TaskActor, locked: Locked, effects: Effects, activity: ActivityEntry[], commentDelta = 0): Promise<void> {
    const { tenantId } = actor;
    const { task, at } = locked;
    // the task was read behind the list's lock, so its comment count is current
    const patch = { version: task.version + 1, rev: locked.list.rev, updated_by: actor.user.id, updated_at: at, comment_count: task.comment_count + commentDelta };
    await trx.updateTable('tasks').set(patch).where('tenant_id', '=', tenantId).where('id', '=', task.id).execute();
    await this.recordActivity(trx, task, actor, at, activity);
    const fields = [...new Set(activity.map((a) => a.field ?? 'comments'))];
    effects.taskIds.push(task.id);
    effects.rows.set(task.id, { ...task, ...patch });
    effects.events.push({ type: 'task.updated', extra: { changes: fields.map((field) => ({ field })), actor: actor.user.host_id } });
  }

  private async recordActivity(trx: Db, task: TasksTable, actor: TaskActor, at: number, entries: readonly ActivityEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await trx
      .insertInto('task_activity')
      .values(
        entries.map((entry) => ({
          tenant_id: task.tenant_id,
          id: uuidv7(),
          task_id: task.id,
          actor_id: actor.user.id,
          at,
          action: entry.action,
          field: entry.field,
          from_value: JSON.stringify(entry.from),
          to_value: JSON.stringify(entry.to),
        })),
      )
      .execute();
  }

  private async writeWatchers(trx: Db, tenantId: string, taskId: string, keys: readonly string[]): Promise<void> {
    for (const [position, user_id] of [...new Set(keys)].entries()) {
      await trx.insertInto('task_watchers').values({ tenant_id: tenantId, task_id: taskId, user_id, position }).execute();
    }
  }

  private async writeLabels(trx: Db, tenantId: string, taskId: string, labels: readonly string[]): Promise<void> {
    await trx.deleteFrom('task_labels').where('tenant_id', '=', tenantId).where('task_id', '=', taskId).execute();
    for (const [position, label] of [...new Set(labels)].entries()) {
      await trx.insertInto('task_labels').values({ tenant_id: tenantId, task_id: taskId, label, position }).execute();
    }
  }

  private assignedDraft(assignee: UsersTable, actor: TaskActor, task: TasksTable, at: number): NotificationDraft {
    return { recipient: assignee, kind: 'task.assigned', task, reminder: null, actor: actor.user, at };
  }

  /**
   * The end of every task change, inside its transaction: the touched tasks' views, the
   * webhook events about the first one, and the pushes to send once committed — each
   * task to everyone who sees it now (or `tasks:task:removed` when it was deleted), a
   * removal to those who saw it before (`seen.before`) and no longer do, notifications,
   * overwrite notices. `seen.audience` is the list's audience when the change read it already.
   */
  private async finish(
    trx: Db,
    list: LockedList,
    effects: Effects,
    at: number,
    seen: { before?: Set<string> | undefined; audience?: ListAudience | undefined } = {},
  ): Promise<Finished> {
    const tenantId = list.tenant_id;
    const { before } = seen;
    const ids = [...new Set(effects.taskIds)];
    const unread = ids.filter((id) => !effects.rows.has(id));
    const read = unread.length > 0 ? await trx.selectFrom('tasks').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', unread).execute() : [];
    const written = new Map([...effects.rows, ...read.map((r) => [r.id, r] as const)]);
    const rows = ids.map((id) => written.get(id)).filter((r): r is TasksTable => r !== undefined);
    const viewed = await taskViews(trx, tenantId, rows, at);
    const views = new Map(viewed.views.map((v) => [v.id, v]));
    const primary = views.get(ids[0]) as Task;
    for (const event of effects.events) await publishEvent(trx, { tenantId, type: event.type, data: event.type === 'task.created' ? primary : { task: primary, ...event.extra }, at });
    const pushes: Push[] = [];
    const audience = seen.audience ?? (await this.audiences.of(trx, tenantId, list));
    for (const row of rows) {
      if (row.deleted_at !== null) {
        pushes.push({ to: [...(before ?? [])], event: 'tasks:task:removed', payload: { taskId: row.id, listId: list.id, rev: row.rev } });
        continue;
      }
      const after = await taskAudience(trx, tenantId, list, audience, row, viewed.watchers.get(row.id) ?? []);
      pushes.push({ to: [...after], event: 'tasks:task', payload: views.get(row.id) as Task });
      if (before && row.id === ids[0]) pushes.push({ to: [...before].filter((h) => !after.has(h)), event: 'tasks:task:removed', payload: { taskId: row.id, listId: list.id, rev: row.rev } });
    }
    for (const { recipientHostId, notification } of effects.notifications) pushes.push({ to: [recipientHostId], event: 'notification', payload: notification });
    for (const { to, notice } of effects.notices) pushes.push({ to: [to], event: 'tasks:overwritten', payload: notice });
    return { task: primary, pushes };
  }

  /** Sends pushes prepared by `finish`, after their transaction committed. */
  private emit(tenantId: string, pushes: readonly Push[]): void {
    emitPushes(this.realtime, tenantId, pushes);
  }

  private async pushComment(tenantId: string, row: TaskCommentsTable): Promise<TaskComment> {
    const [comment] = await toComments(this.db, tenantId, [row]);
    const task = await findTask(this.db, tenantId, row.task_id);
    const list = task && (await findList(this.db, tenantId, task.list_id));
    if (this.realtime && task && list) {
      const audience = await taskAudience(this.db, tenantId, list, await listAudience(this.db, tenantId, list), task, await watcherKeys(this.db, tenantId, task.id));
      emitToUsers(this.realtime, tenantId, audience, 'tasks:comment', comment);
    }
    return comment;
  }

}

interface ActivityEntry {
  action: 'created' | 'updated' | 'deleted' | 'commented';
  field: TaskField | 'rank' | 'checklist' | 'attachments' | null;
  from: ActivityValue;
  to: ActivityValue;
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new PlazaError('bad_request', 'cursor: not a cursor this server gave out');
  return id;
}
