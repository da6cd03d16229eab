import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { PlazaContext } from '../context.js';
import { skipLocked } from '../storage/database.js';
import type { Database } from '../tables.js';
import { JOB_STATES, onEnqueued } from './queue.js';

/** One claimed job, as its handler sees it. */
export interface Job {
  id: string;
  tenantId: string;
  kind: string;
  payload: unknown;
  /** 1 on the first run; counts every claim, including runs a crash cut short. */
  attempt: number;
}

export interface JobTools {
  /**
   * Runs `effect` unless an effect with this key was already recorded for the tenant.
   * The key is written in the same transaction as the effect's own writes, so a database
   * effect happens exactly once however often the job runs. Keep network I/O out of the
   * effect: it holds a transaction (on SQLite, the only connection). Resolves true when
   * the effect ran now, false when it had already happened.
   */
  once: (key: string, effect: (trx: Transaction<Database>) => Promise<void>) => Promise<boolean>;
  /** Aborted when the worker stops; long handlers should give up on it. */
  signal: AbortSignal;
}

/** What a handler may resolve with besides nothing: run the same job again at `runAgainAt` (epoch ms). */
export interface JobRerun {
  runAgainAt: number;
}

/**
 * Runs one job. Resolving means done — or, with a `JobRerun`, done for now and due again
 * then (periodic jobs); throwing means "retry later" (with backoff, until the job's
 * attempts run out). Jobs run at least once, so a handler must tolerate a re-run of a job
 * whose previous run it never heard the end of: use `once` for database effects, and an
 * idempotency key the receiver understands for anything else.
 */
export type JobHandler = (job: Job, tools: JobTools) => Promise<void | JobRerun>;

/** Job kind → handler; see `jobHandlers`. */
export type JobHandlers = Record<string, JobHandler>;

export interface JobWorkerOptions {
  /**
   * How long a claim stays valid. A worker that crashes leaves its claim behind; the job
   * runs again once the lease has passed, so handlers must finish well inside it.
   */
  leaseMs?: number;
  /** Poll interval when idle. */
  pollMs?: number;
  /** Jobs one worker runs at once. */
  concurrency?: number;
  /** Recorded in `locked_by`; default random per worker. */
  workerId?: string;
  /** For tests: the jitter source of the backoff. */
  random?: () => number;
}

export const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_POLL_MS = 250;
const DEFAULT_CONCURRENCY = 16;
/** After the database failed a poll, wait this long before the next. */
const ERROR_PAUSE_MS = 5_000;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_CAP_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 1_000;
const PRUNE_EVERY_MS = 60 * 60_000;
/** Finished jobs are kept this long for inspection, then deleted. */
const KEEP_DONE_MS = 7 * 24 * 60 * 60_000;
/** Effect keys outlive any re-run of the job that made them by far. */
const KEEP_EFFECTS_MS = 30 * 24 * 60 * 60_000;

/**
 * The delay before retry number `attempt + 1`: exponential from 10 s, capped at 1 h,
 * with "equal jitter" (between half and all of it) so failures that happened together
 * don't retry together.
 *
 * @example
 * backoff(1); // 5–10 s
 * backoff(4); // 40–80 s
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface ClaimedJob extends Job {
  maxAttempts: number;
}

class ShutdownError extends Error {}

/**
 * Claims due outbox rows and runs their handlers: the transactional outbox's delivery
 * side. A claim is a short transaction (select due rows — `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, so several nodes share the queue — then set a lease and count the attempt);
 * the handler runs after it commits, outside any transaction.
 *
 * On SQLite one worker per database is the design: there is one process, and its one
 * connection serialises every write anyway, so more workers would add contention and
 * nothing else. On PostgreSQL every node runs a worker.
 *
 * @example
 * const worker = new JobWorker(ctx, jobHandlers(ctx));
 * worker.start();
 * // … on shutdown
 * await worker.stop();
 */
export class JobWorker {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private tickAgain = false;
  private unsubscribe: (() => void) | undefined;
  private lastPrune = 0;

