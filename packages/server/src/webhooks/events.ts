import type { WebhookEnvelope, WebhookEventType } from '@plaza/protocol';
import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { iso } from '../clock.js';
import { enqueue } from '../jobs/queue.js';
import type { Database } from '../tables.js';
import { subscribedWebhooks } from './service.js';

/** The job kind that POSTs one event to one webhook. */
export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';

/**
 * Attempts per delivery: the backoff doubles from 10 s to a 1 h cap, so a receiver that
 * stays down is retried for roughly 5–9 hours before the delivery is given up (`dead`).
 */
export const WEBHOOK_MAX_ATTEMPTS = 18;

/** What a delivery job carries: the body is fixed at publish time, so every retry sends the same bytes. */
export interface WebhookDeliveryPayload {
  webhookId: string;
  eventId: string;
  type: WebhookEventType;
  body: string;
}

export interface PublishedEvent<T = unknown> {
  tenantId: string;
  type: WebhookEventType;
  data: T;
  /** When the change happened: `ctx.clock.now()`. */
  at: number;
}

/**
 * Publishes an event to the tenant's webhooks: one outbox job per active webhook
 * subscribed to `type`, written with the caller's transaction, so the event goes out
 * if and only if the change commits. Returns the event id, which every delivery and
 * every retry carries (`id` in the body, `X-Plaza-Delivery`), so receivers can dedupe.
 *
 * @example
 * await ctx.storage.db.transaction().execute(async (trx) => {
 *   const task = await insertTask(trx, input);
 *   await publishEvent(trx, { tenantId, type: 'task.created', data: task, at: now });
 * });
 */
export async function publishEvent<T>(trx: Kysely<Database>, event: PublishedEvent<T>): Promise<string> {
  const id = uuidv7();
  const webhookIds = await subscribedWebhooks(trx, event.tenantId, event.type);
  // most tenants have no webhook for most events: the body is only built for a receiver
  if (webhookIds.length === 0) return id;
  const envelope: WebhookEnvelope<T> = { id, type: event.type, tenant: event.tenantId, createdAt: iso(event.at), data: event.data };
  const body = JSON.stringify(envelope);
  for (const webhookId of webhookIds) {
    const payload: WebhookDeliveryPayload = { webhookId, eventId: id, type: event.type, body };
    await enqueue(trx, { tenantId: event.tenantId, kind: WEBHOOK_DELIVERY_JOB, payload, at: event.at, maxAttempts: WEBHOOK_MAX_ATTEMPTS });
  }
  return id;
}
