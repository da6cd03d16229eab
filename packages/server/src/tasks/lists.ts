import { PlazaError, TASK_STATUSES, type ListRole, type ListVisibility, type TaskList, type TaskListDetail, type TaskListMember, type TaskStatus } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { recordAudit } from '../audit/audit.js';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import type { Realtime } from '../realtime/realtime.js';
import type { Db } from '../storage/database.js';
import { auditActor, listRole, partnerMayJoin, type TaskActor } from './access.js';
import { emitToUsers, listAudience, type ListAudience } from './audience.js';
import { explicitMembers, explicitRole, findList, jsonArrayHas, listViews, memberView, toTasks } from './queries.js';
import type { TaskListsTable } from './tables.js';

/** The name a user's personal list gets (clients show their own word for it: `personalOf` is set). */
export const PERSONAL_LIST_NAME = 'Personal';

export interface CreateListInput {
  name: string;
  description: string;
  visibility: ListVisibility;
  department?: string | undefined;
  departmentRole: 'editor' | 'viewer';
  partnerOrgs: readonly string[];
  columns: readonly TaskStatus[];
  members: readonly { userId: string; role: ListRole }[];
}

export interface UpdateListInput {
  listId: string;
  name?: string | undefined;
  description?: string | undefined;
  visibility?: ListVisibility | undefined;
  department?: string | null | undefined;
  departmentRole?: 'editor' | 'viewer' | undefined;
  partnerOrgs?: readonly string[] | undefined;
  columns?: readonly TaskStatus[] | undefined;
  archived?: boolean | undefined;
}

const notFound = (listId: string) => new PlazaError('not_found', `no list ${listId}`);

/**
 * Task lists and their members: who sees a list and with which role, sharing with
 * departments and partner organisations, personal lists. Changes push `tasks:list` to
 * everyone who sees the list afterwards and `tasks:list:removed` to those who no longer do.
 */
export class TaskLists {
  constructor(
    private readonly ctx: PlazaContext,
    /** Absent when seeding demo content before anyone can listen. */
    private readonly realtime?: Realtime,
  ) {}

  private get db(): Db {
    return this.ctx.storage.db;
  }

  /** Every list the caller can see, personal list first (created on first ask), then by name. */
  async all(actor: TaskActor): Promise<TaskList[]> {
    if (!actor.server) await this.ensurePersonal(actor.user, this.ctx.clock.now());
    const rows = await this.visibleListRows(actor);
    const explicit = await this.explicitRolesOf(actor, rows.map((r) => r.id));
    const entries = rows
      .map((list) => ({ list, role: listRole(actor, list, explicit.get(list.id)) }))
      .filter((e): e is { list: TaskListsTable; role: ListRole } => e.role !== null)
      .sort((a, b) => Number(b.list.personal_of !== null) - Number(a.list.personal_of !== null) || a.list.name.localeCompare(b.list.name) || a.list.id.localeCompare(b.list.id));
    return listViews(this.db, actor.tenantId, entries);
  }

