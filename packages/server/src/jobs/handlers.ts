import type { PlazaContext } from '../context.js';
import { webhookDeliveryHandler } from '../webhooks/delivery.js';
import { WEBHOOK_DELIVERY_JOB } from '../webhooks/events.js';
import { WebhookTargetPolicy } from '../webhooks/targets.js';
import type { JobHandlers } from './worker.js';

export type { JobHandlers } from './worker.js';

/**
 * Every job kind and what runs it. A capability that defers work adds its kind here and
 * enqueues with `enqueue(trx, { kind, … })` in the transaction of the change.
 */
export function jobHandlers(ctx: PlazaContext): JobHandlers {
  return {
    [WEBHOOK_DELIVERY_JOB]: webhookDeliveryHandler(ctx, new WebhookTargetPolicy(ctx.config.webhookPrivateAllow)),
  };
}
