import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../tables.js';

/** Attempts a job gets unless its kind asks for more or fewer. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export const JOB_STATES = { pending: 'pending', done: 'done', dead: 'dead' } as const;
export type JobState = (typeof JOB_STATES)[keyof typeof JOB_STATES];

export interface EnqueueInput {
  tenantId: string;
  /** A key of the handler registry (`jobHandlers`). */
  kind: string;
  /** Stored as JSON; the handler receives it parsed. */
  payload: unknown;
  /** When the change that causes the job happened: `ctx.clock.now()`. */
  at: number;
  /** Epoch ms before which the job does not run; default `at`. */
  runAt?: number;
  maxAttempts?: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Started workers of this process listen here, so a job enqueued in-process runs without
 * waiting for the next poll. The wake comes before the caller commits: on SQLite the
 * worker's claim queues behind the caller's transaction on the one connection and finds
 * the row; on PostgreSQL it may not see it yet, and the next poll (≤ 250 ms) picks it up.
 */
export function onEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Writes one outbox job with the caller's transaction, so the job exists if and only if
 * the change that caused it commits. Returns the job id.
 *
 * @example
 * await ctx.storage.db.transaction().execute(async (trx) => {
 *   await trx.insertInto('tasks').values(task).execute();
 *   await enqueue(trx, { tenantId, kind: 'task.reminder', payload: { taskId }, at: now, runAt: task.remindAt });
 * });
 */
export async function enqueue(trx: Kysely<Database>, input: EnqueueInput): Promise<string> {
  const id = uuidv7();
  await trx
    .insertInto('outbox')
    .values({
      tenant_id: input.tenantId,
      id,
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? null),
      run_at: input.runAt ?? input.at,
      attempts: 0,
      max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      locked_until: null,
      locked_by: null,
      last_error: null,
      state: JOB_STATES.pending,
      created_at: input.at,
      finished_at: null,
    })
    .execute();
  if (listeners.size > 0) setImmediate(() => listeners.forEach((listener) => listener()));
  return id;
}
