import { PlazaError, type ListRole } from '@plaza/protocol';
import type { UsersTable } from '../org/tables.js';
import type { TaskListsTable, TasksTable } from './tables.js';

/** What the role rules read of a list (a change reads no more of it than this, under its lock). */
export type ListAccess = Pick<TaskListsTable, 'visibility' | 'department' | 'department_role' | 'partner_orgs' | 'personal_of'>;

/** What the role rules read of someone: a `TaskActor`, or a row of a list's audience. */
export interface RoleSubject {
  kind: string;
  dept: readonly string[];
  org: string | null;
  server: boolean;
  user: Pick<UsersTable, 'id'>;
}

/** Who is acting: a signed-in user, or the tenant's backend through a server token. */
export interface TaskActor {
  tenantId: string;
  user: UsersTable;
  kind: string;
  /** Host department ids. */
  dept: readonly string[];
  org: string | null;
  /** A server token: owner authority over every list of its tenant, without being a member. */
  server: boolean;
}

/** A user as the rules see them; never throws (audiences are computed for every kind). */
export function actorOf(user: UsersTable, server = false): TaskActor {
  return { tenantId: user.tenant_id, user, kind: user.kind, dept: JSON.parse(user.dept) as string[], org: user.org, server };
}

/** The acting user of a request: deactivated users and customers are turned away. */
export function userActor(user: UsersTable): TaskActor {
  if (user.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
  if (user.kind === 'customer') throw new PlazaError('forbidden', 'customers cannot use tasks');
  return actorOf(user);
}

const RANK: Record<ListRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** The stronger of two roles (either may be missing). */
export function strongest(a: ListRole | null | undefined, b: ListRole | null | undefined): ListRole | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export function atLeast(role: ListRole | null, needed: ListRole): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

export function sharedWithOrg(list: Pick<TaskListsTable, 'partner_orgs'>, org: string | null): boolean {
  return org !== null && (JSON.parse(list.partner_orgs) as string[]).includes(org);
}

/**
 * The actor's role in a list, or null when they cannot see it. A personal list is its
 * owner's alone. Partners see a list only while it is shared with their organisation
 * (as viewers unless a membership gives more), whatever memberships say; employees get
 * their membership role, or the department role of a department list they belong to.
 */
export function listRole(actor: RoleSubject, list: ListAccess, explicit: ListRole | undefined): ListRole | null {
  if (actor.server) return 'owner';
  if (actor.kind === 'customer') return null;
  if (list.personal_of !== null) return list.personal_of === actor.user.id ? 'owner' : null;
  if (actor.kind === 'partner') return sharedWithOrg(list, actor.org) ? (explicit ?? 'viewer') : null;
  const viaDepartment =
    list.visibility === 'department' && list.department !== null && actor.dept.includes(list.department) ? (list.department_role as ListRole) : null;
  return strongest(explicit, viaDepartment);
}

/**
 * Whether a partner may take part in a task of this list (be its assignee or a watcher):
 * only in lists shared with their organisation, or in their own personal list.
 */
export function partnerMayJoin(user: Pick<UsersTable, 'id' | 'kind' | 'org'>, list: ListAccess): boolean {
  if (user.kind !== 'partner') return true;
  return list.personal_of === user.id || sharedWithOrg(list, user.org);
}

/**
 * The actor's role for one task: their list role, raised by taking part in the task —
 * its assignee and creator may change it (`editor`), its watchers read and comment
 * (`viewer`) — so a task assigned across departments reaches its assignee without
 * opening the whole list to them. Partners take part only where `partnerMayJoin`.
 */
export function taskRole(actor: TaskActor, list: ListAccess, explicit: ListRole | undefined, task: Pick<TasksTable, 'assignee_id' | 'created_by'>, watcherKeys: readonly string[]): ListRole | null {
  const fromList = listRole(actor, list, explicit);
  if (actor.server || actor.kind === 'customer' || !partnerMayJoin(actor.user, list)) return fromList;
  const me = actor.user.id;
  const participant = task.assignee_id === me || task.created_by === me ? 'editor' : watcherKeys.includes(me) ? 'viewer' : null;
  return strongest(fromList, participant);
}

/** How the audit trail names an actor. */
export function auditActor(actor: TaskActor): string {
  return actor.server ? 'server' : actor.user.host_id;
}
