/**
 * Public ticket form endpoint throughput: valid submissions/s (`POST /v1/public/tickets`
 * answered 201) at saturation, from many client addresses, and in the same run one
 * address over its limit refused with 429.
 *
 * Plaza runs in a process of its own as in production (NODE_ENV=production, logs at info,
 * default options: the per-address limit of new tickets stays at its default, 20 per 10
 * minutes, and PLAZA_TRUST_PROXY is unset, so the client address is the socket's), on
 * SQLite in WAL mode with synchronous=NORMAL. The tenant allows the Origin the load sends.
 * The load comes from another process (processes/public-tickets-load.ts), closed-loop:
 * `PLAZA_BENCH_CONCURRENCY` submissions in flight; each loopback address (127.0.1.1,
 * 127.0.1.2, …: Linux routes 127.0.0.0/8 to lo) files 10 tickets — half its limit — over
 * one connection and is not used again, and every submission has its own email (the
 * per-email limit is 5 an hour). So no forwarded header is trusted and no limit is raised:
 * the addresses are many, each under its limit.
 * Clock: 2 s of the same load unmeasured (compiled code, prepared statements), then
 * `PLAZA_BENCH_SECONDS` measured. Throughput: 201s answered inside the measured seconds,
 * per second; latency: from writing the request to the end of the answer, for the 201s
 * that started and ended inside them.
 * Over-limit check, same run: from 127.0.0.2, the per-address limit + 10 submissions spread
 * over the measured seconds; the first `limit` must be 201, the rest 429 with Retry-After.
 *
 * Baseline, same run and load: a bare node:http server that checks the Origin, parses the
 * same JSON body and writes one row into SQLite with the same durability, then answers 201
 * (processes/raw-ticket-server.ts) — the least a public ticket endpoint has to do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PUBLIC_TICKET_LIMITS } from '../../packages/server/src/tickets/public-guard.js';
import { startNode } from '../cluster/node-process.js';
import { listeningUrl, runToEnd, spawnTsx } from './children.js';
import { percentile, type Row } from './report.js';
import { BENCH_ADMIN_TOKEN, createTenant } from './tenant.js';

const SECONDS = Number(process.env.PLAZA_BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.PLAZA_BENCH_CONCURRENCY ?? 16);
const WARMUP_SECONDS = 2;
const PER_ADDRESS = 10;
const ORIGIN = 'https://support.bench.example';
const ABUSER = '127.0.0.2';
const LIMIT = DEFAULT_PUBLIC_TICKET_LIMITS.perIp.max;
const ABUSER_COUNT = LIMIT + 10;

interface Answer {
  status: number;
  retryAfter?: string;
}

interface LoadResult {
  accepted: number;
  latencies: number[];
  statuses: Record<string, number>;
  submitted: number;
  addresses: number;
  measuredSeconds: number;
  abuser: Answer[];
  /** CPU time (user + system) the server spent per 201, warm-up included, in µs: steadier than the rates on a shared machine. */
  cpuPerAccepted: number;
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

async function load(url: string, tenant: string, server: number | undefined): Promise<LoadResult> {
  const cpuBefore = cpuMs(server);
  const result = await runToEnd<Omit<LoadResult, 'cpuPerAccepted'>>('processes/public-tickets-load.ts', {
    url,
    tenant,
    origin: ORIGIN,
    concurrency: CONCURRENCY,
    perAddress: PER_ADDRESS,
    warmupSeconds: WARMUP_SECONDS,
    seconds: SECONDS,
    abuser: { address: ABUSER, count: ABUSER_COUNT },
  });
  const accepted = result.statuses['201'] ?? 0;
  return { ...result, cpuPerAccepted: ((cpuMs(server) - cpuBefore) * 1000) / accepted };
}

async function baseline(dataDir: string): Promise<LoadResult> {
  const server = spawnTsx('processes/raw-ticket-server.ts', [], { RAW_TICKETS_DIR: dataDir });
  try {
    return await load(await listeningUrl(server), 'bench', server.pid);
  } finally {
    server.kill('SIGKILL');
  }
}

async function plaza(dataDir: string): Promise<LoadResult> {
  const { node, url } = await startNode(
    'bench',
    {
      NODE_ENV: 'production',
      CLUSTER_LOG_LEVEL: 'info',
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    },
    30_000,
  );
  try {
    const tenant = await createTenant(url, [ORIGIN]);
    return await load(url, tenant.id, node.process.pid);
  } finally {
    await node.kill();
  }
}

function describe(name: string, result: LoadResult): string {
  const ms = (p: number) => `${percentile(result.latencies, p).toFixed(1)} ms`;
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${count}× ${status === '0' ? 'no answer' : status}`)
    .join(', ');
  return `  ${name}: ${(result.accepted / result.measuredSeconds).toFixed(0)} submissions/s (201) over ${result.measuredSeconds} s, latency p50 ${ms(50)}, p99 ${ms(99)}; all answers ${statuses} from ${result.addresses} addresses; server CPU ${result.cpuPerAccepted.toFixed(0)} µs per 201`;
}

export async function run(): Promise<Row[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-tickets-'));
  let base: LoadResult;
  let measured: LoadResult;
  try {
    base = await baseline(mkdtempSync(path.join(dataDir, 'raw-')));
    measured = await plaza(mkdtempSync(path.join(dataDir, 'plaza-')));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const refused = measured.abuser.filter((a) => a.status === 429);
  const refusedWithRetry = refused.filter((a) => a.retryAfter !== undefined && Number(a.retryAfter) > 0);
  const acceptedFirst = measured.abuser.slice(0, LIMIT).every((a) => a.status === 201);
  console.log(`  ${CONCURRENCY} submissions in flight, ${PER_ADDRESS} per client address, per-address limit ${LIMIT} (default, not raised), no forwarded headers trusted`);
  console.log(describe('Plaza, SQLite WAL', measured));
  console.log(describe('baseline, node:http + one SQLite insert', base));
  console.log(
    `  one address (${ABUSER}) sending ${ABUSER_COUNT} over the measured seconds: ${measured.abuser.map((a) => a.status).join(' ')};` +
      ` first ${LIMIT} all 201: ${acceptedFirst ? 'yes' : 'NO'}; ${refused.length} × 429, ${refusedWithRetry.length} of them with Retry-After (${refused[0]?.retryAfter ?? '–'} s on the first)`,
  );
  const rate = (r: LoadResult) => r.accepted / r.measuredSeconds;
  const p99 = percentile(measured.latencies, 99);
  return [
    { name: `public ticket submissions/s (201) at ${CONCURRENCY} in flight from many addresses, SQLite WAL (baseline: node:http + one SQLite insert)`, value: rate(measured), baseline: rate(base), unit: '/s', min: 500 },
    { name: `public ticket submission latency p99 at saturation (baseline: the same server's p50)`, value: p99, baseline: percentile(measured.latencies, 50), unit: 'ms' },
    {
      name: `429s with Retry-After for one address sending ${ABUSER_COUNT}, limit ${LIMIT} (baseline: submissions over the limit)`,
      value: acceptedFirst ? refusedWithRetry.length : 0,
      baseline: ABUSER_COUNT - LIMIT,
      unit: 'answers',
      min: ABUSER_COUNT - LIMIT,
    },
  ];
}
