/**
 * A server for the idle-memory benchmark, run with `--expose-gc`: Plaza, built as
 * tests/cluster/chat-kill-node.ts builds it (configured from PLAZA_*, warnings to stderr),
 * or with BENCH_SERVER=raw a bare socket.io server whose sockets join the rooms their
 * handshake's `auth.rooms` names. JSON lines: prints `{ url }` once listening, and answers
 * every `{ cmd: 'heap' }` on stdin with the process's memory after forced full GCs. The
 * server's own code is untouched: the GC hook lives only in this wrapper.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { Server } from 'socket.io';

const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function plaza(): Promise<string> {
  // imported here, so the bare server's heap holds none of Plaza's modules
  const { createServer } = await import('../../../packages/server/src/app.js');
  const { loadConfig } = await import('../../../packages/server/src/config/config.js');
  const server = await createServer({ config: loadConfig(process.env), logger: pino({ level: 'warn' }, pino.destination(2)) });
  return server.listen();
}

async function raw(): Promise<string> {
  const http = createHttpServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    const rooms = (socket.handshake.auth as { rooms?: unknown }).rooms;
    if (Array.isArray(rooms)) void socket.join(rooms.filter((room): room is string => typeof room === 'string'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** Full collections until the heap stops shrinking, with a turn of the event loop between (finalizers, weak callbacks). */
async function memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  let previous = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= previous) break;
    previous = used;
  }
  return process.memoryUsage();
}

answer({ url: await (process.env.BENCH_SERVER === 'raw' ? raw() : plaza()) });
for await (const line of createInterface({ input: process.stdin })) {
  if ((JSON.parse(line) as { cmd?: string }).cmd === 'heap') answer(await memoryAfterGc());
}
process.exit(0);
