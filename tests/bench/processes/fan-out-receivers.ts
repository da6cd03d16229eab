/**
 * Receivers for the fan-out benchmark, in a process of their own: bare socket.io-client
 * sockets that only listen for `chat:message`. Driven by JSON lines on stdin, answered by
 * JSON lines on stdout:
 *
 * - first line, the job `{ url, tokens: (string | null)[], ready: 'connect' | 'session:ready' }`:
 *   one socket per token (null: no `auth`), each counted ready on `ready`; answers `{ ready: n }`.
 * - `{ cmd: 'collect', latencySince?: epochMs }`: starts counting afresh. Deliveries are
 *   counted per 100 ms of arrival time (epoch ms / 100); with `latencySince`, every delivery
 *   of a message sent at or after it also records its send time and send→receive in ms (the sender writes its
 *   send time in the text as `t=<epoch ms>`).
 * - `{ cmd: 'quiet', ms }`: answers `{ quiet: true }` once no delivery arrived for `ms`.
 * - `{ cmd: 'report' }`: answers `{ buckets: [[bucket, count]…], latencies: [sentAt, ms, sentAt, ms…] }`.
 *
 * Times are `performance.timeOrigin + performance.now()`, the machine's clock as the
 * sender process reads it too.
 */
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

interface Job {
  url: string;
  tokens: (string | null)[];
  ready: 'connect' | 'session:ready';
}
type Command = { cmd: 'collect'; latencySince?: number } | { cmd: 'quiet'; ms: number } | { cmd: 'report' };

const now = () => performance.timeOrigin + performance.now();
const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

let buckets = new Map<number, number>();
let latencies: number[] = [];
let latencySince = Number.POSITIVE_INFINITY;
let lastDelivery = 0;

function onMessage(message: { text?: string }): void {
  const at = now();
  lastDelivery = at;
  const bucket = Math.floor(at / 100);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  const sentAt = Number(/^t=([\d.]+) /.exec(message.text ?? '')?.[1]);
  if (sentAt >= latencySince) latencies.push(sentAt, at - sentAt);
}

function connect(job: Job, token: string | null): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(job.url, { transports: ['websocket'], reconnection: false, ...(token ? { auth: { token } } : {}) });
    socket.on('chat:message', onMessage);
    socket.once(job.ready, () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function whenQuiet(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (now() - lastDelivery >= ms ? resolve() : setTimeout(check, 50));
    check();
  });
}

const lines = createInterface({ input: process.stdin });
const sockets: Socket[] = [];
let job: Job | undefined;
for await (const line of lines) {
  if (!job) {
    job = JSON.parse(line) as Job;
    for (let i = 0; i < job.tokens.length; i += 50) {
      sockets.push(...(await Promise.all(job.tokens.slice(i, i + 50).map((token) => connect(job!, token)))));
    }
    answer({ ready: sockets.length });
    continue;
  }
  const command = JSON.parse(line) as Command;
  switch (command.cmd) {
    case 'collect':
      buckets = new Map();
      latencies = [];
      latencySince = command.latencySince ?? Number.POSITIVE_INFINITY;
      break;
    case 'quiet':
      await whenQuiet(command.ms);
      answer({ quiet: true });
      break;
    case 'report':
      answer({ buckets: [...buckets], latencies });
      break;
  }
}
sockets.forEach((socket) => socket.close());