  constructor(
    readonly ctx: PlazaContext,
    readonly handlers: JobHandlers,
    options: JobWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `w-${randomBytes(6).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.random = options.random ?? Math.random;
  }

  /** Starts polling; jobs enqueued in this process also wake it at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.abort = new AbortController();
    this.unsubscribe = onEnqueued(() => this.wake());
    this.schedule(0);
  }

  /**
   * Stops polling and aborts running handlers; resolves when they have settled. A job cut
   * short this way is released without counting the attempt.
   */
  async stop(): Promise<void> {
    if (this.started) {
      this.started = false;
      this.unsubscribe?.();
      clearTimeout(this.timer);
      this.abort.abort(new ShutdownError('the job worker is stopping'));
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /** Polls now instead of at the next interval. */
  wake(): void {
    if (!this.started) return;
    if (this.ticking) this.tickAgain = true;
    else this.schedule(0);
  }

  /**
   * Claims one batch of due jobs, runs them and waits for them; resolves with how many
   * ran. For tests that drive the queue with their own clock, on a worker not started.
   */
  async runDue(): Promise<number> {
    const jobs = await this.claim(this.concurrency);
    await Promise.all(jobs.map((job) => this.run(job)));
    return jobs.length;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.started || this.ticking) return;
    this.ticking = true;
    let next = this.pollMs;
    try {
      await this.prune();
      const free = this.concurrency - this.inFlight.size;
      if (free > 0) {
        const jobs = await this.claim(free);
        for (const job of jobs) {
          const running = this.run(job).finally(() => {
            this.inFlight.delete(running);
            this.wake();
          });
          this.inFlight.add(running);
        }
        // a full claim suggests more are due: go again at once
        if (jobs.length === free) next = 0;
      }
    } catch (error) {
      this.ctx.log.error({ err: error }, 'job worker: polling the outbox failed');
      next = ERROR_PAUSE_MS;
    } finally {
      this.ticking = false;
    }
    if (!this.started) return;
    if (this.tickAgain) {
      this.tickAgain = false;
      next = 0;
    }
    this.schedule(next);
  }

  private async claim(limit: number): Promise<ClaimedJob[]> {
    const { storage, clock } = this.ctx;
    return storage.db.transaction().execute(async (trx) => {
      const now = clock.now();
      const due = await skipLocked(
        storage,
        trx
          .selectFrom('outbox')
          .select(['tenant_id', 'id'])
          .where('state', '=', JOB_STATES.pending)
          .where('run_at', '<=', now)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
          .orderBy('run_at')
          .limit(limit),
      ).execute();
      if (due.length === 0) return [];
      // The update repeats the due test, so even without row locks two claims of one
      // row cannot both succeed: the second finds the lease the first one set.
      const rows = await trx
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), locked_until: now + this.leaseMs, locked_by: this.workerId }))
        .where((eb) => eb(eb.refTuple('tenant_id', 'id'), 'in', due.map((row) => eb.tuple(row.tenant_id, row.id))))
        .where('state', '=', JOB_STATES.pending)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .returning(['tenant_id', 'id', 'kind', 'payload', 'attempts', 'max_attempts'])
        .execute();
      return rows.map((row) => ({
        id: row.id,
        tenantId: row.tenant_id,
        kind: row.kind,
        payload: JSON.parse(row.payload) as unknown,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
      }));
    });
  }

  private async run(job: ClaimedJob): Promise<void> {
    const handler = this.handlers[job.kind];
    const signal = this.abort.signal;
    let outcome: void | JobRerun;
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      outcome = await handler({ id: job.id, tenantId: job.tenantId, kind: job.kind, payload: job.payload, attempt: job.attempt }, { once: (key, effect) => this.once(job.tenantId, key, effect), signal });
    } catch (error) {
      await this.settleFailure(job, error, signal.aborted).catch((e: unknown) => this.ctx.log.error({ err: e, jobId: job.id }, 'job worker: recording a failure failed'));
      return;
    }
    await this.settleSuccess(job, outcome).catch((e: unknown) => this.ctx.log.error({ err: e, jobId: job.id }, 'job worker: marking a job done failed'));
  }

  private async settleSuccess(job: ClaimedJob, outcome: void | JobRerun): Promise<void> {
    const now = this.ctx.clock.now();
    const finished = { finished_at: now, locked_until: null, locked_by: null, last_error: null };
    // Not conditioned on our lease: if it ran out and another worker re-ran the job, the
    // effect still happened, and "done" is true either way.
    await this.ctx.storage.db
      .updateTable('outbox')
      .set(outcome ? { ...finished, run_at: outcome.runAgainAt, attempts: 0 } : { ...finished, state: JOB_STATES.done })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', job.id)
      .where('state', '=', JOB_STATES.pending)
      .execute();
    this.ctx.metrics.jobs.inc({ kind: job.kind, outcome: 'done' });
  }

  private async settleFailure(job: ClaimedJob, error: unknown, shutdown: boolean): Promise<void> {
    const now = this.ctx.clock.now();
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    // Only while the claim is still ours: after our lease ran out another worker may hold
    // the job, and its outcome wins.
    const mine = this.ctx.storage.db
      .updateTable('outbox')
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', job.id)
      .where('state', '=', JOB_STATES.pending)
      .where('locked_by', '=', this.workerId)
      .where('attempts', '=', job.attempt);
    if (shutdown) {
      await mine.set((eb) => ({ attempts: eb('attempts', '-', 1), locked_until: null, locked_by: null })).execute();
      return;
    }
    const dead = job.attempt >= job.maxAttempts;
    await mine
      .set(
        dead
          ? { state: JOB_STATES.dead, finished_at: now, last_error: message, locked_until: null, locked_by: null }
          : { run_at: now + backoff(job.attempt, this.random), last_error: message, locked_until: null, locked_by: null },
      )
      .execute();
    this.ctx.metrics.jobs.inc({ kind: job.kind, outcome: dead ? 'dead' : 'retry' });
    this.ctx.log[dead ? 'error' : 'warn'](
      { jobId: job.id, kind: job.kind, tenantId: job.tenantId, attempt: job.attempt, error: message },
      dead ? 'job failed for the last time' : 'job failed; will retry',
    );
  }

  private async once(tenantId: string, key: string, effect: (trx: Transaction<Database>) => Promise<void>): Promise<boolean> {
    const { db } = this.ctx.storage;
    if (await effectRecorded(db, tenantId, key)) return false;
    return db.transaction().execute(async (trx) => {
      // On PostgreSQL a concurrent run of the same job waits here on the other's
      // uncommitted key, then inserts nothing: the effect runs at most once.
      const inserted = await trx
        .insertInto('job_effects')
        .values({ tenant_id: tenantId, key, created_at: this.ctx.clock.now() })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await effect(trx);
      return true;
    });
  }

  private async prune(): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const { db } = this.ctx.storage;
    await db.deleteFrom('outbox').where('state', '=', JOB_STATES.done).where('finished_at', '<', now - KEEP_DONE_MS).execute();
    await db.deleteFrom('job_effects').where('created_at', '<', now - KEEP_EFFECTS_MS).execute();
  }
}

async function effectRecorded(db: Kysely<Database>, tenantId: string, key: string): Promise<boolean> {
  const row = await db.selectFrom('job_effects').select('key').where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
