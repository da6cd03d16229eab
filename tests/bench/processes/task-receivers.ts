/**
 * Receivers for the task-move-fanout benchmark, in a process of their own: real SDK
 * clients (`@plaza/sdk`), each with the list's live view (`client.tasks.view({ listId })`)
 * open and subscribed. JSON lines on stdin, answered by JSON lines on stdout:
 *
 * - first line, the job `{ url, tokens: string[], listId }`: connects one client per token,
 *   opens the view in each and waits until every view has loaded; answers `{ ready, tasks }`
 *   (clients ready, tasks in the first view).
 * - `{ cmd: 'collect' }`: starts recording afresh. From then on, whenever a view's store
 *   publishes a task at a version that view had not shown, that is recorded with the status
 *   and rank the store now holds and the time (the stop of the benchmark's clock).
 * - `{ cmd: 'quiet', ms }`: answers `{ quiet: true }` once no store changed for `ms`.
 * - `{ cmd: 'report' }`: answers `{ arrivals: [taskId, version, status, rank, at][] }`.
 *
 * Times are `performance.timeOrigin + performance.now()` (epoch ms), as the mover reads them.
 */
import { createInterface } from 'node:readline';
import { createClient, type PlazaClient, type Task, type TaskView } from '@plaza/sdk';

interface Job {
  url: string;
  tokens: string[];
  listId: string;
}
type Command = { cmd: 'collect' } | { cmd: 'quiet'; ms: number } | { cmd: 'report' };
type Arrival = [taskId: string, version: number, status: string, rank: string, at: number];

/** Clients connecting at once: enough to be quick, few enough not to time out on a loaded machine. */
const CONNECT_BATCH = 20;
const now = () => performance.timeOrigin + performance.now();
const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

let collecting = false;
let arrivals: Arrival[] = [];
let lastChange = 0;

/** Records, for one view, every task whose version changed since that view last published. */
function watch(view: TaskView): void {
  const shown = new Map<string, number>();
  const onTasks = (tasks: readonly Task[]) => {
    const at = now();
    lastChange = at;
    for (const task of tasks) {
      if (shown.get(task.id) === task.version) continue;
      shown.set(task.id, task.version);
      if (collecting) arrivals.push([task.id, task.version, task.status, task.rank, at]);
    }
  };
  onTasks(view.tasks.get());
  view.tasks.subscribe(onTasks);
}

function loaded(view: TaskView): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = view.state.get();
      if (state.error) reject(state.error);
      else if (state.loaded) resolve();
      else return false;
      return true;
    };
    if (check()) return;
    const off = view.state.subscribe(() => check() && off());
  });
}

async function open(job: Job, token: string): Promise<{ client: PlazaClient; view: TaskView }> {
  const client = createClient({ url: job.url, token, requestTimeoutMs: 60_000, connectTimeoutMs: 60_000, outbox: 'memory' });
  await client.connect();
  const view = client.tasks.view({ listId: job.listId });
  await loaded(view);
  watch(view);
  return { client, view };
}

function whenQuiet(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (now() - lastChange >= ms ? resolve() : setTimeout(check, 50));
    check();
  });
}

const opened: { client: PlazaClient; view: TaskView }[] = [];
let job: Job | undefined;
for await (const line of createInterface({ input: process.stdin })) {
  if (!job) {
    job = JSON.parse(line) as Job;
    for (let i = 0; i < job.tokens.length; i += CONNECT_BATCH) {
      opened.push(...(await Promise.all(job.tokens.slice(i, i + CONNECT_BATCH).map((token) => open(job!, token)))));
    }
    answer({ ready: opened.length, tasks: opened[0]?.view.tasks.get().length ?? 0 });
    continue;
  }
  const command = JSON.parse(line) as Command;
  switch (command.cmd) {
    case 'collect':
      arrivals = [];
      collecting = true;
      break;
    case 'quiet':
      await whenQuiet(command.ms);
      answer({ quiet: true });
      break;
    case 'report':
      answer({ arrivals });
      break;
  }
}
for (const { client, view } of opened) {
  view.close();
  await client.close();
}
process.exit(0);
