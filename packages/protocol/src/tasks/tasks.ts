import { z } from 'zod';
import type { Attachment } from '../chat/chat.js';
import { hostId, plazaId } from '../ids.js';

/** A task's workflow state; the board has one column per status. */
export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** A user's role in a task list: owners manage the list and its members, editors change tasks, viewers read and comment. */
export const LIST_ROLES = ['owner', 'editor', 'viewer'] as const;
export type ListRole = (typeof LIST_ROLES)[number];

/**
 * `private`: only members (and, for partners, only if the list is shared with their
 * organisation). `department`: also every employee of `department`, with `departmentRole`.
 */
export const LIST_VISIBILITIES = ['private', 'department'] as const;
export type ListVisibility = (typeof LIST_VISIBILITIES)[number];

/** Task fields that `tasks:update` changes, each resolved last-writer-wins on its own. */
export const TASK_FIELDS = ['title', 'description', 'status', 'priority', 'assignee', 'due', 'labels', 'watchers'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

/** What an activity entry can name besides the task fields. */
export const ACTIVITY_FIELDS = [...TASK_FIELDS, 'rank', 'checklist', 'attachments'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export const ACTIVITY_ACTIONS = ['created', 'updated', 'deleted', 'commented'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** When reminders go out, relative to a task's due time. */
export const REMINDER_KINDS = ['day_before', 'hour_before', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Limits every side checks the same way. */
export const TASK_LIMITS = {
  titleMax: 500,
  descriptionMax: 20_000,
  listNameMax: 100,
  listDescriptionMax: 2_000,
  labelsMax: 20,
  labelMax: 50,
  watchersMax: 50,
  checklistMax: 100,
  checklistTextMax: 500,
  attachmentsMax: 20,
  commentMax: 10_000,
  membersPerRequest: 500,
  partnerOrgsMax: 50,
  clientIdMax: 64,
  pageMax: 200,
  /** Tasks (not deleted) one list holds; a board shows all of them at once. */
  tasksPerList: 10_000,
} as const;

/** A task list (project) as one user sees it: shared facts plus that user's role. */
export interface TaskList {
  id: string;
  name: string;
  description: string;
  visibility: ListVisibility;
  /** For `department` lists: the host department id whose employees see the list. */
  department: string | null;
  /** The role those employees get (explicit membership can give more). */
  departmentRole: Exclude<ListRole, 'owner'>;
  /** Partner organisations the list is shared with; only their partners ever see it. */
  partnerOrgs: string[];
  /** Board column order: every status exactly once. */
  columns: TaskStatus[];
  /** A personal list belongs to one user (host id): where tasks without a list go. */
  personalOf: string | null;
  archived: boolean;
  createdBy: string;
  createdAt: string;
  /** Counts every change to the list's tasks: the `tasks:sync` cursor. */
  rev: number;
  taskCount: number;
  /** The caller's role. */
  role: ListRole;
}

export interface TaskListMember {
  userId: string;
  name: string;
  role: ListRole;
}

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
  /** Items are listed by rank (see `rankBetween`). */
  rank: string;
  doneBy: string | null;
  doneAt: string | null;
}

/** The chat message a task was created from. */
export interface TaskSource {
  channelId: string;
  messageId: string;
}

/**
 * A task. `version` counts its changes (the base an update names); `rev` is the list
 * revision of its last change (the sync cursor). Times are ISO 8601 UTC; `overdue` is
 * derived when the task is sent (past `due` and not done) and refreshed by a push when
 * the due time passes.
 */
export interface Task {
  id: string;
  listId: string;
  title: string;
  /** Markdown source; clients render it safely, never as raw HTML. */
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  /** Host user id, or null when unassigned. */
  assignee: string | null;
  /** Who set the current assignee (the "assigned by me" filter). */
  assignedBy: string | null;
  watchers: string[];
  labels: string[];
  due: string | null;
  overdue: boolean;
  /** Board order within the task's status column (see `compareByRank`). */
  rank: string;
  checklist: ChecklistItem[];
  attachments: Attachment[];
  commentCount: number;
  source: TaskSource | null;
  clientId?: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  completedBy: string | null;
  completedAt: string | null;
  version: number;
  rev: number;
}

export interface TaskComment {
  id: string;
  taskId: string;
  listId: string;
  authorId: string;
  text: string;
  clientId?: string;
  createdAt: string;
  editedAt: string | null;
  /** Deleted comments keep their place with empty text. */
  deletedAt: string | null;
}

/** A JSON value as stored in activity entries. */
export type ActivityValue = string | number | boolean | null | ActivityValue[] | { [key: string]: ActivityValue };

/** One recorded change: who, when, which field, from what, to what. */
export interface TaskActivity {
  id: string;
  taskId: string;
  actorId: string;
  at: string;
  action: ActivityAction;
  /** The field changed (`updated`); null for `created`, `deleted`, `commented`. */
  field: ActivityField | null;
  from: ActivityValue;
  to: ActivityValue;
}

/**
 * A field an update overwrote although the writer had not seen its latest value: the
 * update's `baseVersion` was older than the field's last change. The update is applied
 * (last writer wins); this says what was lost.
 */
export interface FieldOverwrite {
  field: TaskField;
  /** The value that was overwritten. */
  value: ActivityValue;
  /** Who wrote the overwritten value, and when. */
  by: string;
  at: string;
}

/** What `tasks:update` and `tasks:move` answer: the task as stored, and what the change overwrote unseen. */
export interface TaskUpdateResult {
  task: Task;
  overwritten: FieldOverwrite[];
}

/** Pushed to the user whose value was overwritten by a later update made on a stale base. */
export interface TaskOverwrittenNotice {
  taskId: string;
  listId: string;
  field: TaskField;
  /** The value this user had written, now gone. */
  value: ActivityValue;
  /** The value that replaced it. */
  current: ActivityValue;
  /** Who overwrote it, and when. */
  by: string;
  at: string;
}

export interface TaskListDetail {
  list: TaskList;
  members: TaskListMember[];
  /** Every task of the list that is not deleted, in no particular order (sort with `compareByRank`). */
  tasks: Task[];
}

export interface TaskPage {
  tasks: Task[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CommentPage {
  /** Ascending by time. */
  comments: TaskComment[];
  hasMore: boolean;
}

export interface ActivityPage {
  /** Ascending by time. */
  activity: TaskActivity[];
  hasMore: boolean;
}

export interface TasksSyncResult {
  /** Per list: tasks changed after the cursor (ascending by rev) and ids of tasks deleted meanwhile. */
  lists: { listId: string; rev: number; tasks: Task[]; deleted: string[]; hasMore: boolean }[];
  /** Lists the caller cannot see (any more), whether they exist or not. */
  removed: string[];
}

// ---- schemas -------------------------------------------------------------------------------

const listId = plazaId;
const taskId = plazaId;
const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(TASK_LIMITS.titleMax, `must be at most ${TASK_LIMITS.titleMax} characters`);
const description = z.string().max(TASK_LIMITS.descriptionMax, `must be at most ${TASK_LIMITS.descriptionMax} characters`);
const label = z
  .string()
  .trim()
  .min(1)
  .max(TASK_LIMITS.labelMax)
  .regex(/^[^\p{Cc}<>]+$/u, 'must not contain control characters or < >');
const labels = z
  .array(label)
  .max(TASK_LIMITS.labelsMax)
  .transform((v) => [...new Set(v)]);
const watchers = z
  .array(hostId)
  .max(TASK_LIMITS.watchersMax)
  .transform((v) => [...new Set(v)]);
const clientId = z
  .string()
  .min(1)
  .max(TASK_LIMITS.clientIdMax)
  .regex(/^[\w-]+$/, 'may contain letters, digits, _ and - only');
const checklistText = z.string().trim().min(1, 'must not be empty').max(TASK_LIMITS.checklistTextMax);
const version = z.number().int().min(0);
const limit = (fallback: number) => z.number().int().min(1).max(TASK_LIMITS.pageMax).default(fallback);

/**
 * A due time: ISO 8601 with a time and an offset (`Z` or `+08:00`), stored and answered
 * in UTC. Years 2000–9999 only, so a typo cannot schedule reminders for year 20250.
 */
export const dueTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date and time with an offset, e.g. 2026-03-01T09:00:00+08:00' })
  .transform((v) => new Date(v).toISOString())
  .refine((v) => v >= '2000-01-01' && v < '9999-12-31', 'must be between the years 2000 and 9999');

export const taskStatus = z.enum(TASK_STATUSES);
export const taskPriority = z.enum(TASK_PRIORITIES);
export const columnOrder = z
  .array(taskStatus)
  .length(TASK_STATUSES.length)
  .refine((v) => new Set(v).size === v.length, 'must name every status exactly once');

const memberEntry = z.object({ userId: hostId, role: z.enum(LIST_ROLES) }).strict();

export const createListPayload = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(TASK_LIMITS.listNameMax),
    description: z.string().trim().max(TASK_LIMITS.listDescriptionMax).default(''),
    visibility: z.enum(LIST_VISIBILITIES).default('private'),
    department: hostId.optional(),
    departmentRole: z.enum(['editor', 'viewer']).default('editor'),
    partnerOrgs: z.array(hostId).max(TASK_LIMITS.partnerOrgsMax).default([]),
    columns: columnOrder.default([...TASK_STATUSES]),
    /** Other members; the creator becomes owner. */
    members: z.array(memberEntry).max(TASK_LIMITS.membersPerRequest).default([]),
  })
  .strict()
  .refine((v) => v.visibility !== 'department' || v.department !== undefined, { message: 'a department list names its department', path: ['department'] });

export const updateListPayload = z
  .object({
    listId,
    name: z.string().trim().min(1, 'must not be empty').max(TASK_LIMITS.listNameMax).optional(),
    description: z.string().trim().max(TASK_LIMITS.listDescriptionMax).optional(),
    visibility: z.enum(LIST_VISIBILITIES).optional(),
    department: hostId.nullable().optional(),
    departmentRole: z.enum(['editor', 'viewer']).optional(),
    partnerOrgs: z.array(hostId).max(TASK_LIMITS.partnerOrgsMax).optional(),
    columns: columnOrder.optional(),
    archived: z.boolean().optional(),
  })
  .strict();

export const listRef = z.object({ listId }).strict();

export const setMembersPayload = z.object({ listId, members: z.array(memberEntry).min(1).max(TASK_LIMITS.membersPerRequest) }).strict();
export const removeMembersPayload = z.object({ listId, userIds: z.array(hostId).min(1).max(TASK_LIMITS.membersPerRequest) }).strict();

export const taskSourceSchema = z.object({ channelId: plazaId, messageId: plazaId }).strict();

export const createTaskPayload = z
  .object({
    /** Omitted: the assignee's personal list (the caller's own when unassigned). */
    listId: listId.optional(),
    /** Idempotency key: a retried create answers the stored task. */
    clientId: clientId.optional(),
    title,
    description: description.default(''),
    status: taskStatus.default('todo'),
    priority: taskPriority.default('normal'),
    assignee: hostId.nullable().default(null),
    watchers: watchers.default([]),
    labels: labels.default([]),
    due: dueTime.nullable().default(null),
    checklist: z.array(checklistText).max(TASK_LIMITS.checklistMax).default([]),
    attachments: z.array(plazaId).max(TASK_LIMITS.attachmentsMax).default([]),
    /** Where in its status column the task lands. */
    position: z.enum(['top', 'bottom']).default('bottom'),
    /** Create from a chat message the caller can read; the task links back and its link is posted in the channel. */
    sourceMessage: taskSourceSchema.optional(),
  })
  .strict();

export const taskRef = z.object({ taskId }).strict();

/** The fields an update may change; at least one. */
export const taskChanges = z
  .object({
    title: title.optional(),
    description: description.optional(),
    status: taskStatus.optional(),
    priority: taskPriority.optional(),
    assignee: hostId.nullable().optional(),
    due: dueTime.nullable().optional(),
    labels: labels.optional(),
    watchers: watchers.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'name at least one field to change');

export const updateTaskPayload = z
  .object({
    taskId,
    /** The task `version` the change was made on; fields changed after it are reported as overwritten. */
    baseVersion: version,
    changes: taskChanges,
  })
  .strict();

/**
 * Moves a task to a status column and a place in it: right after `after`, else right
 * before `before`, else (neither given, or the named task is no longer in that column)
 * at the bottom. The server picks the rank under the list's lock, so concurrent moves
 * end in one order that every client sees.
 */
export const moveTaskPayload = z
  .object({
    taskId,
    status: taskStatus,
    after: taskId.nullable().optional(),
    before: taskId.nullable().optional(),
    baseVersion: version.optional(),
  })
  .strict();

export const checklistAddPayload = z.object({ taskId, text: checklistText, after: plazaId.nullable().optional() }).strict();
export const checklistUpdatePayload = z
  .object({ taskId, itemId: plazaId, text: checklistText.optional(), done: z.boolean().optional() })
  .strict()
  .refine((v) => v.text !== undefined || v.done !== undefined, 'name text or done');
export const checklistRemovePayload = z.object({ taskId, itemId: plazaId }).strict();

export const attachmentsAddPayload = z.object({ taskId, fileIds: z.array(plazaId).min(1).max(TASK_LIMITS.attachmentsMax) }).strict();
export const attachmentRemovePayload = z.object({ taskId, fileId: plazaId }).strict();

const commentText = z
  .string()
  .max(TASK_LIMITS.commentMax, `must be at most ${TASK_LIMITS.commentMax} characters`)
  .refine((t) => t.trim().length > 0, 'must not be empty');
export const commentsPayload = z.object({ taskId, before: plazaId.optional(), limit: limit(50) }).strict();
export const addCommentPayload = z.object({ taskId, clientId: clientId.optional(), text: commentText }).strict();
export const editCommentPayload = z.object({ commentId: plazaId, text: commentText }).strict();
export const commentRef = z.object({ commentId: plazaId }).strict();
export const activityPayload = z.object({ taskId, before: plazaId.optional(), limit: limit(50) }).strict();

/** Named filters of `tasks:query`; they combine with every other criterion. */
export const TASK_FILTERS = ['mine', 'assigned_by_me', 'overdue', 'due_this_week'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

/** An IANA time zone name, checked by the receiver against its own zone database. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'must be an IANA time zone such as Asia/Shanghai');

export const queryTasksPayload = z
  .object({
    filter: z.enum(TASK_FILTERS).optional(),
    listId: listId.optional(),
    status: z.array(taskStatus).min(1).max(TASK_STATUSES.length).optional(),
    label: label.optional(),
    /** Tasks whose assignee belongs to this host department id. */
    department: hostId.optional(),
    assignee: hostId.optional(),
    dueFrom: dueTime.optional(),
    dueTo: dueTime.optional(),
    /** For `due_this_week`: the viewer's zone; weeks start on Monday. Default UTC. */
    timeZone: timeZone.default('UTC'),
    cursor: z.string().min(1).max(200).optional(),
    limit: limit(100),
  })
  .strict();

export const tasksSyncPayload = z
  .object({
    cursors: z.array(z.object({ listId, afterRev: z.number().int().min(0) }).strict()).max(1000),
  })
  .strict();

export type CreateListPayload = z.input<typeof createListPayload>;
export type UpdateListPayload = z.infer<typeof updateListPayload>;
export type ListRef = z.infer<typeof listRef>;
export type SetMembersPayload = z.infer<typeof setMembersPayload>;
export type RemoveMembersPayload = z.infer<typeof removeMembersPayload>;
export type CreateTaskPayload = z.input<typeof createTaskPayload>;
export type TaskRef = z.infer<typeof taskRef>;
export type TaskChanges = z.input<typeof taskChanges>;
export type UpdateTaskPayload = z.input<typeof updateTaskPayload>;
export type MoveTaskPayload = z.infer<typeof moveTaskPayload>;
export type ChecklistAddPayload = z.infer<typeof checklistAddPayload>;
export type ChecklistUpdatePayload = z.infer<typeof checklistUpdatePayload>;
export type ChecklistRemovePayload = z.infer<typeof checklistRemovePayload>;
export type AttachmentsAddPayload = z.infer<typeof attachmentsAddPayload>;
export type AttachmentRemovePayload = z.infer<typeof attachmentRemovePayload>;
export type CommentsPayload = z.input<typeof commentsPayload>;
export type AddCommentPayload = z.infer<typeof addCommentPayload>;
export type EditCommentPayload = z.infer<typeof editCommentPayload>;
export type CommentRef = z.infer<typeof commentRef>;
export type ActivityPayload = z.input<typeof activityPayload>;
export type QueryTasksPayload = z.input<typeof queryTasksPayload>;
export type TasksSyncPayload = z.infer<typeof tasksSyncPayload>;

// ---- REST (server token) ---------------------------------------------------------------------

/** REST: `POST /v1/tasks` (CONTRACT.md). Without `list`: the assignee's personal list. */
export const restCreateTaskBody = z.object({
  title,
  assignee: hostId.optional(),
  due: dueTime.optional(),
  list: listId.optional(),
  description: description.optional(),
});
export type RestCreateTaskBody = z.input<typeof restCreateTaskBody>;

/** One status or several, comma-separated (`todo,in_progress`). */
const statusList = z
  .string()
  .max(200)
  .transform((v) => v.split(',').filter((s) => s !== ''))
  .pipe(z.array(taskStatus).min(1));

/** REST: `GET /v1/tasks` — every criterion optional; pages ascending by creation, `cursor` from `nextCursor`. */
export const restListTasksQuery = z
  .object({
    assignee: hostId.optional(),
    status: statusList.optional(),
    dueFrom: dueTime.optional(),
    dueTo: dueTime.optional(),
    list: listId.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(TASK_LIMITS.pageMax).default(100),
  })
  .strict();
export type RestListTasksQuery = z.input<typeof restListTasksQuery>;

/** REST: `PATCH /v1/tasks/:id` — like `tasks:update`; without `baseVersion` nothing is reported as overwritten. */
export const restPatchTaskBody = z
  .object({
    title: title.optional(),
    description: description.optional(),
    status: taskStatus.optional(),
    priority: taskPriority.optional(),
    assignee: hostId.nullable().optional(),
    due: dueTime.nullable().optional(),
    labels: labels.optional(),
    baseVersion: version.optional(),
  })
  .strict()
  .refine((v) => Object.entries(v).some(([key, x]) => key !== 'baseVersion' && x !== undefined), 'name at least one field to change');
export type RestPatchTaskBody = z.input<typeof restPatchTaskBody>;

export const taskIdParams = z.object({ id: taskId });

/**
 * The text a task links to from chat: `plaza:task/<id>`. The chat panel turns it into a
 * link that opens the task (`plaza-task-open`); elsewhere it reads as plain text.
 */
export const TASK_LINK_PREFIX = 'plaza:task/';
export function taskLink(id: string): string {
  return `${TASK_LINK_PREFIX}${id}`;
}
