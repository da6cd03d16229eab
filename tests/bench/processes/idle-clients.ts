/**
 * Idle clients for the idle-memory benchmark, in a process of their own: bare
 * socket.io-client sockets that connect and then do nothing. The first stdin line is the
 * job `{ url, ready: 'connect' | 'session:ready', clients: [{ token?, rooms }] }`; each
 * socket sends `{ token, rooms }` as its handshake `auth` (Plaza reads the token, the bare
 * server the rooms, so both get the same clients) and counts as ready on `ready`. Answers
 * `{ ready }` once all are; closes them cleanly (a disconnect packet, so no recovery
 * session stays behind on the server) when stdin ends.
 */
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

interface Job {
  url: string;
  ready: 'connect' | 'session:ready';
  clients: { token?: string; rooms: string[] }[];
}

function connect(job: Job, auth: Job['clients'][number]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(job.url, { transports: ['websocket'], reconnection: false, timeout: 60_000, auth });
    socket.once(job.ready, () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const sockets: Socket[] = [];
for await (const line of createInterface({ input: process.stdin })) {
  const job = JSON.parse(line) as Job;
  for (let i = 0; i < job.clients.length; i += 50) {
    sockets.push(...(await Promise.all(job.clients.slice(i, i + 50).map((client) => connect(job, client)))));
  }
  process.stdout.write(`${JSON.stringify({ ready: sockets.length })}\n`);
}
sockets.forEach((socket) => socket.close());
// let the disconnect packets go out before the process ends
await new Promise((resolve) => setTimeout(resolve, 500));
process.exit(0);
