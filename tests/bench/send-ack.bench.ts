/**
 * Send→ack latency at 1,000 sends/s in total from 1,000 clients paired in 500 two-member
 * channels (start: the client emits `chat:send`; stop: its ack, which Plaza sends only
 * after the commit). Plaza runs on SQLite in WAL mode with synchronous=NORMAL (a committed
 * message survives a process kill) in a process of its own; the load comes from another
 * process. Baseline, same run: a bare socket.io server acking at once, same load. The
 * server's event-loop delay p99 is read from its /metrics afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startNode } from '../cluster/node-process.js';
import { percentile, type Row } from './report.js';

const CLIENTS = Number(process.env.PLAZA_BENCH_CLIENTS ?? 1000);
const SECONDS = Number(process.env.PLAZA_BENCH_SECONDS ?? 10);
const ADMIN = 'bench-admin-token-0123456789';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function tsx(file: string) {
  return spawn(process.execPath, ['--conditions=plaza-source', '--import', 'tsx', file], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
}

async function runLoad(job: object): Promise<{ latencies: number[]; failures: number }> {
  const child = tsx(path.join(here, 'processes/send-ack-load.ts'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(job));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out) as { latencies: number[]; failures: number };
}

async function baseline(): Promise<number[]> {
  const server = tsx(path.join(here, 'processes/raw-ack-server.ts'));
  try {
    const url = await new Promise<string>((resolve) => server.stdout.on('data', (c: Buffer) => resolve(c.toString().trim().replace('listening ', ''))));
    const sockets = Array.from({ length: CLIENTS }, (_, i) => ({ channelId: `c${i >> 1}` }));
    return (await runLoad({ url, sockets, ratePerSocket: 1, seconds: SECONDS })).latencies;
  } finally {
    server.kill('SIGKILL');
  }
}

async function plaza(): Promise<{ latencies: number[]; failures: number; loopP99: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-'));
  const { node, url } = await startNode('bench', { PLAZA_PORT: '0', PLAZA_DATA_DIR: dataDir, PLAZA_ADMIN_TOKEN: ADMIN, PLAZA_MASTER_KEY: randomBytes(32).toString('base64') }, 30_000);
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
        body: JSON.stringify({ kind: 'group', name: `pair ${pair}`, members }),
      });
      const { id } = (await response.json()) as { id: string };
      for (const sub of members) sockets.push({ token: await sign({ tid: tenant, sub, name: sub }), channelId: id });
    }
    const result = await runLoad({ url, sockets, ratePerSocket: 1, seconds: SECONDS });
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
  console.log(`  send→ack: ${measured.latencies.length} acked sends (${measured.failures} refused) from ${CLIENTS} clients over ${SECONDS} s`);
  return [
    { name: `send→ack p99 at ${CLIENTS} sends/s, SQLite WAL (bare socket.io ack as baseline)`, value: percentile(measured.latencies, 99), baseline: percentile(base, 99), unit: 'ms', max: 5 },
    { name: 'server event-loop delay p99 during the run (baseline: send→ack p50)', value: measured.loopP99, baseline: percentile(measured.latencies, 50), unit: 'ms', max: 20 },
  ];
}
