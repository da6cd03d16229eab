import { PlazaError, RESTRICTED_LEVELS, type ConfidentialityLevel, type DocRole } from '@plaza/protocol';
import type { UsersTable } from '../org/tables.js';
import type { DocMembersTable } from './tables.js';

/** Who is acting: a signed-in user, or the tenant's backend through a server token. */
export interface DocActor {
  tenantId: string;
  user: UsersTable;
  kind: string;
  /** Host department ids. */
  dept: readonly string[];
  org: string | null;
  /** A server token: owner of every space and document of its tenant. */
  server: boolean;
}

export function actorOf(user: UsersTable, server = false): DocActor {
  return { tenantId: user.tenant_id, user, kind: user.kind, dept: JSON.parse(user.dept) as string[], org: user.org, server };
}

/** The acting user of a request: deactivated users and customers are turned away. */
export function userActor(user: UsersTable): DocActor {
  if (user.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
  if (user.kind === 'customer') throw new PlazaError('forbidden', 'customers cannot use documents');
  return actorOf(user);
}

const RANK: Record<DocRole, number> = { viewer: 1, commenter: 2, editor: 3, owner: 4 };

export function strongest(a: DocRole | null, b: DocRole | null): DocRole | null {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export function atLeast(role: DocRole | null, needed: DocRole): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

/** A grant row as the rules read it. */
export type GrantRow = Pick<DocMembersTable, 'resource_id' | 'principal' | 'principal_id' | 'role'>;

/**
 * Whether a grant names the actor: their own user, a department they are an employee
 * of, or (partners only) their organisation.
 */
export function grantMatches(actor: DocActor, grant: Pick<GrantRow, 'principal' | 'principal_id'>): boolean {
  switch (grant.principal) {
    case 'user':
      return grant.principal_id === actor.user.id;
    case 'department':
      return actor.kind === 'member' && actor.dept.includes(grant.principal_id);
    case 'org':
      return actor.kind === 'partner' && actor.org === grant.principal_id;
  }
}

/** What decides a role besides grants. */
export interface Visibility {
  /** The space's tenant-wide flag, and the document's (false when asking about a space). */
  tenantView: boolean;
  /** The document's level; null when asking about a space. */
  confidentiality: ConfidentialityLevel | null;
}

/**
 * The actor's role in a space or a document, or null when they cannot see it. `grants`
 * are the rows on the space and (for a document) on the document; the strongest one
 * naming the actor wins. Employees also view what is shared tenant-wide, unless the
 * document is confidential or secret. Partners see only what is granted to them or their
 * organisation; customers nothing; a server token everything, as owner.
 */
export function roleOf(actor: DocActor, grants: readonly GrantRow[], visibility: Visibility): DocRole | null {
  if (actor.server) return 'owner';
  if (actor.kind === 'customer') return null;
  let role: DocRole | null = null;
  for (const grant of grants) {
    if (grantMatches(actor, grant)) role = strongest(role, grant.role as DocRole);
  }
  const restricted = visibility.confidentiality !== null && RESTRICTED_LEVELS.includes(visibility.confidentiality);
  if (actor.kind === 'member' && visibility.tenantView && !restricted) role = strongest(role, 'viewer');
  return role;
}

/** Throws unless `role` reaches `needed`: `not_found` when the actor cannot see the object at all. */
export function requireRole(role: DocRole | null, needed: DocRole, what: string): DocRole {
  if (role === null) throw new PlazaError('not_found', `${what} not found`);
  if (!atLeast(role, needed)) throw new PlazaError('forbidden', `${what}: needs the ${needed} role (you are ${role})`);
  return role;
}

/** How the audit trail names an actor. */
export function auditActor(actor: DocActor): string {
  return actor.server ? 'server' : actor.user.host_id;
}
