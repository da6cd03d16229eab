/**
 * A task move reaching 100 other clients' stores. Plaza runs in a process of its own on
 * SQLite in WAL mode with synchronous=NORMAL (a committed move survives a process kill),
 * as in production (NODE_ENV=production, logs at info), and commits every move before its
 * answer and its pushes.
 *
 * One mover (processes/task-mover.ts, a real `@plaza/sdk` client in a process of its own)
 * owns a list of 60 tasks over three columns; 100 receivers (processes/task-receivers.ts,
 * real SDK clients in one other process) are its viewers, each with the list's live view
 * open and subscribed. The mover moves tasks open-loop at 20 moves/s for 10 s, each to the
 * next column at its bottom, before its first card or after a random card (a task's moves
 * never overlap). Start: just before the mover calls `client.tasks.move()`. Stop: a
 * receiver's view store publishes that task at the version the server answered the move
 * with, holding the same status and rank. Both read `performance.timeOrigin +
 * performance.now()`, the same machine clock. Moves started in the first second are left
 * out; the figure pools both Plaza runs.
 *
 * Baseline, same run: the bare socket.io broadcast server of the fan-out benchmark
 * (processes/raw-broadcast-server.ts: one room, each `chat:send` broadcast, then acked),
 * 100 bare socket.io-client receivers in another process (processes/fan-out-receivers.ts)
 * and one sender at the same rate (processes/fan-out-senders.ts) with payloads as long as
 * one task's JSON. Both servers run side by side with their receivers connected, and the
 * runs alternate A-B-B-A (bare, Plaza, Plaza, bare), so that a drift in what the rest of
 * the machine does weighs on both alike.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startNode } from '../cluster/node-process.js';
import { JsonLinesChild, listeningUrl, runToEnd, spawnTsx } from './children.js';
import { percentile, type Row } from './report.js';
import { BENCH_ADMIN_TOKEN, createTenant } from './tenant.js';

const RECEIVERS = Number(process.env.PLAZA_BENCH_TASK_RECEIVERS ?? 100);
const SECONDS = Number(process.env.PLAZA_BENCH_SECONDS ?? 10);
const RATE = 20;
const TASKS = 60;
const WARM_UP_MS = 1000;

const now = () => performance.timeOrigin + performance.now();

/** `[taskId, version, status, rank, startedAt, ackedAt]` as the mover reports a move. */
type Move = [string, number, string, string, number, number];
/** `[taskId, version, status, rank, at]` as the receivers report a store change. */
type Arrival = [string, number, string, string, number];

interface Run {
  /** Start→stop in ms of every delivery of a move started after the warm-up. */
  latencies: number[];
  /** Move→answer in ms, same moves (Plaza only). */
  acks: number[];
  /** Moves (or sends) after the warm-up that were answered, and deliveries of them seen. */
  counted: number;
  delivered: number;
  failed: number;
  /** Deliveries whose store showed another status or rank than the server answered. */
  mismatched: number;
  /** Per move: start→first receiver, and first→last receiver, in ms (where the time goes). */
  firsts: number[];
  spreads: number[];
}

interface Side {
  name: string;
  run(): Promise<Run>;
  stop(): Promise<unknown>;
}

async function everyReceiver<T>(receivers: JsonLinesChild, command: unknown): Promise<T> {
  receivers.send(command);
  return receivers.next<T>();
}

