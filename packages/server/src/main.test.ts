import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, availableDialects, signHs256, withDeadline } from './test-support/index.js';

const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** A failure guard only: a process that has not exited by then is a hung shutdown. */
const EXIT_DEADLINE_MS = 15_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const postgresAnswers = (await availableDialects()).includes('postgres');
const children = new Set<ChildProcess>();
const dirs: string[] = [];

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `plaza-server` from source, with only the PLAZA_* variables given here. */
function startProcess(env: Record<string, string>): { child: ChildProcess; exited: Promise<Exit>; stdoutLines: AsyncIterable<string> } {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-main-'));
  dirs.push(dataDir);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PLAZA_') && name !== 'NODE_ENV'));
  const child = spawn(process.execPath, ['--conditions', 'plaza-source', '--import', 'tsx', mainFile], {
    cwd: repoRoot,
    env: { ...inherited, PLAZA_DATA_DIR: dataDir, PLAZA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const lineWaiters: Array<(line: string | undefined) => void> = [];
  const pendingLines: string[] = [];
  let partial = '';
  let ended = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const waiter = lineWaiters.shift();
      if (waiter) waiter(line);
      else pendingLines.push(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      for (const waiter of lineWaiters.splice(0)) waiter(undefined);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const stdoutLines: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const line = pendingLines.shift() ?? (ended ? undefined : await new Promise<string | undefined>((resolve) => lineWaiters.push(resolve)));
        if (line === undefined) return;
        yield line;
      }
    },
  };
  return { child, exited, stdoutLines };
}

/** Resolves with the process's exit, or fails the test when it hangs. */
function exitWithin(exited: Promise<Exit>, ms = EXIT_DEADLINE_MS): Promise<Exit> {
  return withDeadline(exited, ms, 'the process exit');
}

/** The base URL from the `plaza listening` log line (pino JSON on stdout). */
async function listeningUrl(lines: AsyncIterable<string>): Promise<string> {
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { url?: string };
    if (entry.url) return entry.url;
  }
  throw new Error('the server exited before it printed its URL');
}

function stderrLines(exit: Exit): string[] {
  return exit.stderr.split('\n').filter((line) => line.trim() !== '');
}

describe('plaza-server process', () => {
  it('exits non-zero with one line naming PLAZA_PORT when the port is bad', async () => {
    const { exited } = startProcess({ PLAZA_PORT: 'abc' });
    const exit = await exitWithin(exited);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const lines = stderrLines(exit);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PLAZA_PORT');
    expect(exit.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero with one line naming PLAZA_DATABASE_URL when PostgreSQL does not answer', async () => {
    const { exited } = startProcess({ PLAZA_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', PLAZA_MASTER_KEY: randomBytes(32).toString('base64') });
    const exit = await exitWithin(exited);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const lines = stderrLines(exit);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PLAZA_DATABASE_URL');
    expect(lines[0]).not.toContain('migration');
  });

  it.runIf(postgresAnswers)('exits non-zero with one line naming PLAZA_DATABASE_URL when the PostgreSQL database does not exist', async () => {
    const url = new URL(process.env.PLAZA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/plaza_missing_${randomBytes(4).toString('hex')}`;
    const { exited } = startProcess({ PLAZA_DATABASE_URL: url.toString(), PLAZA_MASTER_KEY: randomBytes(32).toString('base64') });
    const exit = await exitWithin(exited);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const lines = stderrLines(exit);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PLAZA_DATABASE_URL');
    expect(lines[0]).toContain('does not exist');
  });

  it('stops on SIGTERM with exit code 0, closing open sockets', async () => {
    const { child, exited, stdoutLines } = startProcess({
      PLAZA_PORT: '0',
      PLAZA_ADMIN_TOKEN: ADMIN_TOKEN,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    const url = await listeningUrl(stdoutLines);

    // a keep-alive connection stays open after this request: shutdown must not wait for it
    const created = await fetch(`${url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'shutdown-test', name: 'Shutdown test' }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const iat = Math.floor(Date.now() / 1000);
    const token = await signHs256({ tid: 'shutdown-test', sub: 'u1', name: 'User One', iat, exp: iat + 600 }, secret);

    const socket: Socket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('session:ready', () => resolve());
        socket.once('connect_error', reject);
      });
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      child.kill('SIGTERM');
      const exit = await exitWithin(exited);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(await disconnected).toBeTruthy();
      expect(exit.stdout).toContain('shutting down');
    } finally {
      socket.close();
    }
  });
});
