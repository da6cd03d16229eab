/**
 * Ticket rules every side applies the same way: statuses and who may move a ticket between
 * them, size limits, and the checks of a new ticket. This module has no dependencies (no
 * zod), so the public ticket form imports it into its small browser bundle, and the server
 * runs the very same `checkTicketDraft` behind its zod schemas: the form can never accept
 * what the server refuses, nor refuse what it accepts.
 */

/**
 * A ticket's workflow state. `new`: nobody answered yet; `open`: being worked on;
 * `pending_customer`: waiting for the customer; `resolved`: answered, the customer may
 * still reopen it for the tenant's reopen period; `closed`: done for good (agents can reopen).
 */
export const TICKET_STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** `public` messages are the conversation with the customer; `internal` notes only agents see. */
export const TICKET_VISIBILITIES = ['public', 'internal'] as const;
export type TicketVisibility = (typeof TICKET_VISIBILITIES)[number];

/** Where a ticket came from. */
export const TICKET_SOURCES = ['public_form', 'portal', 'api'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

/** The kinds of custom field a tenant can define per category. */
export const TICKET_FIELD_TYPES = ['text', 'textarea', 'select'] as const;
export type TicketFieldType = (typeof TICKET_FIELD_TYPES)[number];

/** The tenant setting `ticketCategories` when none is set (CONTRACT.md). */
export const DEFAULT_TICKET_CATEGORIES = ['general', 'billing', 'technical'] as const;

/** Limits every side checks the same way; lengths count UTF-16 code units (`string.length`) after trimming. */
export const TICKET_LIMITS = {
  nameMax: 200,
  emailMax: 254,
  subjectMax: 200,
  descriptionMax: 20_000,
  messageMax: 10_000,
  categoryMax: 64,
  fieldsPerCategory: 20,
  fieldKeyMax: 64,
  fieldLabelMax: 100,
  fieldValueMax: 2_000,
  fieldOptionsMax: 50,
  fieldOptionMax: 100,
  /** Files attached to a ticket itself, and to one message. */
  attachmentsMax: 10,
  ratingMin: 1,
  ratingMax: 5,
  ratingCommentMax: 2_000,
  captchaTokenMax: 4_096,
  clientIdMax: 64,
  pageMax: 100,
} as const;

/** Who acts on a ticket: the tenant's agents (and its backend), or the ticket's customer. */
export type TicketActorKind = 'agent' | 'customer';

/**
 * Every status change a person may make, by who makes it. Replies move tickets too (see
 * `statusAfterReply`); a customer's move from `resolved` back to `open` is also bound to
 * the tenant's reopen period (`reopenDeadline`).
 */
export const TICKET_TRANSITIONS: { readonly [S in TicketStatus]: { readonly [A in TicketActorKind]: readonly TicketStatus[] } } = {
  new: { agent: ['open', 'pending_customer', 'resolved', 'closed'], customer: ['closed'] },
  open: { agent: ['pending_customer', 'resolved', 'closed'], customer: ['closed'] },
  pending_customer: { agent: ['open', 'resolved', 'closed'], customer: ['closed'] },
  resolved: { agent: ['open', 'closed'], customer: ['open', 'closed'] },
  closed: { agent: ['open'], customer: [] },
};

/**
 * Whether `by` may move a ticket from `from` to `to`.
 *
 * @example
 * canTransition('resolved', 'open', 'customer'); // true: a reopen (within the reopen period)
 * canTransition('closed', 'open', 'customer');   // false: closed is final for customers
 */
export function canTransition(from: TicketStatus, to: TicketStatus, by: TicketActorKind): boolean {
  return TICKET_TRANSITIONS[from][by].includes(to);
}

/**
 * The status a public reply leaves the ticket in, or null when the reply is refused. An
 * agent's first answer opens a new ticket; a customer's answer puts a ticket waiting for
 * them (or a resolved one, within the reopen period) back to `open`. Nobody but an agent
 * writes on a closed ticket (the customer files a new one). Internal notes change nothing.
 */
export function statusAfterReply(status: TicketStatus, by: TicketActorKind): TicketStatus | null {
  if (by === 'agent') return status === 'new' ? 'open' : status;
  if (status === 'closed') return null;
  return status === 'pending_customer' || status === 'resolved' ? 'open' : status;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Until when (epoch ms) the customer may reopen a ticket resolved at `resolvedAt`. */
export function reopenDeadline(resolvedAt: number, reopenDays: number): number {
  return resolvedAt + reopenDays * DAY_MS;
}

/** A label a tenant writes once, or per language. */
export type LocalizedText = string | { en: string; 'zh-CN'?: string };

/** A custom field the tenant asks for in one category (tenant setting `ticketFields`). */
export interface TicketFieldDefinition {
  /** The key the value is stored under: a-z, 0-9 and _, starting with a letter. */
  key: string;
  label: LocalizedText;
  type: TicketFieldType;
  required: boolean;
  /** For `select`: the values to choose from. */
  options?: string[];
  /** At most `TICKET_LIMITS.fieldValueMax`, which is the default. */
  maxLength?: number;
}

/** What the form needs to know of a tenant to check a draft: its categories and their fields. */
export interface TicketFormConfig {
  categories: readonly string[];
  fields: Readonly<Record<string, readonly TicketFieldDefinition[]>>;
}

/** A new ticket as a customer writes it; name and email only on the public form. */
export interface TicketDraft {
  name?: string | undefined;
  email?: string | undefined;
  subject: string;
  description: string;
  category?: string | undefined;
  fields?: Readonly<Record<string, string>> | undefined;
}

export const TICKET_DRAFT_ISSUES = ['required', 'too_long', 'invalid_email', 'unknown_category', 'unknown_field', 'invalid_option'] as const;
export type TicketDraftIssueCode = (typeof TICKET_DRAFT_ISSUES)[number];

/** One thing wrong with a draft: the field (`subject`, `fields.order_no`…), what, and the limit for `too_long`. */
export interface TicketDraftIssue {
  field: string;
  issue: TicketDraftIssueCode;
  max?: number;
}

/**
 * A plausible email address: one `@`, a dot in the domain, no spaces, quotes, brackets or
 * commas, at most 64 characters before the `@`. Deliberately simple (the address is only
 * used to reach the customer), but one definition for the form and the server.
 */
export function isEmailAddress(value: string): boolean {
  if (value.length > TICKET_LIMITS.emailMax) return false;
  const match = /^([^\s@<>()[\]\\,;:"]+)@([^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,})$/u.exec(value);
  return match !== null && match[1].length <= 64 && !match[2].includes('..');
}

/** The category a draft files under: the one it names, else the tenant's first. */
export function draftCategory(draft: Pick<TicketDraft, 'category'>, config: Pick<TicketFormConfig, 'categories'>): string {
  const named = draft.category?.trim();
  return named ? named : (config.categories[0] ?? DEFAULT_TICKET_CATEGORIES[0]);
}

function checkText(issues: TicketDraftIssue[], field: string, value: string | undefined, max: number, required: boolean): void {
  const text = (value ?? '').trim();
  if (required && text === '') issues.push({ field, issue: 'required' });
  else if (text.length > max) issues.push({ field, issue: 'too_long', max });
}

function checkFields(issues: TicketDraftIssue[], values: Readonly<Record<string, string>>, definitions: readonly TicketFieldDefinition[]): void {
  const known = new Map(definitions.map((d) => [d.key, d]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) issues.push({ field: `fields.${key}`, issue: 'unknown_field' });
  }
  for (const definition of definitions) {
    const field = `fields.${definition.key}`;
    const value = (values[definition.key] ?? '').trim();
    if (value === '') {
      if (definition.required) issues.push({ field, issue: 'required' });
      continue;
    }
    const max = Math.min(definition.maxLength ?? TICKET_LIMITS.fieldValueMax, TICKET_LIMITS.fieldValueMax);
    if (value.length > max) issues.push({ field, issue: 'too_long', max });
    else if (definition.type === 'select' && !(definition.options ?? []).includes(value)) issues.push({ field, issue: 'invalid_option' });
  }
}

/**
 * Everything wrong with a new ticket, in form order (name, email, subject, category,
 * custom fields, description); empty when it may be filed. `contact`: name and email are
 * asked for (the public form) rather than taken from a signed-in customer's profile.
 *
 * @example
 * checkTicketDraft({ name: 'Li Lei', email: 'li@example', subject: '', description: 'Help' }, config, { contact: true });
 * // [{ field: 'email', issue: 'invalid_email' }, { field: 'subject', issue: 'required' }]
 */
export function checkTicketDraft(draft: TicketDraft, config: TicketFormConfig, options: { contact: boolean }): TicketDraftIssue[] {
  const issues: TicketDraftIssue[] = [];
  if (options.contact) {
    checkText(issues, 'name', draft.name, TICKET_LIMITS.nameMax, true);
    const email = (draft.email ?? '').trim();
    if (email === '') issues.push({ field: 'email', issue: 'required' });
    else if (!isEmailAddress(email)) issues.push({ field: 'email', issue: 'invalid_email' });
  }
  checkText(issues, 'subject', draft.subject, TICKET_LIMITS.subjectMax, true);
  const category = draftCategory(draft, config);
  if (!config.categories.includes(category)) issues.push({ field: 'category', issue: 'unknown_category' });
  else checkFields(issues, draft.fields ?? {}, config.fields[category] ?? []);
  checkText(issues, 'description', draft.description, TICKET_LIMITS.descriptionMax, true);
  return issues;
}

/**
 * The custom field values a ticket stores: trimmed, empty optional ones left out, in the
 * order the category defines them. Call after `checkTicketDraft` found nothing.
 */
export function normalizeFields(values: Readonly<Record<string, string>> | undefined, definitions: readonly TicketFieldDefinition[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const definition of definitions) {
    const value = (values?.[definition.key] ?? '').trim();
    if (value !== '') out[definition.key] = value;
  }
  return out;
}
