import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordAudit } from '../audit/audit.js';
import type { PlazaContext } from '../context.js';
import { openStorage } from '../storage/database.js';
import { manualClock } from '../test-support/clock.js';
import { availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { enqueue } from './queue.js';
import { JobWorker, backoff, type JobHandlers, type JobWorkerOptions } from './worker.js';

const dialects = await availableDialects();

describe('backoff', () => {
  it('doubles from 10 s with jitter between half and all of it, capped at an hour', () => {
    expect([backoff(1, () => 0), backoff(1, () => 1)]).toEqual([5_000, 10_000]);
    expect([backoff(4, () => 0), backoff(4, () => 1)]).toEqual([40_000, 80_000]);
    expect(backoff(30, () => 1)).toBe(3_600_000);
  });
});

describe.each(dialects)('jobs on %s', (dialect) => {
  let t: TestServer;
  let ctx: PlazaContext;
  const clock = manualClock(Date.UTC(2026, 0, 5, 9));
  const tenantId = 'jobs-test';
  const workers: JobWorker[] = [];

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock, startJobs: false });
    ctx = t.server.ctx;
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
  });
  beforeEach(async () => {
    await ctx.storage.db.deleteFrom('outbox').execute();
    await ctx.storage.db.deleteFrom('job_effects').execute();
    await ctx.storage.db.deleteFrom('audit').where('tenant_id', '=', tenantId).execute();
  });

  /** Jitter pinned to the low end, so the backoff is exactly half its ceiling. */
  function worker(handlers: JobHandlers, options: JobWorkerOptions = {}, on: PlazaContext = ctx): JobWorker {
    const w = new JobWorker(on, handlers, { random: () => 0, ...options });
    workers.push(w);
    return w;
  }

  function add(kind: string, payload: unknown = {}, maxAttempts?: number): Promise<string> {
    return ctx.storage.db.transaction().execute((trx) => enqueue(trx, { tenantId, kind, payload, at: clock.now(), ...(maxAttempts ? { maxAttempts } : {}) }));
  }

  function row(id: string) {
    return ctx.storage.db.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function effects(): Promise<number> {
    const rows = await ctx.storage.db.selectFrom('audit').select('id').where('tenant_id', '=', tenantId).where('action', '=', 'test.effect').execute();
    return rows.length;
  }

  it('runs a committed job once, with its payload, and marks it done', async () => {
    const seen: unknown[] = [];
    const w = worker({ 'test.echo': async (job) => void seen.push(job.payload) });
    const id = await add('test.echo', { n: 1 });

    expect(await w.runDue()).toBe(1);
    expect(await w.runDue()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await row(id)).toMatchObject({ state: 'done', attempts: 1, locked_until: null, finished_at: clock.now() });
  });

  it('never runs a job enqueued in a transaction that rolls back', async () => {
    const seen: unknown[] = [];
    const w = worker({ 'test.echo': async (job) => void seen.push(job.payload) });

    await expect(
      ctx.storage.db.transaction().execute(async (trx) => {
        await enqueue(trx, { tenantId, kind: 'test.echo', payload: { n: 2 }, at: clock.now() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await w.runDue()).toBe(0);
    expect(seen).toEqual([]);
    expect(await ctx.storage.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('does not run a job before its runAt', async () => {
    const seen: unknown[] = [];
    const w = worker({ 'test.echo': async (job) => void seen.push(job.payload) });
    await ctx.storage.db.transaction().execute((trx) => enqueue(trx, { tenantId, kind: 'test.echo', payload: 'later', at: clock.now(), runAt: clock.now() + 60_000 }));

    expect(await w.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await w.runDue()).toBe(1);
    expect(seen).toEqual(['later']);
  });

  it('retries a failing handler with backoff and marks it dead after its last attempt', async () => {
    const attempts: number[] = [];
    const w = worker({
      'test.fail': async (job) => {
        attempts.push(job.attempt);
        throw new Error(`boom ${job.attempt}`);
      },
    });
    const id = await add('test.fail', {}, 3);

    expect(await w.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 1, last_error: 'boom 1', run_at: clock.now() + 5_000, locked_until: null });

    clock.advance(4_999);
    expect(await w.runDue()).toBe(0);
    clock.advance(1);
    expect(await w.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 2, last_error: 'boom 2', run_at: clock.now() + 10_000 });

    clock.advance(10_000);
    expect(await w.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'dead', attempts: 3, last_error: 'boom 3', finished_at: clock.now() });

    clock.advance(24 * 3_600_000);
    expect(await w.runDue()).toBe(0);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('retries a job whose kind has no handler instead of dropping it', async () => {
    const w = worker({});
    const id = await add('test.unknown');

    expect(await w.runDue()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 1, last_error: 'no handler for job kind "test.unknown"' });
  });

  it('runs a job again once the lease of a vanished worker has passed, and its effect happens once', async () => {
    let effectMade!: () => void;
    const made = new Promise<void>((resolve) => (effectMade = resolve));
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const runs: string[] = [];
    const handler =
      (name: string, hang: boolean): JobHandlers[string] =>
      async (job, { once }) => {
        runs.push(`${name}:${job.attempt}`);
        const ran = await once(`effect:${job.id}`, (trx) => recordAudit(trx, { tenantId, actor: 'system', action: 'test.effect', target: job.id, at: clock.now() }));
        runs.push(`${name}:${ran ? 'made' : 'skipped'}`);
        if (hang) {
          effectMade();
          await blocked;
        }
      };
    const first = worker({ 'test.effect': handler('first', true) }, { leaseMs: 30_000 });
    const second = worker({ 'test.effect': handler('second', false) }, { leaseMs: 30_000 });
    const id = await add('test.effect');

    const stuck = first.runDue();
    await made;
    expect(await second.runDue()).toBe(0);
    clock.advance(30_001);
    expect(await second.runDue()).toBe(1);

    expect(runs).toEqual(['first:1', 'first:made', 'second:2', 'second:skipped']);
    expect(await effects()).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'done', attempts: 2 });
    unblock();
    await stuck;
    expect(await row(id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('runs an effect again when its first try threw, and only until it succeeds', async () => {
    let tries = 0;
    const w = worker({
      'test.effect': async (job, { once }) => {
        await once('effect:shared', async (trx) => {
          tries++;
          await recordAudit(trx, { tenantId, actor: 'system', action: 'test.effect', target: job.id, at: clock.now() });
          if (tries === 1) throw new Error('the effect failed halfway');
        });
      },
    });
    await add('test.effect');

    expect(await w.runDue()).toBe(1);
    expect(await effects()).toBe(0);
    clock.advance(10_000);
    expect(await w.runDue()).toBe(1);
    expect(await effects()).toBe(1);
    // another job with the same effect key finds the effect made
    await add('test.effect');
    expect(await w.runDue()).toBe(1);
    expect([tries, await effects()]).toEqual([2, 1]);
  });

  it('a started worker runs a job enqueued in this process without being driven', async () => {
    const seen: unknown[] = [];
    const w = worker({ 'test.echo': async (job) => void seen.push(job.payload) }, { pollMs: 60_000 });
    w.start();
    const id = await add('test.echo', 'woken');

    await vi.waitFor(async () => expect((await row(id)).state).toBe('done'), { timeout: 10_000, interval: 20 });
    expect(seen).toEqual(['woken']);
    await w.stop();
  });

  it('stop() aborts a running handler and releases its job without counting the attempt', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const w = worker({
      'test.slow': (_job, { signal }) =>
        new Promise<void>((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    w.start();
    const id = await add('test.slow');
    await running;

    await w.stop();
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 0, locked_until: null, locked_by: null, run_at: clock.now() });
  });
});

const postgresMissing = !dialects.includes('postgres');

describe.skipIf(postgresMissing)(
  postgresMissing ? 'two job workers on one PostgreSQL database (SKIPPED: PostgreSQL does not answer)' : 'two job workers on one PostgreSQL database',
  () => {
    let t: TestServer;
    const tenantId = 'jobs-race';
    const workers: JobWorker[] = [];

    beforeAll(async () => {
      t = await startTestServer({ dialect: 'postgres', startJobs: false });
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await t?.close();
    });

    it('never run the same job at once, and run each job exactly once', async () => {
      const ctx = t.server.ctx;
      const other = openStorage(t.config.databaseUrl);
      try {
        const runs = new Map<string, Array<{ worker: string; start: number; end: number }>>();
        let tick = 0;
        const record =
          (name: string): JobHandlers[string] =>
          async (job) => {
            const span = { worker: name, start: tick++, end: -1 };
            runs.set(job.id, [...(runs.get(job.id) ?? []), span]);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
            span.end = tick++;
          };
        const a = new JobWorker(ctx, { 'test.race': record('a') }, { concurrency: 8, workerId: 'a' });
        const b = new JobWorker({ ...ctx, storage: other }, { 'test.race': record('b') }, { concurrency: 8, workerId: 'b' });
        workers.push(a, b);
        const ids = await ctx.storage.db.transaction().execute(async (trx) => {
          const out: string[] = [];
          for (let i = 0; i < 300; i++) out.push(await enqueue(trx, { tenantId, kind: 'test.race', payload: i, at: ctx.clock.now() }));
          return out;
        });

        const drain = async (w: JobWorker) => {
          while ((await w.runDue()) > 0);
        };
        await Promise.all([drain(a), drain(b), drain(a), drain(b)]);

        const overlapping = [...runs.entries()].filter(([, spans]) =>
          spans.some((x, i) => spans.some((y, j) => i !== j && x.start < y.end && y.start < x.end)),
        );
        expect(overlapping).toEqual([]);
        expect([...runs.keys()].sort()).toEqual([...ids].sort());
        expect([...runs.entries()].filter(([, spans]) => spans.length !== 1)).toEqual([]);
        const unfinished = await ctx.storage.db.selectFrom('outbox').select('id').where('state', '!=', 'done').execute();
        expect(unfinished).toEqual([]);
      } finally {
        await other.close();
      }
    });
  },
);
