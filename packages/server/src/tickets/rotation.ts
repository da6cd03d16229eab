import type { UsersTable } from '../org/tables.js';
import type { Db } from '../storage/database.js';
import { agentsOf } from './queries.js';

/**
 * The agent whose turn it is in a category queue's round-robin, recorded as taken; run in
 * the transaction that files the ticket. The queue's row is upserted first, which takes
 * its lock (PostgreSQL; SQLite has one writer) until that transaction ends: tickets filed
 * at once, on any node, take their turns one after the other and never read the same
 * position. The rotation follows the agents' internal ids (the order Plaza first saw
 * them) from the one assigned last, so agents who join, leave, lose the role or are
 * deactivated neither reset it nor skew it. Null when the tenant has no active agent.
 */
export async function nextInRotation(trx: Db, tenantId: string, category: string, at: number): Promise<UsersTable | null> {
  const queue = await trx
    .insertInto('ticket_rotations')
    .values({ tenant_id: tenantId, category, last_agent_id: null, turns: 1, updated_at: at })
    .onConflict((oc) => oc.columns(['tenant_id', 'category']).doUpdateSet((eb) => ({ turns: eb('ticket_rotations.turns', '+', 1), updated_at: at })))
    .returning('last_agent_id')
    .executeTakeFirstOrThrow();
  const agents = (await agentsOf(trx, tenantId)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const last = queue.last_agent_id;
  const next = (last === null ? undefined : agents.find((a) => a.id > last)) ?? agents[0];
  if (!next) return null;
  await trx.updateTable('ticket_rotations').set({ last_agent_id: next.id }).where('tenant_id', '=', tenantId).where('category', '=', category).execute();
  return next;
}
