/**
 * The mover for the task-move-fanout benchmark, in a process of its own: one real SDK
 * client (`@plaza/sdk`, `client.tasks`) that owns a task list and moves its tasks. JSON
 * lines on stdin, answered by JSON lines on stdout:
 *
 * - first line, the job `{ url, token, viewers: string[], tasks: number }`: creates a list
 *   with those host users as viewers and `tasks` tasks spread over its three columns, opens
 *   the list's view (so moves are placed against the board as this client shows it);
 *   answers `{ listId, taskBytes }`, `taskBytes` being the length of one task as JSON
 *   (what each `tasks:task` push carries), for the baseline's payload.
 * - `{ cmd: 'move', perSecond, seconds }`: moves tasks open-loop on a fixed schedule (a
 *   move is started every 1/perSecond s whether or not earlier ones were answered), taking
 *   the tasks in turn so a task's moves never overlap; each goes to the next status column,
 *   at its bottom, before its first card or after a random card. Answers `{ from, to,
 *   moves: [taskId, version, status, rank, startedAt, ackedAt][], failed }`: the version,
 *   status and rank are the server's answer, which its push to every viewer carries too.
 *
 * Times are `performance.timeOrigin + performance.now()` (epoch ms), as the receivers read them.
 */
import { createInterface } from 'node:readline';
import { createClient, type MoveTarget, type Task, type TaskStatus } from '@plaza/sdk';

interface Job {
  url: string;
  token: string;
  viewers: string[];
  tasks: number;
}
interface MoveCommand {
  cmd: 'move';
  perSecond: number;
  seconds: number;
}
type Move = [taskId: string, version: number, status: TaskStatus, rank: string, startedAt: number, ackedAt: number];

const COLUMNS: readonly TaskStatus[] = ['todo', 'in_progress', 'done'];
const now = () => performance.timeOrigin + performance.now();
const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function nextLine<T>(): Promise<T | null> {
  const line = await lines.next();
  return line.done ? null : (JSON.parse(line.value) as T);
}

const job = (await nextLine<Job>())!;
const client = createClient({ url: job.url, token: job.token, requestTimeoutMs: 30_000, outbox: 'memory' });
await client.connect();
const list = await client.tasks.createList({ name: 'Fan-out board', members: job.viewers.map((userId) => ({ userId, role: 'viewer' as const })) });
const ids: string[] = [];
let sample: Task | undefined;
for (let i = 0; i < job.tasks; i++) {
  sample = await client.tasks.create({ listId: list.id, title: `Benchmark task ${i + 1}`, status: COLUMNS[i % COLUMNS.length], labels: ['bench'] });
  ids.push(sample.id);
}
const view = client.tasks.view({ listId: list.id });
await new Promise<void>((resolve) => {
  const check = () => {
    if (!view.state.get().loaded) return;
    off();
    resolve();
  };
  const off = view.state.subscribe(check);
  check();
});
answer({ listId: list.id, taskBytes: JSON.stringify(sample).length });

/** Where move `n` of a task now in `task.status` goes: the next column, at one of three places in it. */
function targetOf(task: Task, n: number): MoveTarget {
  const status = COLUMNS[(COLUMNS.indexOf(task.status) + 1) % COLUMNS.length];
  const column = view.tasks.get().filter((t) => t.status === status && t.id !== task.id);
  // Shifted every round of the tasks, so each task goes to every kind of place in turn.
  const place = (n + Math.floor(n / ids.length)) % 3;
  if (place === 1 && column.length > 0) return { status, before: column[0].id };
  if (place === 2 && column.length > 0) return { status, after: column[Math.floor(Math.random() * column.length)].id };
  return { status };
}

async function moveOnce(n: number, moves: Move[], counts: { failed: number }): Promise<void> {
  const task = client.tasks.get(ids[n % ids.length]);
  if (!task) {
    counts.failed++;
    return;
  }
  const target = targetOf(task, n);
  const startedAt = now();
  try {
    const { task: moved } = await client.tasks.move(task.id, target);
    moves.push([moved.id, moved.version, moved.status, moved.rank, startedAt, now()]);
  } catch {
    counts.failed++;
  }
}

for (let command = await nextLine<MoveCommand>(); command; command = await nextLine<MoveCommand>()) {
  const moves: Move[] = [];
  const counts = { failed: 0 };
  const inFlight: Promise<void>[] = [];
  const interval = 1000 / command.perSecond;
  const from = now();
  const end = from + command.seconds * 1000;
  for (let n = 0, next = from; next < end; n++, next += interval) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - now())));
    inFlight.push(moveOnce(n, moves, counts));
  }
  await Promise.all(inFlight);
  answer({ from, to: Math.min(now(), end), moves, failed: counts.failed });
}
view.close();
await client.close();
process.exit(0);
