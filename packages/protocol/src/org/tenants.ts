import { z } from 'zod';
import { tenantId } from '../ids.js';
import { ticketFieldsSetting } from '../tickets/tickets.js';

const MB = 1024 * 1024;

/** File types the default upload allow-list accepts (checked against sniffed content). */
export const DEFAULT_UPLOAD_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

/** An origin as browsers send it: scheme, host and optional port, no path. */
export const origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin such as https://portal.example.com');

const recallWindowSeconds = z.number().int().min(0).max(86_400);
const uploadMaxBytes = z.number().int().min(1).max(10 * 1024 * MB);
const uploadTypes = z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type')).max(200);
const ticketCategories = z.array(z.string().trim().min(1).max(64)).min(1).max(100);
const firstResponseMinutes = z.number().int().min(1).max(100_000);
const resolutionMinutes = z.number().int().min(1).max(1_000_000);
const reopenDays = z.number().int().min(0).max(3650);
const docDomains = z.array(z.string().trim().min(1).max(64)).min(1).max(50);
/**
 * How new tickets find an agent: `manual` leaves them unassigned for agents to pick up;
 * `round_robin` assigns each new ticket, per category, to the next active agent in turn.
 */
export const TICKET_ASSIGNMENT_MODES = ['manual', 'round_robin'] as const;
export type TicketAssignmentMode = (typeof TICKET_ASSIGNMENT_MODES)[number];
const ticketAssignmentMode = z.enum(TICKET_ASSIGNMENT_MODES);

/**
 * Per-tenant settings. Every field has a documented default, so a PATCH may send only
 * what it changes.
 */
export const tenantSettings = z.object({
  /** Seconds after sending during which an author may recall a message. */
  recallWindowSeconds: recallWindowSeconds.default(120),
  upload: z
    .object({
      maxBytes: uploadMaxBytes.default(100 * MB),
      types: uploadTypes.default([...DEFAULT_UPLOAD_TYPES]),
    })
    .prefault({}),
  ticketCategories: ticketCategories.default(['general', 'billing', 'technical']),
  /** Custom fields the ticket form asks for, per category (none by default). */
  ticketFields: ticketFieldsSetting.default({}),
  sla: z
    .object({
      firstResponseMinutes: firstResponseMinutes.default(120),
      resolutionMinutes: resolutionMinutes.default(24 * 60),
    })
    .prefault({}),
  /** Days after resolution during which a customer may reopen a ticket. */
  reopenDays: reopenDays.default(7),
  /** Assignment of new tickets (default `manual`: nobody is assigned until an agent is). */
  ticketAssignment: z.object({ mode: ticketAssignmentMode.default('manual') }).prefault({}),
  docDomains: docDomains.default(['operating', 'operations', 'management', 'support']),
});
export type TenantSettings = z.infer<typeof tenantSettings>;

/** A public key the tenant registered for RS256/ES256/EdDSA tokens: PEM text or a JWKS URL. */
export const tenantPublicKey = z.union([
  z.object({ pem: z.string().min(50).max(20_000).startsWith('-----BEGIN PUBLIC KEY-----') }),
  z.object({ jwksUrl: z.url({ protocol: /^https$/ }).max(2048) }),
]);
export type TenantPublicKey = z.infer<typeof tenantPublicKey>;

/**
 * The settings a PATCH changes. No defaults here: `tenantSettings.partial()` would still
 * fill in every default (zod 4 applies defaults under optional), so a PATCH of one field
 * would reset all the others. Unknown keys are refused rather than silently dropped.
 */
export const tenantSettingsPatch = z
  .object({
    recallWindowSeconds,
    upload: z.object({ maxBytes: uploadMaxBytes, types: uploadTypes }).partial().strict(),
    ticketCategories,
    ticketFields: ticketFieldsSetting,
    sla: z.object({ firstResponseMinutes, resolutionMinutes }).partial().strict(),
    reopenDays,
    ticketAssignment: z.object({ mode: ticketAssignmentMode }).partial().strict(),
    docDomains,
  })
  .partial()
  .strict();
export type TenantSettingsPatch = z.infer<typeof tenantSettingsPatch>;

export const createTenantBody = z.object({
  id: tenantId,
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(origin).max(100).default([]),
});
export type CreateTenantBody = z.infer<typeof createTenantBody>;

export const patchTenantBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: z.array(origin).max(100),
    publicKeys: z.array(tenantPublicKey).max(10),
    settings: tenantSettingsPatch,
  })
  .partial()
  .strict();
export type PatchTenantBody = z.infer<typeof patchTenantBody>;

export const tenantView = z.object({
  id: tenantId,
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  publicKeys: z.array(tenantPublicKey),
  settings: tenantSettings,
  createdAt: z.string(),
});
export type TenantView = z.infer<typeof tenantView>;

export const tenantCreated = z.object({ id: tenantId, name: z.string(), secret: z.string() });
export type TenantCreated = z.infer<typeof tenantCreated>;

export const secretRotated = z.object({ id: tenantId, secret: z.string(), previousValidUntil: z.string() });
export type SecretRotated = z.infer<typeof secretRotated>;

export const tenantIdParams = z.object({ id: tenantId });
