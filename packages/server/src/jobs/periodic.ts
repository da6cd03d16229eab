import type { Clock } from '../clock.js';
import type { Db } from '../storage/database.js';
import { JOB_STATES } from './queue.js';
import type { JobHandler, JobHandlers, JobTools } from './worker.js';

/**
 * The tenant of jobs that belong to no tenant. Tenant ids are `[a-z0-9-]`, so no tenant
 * can ever have this one.
 */
export const SYSTEM_TENANT = '_system';

/**
 * Attempts a periodic job gets before it is `dead`: with the backoff capped at an hour,
 * weeks of failures. Each successful run starts the count afresh, and a start revives a
 * dead one anyway.
 */
const PERIODIC_MAX_ATTEMPTS = 1000;

/** Work that runs every `everyMs`, as one durable outbox row. */
export interface PeriodicJob {
  /** The job kind, and the id of its one row: at most 36 characters. */
  kind: string;
  everyMs: number;
  /** One run; throwing retries it with the usual backoff. */
  run(tools: JobTools): Promise<void>;
}

/**
 * The handlers of periodic jobs: each runs its work, then asks to run again `everyMs`
 * after it finished, so its one row is reused forever and never piles up.
 */
export function periodicHandlers(jobs: readonly PeriodicJob[], clock: Clock): JobHandlers {
  return Object.fromEntries(
    jobs.map((job): [string, JobHandler] => [
      job.kind,
      async (_job, tools) => {
        await job.run(tools);
        return { runAgainAt: clock.now() + job.everyMs };
      },
    ]),
  );
}

/**
 * Makes sure each periodic job has its one pending row. The row's id is the job's kind,
 * so every node may call this at every start and the primary key keeps it one row; an
 * existing row keeps its schedule, and a row that died of failures is revived to run now.
 *
 * @example
 * await schedulePeriodic(ctx.storage.db, periodicJobs(ctx), ctx.clock.now());
 */
export async function schedulePeriodic(db: Db, jobs: readonly PeriodicJob[], now: number): Promise<void> {
  if (jobs.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      jobs.map((job) => ({
        tenant_id: SYSTEM_TENANT,
        id: job.kind,
        kind: job.kind,
        payload: 'null',
        run_at: now + job.everyMs,
        attempts: 0,
        max_attempts: PERIODIC_MAX_ATTEMPTS,
        locked_until: null,
        locked_by: null,
        last_error: null,
        state: JOB_STATES.pending,
        created_at: now,
        finished_at: null,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'id'])
        .doUpdateSet({ state: JOB_STATES.pending, run_at: now, attempts: 0, locked_until: null, locked_by: null })
        .where('outbox.state', '!=', JOB_STATES.pending),
    )
    .execute();
}
