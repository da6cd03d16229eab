import { PlazaError } from '@plaza/protocol';
import type { UsersTable } from '../org/tables.js';

/**
 * Who acts on knowledge articles. Every active user of a tenant reads its published
 * articles; writers — active members with the `agent` or `admin` role — also see
 * drafts, and write, publish, unpublish and delete. The tenant's backend (server token,
 * `user: null`) writes with a writer's authority.
 */
export interface KnowledgeActor {
  tenantId: string;
  user: UsersTable | null;
  canWrite: boolean;
  /** Whether answers may name members (authors' host ids): for members and the backend, never customers or partners. */
  seesMemberIds: boolean;
}

const WRITER_ROLES: readonly string[] = ['agent', 'admin'];

export function isWriter(user: UsersTable): boolean {
  return user.active === 1 && user.kind === 'member' && (JSON.parse(user.roles) as string[]).some((r) => WRITER_ROLES.includes(r));
}

export function knowledgeActorOf(user: UsersTable): KnowledgeActor {
  if (user.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
  return { tenantId: user.tenant_id, user, canWrite: isWriter(user), seesMemberIds: user.kind === 'member' };
}

export function integrationActor(tenantId: string): KnowledgeActor {
  return { tenantId, user: null, canWrite: true, seesMemberIds: true };
}

export function requireWriter(actor: KnowledgeActor): void {
  if (!actor.canWrite) throw new PlazaError('forbidden', 'articles are written by agents and admins');
}
