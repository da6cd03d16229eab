/**
 * Send→ack latency at 1,000 sends/s in total from 1,000 clients paired in 500 direct
 * message channels (start: the client emits `chat:send`; stop: its ack, which Plaza sends
 * only after the commit). Plaza runs on SQLite in WAL mode with synchronous=NORMAL (a
 * committed message survives a process kill) in a process of its own, as in production
 * (NODE_ENV=production, logs at the default level, info); the load comes from another
 * process, open-loop and evenly spread over each second (processes/send-ack-load.ts).
 * Both servers get the same load for 2 s before the measured 10 s. Each server's CPU
 * time per acked send over the measured seconds is printed beside: on a machine shared
 * with other work it varies far less than the latencies.
 * Baseline, same run and load: a bare socket.io server doing a send's socket work alone
 * (the push to both members of the channel, then the ack; processes/raw-ack-server.ts). The server's
 * event-loop delay p99 is read from its /metrics: scraped once when the measured seconds
 * begin (which resets it) and again after the sends.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startNode } from '../cluster/node-process.js';
import { percentile, type Row } from './report.js';

const CLIENTS = Number(process.env.PLAZA_BENCH_CLIENTS ?? 1000);
const SECONDS = Number(process.env.PLAZA_BENCH_SECONDS ?? 10);
/** The same load first, unmeasured: a server in service has compiled its code and prepared its statements. */
const WARMUP_SECONDS = 2;
const ADMIN = 'bench-admin-token-0123456789';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function tsx(file: string) {
  return spawn(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', file], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
}

interface LoadResult {
  latencies: number[];
  failures: number;
  /** CPU time the server process spent from the first measured send to the last ack, per acked send (µs). */
  cpuPerSend: number;
}

/** CPU time (user + system) a process has used, in ms; NaN where /proc is not there. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Runs the load generator against a server. When its warm-up ends the generator calls
 * back here (`readyUrl`): the server's CPU time is noted, and `onReady` runs (Plaza's
 * /metrics scrape, which resets its event-loop histogram).
 */
async function runLoad(job: object, server: number | undefined, onReady: () => Promise<void> = async () => undefined): Promise<LoadResult> {
  let cpuAtStart = NaN;
  const hook = createHttpServer((_request, response) => {
    cpuAtStart = cpuMs(server);
    onReady().then(() => response.end('ok'), () => response.end('ok'));
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    const child = tsx(path.join(here, 'processes/send-ack-load.ts'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stdin.end(JSON.stringify({ ...job, readyUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/` }));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    const result = JSON.parse(out) as { latencies: number[]; failures: number };
    return { ...result, cpuPerSend: ((cpuMs(server) - cpuAtStart) * 1000) / result.latencies.length };
  } finally {
    hook.close();
  }
}

async function baseline(): Promise<LoadResult> {
  const server = tsx(path.join(here, 'processes/raw-ack-server.ts'));
  try {
    const url = await new Promise<string>((resolve) => server.stdout.on('data', (c: Buffer) => resolve(c.toString().trim().replace('listening ', ''))));
    const sockets = Array.from({ length: CLIENTS }, (_, i) => ({ channelId: `c${i >> 1}` }));
    return await runLoad({ url, sockets, ratePerSocket: 1, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, server.pid);
  } finally {
    server.kill('SIGKILL');
  }
}

async function plaza(): Promise<LoadResult & { loopP99: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-'));
  const { node, url } = await startNode(
    'bench',
    {
      NODE_ENV: 'production',
      CLUSTER_LOG_LEVEL: 'info',
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ADMIN_TOKEN: ADMIN,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    },
    30_000,
  );
  try {
    const tenant = `bench-${randomBytes(3).toString('hex')}`;
    const created = await fetch(`${url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: tenant, name: 'Bench', allowedOrigins: [] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    const key = new TextEncoder().encode(secret);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now).setExpirationTime(now + 3000).sign(key);
    const serverToken = await sign({ tid: tenant, srv: true });
    const sockets: { token: string; channelId: string }[] = [];
    for (let pair = 0; pair < CLIENTS / 2; pair++) {
      const members = [`user-${2 * pair}`, `user-${2 * pair + 1}`];
      const response = await fetch(`${url}/v1/channels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serverToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'dm', name: '', members }),
      });
      const { id } = (await response.json()) as { id: string };
      for (const sub of members) sockets.push({ token: await sign({ tid: tenant, sub, name: sub }), channelId: id });
    }
    const result = await runLoad({ url, sockets, ratePerSocket: 1, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS }, node.process.pid, async () => {
      await (await fetch(`${url}/metrics`)).text();
    });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const loop = /^plaza_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(metrics);
    return { ...result, loopP99: loop ? Number(loop[1]) * 1000 : NaN };
  } finally {
    await node.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Row[]> {
  const base = await baseline();
  const measured = await plaza();
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
  console.log(`  send→ack: ${measured.latencies.length} acked sends (${measured.failures} refused or unanswered) from ${CLIENTS} clients over ${SECONDS} s`);
  console.log(`  send→ack p50 ${ms(measured.latencies, 50)}, p90 ${ms(measured.latencies, 90)}, p99 ${ms(measured.latencies, 99)}; baseline p50 ${ms(base.latencies, 50)}, p99 ${ms(base.latencies, 99)}`);
  console.log(`  server CPU per send: Plaza ${measured.cpuPerSend.toFixed(0)} µs, baseline ${base.cpuPerSend.toFixed(0)} µs`);
  return [
    { name: `send→ack p99 at ${CLIENTS} sends/s, SQLite WAL (bare socket.io push and ack as baseline)`, value: percentile(measured.latencies, 99), baseline: percentile(base.latencies, 99), unit: 'ms', max: 5 },
    { name: 'server event-loop delay p99 during the run (baseline: send→ack p50)', value: measured.loopP99, baseline: percentile(measured.latencies, 50), unit: 'ms', max: 20 },
  ];
}
