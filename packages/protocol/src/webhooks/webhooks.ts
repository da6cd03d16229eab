import { z } from 'zod';
import { plazaId } from '../ids.js';

export const WEBHOOK_EVENTS = [
  'message.created',
  'task.created',
  'task.updated',
  'task.reminder',
  'ticket.created',
  'ticket.updated',
  'ticket.sla_breached',
  'doc.version_created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const createWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  secret: z.string().min(16, 'secret must be at least 16 characters').max(256),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const webhookView = z.object({
  id: plazaId,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  createdAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookView>;

/** What each delivery POSTs; `id` is the same on every retry of one event. */
export interface WebhookEnvelope<T = unknown> {
  id: string;
  type: WebhookEventType;
  tenant: string;
  createdAt: string;
  data: T;
}

export const webhookDelivery = z.object({
  id: plazaId,
  eventId: z.string(),
  type: z.string(),
  attempt: z.number().int(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookIdParams = z.object({ id: plazaId });
