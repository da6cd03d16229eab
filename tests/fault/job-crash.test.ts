import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../packages/server/src/jobs/queue.js';
import { migrate, openStorage, type Storage } from '../../packages/server/src/storage/database.js';
import { availableDialects, createPostgresDatabase } from '../../packages/server/src/test-support/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('./job-crash-child.ts', import.meta.url));
const dialects = await availableDialects();
/** Every wait in this file gives up after this long, so a broken run fails instead of hanging. */
const STEP_LIMIT_MS = 20_000;

/** A server process; `lines` collects its stdout, `waitFor` resolves when a line appears. */
function startChild(env: Record<string, string>): { process: ChildProcess; lines: string[]; waitFor(line: string): Promise<void>; exited: Promise<unknown> } {
  const proc = spawn(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', child], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  let stderr = '';
  let buffered = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.line === line)) w.resolve();
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  return {
    process: proc,
    lines,
    exited,
    waitFor(line) {
      if (lines.includes(line)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${line}" within ${STEP_LIMIT_MS} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr}`)), STEP_LIMIT_MS);
        waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the server exited before "${line}"; stderr: ${stderr}`));
        });
      });
    },
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + STEP_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(dialects)('a job interrupted by kill -9 on %s', (dialect) => {
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it('runs again after the restart, and its effect happens exactly once', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-fault-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl = `sqlite:${path.join(dataDir, 'plaza.db')}`;
    if (dialect === 'postgres') {
      const pg = await createPostgresDatabase();
      cleanups.push(() => pg.drop());
      databaseUrl = pg.url;
    }
    const storage: Storage = openStorage(databaseUrl);
    cleanups.push(() => storage.close());
    await migrate(storage);
    const tenantId = 'fault-tenant';
    const jobId = await storage.db.transaction().execute((trx) => enqueue(trx, { tenantId, kind: 'fault.effect', payload: {}, at: Date.now() }));
    const env = { FAULT_DATA_DIR: dataDir, FAULT_DATABASE_URL: databaseUrl, FAULT_MASTER_KEY: randomBytes(32).toString('base64') };
    const job = () => storage.db.selectFrom('outbox').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const effects = async () =>
      (await storage.db.selectFrom('audit').select('id').where('tenant_id', '=', tenantId).where('action', '=', 'fault.effect').execute()).length;

    const first = startChild({ ...env, FAULT_HANG: '1' });
    cleanups.push(() => void first.process.kill('SIGKILL'));
    await first.waitFor('effect made');
    first.process.kill('SIGKILL');
    await first.exited;
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(await job()).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await effects()).toBe(1);

    const second = startChild({ ...env, FAULT_HANG: '0' });
    cleanups.push(() => void second.process.kill('SIGKILL'));
    await second.waitFor('effect skipped');
    const finished = await until(job, (row) => row.state === 'done');
    second.process.kill('SIGTERM');
    await second.exited;

    expect(finished).toMatchObject({ state: 'done', attempts: 2 });
    expect(second.lines).toContain('run attempt=2');
    expect(second.lines).not.toContain('effect made');
    expect(await effects()).toBe(1);
  });
});
