/**
 * The processes a benchmark starts: TypeScript entries run with tsx and the workspace
 * sources (`plaza-source`), talking JSON lines over stdin/stdout.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** A child whose stdin and stdout are piped to the benchmark; its stderr goes to the benchmark's. */
export type BenchChild = ChildProcessByStdio<Writable, Readable, null>;

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '../..');

/** Runs `tests/bench/<file>` in a Node process of its own; `nodeArgs` go before the entry. */
export function spawnTsx(file: string, nodeArgs: readonly string[] = [], env: Record<string, string> = {}): BenchChild {
  return spawn(process.execPath, [...nodeArgs, '--conditions=plaza-source', '--import', 'tsx', path.join(benchDir, file)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** A child that reads JSON lines on stdin and answers with JSON lines on stdout. */
export class JsonLinesChild {
  private readonly lines: AsyncIterator<string>;
  readonly exited: Promise<number | null>;

  constructor(readonly child: BenchChild) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  send(value: unknown): void {
    this.child.stdin.write(`${JSON.stringify(value)}\n`);
  }

  /** The next line the child writes, parsed; rejects when the child exits first. */
  async next<T>(): Promise<T> {
    const line = await this.lines.next();
    if (line.done) throw new Error(`child exited (${await this.exited}) before answering`);
    return JSON.parse(line.value) as T;
  }

  /** Closes stdin (the child's cue to finish) and waits for the exit; kills it after `limitMs`. */
  async close(limitMs = 10_000): Promise<number | null> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), limitMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** Writes `input` as the child's whole stdin and resolves with its stdout parsed as JSON. */
export async function runToEnd<T>(file: string, input: unknown): Promise<T> {
  const child = spawnTsx(file);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${file} exited with ${code}`);
  return JSON.parse(out) as T;
}

/** Resolves with the URL a server child prints as `listening <url>`. */
export function listeningUrl(child: BenchChild, limitMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line within ${limitMs} ms: ${out}`)), limitMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /^listening (\S+)$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
}
