import { z } from 'zod';
import type { Attachment } from '../chat/chat.js';
import type { FileInfo } from '../files/files.js';
import { hostId, plazaId, tenantId } from '../ids.js';
import {
  TICKET_FIELD_TYPES,
  TICKET_LIMITS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_VISIBILITIES,
  isEmailAddress,
  type TicketActorKind,
  type TicketFieldDefinition,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
  type TicketVisibility,
} from './rules.js';

// ---- wire types --------------------------------------------------------------------------

/** The customer's verdict on a resolved ticket. */
export interface TicketRating {
  /** 1 (poor) to 5 (excellent). */
  score: number;
  comment: string;
  ratedAt: string;
}

/**
 * Service-level targets of one ticket, fixed from the tenant's SLA settings when it was
 * filed (a reopen restarts the resolution target). `…Breached` is true once a target
 * passed unmet: a durable job marks it at the due time and emits `ticket.sla_breached`;
 * answers made after the due time already say so.
 */
export interface TicketSla {
  firstResponseDue: string;
  /** The first public reply by an agent; internal notes do not count. */
  firstRespondedAt: string | null;
  firstResponseBreached: boolean;
  resolutionDue: string;
  resolutionBreached: boolean;
}

/** Who wrote a message, as the customer sees it: never an agent's user id. */
export interface TicketAuthor {
  kind: TicketActorKind | 'system';
  name: string;
}

/** A ticket as its customer sees it: no priority, assignee, SLA or internal counts. */
export interface CustomerTicket {
  id: string;
  subject: string;
  /** Plain text as the customer wrote it; clients render it as text, never as HTML. */
  description: string;
  category: string;
  status: TicketStatus;
  /** Custom field values by key (see the tenant's `ticketFields`). */
  fields: Record<string, string>;
  /** Files filed with the ticket itself. */
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  /** While resolved: until when the customer may reopen it. */
  reopenUntil: string | null;
  rating: TicketRating | null;
  /** Public messages only. */
  messageCount: number;
}

/** The customer a ticket belongs to, as agents see them. */
export interface TicketCustomer {
  /** The host's user id of a signed-in customer; null for one who used the public form. */
  id: string | null;
  name: string;
  email: string | null;
}

/** A ticket as agents (and the tenant's backend) see it. */
export interface Ticket extends Omit<CustomerTicket, 'messageCount'> {
  priority: TicketPriority;
  /** Host user id of the agent working on it. */
  assignee: string | null;
  customer: TicketCustomer;
  source: TicketSource;
  sla: TicketSla;
  /** Public messages and internal notes. */
  messageCount: number;
  /** Counts changes; grows with every update. */
  version: number;
}

/** A message of the public conversation, as the customer sees it. */
export interface CustomerTicketMessage {
  id: string;
  ticketId: string;
  author: TicketAuthor;
  /** Plain text; clients render it safely, never as raw HTML. */
  text: string;
  attachments: Attachment[];
  clientId?: string;
  createdAt: string;
}

/** A message or internal note as agents see it. */
export interface TicketMessage extends CustomerTicketMessage {
  /** Host user id of the author; null for anonymous customers and the system. */
  authorId: string | null;
  visibility: TicketVisibility;
}

export interface CustomerTicketDetail {
  ticket: CustomerTicket;
  /** The public conversation, ascending by time. */
  messages: CustomerTicketMessage[];
}

export interface TicketDetail {
  ticket: Ticket;
  /** Public messages and internal notes, ascending by time. */
  messages: TicketMessage[];
}

/**
 * `GET /v1/public/tickets/:id`: the ticket and its public conversation, with a download
 * link (a path under the server's URL, valid a few minutes) for every file they show.
 */
export interface PublicTicketDetail extends CustomerTicketDetail {
  files: FileInfo[];
}

/** `POST /v1/public/tickets`: the new ticket's id and the token that follows it. */
export interface PublicTicketCreated {
  id: string;
  /** Shown once; Plaza keeps only its hash. Send it as `Authorization: Bearer …` to the public ticket routes. */
  accessToken: string;
}

/** What the public form shows for a tenant (`GET /v1/public/ticket-form`). */
export interface PublicTicketForm {
  tenant: string;
  categories: string[];
  fields: Record<string, TicketFieldDefinition[]>;
  /** Per file, as the server checks it; the type is checked by the server alone (it sniffs content). */
  upload: { maxBytes: number; maxFiles: number };
}

