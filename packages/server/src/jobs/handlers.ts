import type { PlazaContext } from '../context.js';
import { pruneOrphanFiles, PRUNE_ORPHAN_FILES_JOB } from '../files/prune.js';
import { webhookDeliveryHandler } from '../webhooks/delivery.js';
import { WEBHOOK_DELIVERY_JOB } from '../webhooks/events.js';
import { pruneDeliveries, PRUNE_DELIVERIES_JOB } from '../webhooks/prune.js';
import { WebhookTargetPolicy } from '../webhooks/targets.js';
import { periodicHandlers, schedulePeriodic, type PeriodicJob } from './periodic.js';
import type { JobHandlers } from './worker.js';

export type { JobHandlers } from './worker.js';

const HOUR_MS = 60 * 60_000;

/**
 * Housekeeping that runs on its own schedule, each as one durable outbox row (see
 * `periodic.ts`), so whichever node claims it runs it, once per period in the cluster.
 */
export function periodicJobs(ctx: PlazaContext): PeriodicJob[] {
  return [
    {
      kind: PRUNE_ORPHAN_FILES_JOB,
      everyMs: HOUR_MS,
      run: async ({ signal }) => logRemoved(ctx, PRUNE_ORPHAN_FILES_JOB, await pruneOrphanFiles(ctx, { signal })),
    },
    {
      kind: PRUNE_DELIVERIES_JOB,
      everyMs: 24 * HOUR_MS,
      run: async ({ signal }) => logRemoved(ctx, PRUNE_DELIVERIES_JOB, await pruneDeliveries(ctx, { signal })),
    },
  ];
}

function logRemoved(ctx: PlazaContext, kind: string, removed: number): void {
  if (removed > 0) ctx.log.info({ kind, removed }, 'housekeeping removed old rows');
}

/**
 * Every job kind and what runs it. A capability that defers work adds its kind here and
 * enqueues with `enqueue(trx, { kind, … })` in the transaction of the change.
 */
export function jobHandlers(ctx: PlazaContext): JobHandlers {
  return {
    [WEBHOOK_DELIVERY_JOB]: webhookDeliveryHandler(ctx, new WebhookTargetPolicy(ctx.config.webhookPrivateAllow)),
    ...periodicHandlers(periodicJobs(ctx), ctx.clock),
  };
}

/** Gives each periodic job its row, once in the cluster however many nodes start (call at every start). */
export function schedulePeriodicJobs(ctx: PlazaContext): Promise<void> {
  return schedulePeriodic(ctx.storage.db, periodicJobs(ctx), ctx.clock.now());
}