/** Plaza, its mover and its receivers, the list set up and every view loaded. */
async function startPlaza(): Promise<Side & { taskBytes: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-'));
  const children: JsonLinesChild[] = [];
  const { node, url } = await startNode(
    'task-move-fanout',
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
  const stop = async () => {
    await Promise.all(children.map((child) => child.close()));
    await node.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const tenant = await createTenant(url);
    const viewers = Array.from({ length: RECEIVERS }, (_, i) => `viewer-${i}`);
    const mover = new JsonLinesChild(spawnTsx('processes/task-mover.ts'));
    children.push(mover);
    mover.send({ url, token: tenant.userToken('mover'), viewers, tasks: TASKS });
    const { listId, taskBytes } = await mover.next<{ listId: string; taskBytes: number }>();
    const receivers = new JsonLinesChild(spawnTsx('processes/task-receivers.ts'));
    children.push(receivers);
    receivers.send({ url, listId, tokens: viewers.map((id) => tenant.userToken(id)) });
    const ready = await receivers.next<{ ready: number; tasks: number }>();
    if (ready.ready !== RECEIVERS || ready.tasks !== TASKS) throw new Error(`receivers: ${ready.ready} ready, ${ready.tasks} tasks in view`);
    const run = async (): Promise<Run> => {
      receivers.send({ cmd: 'collect' });
      mover.send({ cmd: 'move', perSecond: RATE, seconds: SECONDS });
      const moved = await mover.next<{ from: number; moves: Move[]; failed: number }>();
      await everyReceiver(receivers, { cmd: 'quiet', ms: 1000 });
      const { arrivals } = await everyReceiver<{ arrivals: Arrival[] }>(receivers, { cmd: 'report' });
      return joinMoves(moved.moves.filter((m) => m[4] >= moved.from + WARM_UP_MS), arrivals, moved.failed);
    };
    return { name: 'Plaza', run, stop, taskBytes };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Per message (keyed by `key`): the first delivery's latency, and how long after it the last one came. */
function firstAndSpread(deliveries: Iterable<[key: string, latency: number]>): { firsts: number[]; spreads: number[] } {
  const range = new Map<string, [number, number]>();
  for (const [key, latency] of deliveries) {
    const seen = range.get(key);
    range.set(key, seen ? [Math.min(seen[0], latency), Math.max(seen[1], latency)] : [latency, latency]);
  }
  const ranges = [...range.values()];
  return { firsts: ranges.map(([first]) => first), spreads: ranges.map(([first, last]) => last - first) };
}

/** Each counted move's deliveries: the first time each receiver's store showed its version. */
function joinMoves(moves: Move[], arrivals: Arrival[], failed: number): Run {
  const byKey = new Map(moves.map((move) => [`${move[0]}:${move[1]}`, move]));
  const deliveries: [string, number][] = [];
  let mismatched = 0;
  for (const [taskId, version, status, rank, at] of arrivals) {
    const key = `${taskId}:${version}`;
    const move = byKey.get(key);
    if (!move) continue;
    if (move[2] !== status || move[3] !== rank) mismatched++;
    deliveries.push([key, at - move[4]]);
  }
  const latencies = deliveries.map(([, latency]) => latency);
  return { latencies, acks: moves.map((m) => m[5] - m[4]), counted: moves.length, delivered: latencies.length, failed, mismatched, ...firstAndSpread(deliveries) };
}

/** The bare broadcast server and its receivers; payloads padded to `taskBytes`. */
async function startRaw(taskBytes: number): Promise<Side> {
  const server = spawnTsx('processes/raw-broadcast-server.ts');
  let receivers: JsonLinesChild | undefined;
  const stop = async () => {
    await receivers?.close();
    server.kill('SIGKILL');
  };
  try {
    const url = await listeningUrl(server);
    const rx = (receivers = new JsonLinesChild(spawnTsx('processes/fan-out-receivers.ts')));
    rx.send({ url, ready: 'connect', tokens: Array.from({ length: RECEIVERS }, () => null) });
    const { ready } = await rx.next<{ ready: number }>();
    if (ready !== RECEIVERS) throw new Error(`bare receivers: ${ready} ready`);
    // What the broadcast carries besides the text (fan-out-senders' client ids are this long).
    const envelope = JSON.stringify({ channelId: 'channel', clientId: 'fabcdef-0-000', text: '', seq: 1000 }).length;
    const run = async (): Promise<Run> => {
      rx.send({ cmd: 'collect', latencySince: now() });
      const sent = await runToEnd<{ from: number; acked: number; failed: number }>('processes/fan-out-senders.ts', {
        url,
        senders: [{ channelId: 'channel' }],
        ready: 'connect',
        seconds: SECONDS,
        textLength: Math.max(0, taskBytes - envelope),
        load: { kind: 'rate', perSecond: RATE },
      });
      await everyReceiver(rx, { cmd: 'quiet', ms: 1000 });
      const report = await everyReceiver<{ latencies: number[] }>(rx, { cmd: 'report' });
      // [sentAt, latency] pairs, flattened; the send time names the message
      const deliveries: [string, number][] = [];
      for (let i = 0; i < report.latencies.length; i += 2) {
        if (report.latencies[i] >= sent.from + WARM_UP_MS) deliveries.push([String(report.latencies[i]), report.latencies[i + 1]]);
      }
      const spread = firstAndSpread(deliveries);
      const latencies = deliveries.map(([, latency]) => latency);
      return { latencies, acks: [], counted: spread.firsts.length, delivered: latencies.length, failed: sent.failed, mismatched: 0, ...spread };
    };
    return { name: 'bare socket.io', run, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function describe(name: string, runs: Run[]): void {
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
  for (const r of runs) {
    console.log(
      `  task-move-fanout ${name} at ${RATE}/s × ${RECEIVERS} receivers: ${r.counted} counted, ${r.failed} failed, ${r.delivered}/${r.counted * RECEIVERS} deliveries seen` +
        `${r.mismatched ? `, ${r.mismatched} with another status or rank` : ''}; p50 ${ms(r.latencies, 50)}, p90 ${ms(r.latencies, 90)}, p99 ${ms(r.latencies, 99)},` +
        ` max ${Math.max(0, ...r.latencies).toFixed(1)} ms; per ${name === 'Plaza' ? 'move' : 'send'} start→first receiver p50 ${ms(r.firsts, 50)}, p99 ${ms(r.firsts, 99)},` +
        ` first→last receiver p50 ${ms(r.spreads, 50)}, p99 ${ms(r.spreads, 99)}${r.acks.length ? `; move→answer p50 ${ms(r.acks, 50)}, p99 ${ms(r.acks, 99)}` : ''}`,
    );
  }
}

export async function run(): Promise<Row[]> {
  const sides: Side[] = [];
  try {
    const plaza = await startPlaza();
    sides.push(plaza);
    const raw = await startRaw(plaza.taskBytes);
    sides.push(raw);
    // A-B-B-A: a drift in the machine's load (other work shares its two cores) weighs on both alike.
    const runs = new Map<Side, Run[]>([
      [raw, []],
      [plaza, []],
    ]);
    for (const side of [raw, plaza, plaza, raw]) runs.get(side)!.push(await side.run());
    describe(raw.name, runs.get(raw)!);
    describe(plaza.name, runs.get(plaza)!);
    const measured = runs.get(plaza)!.flatMap((r) => r.latencies);
    const base = runs.get(raw)!.flatMap((r) => r.latencies);
    if (measured.length === 0) throw new Error('no move reached a receiver');
    return [
      {
        name: `task move → ${RECEIVERS} other clients' stores p99 at ${RATE} moves/s, SQLite WAL (bare socket.io broadcast of ${plaza.taskBytes} B as baseline)`,
        value: percentile(measured, 99),
        baseline: percentile(base, 99),
        unit: 'ms',
        max: 50,
      },
    ];
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
}
