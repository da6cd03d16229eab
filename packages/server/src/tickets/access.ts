import { PlazaError } from '@plaza/protocol';
import type { UsersTable } from '../org/tables.js';

/**
 * Who acts on tickets: an agent (an active employee with the `agent` role), a customer
 * (signed in with `kind: customer`, or the contact of a public ticket acting through its
 * access token), or the tenant's backend through a server token (`integration`).
 */
export type TicketActor =
  | { kind: 'agent'; tenantId: string; user: UsersTable }
  | { kind: 'customer'; tenantId: string; user: UsersTable }
  | { kind: 'integration'; tenantId: string; user: null };

export type AgentActor = Extract<TicketActor, { kind: 'agent' | 'integration' }>;
export type CustomerActor = Extract<TicketActor, { kind: 'customer' }>;

export function isAgent(user: UsersTable): boolean {
  return user.active === 1 && user.kind === 'member' && (JSON.parse(user.roles) as string[]).includes('agent');
}

/** The actor a signed-in user is for tickets; partners and employees without the agent role have no part in them. */
export function ticketActorOf(user: UsersTable): TicketActor {
  if (user.active !== 1) throw new PlazaError('unauthorized', 'user is deactivated');
  if (isAgent(user)) return { kind: 'agent', tenantId: user.tenant_id, user };
  if (user.kind === 'customer') return { kind: 'customer', tenantId: user.tenant_id, user };
  throw new PlazaError('forbidden', 'tickets are for customers and for agents');
}

export function requireAgent(actor: TicketActor): AgentActor {
  if (actor.kind === 'customer') throw new PlazaError('forbidden', 'only agents work the ticket inbox');
  return actor;
}

export function requireCustomer(actor: TicketActor): CustomerActor {
  if (actor.kind !== 'customer') throw new PlazaError('forbidden', 'only customers file and follow their tickets here');
  return actor;
}