export interface TicketPage<T> {
  tickets: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** What changed in a `ticket.updated` event. */
export const TICKET_CHANGES = ['status', 'priority', 'assignee', 'category', 'message', 'attachments', 'rating', 'sla'] as const;
export type TicketChange = (typeof TICKET_CHANGES)[number];

/**
 * `ticket.updated` webhook data. `message` is the message the change added, if any (its
 * `visibility` says whether the customer sees it). `notifyCustomer` is true when the host
 * should tell the customer, e.g. by email: an agent's public reply or a status change.
 */
export interface TicketUpdatedEvent {
  ticket: Ticket;
  changes: TicketChange[];
  actor: { kind: TicketActorKind | 'system' | 'integration'; id: string | null };
  message: TicketMessage | null;
  notifyCustomer: boolean;
}

/** `ticket.sla_breached` webhook data. */
export interface TicketSlaBreachedEvent {
  ticket: Ticket;
  target: 'first_response' | 'resolution';
  due: string;
}

/** An agent of the tenant, as the inbox offers them for assignment (`tickets:agents`). */
export interface TicketAgent {
  /** Host user id. */
  id: string;
  name: string;
}

/** Pushed to agents: a ticket they should look at. */
export interface TicketNotice {
  kind: 'ticket.created' | 'ticket.assigned';
  ticket: Ticket;
  /** Who assigned it; null for new tickets. */
  actorId: string | null;
}

// ---- schemas -----------------------------------------------------------------------------

const ticketId = plazaId;
const fileIds = z.array(plazaId).max(TICKET_LIMITS.attachmentsMax).default([]);
const clientId = z
  .string()
  .min(1)
  .max(TICKET_LIMITS.clientIdMax)
  .regex(/^[\w-]+$/, 'may contain letters, digits, _ and - only');
const category = z.string().trim().min(1).max(TICKET_LIMITS.categoryMax);
const fieldKey = z
  .string()
  .max(TICKET_LIMITS.fieldKeyMax)
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a-z and hold only a-z, 0-9 and _');
/** Content rules (required, lengths per definition, options) are `checkTicketDraft`'s. */
const fieldValues = z
  .record(z.string().max(TICKET_LIMITS.fieldKeyMax), z.string().max(TICKET_LIMITS.fieldValueMax))
  .refine((v) => Object.keys(v).length <= TICKET_LIMITS.fieldsPerCategory, `at most ${TICKET_LIMITS.fieldsPerCategory} fields`);
const subject = z.string().trim().min(1, 'must not be empty').max(TICKET_LIMITS.subjectMax);
const description = z.string().trim().min(1, 'must not be empty').max(TICKET_LIMITS.descriptionMax);
const messageText = z.string().trim().max(TICKET_LIMITS.messageMax);
const score = z.number().int().min(TICKET_LIMITS.ratingMin).max(TICKET_LIMITS.ratingMax);
const limit = (fallback: number) => z.number().int().min(1).max(TICKET_LIMITS.pageMax).default(fallback);
const cursor = z.string().min(1).max(200);

export const ticketStatus = z.enum(TICKET_STATUSES);
export const ticketPriority = z.enum(TICKET_PRIORITIES);

const localizedText = z.union([
  z.string().trim().min(1).max(TICKET_LIMITS.fieldLabelMax),
  z.object({ en: z.string().trim().min(1).max(TICKET_LIMITS.fieldLabelMax), 'zh-CN': z.string().trim().min(1).max(TICKET_LIMITS.fieldLabelMax).optional() }).strict(),
]);

export const ticketFieldDefinition = z
  .object({
    key: fieldKey,
    label: localizedText,
    type: z.enum(TICKET_FIELD_TYPES),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(TICKET_LIMITS.fieldOptionMax)).min(1).max(TICKET_LIMITS.fieldOptionsMax).optional(),
    maxLength: z.number().int().min(1).max(TICKET_LIMITS.fieldValueMax).optional(),
  })
  .strict()
  .refine((d) => (d.type === 'select') === (d.options !== undefined), { message: 'select fields, and only they, list options', path: ['options'] }) satisfies z.ZodType<TicketFieldDefinition, unknown>;

/** Tenant setting `ticketFields`: custom fields per category. */
export const ticketFieldsSetting = z
  .record(category, z.array(ticketFieldDefinition).max(TICKET_LIMITS.fieldsPerCategory))
  .refine((v) => Object.values(v).every((defs) => new Set(defs.map((d) => d.key)).size === defs.length), 'field keys must be unique within a category');

/** A plausible email address (the one check `isEmailAddress` the form runs too). */
const email = z.string().trim().max(TICKET_LIMITS.emailMax).refine(isEmailAddress, 'must be an email address');

/**
 * `POST /v1/public/tickets` (CONTRACT.md). `website` is the honeypot: a field the form hides
 * from people, so only bots fill it. `captchaToken` is passed to the server's CAPTCHA verifier.
 */
export const publicCreateTicketBody = z
  .object({
    tenant: tenantId,
    name: z.string().trim().min(1, 'must not be empty').max(TICKET_LIMITS.nameMax),
    email,
    subject,
    description,
    category: category.optional(),
    fields: fieldValues.optional(),
    website: z.string().max(TICKET_LIMITS.fieldValueMax).optional(),
    captchaToken: z.string().max(TICKET_LIMITS.captchaTokenMax).optional(),
  })
  .strict();
export type PublicCreateTicketBody = z.input<typeof publicCreateTicketBody>;

