/**
 * Load generator for the send→ack benchmark, in a process of its own. Reads a JSON job
 * from stdin: { url, sockets: [{ token?, channelId }], ratePerSocket, seconds,
 * warmupSeconds?, readyUrl? } and prints { latencies: number[], failures: number } (ms,
 * emit to ack, of the sends after the warm-up) as JSON on stdout.
 *
 * The load is open-loop and spread evenly: socket i of n sends at i/n of the interval
 * and then every interval on a fixed timetable, whether or not its previous send was
 * answered, so a slow server meets the full rate (a client that waited for each ack
 * would send less exactly when the server is slow, and hide the queueing it causes).
 * The same load runs for `warmupSeconds` first, unmeasured, as a server in service is
 * warm (compiled code, prepared statements). When it ends, `readyUrl` is fetched: the
 * bench then notes the server's CPU time and scrapes its /metrics, which resets the
 * event-loop histogram, so those figures, like the latencies, cover the measured sends
 * only (not the connection storm, not the warm-up).
 */
import { io, type Socket } from 'socket.io-client';

interface Job {
  url: string;
  sockets: { token?: string; channelId: string }[];
  ratePerSocket: number;
  seconds: number;
  warmupSeconds?: number;
  readyUrl?: string;
}

/** How long a send may go unanswered before it counts as failed. */
const ACK_TIMEOUT_MS = 10_000;
const TEXT = 'benchmark message of a realistic size, about eighty characters long.';

async function readJob(): Promise<Job> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return JSON.parse(text) as Job;
}

/** Plaza signs in with a token; the bare baseline server is told the socket's channel instead. */
function connect(url: string, token: string | undefined, channelId: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, auth: token ? { token } : { channelId } });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const job = await readJob();
const sockets: Socket[] = [];
for (let i = 0; i < job.sockets.length; i += 50) {
  sockets.push(...(await Promise.all(job.sockets.slice(i, i + 50).map((s) => connect(job.url, s.token, s.channelId)))));
}

const latencies: number[] = [];
let failures = 0;
const interval = 1000 / job.ratePerSocket;
const start = performance.now() + 100;
const measuredFrom = start + (job.warmupSeconds ?? 0) * 1000;
const end = measuredFrom + job.seconds * 1000;
const sends: Promise<void>[] = [];
let ready: Promise<unknown> = Promise.resolve();
if (job.readyUrl) {
  const { readyUrl } = job;
  setTimeout(() => {
    ready = fetch(readyUrl).then((r) => r.text());
  }, measuredFrom - performance.now());
}

/** One send; `measured` when its slot in the timetable lies after the warm-up. */
async function sendOnce(socket: Socket, channelId: string, clientId: string, measured: boolean): Promise<void> {
  const started = performance.now();
  try {
    const answer = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', { channelId, clientId, text: TEXT })) as { ok: boolean };
    if (!measured) return;
    if (answer.ok) latencies.push(performance.now() - started);
    else failures++;
  } catch {
    if (measured) failures++;
  }
}

/** Socket `index` sends at its own phase of every interval until the end. */
function schedule(socket: Socket, index: number, n: number): void {
  const { channelId } = job.sockets[index];
  const at = start + (index / sockets.length) * interval + n * interval;
  if (at >= end) return;
  setTimeout(() => {
    sends.push(sendOnce(socket, channelId, `b${index}-${n}`, at >= measuredFrom));
    schedule(socket, index, n + 1);
  }, at - performance.now());
}

sockets.forEach((socket, index) => schedule(socket, index, 0));
await new Promise((resolve) => setTimeout(resolve, end - performance.now() + 50));
await ready;
await Promise.all(sends);
sockets.forEach((s) => s.close());
process.stdout.write(JSON.stringify({ latencies, failures }));
