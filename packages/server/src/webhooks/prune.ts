import type { PlazaContext } from '../context.js';

/** The periodic job kind that runs `pruneDeliveries`. */
export const PRUNE_DELIVERIES_JOB = 'webhooks.prune-deliveries';

/** The delivery log keeps each attempt this long, then forgets it. */
export const DELIVERY_LOG_DAYS = 30;

/** Rows per delete statement: on SQLite each one holds the only connection while it runs. */
const BATCH = 1000;

/**
 * Deletes delivery log rows older than DELIVERY_LOG_DAYS, in batches so no single
 * statement holds the database for long. Resolves with how many went.
 *
 * @example
 * await pruneDeliveries(ctx, { signal });
 */
export async function pruneDeliveries(ctx: PlazaContext, options: { signal?: AbortSignal } = {}): Promise<number> {
  const { db } = ctx.storage;
  const cutoff = ctx.clock.now() - DELIVERY_LOG_DAYS * 24 * 60 * 60_000;
  let removed = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const old = await db.selectFrom('webhook_deliveries').select(['tenant_id', 'id']).where('created_at', '<', cutoff).limit(BATCH).execute();
    if (old.length === 0) break;
    const result = await db
      .deleteFrom('webhook_deliveries')
      .where((eb) => eb(eb.refTuple('tenant_id', 'id'), 'in', old.map((row) => eb.tuple(row.tenant_id, row.id))))
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
    if (old.length < BATCH) break;
  }
  return removed;
}
