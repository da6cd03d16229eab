import {
  TICKET_FIELD_TYPES,
  TICKET_PRIORITIES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  TICKET_VISIBILITIES,
  fileInfo,
  type CustomerTicket,
  type CustomerTicketMessage,
  type PublicTicketCreated,
  type PublicTicketDetail,
  type PublicTicketForm,
  type Ticket,
  type TicketDetail,
  type TicketMessage,
  type TicketPage,
} from '@plaza/protocol';
import { z } from 'zod';

/** The wire shapes of protocol's ticket types, for responses and the OpenAPI description. */

const isoTime = z.string().describe('ISO 8601 UTC');
const attachment = z.object({ id: z.string(), name: z.string().describe('user input: render as text'), size: z.number().int(), type: z.string() });
const rating = z.object({ score: z.number().int(), comment: z.string(), ratedAt: isoTime });

const customerTicketFields = {
  id: z.string(),
  subject: z.string(),
  description: z.string().describe('plain text as the customer wrote it: render as text, never as HTML'),
  category: z.string(),
  status: z.enum(TICKET_STATUSES),
  fields: z.record(z.string(), z.string()),
  attachments: z.array(attachment),
  createdAt: isoTime,
  updatedAt: isoTime,
  resolvedAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  reopenUntil: isoTime.nullable().describe('while resolved: until when the customer may reopen it'),
  rating: rating.nullable(),
};

export const customerTicketView = z.object({ ...customerTicketFields, messageCount: z.number().int().describe('public messages') }) satisfies z.ZodType<CustomerTicket>;

export const ticketView = z.object({
  ...customerTicketFields,
  priority: z.enum(TICKET_PRIORITIES),
  assignee: z.string().nullable().describe('host user id of the agent'),
  customer: z.object({ id: z.string().nullable().describe('host user id; null for public-form customers'), name: z.string(), email: z.string().nullable() }),
  source: z.enum(TICKET_SOURCES),
  sla: z.object({
    firstResponseDue: isoTime,
    firstRespondedAt: isoTime.nullable(),
    firstResponseBreached: z.boolean(),
    resolutionDue: isoTime,
    resolutionBreached: z.boolean(),
  }),
  messageCount: z.number().int().describe('public messages and internal notes'),
  version: z.number().int(),
}) satisfies z.ZodType<Ticket>;

const customerMessageFields = {
  id: z.string(),
  ticketId: z.string(),
  author: z.object({ kind: z.enum(['customer', 'agent', 'system']), name: z.string() }),
  text: z.string(),
  attachments: z.array(attachment),
  clientId: z.string().optional(),
  createdAt: isoTime,
};

export const customerMessageView = z.object(customerMessageFields) satisfies z.ZodType<CustomerTicketMessage>;
export const messageView = z.object({ ...customerMessageFields, authorId: z.string().nullable(), visibility: z.enum(TICKET_VISIBILITIES) }) satisfies z.ZodType<TicketMessage>;

export const ticketDetailView = z.object({ ticket: ticketView, messages: z.array(messageView) }) satisfies z.ZodType<TicketDetail>;
export const publicDetailView = z.object({ ticket: customerTicketView, messages: z.array(customerMessageView), files: z.array(fileInfo) }) satisfies z.ZodType<PublicTicketDetail>;
export const ticketPageView = z.object({ tickets: z.array(ticketView), nextCursor: z.string().nullable() }) satisfies z.ZodType<TicketPage<Ticket>>;

export const ticketCreatedView = z.object({
  id: z.string(),
  accessToken: z.string().describe('shown once; send as `Authorization: Bearer …` to the public ticket routes'),
}) satisfies z.ZodType<PublicTicketCreated>;

const fieldDefinition = z.object({
  key: z.string(),
  label: z.union([z.string(), z.object({ en: z.string(), 'zh-CN': z.string().optional() })]),
  type: z.enum(TICKET_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  maxLength: z.number().int().optional(),
});

export const publicFormView = z.object({
  tenant: z.string(),
  categories: z.array(z.string()),
  fields: z.record(z.string(), z.array(fieldDefinition)),
  upload: z.object({ maxBytes: z.number().int(), maxFiles: z.number().int() }),
}) satisfies z.ZodType<PublicTicketForm>;
