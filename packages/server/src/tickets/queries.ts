import { randomBytes } from 'node:crypto';
import {
  PlazaError,
  reopenDeadline,
  type Attachment,
  type CustomerTicket,
  type CustomerTicketMessage,
  type Ticket,
  type TicketActorKind,
  type TicketMessage,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
  type TicketVisibility,
} from '@plaza/protocol';
import { sql } from 'kysely';
import { iso } from '../clock.js';
import type { UsersTable } from '../org/tables.js';
import type { Db } from '../storage/database.js';
import type { TicketMessagesTable, TicketsTable } from './tables.js';

/**
 * Host ids of the contacts public tickets make start with this. `#` is outside the host id
 * alphabet (protocol `hostId`), so no token, org sync or member list can ever name one.
 */
export const CONTACT_PREFIX = '#ticket:';

/** A contact made by the public form, who has no sign-in of their own. */
export function isContact(user: Pick<UsersTable, 'host_id'>): boolean {
  return user.host_id.startsWith(CONTACT_PREFIX);
}

/** Statuses in which no SLA target is pending any more. */
const SETTLED: readonly string[] = ['resolved', 'closed'];

export function isSettled(status: string): boolean {
  return SETTLED.includes(status);
}

/**
 * A UUIDv7 whose 74 non-time bits are all random. The `uuidv7` package counts within a
 * millisecond, so ids made together differ in a few bits; a ticket id must say nothing
 * about its neighbours.
 */
export function unguessableId(at: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function findTicket(db: Db, tenantId: string, id: string): Promise<TicketsTable | undefined> {
  return db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the ticket's row lock (PostgreSQL; SQLite has one writer) and counts the change
 * about to be made: every write to a ticket runs behind it, so status rules are checked
 * against the state they change.
 */
export async function lockTicket(trx: Db, tenantId: string, id: string): Promise<TicketsTable | undefined> {
  return trx
    .updateTable('tickets')
    .set({ version: sql<number>`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function usersByKey(db: Db, tenantId: string, keys: readonly (string | null)[]): Promise<Map<string, UsersTable>> {
  const unique = [...new Set(keys.filter((k): k is string => k !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active employees with the `agent` role: who works tickets, and who hears of them. */
export async function agentsOf(db: Db, tenantId: string): Promise<UsersTable[]> {
  return agentsQuery(db, tenantId).execute();
}

export function agentsQuery(db: Db, tenantId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'member')
    .where('active', '=', 1)
    .where('roles', 'like', '%"agent"%');
}

/** A page cursor: the sort time and id of the last row, so pages never skip or repeat rows. */
export function encodeCursor(at: number, id: string): string {
  return `${at}.${id}`;
}

export function decodeCursor(cursor: string): { at: number; id: string } {
  const match = /^(\d{1,16})\.([0-9a-f-]{36})$/.exec(cursor);
  if (!match) throw new PlazaError('bad_request', 'cursor: not a cursor this server gave');
  return { at: Number(match[1]), id: match[2] };
}

function attachmentsOf(json: string): Attachment[] {
  return JSON.parse(json) as Attachment[];
}

/** SLA flags as of `now`: a target past due and still pending counts as breached before its job has run. */
function slaView(row: TicketsTable, now: number): Ticket['sla'] {
  const open = !isSettled(row.status);
  return {
    firstResponseDue: iso(row.first_response_due),
    firstRespondedAt: row.first_responded_at === null ? null : iso(row.first_responded_at),
    firstResponseBreached: row.first_response_breached === 1 || (open && row.first_responded_at === null && now >= row.first_response_due),
    resolutionDue: iso(row.resolution_due),
    resolutionBreached: row.resolution_breached === 1 || (open && now >= row.resolution_due),
  };
}

export function customerTicketView(row: TicketsTable, reopenDays: number): CustomerTicket {
  return {
    id: row.id,
    subject: row.subject,
    description: row.description,
    category: row.category,
    status: row.status as TicketStatus,
    fields: JSON.parse(row.fields) as Record<string, string>,
    attachments: attachmentsOf(row.attachments),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    reopenUntil: row.status === 'resolved' && row.resolved_at !== null ? iso(reopenDeadline(row.resolved_at, reopenDays)) : null,
    rating: row.rating_score === null ? null : { score: row.rating_score, comment: row.rating_comment ?? '', ratedAt: iso(row.rated_at ?? row.updated_at) },
    messageCount: row.public_count,
  };
}

/** The agents' view; `people` holds the customer and the assignee by internal id. */
export function ticketView(row: TicketsTable, people: ReadonlyMap<string, UsersTable>, reopenDays: number, now: number): Ticket {
  const customer = people.get(row.customer_id);
  return {
    ...customerTicketView(row, reopenDays),
    priority: row.priority as TicketPriority,
    assignee: row.assignee_id === null ? null : (people.get(row.assignee_id)?.host_id ?? null),
    customer: {
      id: customer && !isContact(customer) ? customer.host_id : null,
      name: customer?.name ?? '',
      email: customer?.email ?? null,
    },
    source: row.source as TicketSource,
    sla: slaView(row, now),
    messageCount: row.message_count,
    version: row.version,
  };
}

/** Agents' views of several tickets, reading the people they name in one query. */
export async function ticketViews(db: Db, tenantId: string, rows: readonly TicketsTable[], reopenDays: number, now: number): Promise<Ticket[]> {
  const people = await usersByKey(
    db,
    tenantId,
    rows.flatMap((r) => [r.customer_id, r.assignee_id]),
  );
  return rows.map((r) => ticketView(r, people, reopenDays, now));
}

export function customerMessageView(row: TicketMessagesTable): CustomerTicketMessage {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    author: { kind: row.author_kind as TicketActorKind | 'system', name: row.author_name },
    text: row.text,
    attachments: attachmentsOf(row.attachments),
    ...(row.client_id === null ? {} : { clientId: row.client_id }),
    createdAt: iso(row.created_at),
  };
}

export function messageView(row: TicketMessagesTable, people: ReadonlyMap<string, UsersTable>): TicketMessage {
  const author = row.author_id === null ? undefined : people.get(row.author_id);
  return {
    ...customerMessageView(row),
    authorId: author && !isContact(author) ? author.host_id : null,
    visibility: row.visibility as TicketVisibility,
  };
}

export async function ticketMessages(db: Db, tenantId: string, ticketId: string, options: { publicOnly: boolean }): Promise<TicketMessagesTable[]> {
  let q = db.selectFrom('ticket_messages').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).orderBy('id');
  if (options.publicOnly) q = q.where('visibility', '=', 'public');
  return q.execute();
}

export async function messageByClientId(db: Db, tenantId: string, authorId: string, clientId: string): Promise<TicketMessagesTable | undefined> {
  return db
    .selectFrom('ticket_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('author_id', '=', authorId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}
