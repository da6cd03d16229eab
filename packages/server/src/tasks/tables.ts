/**
 * A task list (project). `rev` counts changes to its tasks: every change takes `rev + 1`
 * under the row's lock, which also serialises the list's writes (ranks, versions).
 */
export interface TaskListsTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string;
  /** `private` or `department`. */
  visibility: string;
  /** Host department id, for `department` lists. */
  department: string | null;
  /** `editor` or `viewer`: what the department's employees get. */
  department_role: string;
  /** JSON string[] of partner organisation ids the list is shared with. */
  partner_orgs: string;
  /** JSON TaskStatus[]: board column order. */
  columns: string;
  /** Internal user id whose personal list this is; unique per tenant. */
  personal_of: string | null;
  archived: number;
  /** Internal user id. */
  created_by: string;
  created_at: number;
  rev: number;
  /** Tasks not deleted. */
  task_count: number;
}

export interface TaskListMembersTable {
  tenant_id: string;
  list_id: string;
  /** Internal user id. */
  user_id: string;
  /** `owner`, `editor` or `viewer`. */
  role: string;
  added_at: number;
}

/** Per field of a task: the version that last changed it, who changed it and when (for last-writer-wins notices). */
export type FieldMeta = Partial<Record<string, { v: number; by: string; at: number }>>;

export interface TasksTable {
  tenant_id: string;
  id: string;
  list_id: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  /** Internal user ids. */
  assignee_id: string | null;
  assigned_by: string | null;
  due_at: number | null;
  /** Fractional index within the status column (see protocol's `rankBetween`). */
  rank: string;
  source_channel_id: string | null;
  source_message_id: string | null;
  /** The creator's idempotency key; unique per creator. */
  client_id: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  completed_by: string | null;
  completed_at: number | null;
  /** Deleted tasks stay as tombstones, so sync can report them and reminders find them gone. */
  deleted_at: number | null;
  /** Counts every change: the base an update names. */
  version: number;
  /** The list rev of the latest change (the sync cursor). */
  rev: number;
  /** JSON FieldMeta. */
  field_meta: string;
  comment_count: number;
}

export interface TaskWatchersTable {
  tenant_id: string;
  task_id: string;
  /** Internal user id. */
  user_id: string;
  position: number;
}

export interface TaskLabelsTable {
  tenant_id: string;
  task_id: string;
  label: string;
  position: number;
}

export interface TaskChecklistTable {
  tenant_id: string;
  id: string;
  task_id: string;
  text: string;
  done: number;
  rank: string;
  done_by: string | null;
  done_at: number | null;
  created_at: number;
}

export interface TaskAttachmentsTable {
  tenant_id: string;
  task_id: string;
  file_id: string;
  position: number;
  added_at: number;
}

export interface TaskCommentsTable {
  tenant_id: string;
  id: string;
  task_id: string;
  list_id: string;
  /** Internal user id. */
  author_id: string;
  client_id: string | null;
  text: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

/** Append-only: one row per changed field (or per creation, deletion, comment). */
export interface TaskActivityTable {
  tenant_id: string;
  id: string;
  task_id: string;
  /** Internal user id. */
  actor_id: string;
  at: number;
  action: string;
  field: string | null;
  /** JSON wire values. */
  from_value: string;
  to_value: string;
}

/** In-app notifications, one row per recipient; the task's facts are copied as they were. */
export interface NotificationsTable {
  tenant_id: string;
  id: string;
  /** Internal user id of the recipient. */
  user_id: string;
  kind: string;
  task_id: string;
  list_id: string;
  title: string;
  due_at: number | null;
  status: string;
  reminder: string | null;
  /** Internal user id of whoever caused it. */
  actor_id: string | null;
  created_at: number;
  read_at: number | null;
}

/**
 * One row per (department, user) for every department a user's `dept` names, kept by
 * triggers on `users` (migration `20261123T0200-user-departments.ts`): department
 * audiences are an index seek, not a text match over the tenant's users. Read only.
 */
export interface UserDepartmentsTable {
  tenant_id: string;
  department: string;
  /** Internal user id. */
  user_id: string;
}

/**
 * Per tenant, a counter that triggers bump at every write that can change who sees a
 * task list (users made, removed, or changing kind, organisation or departments; list
 * memberships), migration `20261123T0300-audience-revs.ts`. Read only: it tells
 * `AudienceCache` whether a list's audience it holds is still right.
 */
export interface AudienceRevsTable {
  tenant_id: string;
  rev: number;
}

export interface TaskTables {
  task_lists: TaskListsTable;
  task_list_members: TaskListMembersTable;
  tasks: TasksTable;
  task_watchers: TaskWatchersTable;
  task_labels: TaskLabelsTable;
  task_checklist: TaskChecklistTable;
  task_attachments: TaskAttachmentsTable;
  task_comments: TaskCommentsTable;
  task_activity: TaskActivityTable;
  notifications: NotificationsTable;
  user_departments: UserDepartmentsTable;
  audience_revs: AudienceRevsTable;
}
