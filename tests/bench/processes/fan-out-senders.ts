/**
 * Senders for the fan-out benchmark, in a process of their own. Reads a JSON job from
 * stdin: `{ url, senders: [{ token?, channelId }], ready, seconds, textLength, load }` where
 * `load` is `{ kind: 'saturate', window }` (each sender keeps `window` acked `chat:send`s in
 * flight, as fast as acks allow) or `{ kind: 'rate', perSecond }` (that many sends a second
 * in total, on a fixed schedule whatever the acks do). Every text starts with `t=<send
 * time, epoch ms>` and is padded to `textLength`. Prints `{ from, to, sent, acked, failed }`
 * as JSON on stdout, `from`/`to` being the epoch ms the load ran between.
 */
import { io, type Socket } from 'socket.io-client';

interface Job {
  url: string;
  senders: { token?: string; channelId: string }[];
  ready: 'connect' | 'session:ready';
  seconds: number;
  textLength: number;
  load: { kind: 'saturate'; window: number } | { kind: 'rate'; perSecond: number };
}

const now = () => performance.timeOrigin + performance.now();
const FILLER = ' fan-out benchmark message, padded to the same length for both servers.'.repeat(100);

async function readJob(): Promise<Job> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return JSON.parse(text) as Job;
}

function connect(url: string, token: string | undefined, ready: Job['ready']): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, ...(token ? { auth: { token } } : {}) });
    socket.once(ready, () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const job = await readJob();
const sockets = await Promise.all(job.senders.map((s) => connect(job.url, s.token, job.ready)));
const run = Math.random().toString(36).slice(2, 8);
const counts = { sent: 0, acked: 0, failed: 0 };

async function send(index: number): Promise<void> {
  const n = counts.sent++;
  const stamp = `t=${now().toFixed(3)} `;
  const text = stamp + FILLER.slice(0, Math.max(0, job.textLength - stamp.length));
  try {
    const reply = (await sockets[index].timeout(30_000).emitWithAck('chat:send', { channelId: job.senders[index].channelId, clientId: `f${run}-${index}-${n}`, text })) as { ok: boolean };
    if (reply.ok) counts.acked++;
    else counts.failed++;
  } catch {
    counts.failed++;
  }
}

const from = now();
const end = from + job.seconds * 1000;
const load = job.load;
if (load.kind === 'saturate') {
  const lanes = sockets.flatMap((_, index) => Array.from({ length: load.window }, () => index));
  await Promise.all(
    lanes.map(async (index) => {
      while (now() < end) await send(index);
    }),
  );
} else {
  // Open loop: each sender keeps its own schedule, at a random phase, without waiting for acks.
  const interval = (1000 * sockets.length) / load.perSecond;
  const inFlight: Promise<void>[] = [];
  await Promise.all(
    sockets.map(async (_, index) => {
      let next = from + Math.random() * interval;
      while (next < end) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - now())));
        inFlight.push(send(index));
        next += interval;
      }
    }),
  );
  await Promise.all(inFlight);
}
const to = Math.min(now(), end);
sockets.forEach((socket) => socket.close());
process.stdout.write(JSON.stringify({ from, to, ...counts }));
