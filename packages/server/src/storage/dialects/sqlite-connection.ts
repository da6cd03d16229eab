import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';

/** Statements kept per connection; more distinct SQL texts than this evict the oldest. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The connection as Kysely's SQLite driver sees it, with every prepared statement kept
 * for reuse: the driver prepares each query's SQL afresh, and preparing costs as much as
 * running a typical chat statement. A statement still being iterated (a streamed query)
 * is never handed out twice: a fresh one is prepared for the second caller.
 */
export function withStatementCache(database: BetterSqlite3.Database, onClose: () => void = () => undefined): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (cached) return statement;
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      onClose();
      database.close();
    },
  };
}

/** How often the background connection copies the write-ahead log into the database. */
const CHECKPOINT_INTERVAL_MS = 100;
/** Log frames (4 KiB pages) after which the log is started over: some seconds of sends at 1,000 a second. */
export const RESTART_FRAMES = 16_384;
/** How long closing a database, or a restart, waits for the worker. */
const WORKER_WAIT_MS = 5000;

/*
 * Runs in the checkpoint worker (CommonJS, evaluated from this string so it loads the
 * same way from the TypeScript sources and from dist): one connection per registered
 * database file. Every round a PASSIVE checkpoint copies committed pages into the
 * database and fsyncs it, neither waiting for nor blocking the writer. The log itself
 * only starts over from its beginning when a write begins with every frame copied,
 * which a busy writer never gives a background checkpoint (it commits while the fsync
 * runs); so once the log is long, the worker asks for a pause (`wantsRestart`), and when
 * the main thread has paused its queries (`restart`), a RESTART checkpoint copies the
 * few frames committed since and starts the log over (`restarted`). Closing a connection
 * is signalled through shared memory, because the caller waits for it synchronously.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map();
parentPort.on('message', (m) => {
  if (m.open) {
    const db = new Database(m.open);
    db.pragma('busy_timeout = ' + workerData.busyMs);
    open.set(m.id, { db, closed: m.closed, restartFrames: m.restartFrames, restarting: false });
  } else if (m.restart) {
    const entry = open.get(m.id);
    if (!entry) return;
    try { entry.db.pragma('wal_checkpoint(RESTART)'); } catch { /* closing */ }
    entry.restarting = false;
    parentPort.postMessage({ id: m.id, restarted: true });
  } else {
    const entry = open.get(m.id);
    open.delete(m.id);
    if (entry) {
      entry.db.close();
      Atomics.store(entry.closed, 0, 1);
      Atomics.notify(entry.closed, 0);
    }
    // nothing left to checkpoint: the thread ends, and a later database starts a new one
    if (open.size === 0) {
      clearInterval(timer);
      parentPort.close();
    }
  }
});
const timer = setInterval(() => {
  for (const [id, entry] of open) {
    try {
      const [{ log }] = entry.db.pragma('wal_checkpoint(PASSIVE)');
      if (log >= entry.restartFrames && !entry.restarting) {
        entry.restarting = true;
        parentPort.postMessage({ id, wantsRestart: true });
      }
    } catch { /* closing: the next round retries */ }
  }
}, workerData.interval);
`;

interface Registration {
  database: BetterSqlite3.Database;
  /** Runs `restart` while no query of this database's Kysely instance runs. */
  pause?: (restart: () => Promise<void>) => Promise<void>;
  restarted?: () => void;
}

let worker: Worker | undefined;
let nextId = 0;
/** The connections the current worker checkpoints for. */
const registered = new Map<number, Registration>();

/** The worker failed or ended unasked: its connections checkpoint for themselves again. */
function fallBack(failed: Worker): void {
  if (worker !== failed) return;
  worker = undefined;
  for (const { database, restarted } of registered.values()) {
    if (database.open) database.pragma('wal_autocheckpoint = 1000');
    restarted?.();
  }
  registered.clear();
}

function startWorker(): Worker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const started = new Worker(CHECKPOINTER, {
    eval: true,
    execArgv: [],
    workerData: { driver, interval: CHECKPOINT_INTERVAL_MS, busyMs: WORKER_WAIT_MS },
  });
  started.unref();
  started.on('error', () => fallBack(started));
  started.on('exit', () => fallBack(started));
  started.on('message', (m: { id: number; wantsRestart?: boolean; restarted?: boolean }) => {
    const registration = registered.get(m.id);
    if (!registration) return;
    if (m.restarted) registration.restarted?.();
    // a database closed meanwhile has nothing to restart
    else if (m.wantsRestart) restartLog(started, m.id, registration).catch(() => undefined);
  });
  return started;
}

/** Pauses the database's queries while the worker starts the log over. */
async function restartLog(owner: Worker, id: number, registration: Registration): Promise<void> {
  const restart = () =>
    new Promise<void>((resolve) => {
      const limit = setTimeout(resolve, WORKER_WAIT_MS);
      registration.restarted = () => {
        clearTimeout(limit);
        registration.restarted = undefined;
        resolve();
      };
      owner.postMessage({ id, restart: true });
    });
  await (registration.pause ? registration.pause(restart) : restart());
}

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
 * the commit that crosses 1,000 WAL pages, on the committing connection: it copies the
 * pages and fsyncs the database, which at a thousand sends a second stalls the event
 * loop ten times a second for 10–200 ms. Here the connection stops checkpointing and one
 * worker thread per process checkpoints every registered database file on a connection
 * of its own (see CHECKPOINTER). Should the worker fail, the connections checkpoint
 * themselves again.
 */
class BackgroundCheckpoints {
  readonly #id = nextId++;
  readonly #registration: Registration;
  readonly #worker: Worker;
  readonly #closed = new Int32Array(new SharedArrayBuffer(4));

  constructor(database: BetterSqlite3.Database, file: string, restartFrames: number) {
    this.#registration = { database };
    this.#worker = worker ??= startWorker();
    registered.set(this.#id, this.#registration);
    database.pragma('wal_autocheckpoint = 0');
    this.#worker.postMessage({ id: this.#id, open: file, closed: this.#closed, restartFrames });
  }

  /** How the log restart pauses the database's queries (Kysely's driver, once it exists). */
  pauseWith(pause: (restart: () => Promise<void>) => Promise<void>): void {
    this.#registration.pause = pause;
  }

  /**
   * Call before closing the database: waits until the worker has closed its connection,
   * so the database's own close is the last one (it then checkpoints and removes the
   * log, and the files are quiet once it returns).
   */
  stop(): void {
    if (worker !== this.#worker || !registered.delete(this.#id)) return;
    // the worker ends by itself once it holds no connection
    if (registered.size === 0) worker = undefined;
    this.#worker.postMessage({ id: this.#id });
    Atomics.wait(this.#closed, 0, 0, WORKER_WAIT_MS);
  }
}

/**
 * Kysely's SQLite dialect over a file database, with cached statements and checkpoints
 * in the background. Restarting the log needs a moment without a transaction, so the
 * restart holds the driver's one connection (other queries wait their turn in the
 * event loop, which never blocks) while the worker does it.
 */
export class SqliteFileDialect extends SqliteDialect {
  readonly #checkpoints: BackgroundCheckpoints;

  constructor(database: BetterSqlite3.Database, file: string, options: { restartFrames?: number } = {}) {
    const checkpoints = new BackgroundCheckpoints(database, file, options.restartFrames ?? RESTART_FRAMES);
    super({ database: withStatementCache(database, () => checkpoints.stop()) });
    this.#checkpoints = checkpoints;
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    this.#checkpoints.pauseWith(async (restart) => {
      const connection = await driver.acquireConnection();
      try {
        await restart();
      } finally {
        await driver.releaseConnection(connection);
      }
    });
    return driver;
  }
}
