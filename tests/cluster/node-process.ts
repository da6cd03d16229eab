import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./chat-kill-node.ts', import.meta.url));

/** A Plaza node running in a child process (tests/cluster/chat-kill-node.ts). */
export interface NodeProcess {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<string>;
  /** What the node wrote to stderr (its warnings and errors), for failure messages. */
  stderr(): string;
  /** kill -9, then waits for the exit. */
  kill(): Promise<string>;
}

/** Starts a node and resolves with it and its URL once it listens; gives up after `limitMs`. */
export async function startNode(name: string, env: Record<string, string>, limitMs: number): Promise<{ node: NodeProcess; url: string }> {
  const proc = spawn(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  const node: NodeProcess = {
    name,
    process: proc,
    exited,
    stderr: () => stderr,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      return exited;
    },
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not listen within ${limitMs} ms; stdout: ${stdout}; stderr: ${stderr}`)), limitMs);
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^listening (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${how}) before listening; stderr: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await node.kill();
    throw error;
  });
  return { node, url };
}