  async createList(actor: TaskActor, input: CreateListInput, options: { at?: number } = {}): Promise<TaskList> {
    const { tenantId } = actor;
    const at = options.at ?? this.ctx.clock.now();
    if (actor.kind === 'partner') throw new PlazaError('forbidden', 'partners cannot create task lists');
    const department = input.visibility === 'department' ? input.department : undefined;
    if (input.visibility === 'department' && department === undefined) throw new PlazaError('bad_request', 'department: a department list names its department');
    if (department !== undefined && !actor.server) this.requireDepartment(actor, department);
    const list: TaskListsTable = {
      tenant_id: tenantId,
      id: uuidv7(),
      name: input.name,
      description: input.description,
      visibility: input.visibility,
      department: department ?? null,
      department_role: input.departmentRole,
      partner_orgs: JSON.stringify([...new Set(input.partnerOrgs)]),
      columns: JSON.stringify(input.columns),
      personal_of: null,
      archived: 0,
      created_by: actor.user.id,
      created_at: at,
      rev: 0,
      task_count: 0,
    };
    const members = await this.membersToAdd(actor, list, input.members);
    if (!actor.server) members.set(actor.user.id, { user: actor.user, role: 'owner' });
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('task_lists').values(list).execute();
      for (const { user, role } of members.values()) {
        await trx.insertInto('task_list_members').values({ tenant_id: tenantId, list_id: list.id, user_id: user.id, role, added_at: at }).execute();
      }
      await recordAudit(trx, {
        tenantId,
        actor: auditActor(actor),
        action: 'task_list.create',
        target: list.id,
        details: { name: list.name, visibility: list.visibility, department: list.department, partnerOrgs: input.partnerOrgs },
        at,
      });
    });
    await this.pushChange(tenantId, list.id, new Map());
    return this.listFor(actor, list.id);
  }

  /** Owners change a list; a personal list keeps its owner and stays private. */
  async updateList(actor: TaskActor, input: UpdateListInput): Promise<TaskList> {
    const { tenantId } = actor;
    const at = this.ctx.clock.now();
    const { list, role } = await this.visible(actor, input.listId);
    if (role !== 'owner') throw new PlazaError('forbidden', 'only list owners may change a list');
    if (list.archived === 1 && input.archived !== false) throw new PlazaError('conflict', 'the list is archived');
    const sharing = input.visibility !== undefined || input.department !== undefined || input.partnerOrgs !== undefined;
    if (list.personal_of !== null && sharing) throw new PlazaError('forbidden', 'a personal list cannot be shared');
    const visibility = input.visibility ?? (list.visibility as ListVisibility);
    const department = input.department === undefined ? list.department : input.department;
    if (visibility === 'department' && department === null) throw new PlazaError('bad_request', 'department: a department list names its department');
    if (input.department && input.department !== list.department && !actor.server) this.requireDepartment(actor, input.department);
    const patch: Partial<TaskListsTable> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.visibility !== undefined || input.department !== undefined ? { visibility, department: visibility === 'department' ? department : null } : {}),
      ...(input.departmentRole !== undefined ? { department_role: input.departmentRole } : {}),
      ...(input.partnerOrgs !== undefined ? { partner_orgs: JSON.stringify([...new Set(input.partnerOrgs)]) } : {}),
      ...(input.columns !== undefined ? { columns: JSON.stringify(input.columns) } : {}),
      ...(input.archived !== undefined ? { archived: input.archived ? 1 : 0 } : {}),
    };
    const before = await listAudience(this.db, tenantId, list);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('task_lists').set(patch).where('tenant_id', '=', tenantId).where('id', '=', list.id).execute();
      await recordAudit(trx, { tenantId, actor: auditActor(actor), action: 'task_list.update', target: list.id, details: { ...input }, at });
    });
    await this.pushChange(tenantId, list.id, before);
    return this.listFor(actor, list.id);
  }

  /** A list with its members and every task that is not deleted. */
  async getList(actor: TaskActor, listId: string): Promise<TaskListDetail> {
    const { list, role } = await this.visible(actor, listId);
    const [view] = await listViews(this.db, actor.tenantId, [{ list, role }]);
    const rows = await this.db.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('list_id', '=', listId).where('deleted_at', 'is', null).execute();
    return { list: view, members: await this.memberViews(list), tasks: await toTasks(this.db, actor.tenantId, rows, this.ctx.clock.now()) };
  }

  /** Adds members or changes their roles: owners only, never on a personal list. */
  async setMembers(actor: TaskActor, listId: string, entries: readonly { userId: string; role: ListRole }[]): Promise<TaskListMember[]> {
    const { tenantId } = actor;
    const at = this.ctx.clock.now();
    const { list } = await this.manageableList(actor, listId);
    const members = await this.membersToAdd(actor, list, entries);
    const before = await listAudience(this.db, tenantId, list);
    await this.db.transaction().execute(async (trx) => {
      for (const { user, role } of members.values()) {
        await trx
          .insertInto('task_list_members')
          .values({ tenant_id: tenantId, list_id: listId, user_id: user.id, role, added_at: at })
          .onConflict((oc) => oc.columns(['tenant_id', 'list_id', 'user_id']).doUpdateSet({ role }))
          .execute();
      }
      await this.requireAnOwner(trx, tenantId, listId);
      await recordAudit(trx, {
        tenantId,
        actor: auditActor(actor),
        action: 'task_list.members.set',
        target: listId,
        details: { members: [...members.values()].map((m) => ({ userId: m.user.host_id, role: m.role })) },
        at,
      });
    });
    await this.pushChange(tenantId, listId, before);
    return this.memberViews(list);
  }

  /** Owners remove members; anyone may remove themselves. The last owner stays. */
  async removeMembers(actor: TaskActor, listId: string, userIds: readonly string[]): Promise<TaskListMember[]> {
    const { tenantId } = actor;
    const at = this.ctx.clock.now();
    const onlySelf = userIds.every((id) => id === actor.user.host_id);
    const { list, role } = await this.visible(actor, listId);
    if (list.personal_of !== null) throw new PlazaError('forbidden', 'a personal list has no members to remove');
    if (!onlySelf && role !== 'owner') throw new PlazaError('forbidden', 'only list owners may remove members');
    const targets = (await explicitMembers(this.db, tenantId, listId)).filter((m) => userIds.includes(m.user.host_id));
    if (targets.length > 0) {
      const before = await listAudience(this.db, tenantId, list);
      await this.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('task_list_members')
          .where('tenant_id', '=', tenantId)
          .where('list_id', '=', listId)
          .where(
            'user_id',
            'in',
            targets.map((m) => m.user.id),
          )
          .execute();
        await this.requireAnOwner(trx, tenantId, listId);
        await recordAudit(trx, { tenantId, actor: auditActor(actor), action: 'task_list.members.remove', target: listId, details: { members: targets.map((m) => m.user.host_id) }, at });
      });
      await this.pushChange(tenantId, listId, before);
    }
    return this.memberViews(list);
  }

  // ---- for tasks --------------------------------------------------------------------------------

  /** A list the caller can see, with their role; `not_found` otherwise (as for other tenants' ids). */
  async visible(actor: TaskActor, listId: string, db: Db = this.db): Promise<{ list: TaskListsTable; role: ListRole }> {
    const list = await findList(db, actor.tenantId, listId);
    if (!list) throw notFound(listId);
    const role = listRole(actor, list, actor.server ? undefined : await explicitRole(db, actor.tenantId, listId, actor.user.id));
    if (!role) throw notFound(listId);
    return { list, role };
  }

  /** One personal list per user, created on first need; answers whether this call created it. */
  async ensurePersonal(user: UsersTable, at: number): Promise<{ list: TaskListsTable; created: boolean }> {
    const find = () => this.db.selectFrom('task_lists').selectAll().where('tenant_id', '=', user.tenant_id).where('personal_of', '=', user.id).executeTakeFirst();
    const existing = await find();
    if (existing) return { list: existing, created: false };
    const inserted = await this.db
      .insertInto('task_lists')
      .values({
        tenant_id: user.tenant_id,
        id: uuidv7(),
        name: PERSONAL_LIST_NAME,
        description: '',
        visibility: 'private',
        department: null,
        department_role: 'viewer',
        partner_orgs: '[]',
        columns: JSON.stringify(TASK_STATUSES),
        personal_of: user.id,
        archived: 0,
        created_by: user.id,
        created_at: at,
        rev: 0,
        task_count: 0,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'personal_of']).doNothing())
      .executeTakeFirst();
    const list = await find();
    if (!list) throw new Error(`personal list of ${user.host_id} could not be created`);
    return { list, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
  }

  /** After a list changed: `tasks:list` to everyone who sees it (with their role), `tasks:list:removed` to those who no longer do. */
  async pushChange(tenantId: string, listId: string, before: ListAudience): Promise<void> {
    if (!this.realtime) return;
    const list = await findList(this.db, tenantId, listId);
    if (!list) return;
    const after = await listAudience(this.db, tenantId, list);
    const removed = [...before].filter(([id]) => !after.has(id)).map(([, a]) => a.hostId);
    emitToUsers(this.realtime, tenantId, removed, 'tasks:list:removed', { listId });
    const byRole = new Map<ListRole, string[]>();
    for (const { hostId, role } of after.values()) byRole.set(role, [...(byRole.get(role) ?? []), hostId]);
    for (const [role, hosts] of byRole) {
      const [view] = await listViews(this.db, tenantId, [{ list, role }]);
      emitToUsers(this.realtime, tenantId, hosts, 'tasks:list', view);
    }
  }

  // ---- internals ----------------------------------------------------------------------------------

  private requireDepartment(actor: TaskActor, department: string): void {
    const admin = (JSON.parse(actor.user.roles) as string[]).includes('admin');
    if (!admin && !actor.dept.includes(department)) throw new PlazaError('forbidden', `department: you do not belong to ${department}`);
  }

  private async visibleListRows(actor: TaskActor): Promise<TaskListsTable[]> {
    const { tenantId } = actor;
    const me = actor.user.id;
    let q = this.db.selectFrom('task_lists').selectAll().where('tenant_id', '=', tenantId);
    if (actor.server) return q.execute();
    q = q.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('task_list_members').select('list_id').where('tenant_id', '=', tenantId).where('user_id', '=', me)),
        eb('personal_of', '=', me),
        ...(actor.kind === 'member' && actor.dept.length > 0 ? [eb.and([eb('visibility', '=', 'department'), eb('department', 'in', [...actor.dept])])] : []),
        ...(actor.kind === 'partner' && actor.org !== null ? [jsonArrayHas('partner_orgs', actor.org)] : []),
      ]),
    );
    return q.execute();
  }

  private async explicitRolesOf(actor: TaskActor, listIds: readonly string[]): Promise<Map<string, ListRole>> {
    if (listIds.length === 0 || actor.server) return new Map();
    const rows = await this.db.selectFrom('task_list_members').select(['list_id', 'role']).where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.user.id).execute();
    return new Map(rows.map((r) => [r.list_id, r.role as ListRole]));
  }

  private async manageableList(actor: TaskActor, listId: string): Promise<{ list: TaskListsTable }> {
    const { list, role } = await this.visible(actor, listId);
    if (role !== 'owner') throw new PlazaError('forbidden', 'only list owners may change members');
    if (list.personal_of !== null) throw new PlazaError('forbidden', 'a personal list has no other members');
    if (list.archived === 1) throw new PlazaError('conflict', 'the list is archived');
    return { list };
  }

  private async listFor(actor: TaskActor, listId: string): Promise<TaskList> {
    const { list, role } = await this.visible(actor, listId);
    const [view] = await listViews(this.db, actor.tenantId, [{ list, role }]);
    return view;
  }

  private async memberViews(list: TaskListsTable): Promise<TaskListMember[]> {
    if (list.personal_of !== null) {
      const owner = await this.db.selectFrom('users').selectAll().where('tenant_id', '=', list.tenant_id).where('id', '=', list.personal_of).executeTakeFirstOrThrow();
      return [memberView(owner, 'owner')];
    }
    return (await explicitMembers(this.db, list.tenant_id, list.id)).map((m) => memberView(m.user, m.role));
  }

  /** Users named as members: customers never; partners only of organisations the list is shared with. */
  private async membersToAdd(actor: TaskActor, list: TaskListsTable, entries: readonly { userId: string; role: ListRole }[]): Promise<Map<string, { user: UsersTable; role: ListRole }>> {
    const users = await this.ctx.users.ensure(actor.tenantId, entries.map((e) => e.userId));
    const out = new Map<string, { user: UsersTable; role: ListRole }>();
    for (const entry of entries) {
      const user = users.get(entry.userId);
      if (!user) continue;
      if (user.kind === 'customer') throw new PlazaError('forbidden', `${user.host_id} is a customer and cannot join task lists`);
      if (!partnerMayJoin(user, list)) throw new PlazaError('forbidden', `${user.host_id} is a partner: share the list with their organisation first`);
      // a partner owner could re-share the list or bring in others: owners are employees
      if (user.kind === 'partner' && entry.role === 'owner') throw new PlazaError('forbidden', `${user.host_id} is a partner and cannot own a list`);
      out.set(user.id, { user, role: entry.role });
    }
    return out;
  }

  private async requireAnOwner(trx: Db, tenantId: string, listId: string): Promise<void> {
    const owner = await trx.selectFrom('task_list_members').select('user_id').where('tenant_id', '=', tenantId).where('list_id', '=', listId).where('role', '=', 'owner').executeTakeFirst();
    if (!owner) throw new PlazaError('conflict', 'a list keeps at least one owner');
  }

}
