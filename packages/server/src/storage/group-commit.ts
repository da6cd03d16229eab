import { sql } from 'kysely';
import type { Db, Storage } from './database.js';

/** Runs `work` in a transaction and resolves with its result once that has committed. */
export type Transact = <T>(work: (trx: Db) => Promise<T>) => Promise<T>;

interface Job {
  work: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const savepoint = sql`savepoint group_commit`;
const release = sql`release savepoint group_commit`;
const rollbackTo = sql`rollback to savepoint group_commit`;

const committers = new WeakMap<Storage, Transact>();

/**
 * Transactions that commit together. On SQLite every transaction runs on the one
 * connection, one after another, and each commit writes every page it touched to the
 * log: at a thousand sends a second the commits cost more than the sends. Here the
 * transactions asked for in one turn of the event loop run as one: each in a savepoint
 * of its own (a failing one is rolled back alone and rejects alone), then one commit,
 * after which every caller's promise settles. Nothing is answered before the commit, and
 * a failed commit rejects every caller in it. PostgreSQL runs transactions concurrently
 * on a pool, so there each one stays a transaction of its own.
 *
 * `work` must not wait for anything but the database (the same rule as for any
 * transaction): the whole group waits with it.
 *
 * @example
 * const transact = groupCommit(ctx.storage);
 * const message = await transact(async (trx) => insertMessage(trx, row));
 */
export function groupCommit(storage: Storage): Transact {
  let transact = committers.get(storage);
  if (!transact) {
    transact = storage.dialect === 'sqlite' ? sharedCommits(storage.db) : (work) => storage.db.transaction().execute(work);
    committers.set(storage, transact);
  }
  return transact;
}

function sharedCommits(db: Db): Transact {
  let waiting: Job[] = [];
  let scheduled = false;
  let running = false;

  const runGroup = async (jobs: Job[]) => {
    if (jobs.length === 1) {
      // alone, the transaction itself is the savepoint
      const [job] = jobs;
      await db.transaction().execute(job.work).then(job.resolve, job.reject);
      return;
    }
    const outcomes = new Map<Job, { value: unknown } | { error: unknown }>();
    try {
      await db.transaction().execute(async (trx) => {
        for (const job of jobs) {
          await savepoint.execute(trx);
          try {
            outcomes.set(job, { value: await job.work(trx) });
            await release.execute(trx);
          } catch (error) {
            await rollbackTo.execute(trx);
            await release.execute(trx);
            outcomes.set(job, { error });
          }
        }
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const job of jobs) {
      const outcome = outcomes.get(job);
      if (outcome && 'value' in outcome) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    }
  };

  const flush = () => {
    scheduled = false;
    if (running || waiting.length === 0) return;
    const jobs = waiting;
    waiting = [];
    running = true;
    void runGroup(jobs).finally(() => {
      running = false;
      // what arrived meanwhile forms the next group, once the event loop has had a turn
      // (the acks of this group go out, and the requests waiting to be read join it)
      if (waiting.length > 0 && !scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };

  return <T>(work: (trx: Db) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled && !running) {
        scheduled = true;
        // after the I/O callbacks of this turn, so requests that arrived together share a commit
        setImmediate(flush);
      }
    });
}