export const publicTicketParams = z.object({ id: ticketId });
export const publicTicketFormQuery = z.object({ tenant: tenantId }).strict();

/** A reply on a ticket: text, files (uploaded to the ticket first), or both. */
const replyFields = {
  text: messageText.default(''),
  attachments: fileIds,
  /** Idempotency key: a retried reply answers the stored message. */
  clientId: clientId.optional(),
};
const someContent = (v: { text: string; attachments: string[] }) => v.text !== '' || v.attachments.length > 0;
const someContentMessage = { message: 'write text or attach a file', path: ['text'] };

export const publicReplyBody = z.object(replyFields).strict().refine(someContent, someContentMessage);
export type PublicReplyBody = z.input<typeof publicReplyBody>;

export const ratingBody = z.object({ score, comment: z.string().trim().max(TICKET_LIMITS.ratingCommentMax).default('') }).strict();
export type RatingBody = z.input<typeof ratingBody>;

/** A status change a customer may make: reopen (within the reopen period) or close. */
export const customerStatusBody = z.object({ status: z.enum(['open', 'closed']) }).strict();
export type CustomerStatusBody = z.infer<typeof customerStatusBody>;

// socket: customers (kind `customer`)

export const ticketRef = z.object({ ticketId }).strict();
export const myTicketsPayload = z.object({ status: z.array(ticketStatus).min(1).max(TICKET_STATUSES.length).optional(), cursor: cursor.optional(), limit: limit(50) }).strict();
export const createTicketPayload = z
  .object({
    subject,
    description,
    category: category.optional(),
    fields: fieldValues.optional(),
    attachments: fileIds,
    clientId: clientId.optional(),
  })
  .strict();
export const customerReplyPayload = z
  .object({ ticketId, ...replyFields })
  .strict()
  .refine(someContent, someContentMessage);
export const customerStatusPayload = z.object({ ticketId, status: z.enum(['open', 'closed']) }).strict();
export const ratePayload = z.object({ ticketId, score, comment: z.string().trim().max(TICKET_LIMITS.ratingCommentMax).default('') }).strict();

// socket: agents (members with the `agent` role)

/** `assignee`: a host user id, `me`, or `none` for unassigned tickets. */
export const queryTicketsPayload = z
  .object({
    status: z.array(ticketStatus).min(1).max(TICKET_STATUSES.length).optional(),
    category: category.optional(),
    assignee: hostId.optional(),
    breached: z.boolean().optional(),
    cursor: cursor.optional(),
    limit: limit(50),
  })
  .strict();

export const ticketChanges = z
  .object({
    status: ticketStatus.optional(),
    priority: ticketPriority.optional(),
    assignee: hostId.nullable().optional(),
    category: category.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'name at least one field to change');
export const updateTicketPayload = z.object({ ticketId, changes: ticketChanges }).strict();

export const agentMessagePayload = z
  .object({
    ticketId,
    ...replyFields,
    visibility: z.enum(TICKET_VISIBILITIES).default('public'),
    /** With a public reply: the status to leave the ticket in (e.g. `pending_customer`). */
    status: ticketStatus.optional(),
  })
  .strict()
  .refine(someContent, someContentMessage);

export type TicketRef = z.infer<typeof ticketRef>;
export type MyTicketsPayload = z.input<typeof myTicketsPayload>;
export type CreateTicketPayload = z.input<typeof createTicketPayload>;
export type CustomerReplyPayload = z.input<typeof customerReplyPayload>;
export type CustomerStatusPayload = z.infer<typeof customerStatusPayload>;
export type RatePayload = z.input<typeof ratePayload>;
export type QueryTicketsPayload = z.input<typeof queryTicketsPayload>;
export type TicketChanges = z.input<typeof ticketChanges>;
export type UpdateTicketPayload = z.input<typeof updateTicketPayload>;
export type AgentMessagePayload = z.input<typeof agentMessagePayload>;

// REST (server token): CRM sync

const statusList = z
  .string()
  .max(200)
  .transform((v) => v.split(',').filter((s) => s !== ''))
  .pipe(z.array(ticketStatus).min(1));

/** `GET /v1/tickets`: ascending by last change, so a CRM syncs with `updatedAfter` and `cursor`. */
export const restListTicketsQuery = z
  .object({
    status: statusList.optional(),
    category: category.optional(),
    assignee: hostId.optional(),
    updatedAfter: z.iso.datetime({ offset: true }).optional(),
    cursor: cursor.optional(),
    limit: z.coerce.number().int().min(1).max(TICKET_LIMITS.pageMax).default(100),
  })
  .strict();
export type RestListTicketsQuery = z.input<typeof restListTicketsQuery>;

/** `PATCH /v1/tickets/:id`: the changes an agent could make, by the tenant's backend. */
export const restPatchTicketBody = ticketChanges;
export type RestPatchTicketBody = z.input<typeof restPatchTicketBody>;

export const ticketIdParams = z.object({ id: ticketId });
