import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  PlazaError,
  TICKET_LIMITS,
  canTransition,
  checkTicketDraft,
  draftCategory,
  normalizeFields,
  reopenDeadline,
  statusAfterReply,
  type Attachment,
  type CustomerTicket,
  type CustomerTicketDetail,
  type CustomerTicketMessage,
  type PublicTicketCreated,
  type PublicTicketDetail,
  type PublicTicketForm,
  type TenantSettings,
  type Ticket,
  type TicketChange,
  type TicketDetail,
  type TicketDraft,
  type TicketDraftIssue,
  type TicketMessage,
  type TicketNotice,
  type TicketPage,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
  type TicketUpdatedEvent,
  type TicketVisibility,
} from '@plaza/protocol';
import type { Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { iso } from '../clock.js';
import type { PlazaContext } from '../context.js';
import { fileInfo, findFile, linkFile, readableFile, type StoredFile } from '../files/index.js';
import type { Job, JobTools } from '../jobs/worker.js';
import type { Tenant } from '../org/tenant-service.js';
import type { UsersTable } from '../org/tables.js';
import type { Realtime } from '../realtime/realtime.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import type { Database } from '../tables.js';
import { publishEvent } from '../webhooks/events.js';
import { isAgent, requireAgent, requireCustomer, ticketActorOf, type AgentActor, type CustomerActor, type TicketActor } from './access.js';
import {
  CONTACT_PREFIX,
  agentsOf,
  customerMessageView,
  customerTicketView,
  decodeCursor,
  encodeCursor,
  findTicket,
  isContact,
  isSettled,
  lockTicket,
  messageByClientId,
  messageView,
  ticketMessages,
  ticketView,
  ticketViews,
  unguessableId,
  usersByKey,
} from './queries.js';
import { nextInRotation } from './rotation.js';
import { isAutoclosePayload, isSlaPayload, scheduleAutoclose, scheduleSla, slaDue, type SlaTarget } from './sla.js';
import type { TicketMessagesTable, TicketsTable } from './tables.js';

/** Messages of `TicketDraftIssue` codes, for the `bad_request` that names the first one. */
const ISSUE_TEXT: Record<TicketDraftIssue['issue'], (max?: number) => string> = {
  required: () => 'must not be empty',
  too_long: (max) => `must be at most ${max} characters`,
  invalid_email: () => 'must be an email address',
  unknown_category: () => "is not one of this tenant's categories",
  unknown_field: () => 'is not a field of this category',
  invalid_option: () => 'is not one of the options',
};

function refuseDraft(issues: readonly TicketDraftIssue[]): void {
  const first = issues[0];
  if (first) throw new PlazaError('bad_request', `${first.field}: ${ISSUE_TEXT[first.issue](first.max)}`);
}

/** SHA-256 of an access token: tokens carry 256 random bits, so a fast hash is enough to keep them from a database dump. */
function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Compared against when a ticket does not exist, so an unknown id costs what a wrong token costs. */
const NO_HASH = Buffer.alloc(32);
/** `<tenant id>.<43 base64url characters>`: the tenant travels with the token, as public routes name no tenant. */
const ACCESS_TOKEN = /^([a-z0-9][a-z0-9-]{1,62})\.[A-Za-z0-9_-]{43}$/;

const MINUTE = 60_000;

/** The form a tenant's settings define: its categories and each one's custom fields. */
export function formConfigOf(settings: TenantSettings): { categories: string[]; fields: Record<string, TenantSettings['ticketFields'][string]> } {
  const fields: Record<string, TenantSettings['ticketFields'][string]> = {};
  for (const category of settings.ticketCategories) fields[category] = settings.ticketFields[category] ?? [];
  return { categories: settings.ticketCategories, fields };
}

interface ReplyInput {
  text: string;
  attachments: string[];
  clientId?: string | undefined;
  visibility: TicketVisibility;
  status?: TicketStatus | undefined;
}

interface FileInput {
  fileIds: readonly string[];
}

/** A change made in one transaction, announced (webhook in it, pushes after it). */
interface Change {
  created: boolean;
  after: TicketsTable;
  changes: TicketChange[];
  message: TicketMessagesTable | null;
  actor: TicketActor | { kind: 'system'; tenantId: string; user: null };
  notifyCustomer: boolean;
  /** The agent the change assigned the ticket to. */
  assignedTo: string | null;
  /** Sends the pushes `publish` prepared; call once the transaction has committed. */
  push?: () => void;
}

/** Thrown inside a transaction that would change nothing: rolled back, answered with the current state. */
class Unchanged extends Error {}

/**
 * Tickets: filing (public form, signed-in customers), the conversation with public
 * replies and internal notes, status changes by the shared transition table, assignment,
 * ratings, SLA timers as durable jobs, webhooks and pushes. Transports (public REST,
 * server-token REST, socket) only parse, say who acts, and call this.
 */
export class TicketService {
  constructor(
    private readonly ctx: PlazaContext,
    private readonly realtime: Realtime | undefined,
  ) {}

  private get db(): Db {
    return this.ctx.storage.db;
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  /** The acting user of a socket, read afresh so a role or kind change applies at once. */
  async actorFor(tenantId: string, userKey: string): Promise<TicketActor> {
    const user = await this.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userKey).executeTakeFirst();
    if (!user) throw new PlazaError('unauthorized', 'unknown user');
    return ticketActorOf(user);
  }

  integrationActor(tenantId: string): AgentActor {
    return { kind: 'integration', tenantId, user: null };
  }

  /** What the public form shows for the tenant. */
  publicForm(tenant: Tenant): PublicTicketForm {
    const { categories, fields } = formConfigOf(tenant.settings);
    return { tenant: tenant.id, categories, fields, upload: { maxBytes: tenant.settings.upload.maxBytes, maxFiles: TICKET_LIMITS.attachmentsMax } };
  }

  // ---- filing ------------------------------------------------------------------------------

  /**
   * Files a ticket from the public form: a contact user of its own (never able to sign
   * in), the ticket, and an access token of which only the hash is kept.
   */
  async createPublic(tenant: Tenant, draft: TicketDraft & { name: string; email: string }): Promise<PublicTicketCreated> {
    refuseDraft(checkTicketDraft(draft, formConfigOf(tenant.settings), { contact: true }));
    const at = this.now();
    const id = unguessableId(at);
    const accessToken = `${tenant.id}.${randomBytes(32).toString('base64url')}`;
    const change = await this.db.transaction().execute(async (trx) => {
      const contact = await trx
        .insertInto('users')
        .values({
          tenant_id: tenant.id,
          id: uuidv7(),
          host_id: `${CONTACT_PREFIX}${id}`,
          name: draft.name.trim(),
          kind: 'customer',
          roles: '[]',
          dept: '[]',
          org: null,
          email: draft.email.trim(),
          avatar: null,
          active: 1,
          placeholder: 0,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const actor: CustomerActor = { kind: 'customer', tenantId: tenant.id, user: contact };
      return this.insertTicket(trx, tenant, actor, draft, { id, source: 'public_form', accessHash: tokenHash(accessToken).toString('hex'), attachments: [], clientId: undefined, at });
    });
    change.push?.();
    return { id, accessToken };
  }

  /** A signed-in customer files a ticket; a retried create (same `clientId`) answers the stored one. */
  async create(actor: TicketActor, input: TicketDraft & FileInput & { clientId?: string | undefined }): Promise<CustomerTicket> {
    const customer = requireCustomer(actor);
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    if (input.clientId !== undefined) {
      const existing = await this.byClientId(customer, input.clientId);
      if (existing) return customerTicketView(existing, tenant.settings.reopenDays);
    }
    refuseDraft(checkTicketDraft(input, formConfigOf(tenant.settings), { contact: false }));
    const attachments = await this.readableAttachments(customer.user, input.fileIds);
    const at = this.now();
    let change: Change;
    try {
      change = await this.db.transaction().execute((trx) =>
        this.insertTicket(trx, tenant, customer, input, { id: unguessableId(at), source: 'portal', accessHash: null, attachments, clientId: input.clientId, at }),
      );
    } catch (error) {
      const raced = isUniqueViolation(error) && input.clientId !== undefined ? await this.byClientId(customer, input.clientId) : undefined;
      if (raced) return customerTicketView(raced, tenant.settings.reopenDays);
      throw error;
    }
    change.push?.();
    return customerTicketView(change.after, tenant.settings.reopenDays);
  }

  private byClientId(actor: CustomerActor, clientId: string): Promise<TicketsTable | undefined> {
    return this.db
      .selectFrom('tickets')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', actor.user.id)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  private async insertTicket(
    trx: Transaction<Database>,
    tenant: Tenant,
    actor: CustomerActor,
    draft: TicketDraft,
    meta: { id: string; source: TicketSource; accessHash: string | null; attachments: Attachment[]; clientId: string | undefined; at: number },
  ): Promise<Change> {
    const { at } = meta;
    const config = formConfigOf(tenant.settings);
    const category = draftCategory(draft, config);
    const due = slaDue(at, tenant.settings.sla);
    const assignee = tenant.settings.ticketAssignment.mode === 'round_robin' ? await nextInRotation(trx, tenant.id, category, at) : null;
    const row: TicketsTable = {
      tenant_id: tenant.id,
      id: meta.id,
      subject: draft.subject.trim(),
      description: draft.description.trim(),
      category,
      status: 'new',
      priority: 'normal' satisfies TicketPriority,
      fields: JSON.stringify(normalizeFields(draft.fields, config.fields[category] ?? [])),
      attachments: JSON.stringify(meta.attachments),
      customer_id: actor.user.id,
      source: meta.source,
      access_hash: meta.accessHash,
      assignee_id: assignee?.id ?? null,
      client_id: meta.clientId ?? null,
      created_at: at,
      updated_at: at,
      first_response_due: due.firstResponse,
      first_responded_at: null,
      first_response_breached: 0,
      resolution_due: due.resolution,
      resolution_breached: 0,
      resolved_at: null,
      closed_at: null,
      rating_score: null,
      rating_comment: null,
      rated_at: null,
      message_count: 0,
      public_count: 0,
      version: 1,
    };
    await trx.insertInto('tickets').values(row).execute();
    for (const file of meta.attachments) await linkFile(trx, { tenantId: tenant.id, fileId: file.id, objectKind: 'ticket', objectId: row.id, at });
    await scheduleSla(trx, tenant.id, { ticketId: row.id, target: 'first_response', due: row.first_response_due }, at);
    await scheduleSla(trx, tenant.id, { ticketId: row.id, target: 'resolution', due: row.resolution_due }, at);
    const change: Change = { created: true, after: row, changes: [], message: null, actor, notifyCustomer: false, assignedTo: assignee?.host_id ?? null };
    await this.publish(trx, tenant, change, at);
    return change;
  }

  // ---- public access -----------------------------------------------------------------------

  /**
   * The ticket an access token opens, and its contact acting as the customer. A wrong
   * token and an unknown id are the same `not_found`, at the same cost (constant-time
   * comparison against a dummy hash), so ids and tokens cannot be probed apart. `origin`
   * must be one of the ticket's tenant's allowed origins.
   */
  async openPublic(ticketId: string, token: string, origin: string): Promise<{ tenant: Tenant; actor: CustomerActor; ticket: TicketsTable }> {
    const refused = new PlazaError('not_found', 'no such ticket, or the access token does not open it');
    const tenantId = ACCESS_TOKEN.exec(token)?.[1];
    const tenant = tenantId === undefined ? undefined : await this.ctx.tenants.find(tenantId);
    if (tenant) requirePublicOrigin(tenant, origin);
    const row = tenant ? await findTicket(this.db, tenant.id, ticketId) : undefined;
    const expected = row?.access_hash ? Buffer.from(row.access_hash, 'hex') : NO_HASH;
    const matches = timingSafeEqual(tokenHash(token), expected);
    if (!tenant || !row || !row.access_hash || !matches) throw refused;
    const contact = (await usersByKey(this.db, tenant.id, [row.customer_id])).get(row.customer_id);
    if (!contact || contact.active !== 1) throw refused;
    return { tenant, actor: { kind: 'customer', tenantId: tenant.id, user: contact }, ticket: row };
  }

  /** The public view: ticket, public conversation, and a download link for each file shown. */
  async publicDetail(actor: CustomerActor, ticketId: string): Promise<PublicTicketDetail> {
    const detail = await this.view(actor, ticketId);
    const ids = [...detail.ticket.attachments, ...detail.messages.flatMap((m) => m.attachments)].map((a) => a.id);
    const files: PublicTicketDetail['files'] = [];
    for (const id of new Set(ids)) {
      const file = await findFile(this.ctx, actor.tenantId, id);
      if (file) files.push(fileInfo(this.ctx, file, actor.user));
    }
    return { ...detail, files };
  }

  // ---- customers ---------------------------------------------------------------------------

  private async ownTicket(actor: CustomerActor, ticketId: string, db: Db = this.db): Promise<TicketsTable> {
    const row = await findTicket(db, actor.tenantId, ticketId);
    if (!row || row.customer_id !== actor.user.id) throw new PlazaError('not_found', `no ticket ${ticketId}`);
    return row;
  }

  /** The customer's own tickets, newest first. */
  async mine(actor: TicketActor, input: { status?: TicketStatus[] | undefined; cursor?: string | undefined; limit: number }): Promise<TicketPage<CustomerTicket>> {
    const customer = requireCustomer(actor);
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    let q = this.db
      .selectFrom('tickets')
      .selectAll()
      .where('tenant_id', '=', customer.tenantId)
      .where('customer_id', '=', customer.user.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.status) q = q.where('status', 'in', input.status);
    if (input.cursor !== undefined) {
      const { at, id } = decodeCursor(input.cursor);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      tickets: page.map((r) => customerTicketView(r, tenant.settings.reopenDays)),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** One of the customer's tickets with its public conversation; internal notes never leave the server here. */
  async view(actor: TicketActor, ticketId: string): Promise<CustomerTicketDetail> {
    const customer = requireCustomer(actor);
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const row = await this.ownTicket(customer, ticketId);
    const messages = await ticketMessages(this.db, actor.tenantId, ticketId, { publicOnly: true });
    return { ticket: customerTicketView(row, tenant.settings.reopenDays), messages: messages.map(customerMessageView) };
  }

  /** A customer's reply: reopens a ticket waiting for them, or a resolved one within the reopen period. */
  async customerReply(actor: TicketActor, ticketId: string, input: Omit<ReplyInput, 'visibility' | 'status'>): Promise<CustomerTicketMessage> {
    const customer = requireCustomer(actor);
    const row = await this.addMessage(customer, ticketId, { ...input, visibility: 'public' });
    return customerMessageView(row);
  }

  /** Reopen (within the reopen period) or close one's own ticket. */
  async customerStatus(actor: TicketActor, ticketId: string, status: 'open' | 'closed'): Promise<CustomerTicket> {
    const customer = requireCustomer(actor);
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const row = await this.change(customer, ticketId, async (trx, ticket, at) => {
      if (ticket.status === status) throw new Unchanged();
      if (!canTransition(ticket.status as TicketStatus, status, 'customer')) {
        throw new PlazaError('conflict', `a ${ticket.status} ticket cannot be ${status === 'open' ? 'reopened' : 'closed'} by its customer`);
      }
      this.requireReopenPeriod(ticket, tenant, at);
      return { patch: await this.statusPatch(trx, tenant, ticket, status, at), changes: ['status'], notifyCustomer: false };
    });
    return customerTicketView(row, tenant.settings.reopenDays);
  }

  /** Rates a resolved (or closed after resolution) ticket; rating again replaces the rating. */
  async rate(actor: TicketActor, ticketId: string, score: number, comment: string): Promise<CustomerTicket> {
    const customer = requireCustomer(actor);
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const row = await this.change(customer, ticketId, async (_trx, ticket, at) => {
      if (!isSettled(ticket.status) || ticket.resolved_at === null) throw new PlazaError('conflict', 'only a resolved ticket can be rated');
      return { patch: { rating_score: score, rating_comment: comment.trim(), rated_at: at }, changes: ['rating'], notifyCustomer: false };
    });
    return customerTicketView(row, tenant.settings.reopenDays);
  }

  /** Attaches a file the customer just uploaded to the ticket itself (the public form's attachments). */
  async attachToTicket(actor: CustomerActor, ticketId: string, file: StoredFile): Promise<CustomerTicket> {
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const row = await this.change(actor, ticketId, async (trx, ticket, at) => {
      if (ticket.status === 'closed') throw new PlazaError('conflict', 'the ticket is closed');
      const attachments = JSON.parse(ticket.attachments) as Attachment[];
      if (attachments.length >= TICKET_LIMITS.attachmentsMax) throw new PlazaError('conflict', `a ticket holds at most ${TICKET_LIMITS.attachmentsMax} files`);
      await linkFile(trx, { tenantId: actor.tenantId, fileId: file.id, objectKind: 'ticket', objectId: ticket.id, at });
      attachments.push({ id: file.id, name: file.name, size: file.size, type: file.type });
      return { patch: { attachments: JSON.stringify(attachments) }, changes: ['attachments'], notifyCustomer: false };
    });
    return customerTicketView(row, tenant.settings.reopenDays);
  }

  /** Refuses before storing an upload that the ticket could not take anyway. */
  async requireRoomForFile(actor: CustomerActor, ticketId: string): Promise<void> {
    const ticket = await this.ownTicket(actor, ticketId);
    if (ticket.status === 'closed') throw new PlazaError('conflict', 'the ticket is closed');
    if ((JSON.parse(ticket.attachments) as unknown[]).length >= TICKET_LIMITS.attachmentsMax) {
      throw new PlazaError('conflict', `a ticket holds at most ${TICKET_LIMITS.attachmentsMax} files`);
    }
  }

  // ---- agents and the tenant's backend -----------------------------------------------------

  /** The inbox by filters, most recently changed first. */
  async query(
    actor: TicketActor,
    input: { status?: TicketStatus[] | undefined; category?: string | undefined; assignee?: string | undefined; breached?: boolean | undefined; cursor?: string | undefined; limit: number },
  ): Promise<TicketPage<Ticket>> {
    const agent = requireAgent(actor);
    const tenant = await this.ctx.tenants.get(agent.tenantId);
    const now = this.now();
    let q = this.db
      .selectFrom('tickets')
      .selectAll()
      .where('tenant_id', '=', agent.tenantId)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (input.status) q = q.where('status', 'in', input.status);
    if (input.category !== undefined) q = q.where('category', '=', input.category);
    if (input.assignee === 'none') q = q.where('assignee_id', 'is', null);
    else if (input.assignee !== undefined) {
      const key = input.assignee === 'me' && agent.user ? agent.user.id : (await this.ctx.users.byHostId(agent.tenantId, input.assignee))?.id;
      if (key === undefined) return { tickets: [], nextCursor: null };
      q = q.where('assignee_id', '=', key);
    }
    if (input.breached !== undefined) {
      const wanted = input.breached;
      q = q.where((eb) => {
        const pending = eb('status', 'not in', ['resolved', 'closed']);
        const breached = eb.or([
          eb('first_response_breached', '=', 1),
          eb('resolution_breached', '=', 1),
          eb.and([pending, eb.or([eb.and([eb('first_responded_at', 'is', null), eb('first_response_due', '<=', now)]), eb('resolution_due', '<=', now)])]),
        ]);
        return wanted ? breached : eb.not(breached);
      });
    }
    if (input.cursor !== undefined) {
      const { at, id } = decodeCursor(input.cursor);
      q = q.where((eb) => eb.or([eb('updated_at', '<', at), eb.and([eb('updated_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      tickets: await ticketViews(this.db, agent.tenantId, page, tenant.settings.reopenDays, now),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.updated_at, last.id) : null,
    };
  }

  /** For CRM sync: every ticket changed after a time, ascending by last change. */
  async sync(
    actor: AgentActor,
    input: { status?: TicketStatus[] | undefined; category?: string | undefined; assignee?: string | undefined; updatedAfter?: string | undefined; cursor?: string | undefined; limit: number },
  ): Promise<TicketPage<Ticket>> {
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    let q = this.db.selectFrom('tickets').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('updated_at').orderBy('id').limit(input.limit + 1);
    if (input.status) q = q.where('status', 'in', input.status);
    if (input.category !== undefined) q = q.where('category', '=', input.category);
    if (input.assignee !== undefined) {
      const key = (await this.ctx.users.byHostId(actor.tenantId, input.assignee))?.id;
      if (key === undefined) return { tickets: [], nextCursor: null };
      q = q.where('assignee_id', '=', key);
    }
    if (input.updatedAfter !== undefined) q = q.where('updated_at', '>', Date.parse(input.updatedAfter));
    if (input.cursor !== undefined) {
      const { at, id } = decodeCursor(input.cursor);
      q = q.where((eb) => eb.or([eb('updated_at', '>', at), eb.and([eb('updated_at', '=', at), eb('id', '>', id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      tickets: await ticketViews(this.db, actor.tenantId, page, tenant.settings.reopenDays, this.now()),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.updated_at, last.id) : null,
    };
  }

  /** A ticket with its whole conversation, internal notes included. */
  async detail(actor: TicketActor, ticketId: string): Promise<TicketDetail> {
    const agent = requireAgent(actor);
    const tenant = await this.ctx.tenants.get(agent.tenantId);
    const row = await findTicket(this.db, agent.tenantId, ticketId);
    if (!row) throw new PlazaError('not_found', `no ticket ${ticketId}`);
    const messages = await ticketMessages(this.db, agent.tenantId, ticketId, { publicOnly: false });
    const people = await usersByKey(this.db, agent.tenantId, [row.customer_id, row.assignee_id, ...messages.map((m) => m.author_id)]);
    return { ticket: ticketView(row, people, tenant.settings.reopenDays, this.now()), messages: messages.map((m) => messageView(m, people)) };
  }

  /** Status (by the transition table), priority, assignee (an agent, or none) and category. */
  async update(
    actor: TicketActor,
    ticketId: string,
    changes: { status?: TicketStatus | undefined; priority?: TicketPriority | undefined; assignee?: string | null | undefined; category?: string | undefined },
  ): Promise<Ticket> {
    const agent = requireAgent(actor);
    const tenant = await this.ctx.tenants.get(agent.tenantId);
    if (changes.category !== undefined && !tenant.settings.ticketCategories.includes(changes.category)) {
      throw new PlazaError('bad_request', `category: ${ISSUE_TEXT.unknown_category()}`);
    }
    const assignee = typeof changes.assignee === 'string' ? await this.requireAgentUser(agent.tenantId, changes.assignee) : changes.assignee;
    const row = await this.change(agent, ticketId, async (trx, ticket, at) => {
      const patch: Partial<TicketsTable> = {};
      const made: TicketChange[] = [];
      if (changes.status !== undefined && changes.status !== ticket.status) {
        if (!canTransition(ticket.status as TicketStatus, changes.status, 'agent')) throw new PlazaError('conflict', `a ${ticket.status} ticket cannot become ${changes.status}`);
        Object.assign(patch, await this.statusPatch(trx, tenant, ticket, changes.status, at));
        made.push('status');
      }
      if (changes.priority !== undefined && changes.priority !== ticket.priority) {
        patch.priority = changes.priority;
        made.push('priority');
      }
      if (assignee !== undefined && (assignee?.id ?? null) !== ticket.assignee_id) {
        patch.assignee_id = assignee?.id ?? null;
        made.push('assignee');
      }
      if (changes.category !== undefined && changes.category !== ticket.category) {
        patch.category = changes.category;
        made.push('category');
      }
      if (made.length === 0) throw new Unchanged();
      const assignedTo = made.includes('assignee') && assignee && assignee.id !== agent.user?.id ? assignee.host_id : null;
      return { patch, changes: made, notifyCustomer: made.includes('status'), assignedTo };
    });
    return (await ticketViews(this.db, agent.tenantId, [row], tenant.settings.reopenDays, this.now()))[0];
  }

  /** An agent's public reply (the customer is told) or internal note (only agents ever see it). */
  async agentMessage(actor: TicketActor, ticketId: string, input: ReplyInput): Promise<TicketMessage> {
    const agent = requireAgent(actor);
    if (agent.kind !== 'agent') throw new PlazaError('forbidden', 'messages are written by agents');
    const row = await this.addMessage(agent, ticketId, input);
    const people = await usersByKey(this.db, agent.tenantId, [row.author_id]);
    return messageView(row, people);
  }

  private async requireAgentUser(tenantId: string, hostId: string): Promise<UsersTable> {
    const user = await this.ctx.users.byHostId(tenantId, hostId);
    if (!user || !isAgent(user)) throw new PlazaError('bad_request', `assignee: ${hostId} is not an agent`);
    return user;
  }

  // ---- messages ----------------------------------------------------------------------------

  private async addMessage(actor: CustomerActor | Extract<TicketActor, { kind: 'agent' }>, ticketId: string, input: ReplyInput): Promise<TicketMessagesTable> {
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    if (input.clientId !== undefined) {
      const existing = await messageByClientId(this.db, actor.tenantId, actor.user.id, input.clientId);
      if (existing) {
        if (existing.ticket_id !== ticketId) throw new PlazaError('conflict', 'clientId: used already for another message');
        if (actor.kind === 'customer') await this.ownTicket(actor, ticketId);
        return existing;
      }
    }
    const attachments = await this.readableAttachments(actor.user, input.attachments);
    let message: TicketMessagesTable | undefined;
    try {
      await this.storeMessage(actor, ticketId, input, attachments, tenant, (stored) => (message = stored));
    } catch (error) {
      // a retry racing the original: both passed the check above, the unique key let one in
      const raced = isUniqueViolation(error) && input.clientId !== undefined ? await messageByClientId(this.db, actor.tenantId, actor.user.id, input.clientId) : undefined;
      if (raced?.ticket_id === ticketId) return raced;
      throw error;
    }
    return message!;
  }

  private async storeMessage(
    actor: CustomerActor | Extract<TicketActor, { kind: 'agent' }>,
    ticketId: string,
    input: ReplyInput,
    attachments: Attachment[],
    tenant: Tenant,
    stored: (message: TicketMessagesTable) => void,
  ): Promise<void> {
    await this.change(actor, ticketId, async (trx, ticket, at) => {
      const next = this.statusAfterMessage(actor, ticket, input, tenant, at);
      const message: TicketMessagesTable = {
        tenant_id: actor.tenantId,
        id: uuidv7(),
        ticket_id: ticket.id,
        author_id: actor.user.id,
        author_kind: actor.kind,
        author_name: actor.user.name,
        visibility: input.visibility,
        text: input.text.trim(),
        attachments: JSON.stringify(attachments),
        client_id: input.clientId ?? null,
        created_at: at,
      };
      await trx.insertInto('ticket_messages').values(message).execute();
      stored(message);
      for (const file of attachments) await linkFile(trx, { tenantId: actor.tenantId, fileId: file.id, objectKind: 'ticket_message', objectId: message.id, at });
      const isPublic = input.visibility === 'public';
      const patch: Partial<TicketsTable> = { message_count: ticket.message_count + 1, public_count: ticket.public_count + (isPublic ? 1 : 0) };
      if (actor.kind === 'agent' && isPublic && ticket.first_responded_at === null) patch.first_responded_at = at;
      const made: TicketChange[] = ['message'];
      if (next !== ticket.status) {
        Object.assign(patch, await this.statusPatch(trx, tenant, ticket, next, at));
        made.push('status');
      }
      return { patch, changes: made, notifyCustomer: actor.kind === 'agent' && (isPublic || made.includes('status')), message };
    });
  }

  /** Where a message leaves the ticket: the reply rules, an agent's explicit status, the reopen period. */
  private statusAfterMessage(actor: TicketActor, ticket: TicketsTable, input: ReplyInput, tenant: Tenant, at: number): TicketStatus {
    const current = ticket.status as TicketStatus;
    if (actor.kind === 'customer') {
      const next = statusAfterReply(current, 'customer');
      if (next === null) throw new PlazaError('conflict', 'the ticket is closed: file a new one');
      if (current === 'resolved') this.requireReopenPeriod(ticket, tenant, at);
      return next;
    }
    const wanted = input.status ?? (input.visibility === 'public' ? statusAfterReply(current, 'agent')! : current);
    if (wanted !== current && !canTransition(current, wanted, 'agent')) throw new PlazaError('conflict', `a ${current} ticket cannot become ${wanted}`);
    return wanted;
  }

  private requireReopenPeriod(ticket: TicketsTable, tenant: Tenant, at: number): void {
    if (ticket.status !== 'resolved' || ticket.resolved_at === null) return;
    const deadline = reopenDeadline(ticket.resolved_at, tenant.settings.reopenDays);
    if (at > deadline) throw new PlazaError('conflict', `the reopen period ended at ${iso(deadline)}: file a new ticket`);
  }

  /** Files the acting user may attach: ones they can read (their own uploads, at least), as the wire shows them. */
  private async readableAttachments(user: UsersTable, fileIds: readonly string[]): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const id of new Set(fileIds)) {
      const file = await readableFile(this.ctx, user.tenant_id, id, user);
      out.push({ id: file.id, name: file.name, size: file.size, type: file.type });
    }
    return out;
  }

  // ---- status ------------------------------------------------------------------------------

  /**
   * The columns a move to `to` sets, with the jobs it needs: resolving stamps the time and
   * schedules the auto-close at the end of the reopen period; closing stamps both times; a
   * reopen clears them and restarts the resolution target from now.
   */
  private async statusPatch(trx: Db, tenant: Tenant, ticket: TicketsTable, to: TicketStatus, at: number): Promise<Partial<TicketsTable>> {
    const patch: Partial<TicketsTable> = { status: to };
    if (to === 'resolved') {
      patch.resolved_at = at;
      patch.closed_at = null;
      await scheduleAutoclose(trx, tenant.id, { ticketId: ticket.id, resolvedAt: at }, reopenDeadline(at, tenant.settings.reopenDays), at);
    } else if (to === 'closed') {
      patch.closed_at = at;
      patch.resolved_at = ticket.resolved_at ?? at;
    } else if (isSettled(ticket.status)) {
      patch.resolved_at = null;
      patch.closed_at = null;
      patch.resolution_due = at + tenant.settings.sla.resolutionMinutes * MINUTE;
      patch.resolution_breached = 0;
      await scheduleSla(trx, tenant.id, { ticketId: ticket.id, target: 'resolution', due: patch.resolution_due }, at);
    }
    return patch;
  }

  // ---- the write path ----------------------------------------------------------------------

  /**
   * Runs one change of one ticket: takes its lock, checks the customer owns it, lets
   * `decide` refuse or describe the change, writes it with the webhook event in the same
   * transaction, and pushes it once committed. Answers the ticket as stored.
   */
  private async change(
    actor: TicketActor | { kind: 'system'; tenantId: string; user: null },
    ticketId: string,
    decide: (
      trx: Transaction<Database>,
      ticket: TicketsTable,
      at: number,
    ) => Promise<{ patch: Partial<TicketsTable>; changes: TicketChange[]; notifyCustomer: boolean; message?: TicketMessagesTable; assignedTo?: string | null }>,
  ): Promise<TicketsTable> {
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const at = this.now();
    let change: Change;
    try {
      change = await this.db.transaction().execute(async (trx) => {
        const ticket = await lockTicket(trx, actor.tenantId, ticketId);
        if (!ticket || (actor.kind === 'customer' && ticket.customer_id !== actor.user.id)) throw new PlazaError('not_found', `no ticket ${ticketId}`);
        const decided = await decide(trx, ticket, at);
        const after = await trx
          .updateTable('tickets')
          .set({ ...decided.patch, updated_at: at })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', ticketId)
          .returningAll()
          .executeTakeFirstOrThrow();
        const made: Change = {
          created: false,
          after,
          changes: decided.changes,
          message: decided.message ?? null,
          actor,
          notifyCustomer: decided.notifyCustomer,
          assignedTo: decided.assignedTo ?? null,
        };
        await this.publish(trx, tenant, made, at);
        return made;
      });
    } catch (error) {
      if (!(error instanceof Unchanged)) throw error;
      const current = await findTicket(this.db, actor.tenantId, ticketId);
      if (!current) throw new PlazaError('not_found', `no ticket ${ticketId}`);
      return current;
    }
    change.push?.();
    return change.after;
  }

  /**
   * Writes the change's webhook event with its transaction (`ticket.created` or
   * `ticket.updated`) and prepares its pushes from the same reads, so they go out in
   * commit order once the caller has committed (`Change.push`).
   */
  private async publish(trx: Db, tenant: Tenant, change: Change, at: number): Promise<void> {
    const people = await usersByKey(trx, tenant.id, [change.after.customer_id, change.after.assignee_id, change.message?.author_id ?? null, change.actor.user?.id ?? null]);
    const view = ticketView(change.after, people, tenant.settings.reopenDays, at);
    const actorUser = change.actor.user ? people.get(change.actor.user.id) : undefined;
    const actorId = actorUser && !isContact(actorUser) ? actorUser.host_id : null;
    const message = change.message ? messageView(change.message, people) : null;
    if (change.created) {
      await publishEvent(trx, { tenantId: tenant.id, type: 'ticket.created', data: view, at });
    } else {
      const data: TicketUpdatedEvent = { ticket: view, changes: change.changes, actor: { kind: change.actor.kind, id: actorId }, message, notifyCustomer: change.notifyCustomer };
      await publishEvent(trx, { tenantId: tenant.id, type: 'ticket.updated', data, at });
    }
    const agents = this.realtime ? (await agentsOf(trx, tenant.id)).map((a) => a.host_id) : [];
    change.push = () => this.emit(tenant, change, { view, message, actorId, agents, customer: people.get(change.after.customer_id) });
  }

  /**
   * Pushes a committed change: every agent gets the ticket (and the message); a new ticket,
   * or one assigned to an agent, is also a notice; the customer, when signed in, gets what
   * they may see — never an internal note, nor a change only agents see.
   */
  private emit(
    tenant: Tenant,
    change: Change,
    prepared: { view: Ticket; message: TicketMessage | null; actorId: string | null; agents: readonly string[]; customer: UsersTable | undefined },
  ): void {
    const realtime = this.realtime;
    if (!realtime) return;
    const { view, message, actorId, agents, customer } = prepared;
    for (const host of agents) {
      realtime.emitToUser(tenant.id, host, 'tickets:ticket', view);
      if (message) realtime.emitToUser(tenant.id, host, 'tickets:message', message);
      if (change.created) realtime.emitToUser(tenant.id, host, 'tickets:notice', { kind: 'ticket.created', ticket: view, actorId: null } satisfies TicketNotice);
    }
    if (change.assignedTo) {
      // on a new ticket the round-robin assigned it, not the customer who filed it
      const assignedBy = change.created ? null : actorId;
      realtime.emitToUser(tenant.id, change.assignedTo, 'tickets:notice', { kind: 'ticket.assigned', ticket: view, actorId: assignedBy } satisfies TicketNotice);
    }

    if (!customer || isContact(customer)) return;
    const isPublic = change.message?.visibility === 'public';
    const seen = change.created || isPublic || change.changes.some((c) => c !== 'priority' && c !== 'assignee' && c !== 'sla' && c !== 'message');
    if (!seen) return;
    realtime.emitToUser(tenant.id, customer.host_id, 'tickets:customer:ticket', customerTicketView(change.after, tenant.settings.reopenDays));
    if (isPublic && change.message) realtime.emitToUser(tenant.id, customer.host_id, 'tickets:customer:message', customerMessageView(change.message));
  }

  // ---- jobs --------------------------------------------------------------------------------

  /**
   * An SLA target's due time came: if it is still pending (not answered, not resolved,
   * and the due time is still the ticket's), flag the breach and emit
   * `ticket.sla_breached`, exactly once per target and due time.
   */
  async checkSla(job: Job, tools: JobTools): Promise<void> {
    if (!isSlaPayload(job.payload)) throw new Error('malformed ticket SLA payload');
    const { ticketId, target, due } = job.payload;
    const ticket = await findTicket(this.db, job.tenantId, ticketId);
    if (!ticket || !this.pending(ticket, target, due)) return;
    const tenant = await this.ctx.tenants.get(job.tenantId);
    const at = this.now();
    let change = undefined as Change | undefined;
    await tools.once(`ticket.sla:${ticketId}:${target}:${due}`, async (trx) => {
      const locked = await lockTicket(trx, job.tenantId, ticketId);
      if (!locked || !this.pending(locked, target, due)) return;
      const flag = target === 'first_response' ? { first_response_breached: 1 } : { resolution_breached: 1 };
      const after = await trx.updateTable('tickets').set(flag).where('tenant_id', '=', job.tenantId).where('id', '=', ticketId).returningAll().executeTakeFirstOrThrow();
      const [view] = await ticketViews(trx, job.tenantId, [after], tenant.settings.reopenDays, at);
      await publishEvent(trx, { tenantId: job.tenantId, type: 'ticket.sla_breached', data: { ticket: view, target, due: iso(due) }, at });
      const agents = this.realtime ? (await agentsOf(trx, job.tenantId)).map((a) => a.host_id) : [];
      change = { created: false, after, changes: ['sla'], message: null, actor: { kind: 'system', tenantId: job.tenantId, user: null }, notifyCustomer: false, assignedTo: null };
      const made = change;
      change.push = () => this.emit(tenant, made, { view: view, message: null, actorId: null, agents, customer: undefined });
    });
    change?.push?.();
  }

  private pending(ticket: TicketsTable, target: SlaTarget, due: number): boolean {
    if (isSettled(ticket.status)) return false;
    if (target === 'first_response') return ticket.first_response_due === due && ticket.first_responded_at === null && ticket.first_response_breached === 0;
    return ticket.resolution_due === due && ticket.resolution_breached === 0;
  }

  /** The reopen period of a resolution ended: the ticket closes, unless it was reopened (or resolved anew) since. */
  async autoclose(job: Job): Promise<void> {
    if (!isAutoclosePayload(job.payload)) throw new Error('malformed ticket auto-close payload');
    const { ticketId, resolvedAt } = job.payload;
    const ticket = await findTicket(this.db, job.tenantId, ticketId);
    if (!ticket || ticket.status !== 'resolved' || ticket.resolved_at !== resolvedAt) return;
    const tenant = await this.ctx.tenants.get(job.tenantId);
    await this.change({ kind: 'system', tenantId: job.tenantId, user: null }, ticketId, async (trx, locked, at) => {
      if (locked.status !== 'resolved' || locked.resolved_at !== resolvedAt) throw new Unchanged();
      return { patch: await this.statusPatch(trx, tenant, locked, 'closed', at), changes: ['status'], notifyCustomer: false };
    });
  }
}

/**
 * Public ticket routes serve one tenant's website: the request must carry an `Origin`
 * that tenant allows. (Elsewhere a request without `Origin` is a server and passes.)
 */
export function requirePublicOrigin(tenant: Tenant, origin: string | undefined): void {
  if (origin === undefined || !tenant.allowedOrigins.includes(origin)) {
    throw new PlazaError('forbidden', origin === undefined ? 'public ticket routes need an Origin header' : `origin ${origin} is not allowed for this tenant`);
  }
}
