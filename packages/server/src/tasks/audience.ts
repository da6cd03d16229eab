import type { ListRole, PushMap, PushName } from '@plaza/protocol';
import { rooms, type Realtime } from '../realtime/realtime.js';
import type { Db } from '../storage/database.js';
import { actorOf, listRole, taskRole, type ListAccess } from './access.js';
import { audienceCandidatesOf, usersByKey } from './queries.js';
import type { TaskListsTable, TasksTable } from './tables.js';

/** Everyone who sees a list, with their role, by internal user id. */
export type ListAudience = Map<string, { hostId: string; role: ListRole }>;

/** What working out a list's audience reads of the list. */
export type AudienceList = ListAccess & Pick<TaskListsTable, 'id'>;

/**
 * Who sees a list now, read from the database: explicit members, the department's
 * employees, the partners of shared organisations, the owner of a personal list —
 * each passed through `listRole`, so an unshared partner or a customer drops out.
 */
export async function listAudience(db: Db, tenantId: string, list: AudienceList): Promise<ListAudience> {
  // someone may come twice (a member of the list and of its department): their sources add up
  const people = new Map<string, { hostId: string; kind: string; org: string | null; explicit: ListRole | undefined; inDepartment: boolean }>();
  for (const row of await audienceCandidatesOf(db, tenantId, list)) {
    const seen = people.get(row.id);
    people.set(row.id, {
      hostId: row.host_id,
      kind: row.kind,
      org: row.org,
      explicit: (row.role ?? seen?.explicit ?? undefined) as ListRole | undefined,
      inDepartment: row.in_department === 1 || (seen?.inDepartment ?? false),
    });
  }
  const audience: ListAudience = new Map();
  for (const [id, p] of people) {
    const dept = p.inDepartment && list.department !== null ? [list.department] : [];
    const role = listRole({ kind: p.kind, org: p.org, dept, server: false, user: { id } }, list, p.explicit);
    if (role) audience.set(id, { hostId: p.hostId, role });
  }
  return audience;
}

/** People a server holds in list audiences at most (a few MB); the least recently used lists go first. */
const AUDIENCE_CACHE_PEOPLE = 100_000;

/**
 * List audiences kept between changes, per server. An entry holds while the tenant's
 * `audience_revs` counter and the list's own settings are what they were when it was
 * read: triggers bump the counter in the same statement as every write that can change
 * who sees a list (a membership; a user made, removed, or changing kind, organisation or
 * departments — on any node), and a change's lock answers both counter and settings
 * before it reads anything else. So a hit costs no statement and is as current as a read.
 */
export class AudienceCache {
  private readonly lists = new Map<string, { rev: number | null; settings: string; audience: ListAudience }>();
  private people = 0;

  async of(db: Db, tenantId: string, list: AudienceList & { audience_rev: number | null }): Promise<ListAudience> {
    const key = `${tenantId}:${list.id}`;
    const settings = JSON.stringify([list.visibility, list.department, list.department_role, list.partner_orgs, list.personal_of]);
    const held = this.lists.get(key);
    if (held && held.rev === list.audience_rev && held.settings === settings) {
      // most recently used last
      this.lists.delete(key);
      this.lists.set(key, held);
      return held.audience;
    }
    const audience = await listAudience(db, tenantId, list);
    // read after the counter: were anything to change in between, the next change would see a newer counter
    this.forget(key);
    this.lists.set(key, { rev: list.audience_rev, settings, audience });
    this.people += audience.size;
    for (const oldest of this.lists.keys()) {
      if (this.people <= AUDIENCE_CACHE_PEOPLE || oldest === key) break;
      this.forget(oldest);
    }
    return audience;
  }

  private forget(key: string): void {
    const held = this.lists.get(key);
    if (!held) return;
    this.people -= held.audience.size;
    this.lists.delete(key);
  }
}

/** Host ids of everyone who sees a task: the list's audience and the task's participants. */
export async function taskAudience(
  db: Db,
  tenantId: string,
  list: ListAccess,
  audience: ListAudience,
  task: Pick<TasksTable, 'assignee_id' | 'created_by'>,
  watchers: readonly string[],
): Promise<Set<string>> {
  const hosts = new Set([...audience.values()].map((a) => a.hostId));
  const participants = [task.assignee_id, task.created_by, ...watchers].filter((k): k is string => k !== null && !audience.has(k));
  if (participants.length === 0) return hosts;
  for (const user of (await usersByKey(db, tenantId, participants)).values()) {
    if (taskRole(actorOf(user), list, undefined, task, watchers)) hosts.add(user.host_id);
  }
  return hosts;
}

/** A push prepared inside a transaction, sent once it has committed. */
export type Push = { [E in PushName]: { to: readonly string[]; event: E; payload: PushMap[E] } }[PushName];

/** Sends prepared pushes, in order. */
export function emitPushes(realtime: Realtime | undefined, tenantId: string, pushes: readonly Push[]): void {
  for (const push of pushes) emitToUsers(realtime, tenantId, push.to, push.event, push.payload);
}

/** One untyped view of a broadcast: socket.io's typed `emit` cannot take a generic event name. */
interface TypedEmitter {
  emit<E extends PushName>(event: E, payload: PushMap[E]): boolean;
}

/**
 * Pushes one event to every socket of these users, on every node, as one broadcast
 * (socket.io encodes it once and sends it once to a socket in several of the rooms).
 * Task audiences are computed from the database at each change, so there are no list
 * rooms to keep in step with memberships, departments and shares.
 */
export function emitToUsers<E extends PushName>(realtime: Realtime | undefined, tenantId: string, hostIdsToReach: Iterable<string>, event: E, payload: PushMap[E]): void {
  if (!realtime) return;
  const targets = [...new Set(hostIdsToReach)].map((id) => rooms.user(tenantId, id));
  if (targets.length === 0) return;
  (realtime.io.to(targets) as unknown as TypedEmitter).emit(event, payload);
}
