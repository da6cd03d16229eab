import type {
  ActivityValue,
  Attachment,
  ChecklistItem,
  ListRole,
  ListVisibility,
  Task,
  TaskActivity,
  TaskComment,
  TaskList,
  TaskListMember,
  TaskPriority,
  TaskStatus,
  ActivityAction,
  ActivityField,
} from '@plaza/protocol';
import { sql, type ExpressionBuilder } from 'kysely';
import { iso } from '../clock.js';
import type { UsersTable } from '../org/tables.js';
import type { Db } from '../storage/database.js';
import { precompiled } from '../storage/precompiled.js';
import type { Database } from '../tables.js';
import type { TaskActivityTable, TaskChecklistTable, TaskCommentsTable, TaskListsTable, TasksTable } from './tables.js';

/** Statements name at most this many ids at once, well under both dialects' parameter limits. */
const CHUNK = 500;

async function chunked<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

/** `value` as a LIKE pattern matching it as one element of a JSON string array (host ids never contain `"` or `\`). */
export function jsonElementPattern(value: string): string {
  return `%${JSON.stringify(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A JSON-array text column contains `value` as an element. */
export function jsonArrayHas(column: string, value: string) {
  return sql<boolean>`${sql.ref(column)} like ${jsonElementPattern(value)} escape ${'\\'}`;
}

export async function findList(db: Db, tenantId: string, listId: string): Promise<TaskListsTable | undefined> {
  return db.selectFrom('task_lists').selectAll().where('tenant_id', '=', tenantId).where('id', '=', listId).executeTakeFirst();
}

/** The list columns a change reads behind the lock: the role rules, the rev, the task count. */
const LOCKED_LIST_COLUMNS = ['tenant_id', 'id', 'visibility', 'department', 'department_role', 'partner_orgs', 'personal_of', 'archived', 'rev', 'task_count'] as const;

/** A list as its lock answers it, with the tenant's `audience_revs` counter (null before its first bump). */
export type LockedList = Pick<TaskListsTable, (typeof LOCKED_LIST_COLUMNS)[number]> & { audience_rev: number | null };

const lockListById = precompiled((db, v: { tenantId: string; listId: string }) =>
  db
    .updateTable('task_lists')
    .set((eb) => ({ rev: eb('rev', '+', 1) }))
    .where('tenant_id', '=', v.tenantId)
    .where('id', '=', v.listId)
    .returning((eb) => [...LOCKED_LIST_COLUMNS, audienceRev(eb)]),
);

const lockListOfTask = precompiled((db, v: { tenantId: string; taskId: string }) =>
  db
    .updateTable('task_lists')
    .set((eb) => ({ rev: eb('rev', '+', 1) }))
    .where('tenant_id', '=', v.tenantId)
    // a task never changes lists, so its list can be named by the task
    .where('id', '=', (eb) => eb.selectFrom('tasks').select('list_id').where('tenant_id', '=', v.tenantId).where('id', '=', v.taskId))
    .returning((eb) => [...LOCKED_LIST_COLUMNS, audienceRev(eb)]),
);

/** Read in the lock's statement, before anything else of the change: see `AudienceCache`. */
function audienceRev(eb: ExpressionBuilder<Database, 'task_lists'>) {
  return eb.selectFrom('audience_revs').select('audience_revs.rev').whereRef('audience_revs.tenant_id', '=', 'task_lists.tenant_id').as('audience_rev');
}

/**
 * Takes the list's row lock (PostgreSQL; SQLite has one writer) and reserves the change's
 * rev, answering the list with `rev` being that rev: every write to a list's tasks runs
 * behind it, so ranks, versions and revs are decided one change at a time. A change that
 * turns out to change nothing rolls its transaction back, and the rev with it.
 */
export async function lockList(trx: Db, tenantId: string, listId: string): Promise<LockedList | undefined> {
  return (await lockListById(trx, { tenantId, listId })).rows[0];
}

/** `lockList` for the list a task is in, in the same statement. */
export async function lockListOf(trx: Db, tenantId: string, taskId: string): Promise<LockedList | undefined> {
  return (await lockListOfTask(trx, { tenantId, taskId })).rows[0];
}

/** Reserves `count` more revs of a locked list (beyond the one `lockList` reserved); answers the first. */
export async function takeRevs(trx: Db, tenantId: string, listId: string, count: number): Promise<number> {
  const row = await trx
    .updateTable('task_lists')
    .set((eb) => ({ rev: eb('rev', '+', count) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', listId)
    .returning('rev')
    .executeTakeFirstOrThrow();
  return row.rev - count + 1;
}

const taskWithWatchers = precompiled((db, v: { tenantId: string; taskId: string; userKey: string }) =>
  db
    .selectFrom('tasks as t')
    .leftJoin('task_watchers as w', (join) => join.onRef('w.tenant_id', '=', 't.tenant_id').onRef('w.task_id', '=', 't.id'))
    .selectAll('t')
    .select('w.user_id as watcher_id')
    .select((eb) =>
      eb
        .selectFrom('task_list_members as m')
        .select('m.role')
        .where('m.tenant_id', '=', v.tenantId)
        .whereRef('m.list_id', '=', 't.list_id')
        .where('m.user_id', '=', v.userKey)
        .as('member_role'),
    )
    .where('t.tenant_id', '=', v.tenantId)
    .where('t.id', '=', v.taskId)
    .orderBy('w.position'),
);

/** A task with its watchers' keys in order and `userKey`'s explicit role in its list, in one statement. */
export async function taskForChange(
  db: Db,
  tenantId: string,
  taskId: string,
  userKey: string,
): Promise<{ task: TasksTable; watchers: string[]; memberRole: ListRole | undefined } | undefined> {
  const { rows } = await taskWithWatchers(db, { tenantId, taskId, userKey });
  if (rows.length === 0) return undefined;
  const { watcher_id: _watcher, member_role, ...task } = rows[0];
  const watchers = rows.map((r) => r.watcher_id).filter((k): k is string => k !== null);
  return { task, watchers, memberRole: (member_role ?? undefined) as ListRole | undefined };
}

export async function explicitRole(db: Db, tenantId: string, listId: string, userKey: string): Promise<ListRole | undefined> {
  const row = await db
    .selectFrom('task_list_members')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('list_id', '=', listId)
    .where('user_id', '=', userKey)
    .executeTakeFirst();
  return row?.role as ListRole | undefined;
}

export async function findTask(db: Db, tenantId: string, taskId: string): Promise<TasksTable | undefined> {
  return db.selectFrom('tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).executeTakeFirst();
}

export async function watcherKeys(db: Db, tenantId: string, taskId: string): Promise<string[]> {
  const rows = await db.selectFrom('task_watchers').select('user_id').where('tenant_id', '=', tenantId).where('task_id', '=', taskId).orderBy('position').execute();
  return rows.map((r) => r.user_id);
}

export async function labelsOf(db: Db, tenantId: string, taskId: string): Promise<string[]> {
  const rows = await db.selectFrom('task_labels').select('label').where('tenant_id', '=', tenantId).where('task_id', '=', taskId).orderBy('position').execute();
  return rows.map((r) => r.label);
}

export async function usersByKey(db: Db, tenantId: string, keys: readonly string[]): Promise<Map<string, UsersTable>> {
  const unique = [...new Set(keys)];
  const rows = await chunked(unique, (chunk) => db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Host ids by internal id, per database and tenant. Exact for as long as the process
 * lives: a user's internal id and host id are fixed when the row is made and users are
 * never deleted. Bounded, so a process serving many users starts over now and then.
 */
const hostIdCache = new WeakMap<object, Map<string, string>>();
const HOST_ID_CACHE_MAX = 100_000;

function hostIdsOf(db: Db): Map<string, string> {
  // one cache per Kysely root (a transaction shares its root's adapter), as `precompiled` keys its plans
  const key = db.getExecutor().adapter;
  let cache = hostIdCache.get(key);
  if (!cache) hostIdCache.set(key, (cache = new Map<string, string>()));
  return cache;
}

/** Host ids by internal id; unknown keys are left out. */
export async function hostIds(db: Db, tenantId: string, keys: readonly (string | null)[]): Promise<Map<string, string>> {
  const cache = hostIdsOf(db);
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const key of new Set(keys)) {
    if (key === null) continue;
    const host = cache.get(`${tenantId}:${key}`);
    if (host === undefined) missing.push(key);
    else found.set(key, host);
  }
  const rows = await chunked(missing, (chunk) => db.selectFrom('users').select(['id', 'host_id']).where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute());
  if (cache.size + rows.length > HOST_ID_CACHE_MAX) cache.clear();
  for (const row of rows) {
    found.set(row.id, row.host_id);
    cache.set(`${tenantId}:${row.id}`, row.host_id);
  }
  return found;
}

/** Someone who may see a list, as `listAudience` weighs them; `role` is an explicit membership's. */
export interface AudienceRow {
  id: string;
  host_id: string;
  kind: string;
  org: string | null;
  role: string | null;
  /** 1 when the user's `dept` names the list's department. */
  in_department: number;
}

const audienceCandidates = precompiled((db, v: { tenantId: string; listId: string; department: string | null; personalOf: string | null }) =>
  db
    .selectFrom('task_list_members as m')
    .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.user_id'))
    .select((eb) => ['u.id', 'u.host_id', 'u.kind', 'u.org', eb.ref('m.role').$castTo<string | null>().as('role'), sql<number>`0`.as('in_department')])
    .where('m.tenant_id', '=', v.tenantId)
    .where('m.list_id', '=', v.listId)
    .unionAll(
      db
        .selectFrom('user_departments as d')
        .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'd.tenant_id').onRef('u.id', '=', 'd.user_id'))
        .select(['u.id', 'u.host_id', 'u.kind', 'u.org', sql<string | null>`null`.as('role'), sql<number>`1`.as('in_department')])
        .where('d.tenant_id', '=', v.tenantId)
        .where('d.department', '=', v.department)
        .where('u.kind', '=', 'member'),
    )
    .unionAll(
      db
        .selectFrom('users as u')
        .select(['u.id', 'u.host_id', 'u.kind', 'u.org', sql<string | null>`null`.as('role'), sql<number>`0`.as('in_department')])
        .where('u.tenant_id', '=', v.tenantId)
        .where('u.id', '=', v.personalOf),
    ),
);

/**
 * Everyone who may see a list, in one statement (two when it is shared with partner
 * organisations): its explicit members, the employees of its department (a department
 * list's; through `user_departments`, an index), the owner of a personal list and the
 * partners of shared organisations. A user may come more than once; `listRole` decides.
 */
export async function audienceCandidatesOf(db: Db, tenantId: string, list: Pick<TaskListsTable, 'id' | 'visibility' | 'department' | 'partner_orgs' | 'personal_of'>): Promise<AudienceRow[]> {
  const department = list.visibility === 'department' ? list.department : null;
  const { rows } = await audienceCandidates(db, { tenantId, listId: list.id, department, personalOf: list.personal_of });
  const orgs = JSON.parse(list.partner_orgs) as string[];
  if (orgs.length === 0) return rows;
  const partners = await db
    .selectFrom('users')
    .select(['id', 'host_id', 'kind', 'org', sql<string | null>`null`.as('role'), sql<number>`0`.as('in_department')])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'partner')
    .where('org', 'in', orgs)
    .execute();
  return [...rows, ...partners];
}

/** Members with explicit roles, with their user rows, in the order they were added. */
export async function explicitMembers(db: Db, tenantId: string, listId: string): Promise<{ user: UsersTable; role: ListRole }[]> {
  const rows = await db
    .selectFrom('task_list_members')
    .innerJoin('users', (join) => join.onRef('users.tenant_id', '=', 'task_list_members.tenant_id').onRef('users.id', '=', 'task_list_members.user_id'))
    .selectAll('users')
    .select('task_list_members.role as member_role')
    .where('task_list_members.tenant_id', '=', tenantId)
    .where('task_list_members.list_id', '=', listId)
    .orderBy('task_list_members.added_at')
    .orderBy('users.host_id')
    .execute();
  return rows.map(({ member_role, ...user }) => ({ user, role: member_role as ListRole }));
}

export function memberView(user: UsersTable, role: ListRole): TaskListMember {
  return { userId: user.host_id, name: user.name, role };
}

export function listView(list: TaskListsTable, role: ListRole, hosts: Map<string, string>): TaskList {
  return {
    id: list.id,
    name: list.name,
    description: list.description,
    visibility: list.visibility as ListVisibility,
    department: list.department,
    departmentRole: list.department_role as 'editor' | 'viewer',
    partnerOrgs: JSON.parse(list.partner_orgs) as string[],
    columns: JSON.parse(list.columns) as TaskStatus[],
    personalOf: list.personal_of === null ? null : (hosts.get(list.personal_of) ?? null),
    archived: list.archived === 1,
    createdBy: hosts.get(list.created_by) ?? '',
    createdAt: iso(list.created_at),
    rev: list.rev,
    taskCount: list.task_count,
    role,
  };
}

/** Wire views of lists, each with the role given. */
export async function listViews(db: Db, tenantId: string, entries: readonly { list: TaskListsTable; role: ListRole }[]): Promise<TaskList[]> {
  const hosts = await hostIds(
    db,
    tenantId,
    entries.flatMap((e) => [e.list.created_by, e.list.personal_of]),
  );
  return entries.map((e) => listView(e.list, e.role, hosts));
}

export function isOverdue(row: Pick<TasksTable, 'due_at' | 'status'>, now: number): boolean {
  return row.due_at !== null && row.due_at <= now && row.status !== 'done';
}

/** What a task view shows of a checklist item. */
type ChecklistRow = Pick<TaskChecklistTable, 'id' | 'text' | 'done' | 'rank' | 'done_by' | 'done_at'>;

/** What hangs off tasks, by task id, each in its order. */
interface TaskParts {
  /** Internal user ids. */
  watchers: Map<string, string[]>;
  labels: Map<string, string[]>;
  checklist: Map<string, ChecklistRow[]>;
  attachments: Map<string, Attachment[]>;
}

function grouped<T extends { task_id: string }, V>(items: readonly T[], map: (item: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const item of items) {
    const list = out.get(item.task_id);
    if (list) list.push(map(item));
    else out.set(item.task_id, [map(item)]);
  }
  return out;
}

/**
 * Watchers, labels, checklist and attachments of one task in one statement. The four
 * shapes share columns: `s1`–`s4` strings and `n1`, `n2` numbers, per `part` (see
 * `partsOfOne`); order is restored in code.
 */
const partsOfTask = precompiled((db, v: { tenantId: string; taskId: string }) => {
  // typed nulls: PostgreSQL types each union pairwise, and two bare nulls make text
  const none = sql<string | null>`cast(null as text)`;
  const noNumber = sql<number | null>`cast(null as bigint)`;
  return db
    .selectFrom('task_watchers')
    .select([sql<string>`'watcher'`.as('part'), 'user_id as s1', none.as('s2'), none.as('s3'), none.as('s4'), 'position as n1', noNumber.as('n2')])
    .where('tenant_id', '=', v.tenantId)
    .where('task_id', '=', v.taskId)
    .unionAll(
      db
        .selectFrom('task_labels')
        .select([sql<string>`'label'`.as('part'), 'label as s1', none.as('s2'), none.as('s3'), none.as('s4'), 'position as n1', noNumber.as('n2')])
        .where('tenant_id', '=', v.tenantId)
        .where('task_id', '=', v.taskId),
    )
    .unionAll(
      db
        .selectFrom('task_checklist')
        .select([sql<string>`'item'`.as('part'), 'id as s1', 'text as s2', 'rank as s3', 'done_by as s4', 'done as n1', 'done_at as n2'])
        .where('tenant_id', '=', v.tenantId)
        .where('task_id', '=', v.taskId),
    )
    .unionAll(
      db
        .selectFrom('task_attachments as ta')
        .innerJoin('files as f', (join) => join.onRef('f.tenant_id', '=', 'ta.tenant_id').onRef('f.id', '=', 'ta.file_id'))
        .select([sql<string>`'file'`.as('part'), 'f.id as s1', 'f.name as s2', 'f.type as s3', none.as('s4'), 'ta.position as n1', 'f.size as n2'])
        .where('ta.tenant_id', '=', v.tenantId)
        .where('ta.task_id', '=', v.taskId),
    );
});

async function partsOfOne(db: Db, tenantId: string, taskId: string): Promise<TaskParts> {
  const { rows } = await partsOfTask(db, { tenantId, taskId });
  const byPosition = (a: { n1: number }, b: { n1: number }) => a.n1 - b.n1;
  const of = (part: string) => rows.filter((r) => r.part === part);
  // as the many-task queries order them: by rank, then id (ranks over 0-9a-z compare alike everywhere)
  const checklist = of('item')
    .map((r): ChecklistRow => ({ id: r.s1, text: r.s2 ?? '', done: r.n1, rank: r.s3 ?? '', done_by: r.s4, done_at: r.n2 }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const one = <V>(values: V[]) => new Map(values.length > 0 ? [[taskId, values]] : []);
  return {
    watchers: one(of('watcher').sort(byPosition).map((r) => r.s1)),
    labels: one(of('label').sort(byPosition).map((r) => r.s1)),
    checklist: one(checklist),
    attachments: one(of('file').sort(byPosition).map((r): Attachment => ({ id: r.s1, name: r.s2 ?? '', size: r.n2 ?? 0, type: r.s3 ?? '' }))),
  };
}

async function partsOfMany(db: Db, tenantId: string, ids: readonly string[]): Promise<TaskParts> {
  const [watchers, labels, checklist, attachments] = await Promise.all([
    chunked(ids, (chunk) =>
      db
        .selectFrom('task_watchers')
        .select(['task_id', 'user_id'])
        .where('tenant_id', '=', tenantId)
        .where('task_id', 'in', chunk)
        .orderBy('task_id')
        .orderBy('position')
        .execute(),
    ),
    chunked(ids, (chunk) =>
      db
        .selectFrom('task_labels')
        .select(['task_id', 'label'])
        .where('tenant_id', '=', tenantId)
        .where('task_id', 'in', chunk)
        .orderBy('task_id')
        .orderBy('position')
        .execute(),
    ),
    chunked(ids, (chunk) =>
      db
        .selectFrom('task_checklist')
        .select(['task_id', 'id', 'text', 'done', 'rank', 'done_by', 'done_at'])
        .where('tenant_id', '=', tenantId)
        .where('task_id', 'in', chunk)
        .orderBy('task_id')
        .orderBy('rank')
        .orderBy('id')
        .execute(),
    ),
    chunked(ids, (chunk) =>
      db
        .selectFrom('task_attachments')
        .innerJoin('files', (join) => join.onRef('files.tenant_id', '=', 'task_attachments.tenant_id').onRef('files.id', '=', 'task_attachments.file_id'))
        .select(['task_attachments.task_id', 'files.id', 'files.name', 'files.size', 'files.type'])
        .where('task_attachments.tenant_id', '=', tenantId)
        .where('task_attachments.task_id', 'in', chunk)
        .orderBy('task_attachments.task_id')
        .orderBy('task_attachments.position')
        .execute(),
    ),
  ]);
  return {
    watchers: grouped(watchers, (w) => w.user_id),
    labels: grouped(labels, (l) => l.label),
    checklist: grouped(checklist, (c) => c),
    attachments: grouped(attachments, (a): Attachment => ({ id: a.id, name: a.name, size: a.size, type: a.type })),
  };
}

/** Tasks as the wire shows them, in the order given. `now` decides `overdue`. */
export async function toTasks(db: Db, tenantId: string, rows: readonly TasksTable[], now: number): Promise<Task[]> {
  return (await taskViews(db, tenantId, rows, now)).views;
}

/** `toTasks`, and the watchers' internal ids by task (who sees a task depends on them). */
export async function taskViews(db: Db, tenantId: string, rows: readonly TasksTable[], now: number): Promise<{ views: Task[]; watchers: Map<string, string[]> }> {
  if (rows.length === 0) return { views: [], watchers: new Map() };
  const parts = rows.length === 1 ? await partsOfOne(db, tenantId, rows[0].id) : await partsOfMany(db, tenantId, rows.map((r) => r.id));
  const hosts = await hostIds(db, tenantId, [
    ...rows.flatMap((r) => [r.assignee_id, r.assigned_by, r.created_by, r.updated_by, r.completed_by]),
    ...[...parts.watchers.values()].flat(),
    ...[...parts.checklist.values()].flat().map((c) => c.done_by),
  ]);
  const host = (key: string | null) => (key === null ? null : (hosts.get(key) ?? null));
  const item = (c: ChecklistRow): ChecklistItem => ({
    id: c.id,
    text: c.text,
    done: c.done === 1,
    rank: c.rank,
    doneBy: host(c.done_by),
    doneAt: c.done_at === null ? null : iso(c.done_at),
  });
  const views = rows.map((row) => ({
    id: row.id,
    listId: row.list_id,
    title: row.title,
    description: row.description,
    status: row.status as TaskStatus,
    priority: row.priority as TaskPriority,
    assignee: host(row.assignee_id),
    assignedBy: host(row.assigned_by),
    // a watcher's user row always exists (it is named before it is written)
    watchers: (parts.watchers.get(row.id) ?? []).map((k) => hosts.get(k)).filter((h): h is string => h !== undefined),
    labels: parts.labels.get(row.id) ?? [],
    due: row.due_at === null ? null : iso(row.due_at),
    overdue: isOverdue(row, now),
    rank: row.rank,
    checklist: (parts.checklist.get(row.id) ?? []).map(item),
    attachments: parts.attachments.get(row.id) ?? [],
    commentCount: row.comment_count,
    source: row.source_channel_id !== null && row.source_message_id !== null ? { channelId: row.source_channel_id, messageId: row.source_message_id } : null,
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    createdBy: host(row.created_by) ?? '',
    createdAt: iso(row.created_at),
    updatedBy: host(row.updated_by) ?? '',
    updatedAt: iso(row.updated_at),
    completedBy: host(row.completed_by),
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
    version: row.version,
    rev: row.rev,
  }));
  return { views, watchers: parts.watchers };
}

export async function loadTask(db: Db, tenantId: string, taskId: string, now: number): Promise<Task> {
  const row = await findTask(db, tenantId, taskId);
  if (!row) throw new Error(`task ${taskId} vanished`);
  const [task] = await toTasks(db, tenantId, [row], now);
  return task;
}

/** A column of a list, less the task being placed (`taskId`), as the rank queries read it. */
interface ColumnOf {
  tenantId: string;
  listId: string;
  status: string;
  taskId: string;
}

const inColumn = (db: Db, v: ColumnOf) =>
  db
    .selectFrom('tasks as n')
    .select('n.rank')
    .where('n.tenant_id', '=', v.tenantId)
    .where('n.list_id', '=', v.listId)
    .where('n.status', '=', v.status)
    .where('n.deleted_at', 'is', null)
    .where('n.id', '!=', v.taskId);

const columnEnds = {
  first: precompiled((db, v: ColumnOf) => inColumn(db, v).orderBy('n.rank').orderBy('n.id').limit(1)),
  last: precompiled((db, v: ColumnOf) => inColumn(db, v).orderBy('n.rank', 'desc').orderBy('n.id', 'desc').limit(1)),
};

/** The rank at the top (`first`) or the bottom (`last`) of a column, without the task being placed. */
export async function columnEnd(trx: Db, column: ColumnOf, end: 'first' | 'last'): Promise<string | null> {
  return (await columnEnds[end](trx, column)).rows[0]?.rank ?? null;
}

/** An anchor task still in the column, and the rank next to it on one side; no row when the anchor is not. */
const anchored = (db: Db, v: ColumnOf & { anchorId: string }) =>
  db
    .selectFrom('tasks as a')
    .select('a.rank')
    .where('a.tenant_id', '=', v.tenantId)
    .where('a.id', '=', v.anchorId)
    .where('a.list_id', '=', v.listId)
    .where('a.status', '=', v.status)
    .where('a.deleted_at', 'is', null);

const besideAnchor = {
  after: precompiled((db, v: ColumnOf & { anchorId: string }) =>
    anchored(db, v).select((eb) =>
      inColumn(db, v)
        .where('n.rank', '>', eb.ref('a.rank'))
        .orderBy('n.rank')
        .orderBy('n.id')
        .limit(1)
        .as('next'),
    ),
  ),
  before: precompiled((db, v: ColumnOf & { anchorId: string }) =>
    anchored(db, v).select((eb) =>
      inColumn(db, v)
        .where('n.rank', '<', eb.ref('a.rank'))
        .orderBy('n.rank', 'desc')
        .orderBy('n.id', 'desc')
        .limit(1)
        .as('next'),
    ),
  ),
};

/**
 * The rank of `anchorId` and of its neighbour on `side` in the column (null at the
 * column's end), in one statement; undefined when the anchor is not in the column.
 */
export async function besideTask(trx: Db, column: ColumnOf, anchorId: string, side: 'after' | 'before'): Promise<{ anchor: string; next: string | null } | undefined> {
  const [row] = (await besideAnchor[side](trx, { ...column, anchorId })).rows;
  return row && { anchor: row.rank, next: row.next };
}

export function commentView(row: TaskCommentsTable, hosts: Map<string, string>): TaskComment {
  return {
    id: row.id,
    taskId: row.task_id,
    listId: row.list_id,
    authorId: hosts.get(row.author_id) ?? '',
    text: row.text,
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    createdAt: iso(row.created_at),
    editedAt: row.edited_at === null ? null : iso(row.edited_at),
    deletedAt: row.deleted_at === null ? null : iso(row.deleted_at),
  };
}

export async function toComments(db: Db, tenantId: string, rows: readonly TaskCommentsTable[]): Promise<TaskComment[]> {
  const hosts = await hostIds(
    db,
    tenantId,
    rows.map((r) => r.author_id),
  );
  return rows.map((r) => commentView(r, hosts));
}

export async function toActivity(db: Db, tenantId: string, rows: readonly TaskActivityTable[]): Promise<TaskActivity[]> {
  const hosts = await hostIds(
    db,
    tenantId,
    rows.map((r) => r.actor_id),
  );
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    actorId: hosts.get(r.actor_id) ?? '',
    at: iso(r.at),
    action: r.action as ActivityAction,
    field: r.field as ActivityField | null,
    from: JSON.parse(r.from_value) as ActivityValue,
    to: JSON.parse(r.to_value) as ActivityValue,
  }));
}
