/**
 * Load generator for the send→ack benchmark, in a process of its own. Reads a JSON job
 * from stdin: { url, sockets: [{ token?, channelId }], ratePerSocket, seconds }; each socket
 * sends `ratePerSocket` acked `chat:send` requests a second at a random phase and the
 * process prints { latencies: number[] } (ms, send to ack) as JSON on stdout.
 */
import { io, type Socket } from 'socket.io-client';

interface Job {
  url: string;
  sockets: { token?: string; channelId: string }[];
  ratePerSocket: number;
  seconds: number;
}

async function readJob(): Promise<Job> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return JSON.parse(text) as Job;
}

function connect(url: string, token: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, ...(token ? { auth: { token } } : {}) });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const job = await readJob();
const sockets: Socket[] = [];
for (let i = 0; i < job.sockets.length; i += 50) {
  sockets.push(...(await Promise.all(job.sockets.slice(i, i + 50).map((s) => connect(job.url, s.token)))));
}
const latencies: number[] = [];
const interval = 1000 / job.ratePerSocket;
const end = performance.now() + job.seconds * 1000;
let failures = 0;
await Promise.all(
  sockets.map(async (socket, index) => {
    const { channelId } = job.sockets[index];
    await new Promise((r) => setTimeout(r, Math.random() * interval));
    let n = 0;
    while (performance.now() < end) {
      const started = performance.now();
      const answer = (await socket.timeout(10_000).emitWithAck('chat:send', { channelId, clientId: `b${index}-${n++}`, text: 'benchmark message of a realistic size, about eighty characters long.' })) as { ok: boolean };
      if (answer.ok) latencies.push(performance.now() - started);
      else failures++;
      await new Promise((r) => setTimeout(r, Math.max(0, interval - (performance.now() - started))));
    }
  }),
);
sockets.forEach((s) => s.close());
process.stdout.write(JSON.stringify({ latencies, failures }));
