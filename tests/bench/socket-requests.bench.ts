/**
 * Socket request round trips through the full Plaza stack (handshake-authenticated
 * socket, zod parsing, handler, ack) against a baseline in the same run: a bare socket.io
 * server on the same machine answering the same number of acked emits.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type PlazaClient } from '@plaza/sdk';
import { Server } from 'socket.io';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startTestServer } from '../../packages/server/src/test-support/index.js';
import { percentile, printTable, type Row } from './report.js';

const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 100;

async function timeAll(run: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

async function plazaRoundTrips(): Promise<number[]> {
  const t = await startTestServer();
  const clients: PlazaClient[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const client = createClient({ url: t.url, token: await t.signUserToken({ sub: `bench-${i}`, name: `Bench ${i}` }) });
      await client.connect();
      clients.push(client);
    }
    const all = await Promise.all(clients.map((c) => timeAll(() => c.request('session:get', {}), REQUESTS_PER_CLIENT)));
    return all.flat();
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await t.close();
  }
}

async function bareSocketIoRoundTrips(): Promise<number[]> {
  const http = createHttpServer();
  const io = new Server(http);
  io.on('connection', (socket) => socket.on('echo', (payload: unknown, ack: (v: unknown) => void) => ack({ ok: true, data: payload })));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const socket = connectSocket(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
      await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      sockets.push(socket);
    }
    const all = await Promise.all(sockets.map((s) => timeAll(() => s.emitWithAck('echo', {}), REQUESTS_PER_CLIENT)));
    return all.flat();
  } finally {
    sockets.forEach((s) => s.close());
    await io.close();
  }
}

export async function run(): Promise<Row[]> {
  const baseline = await bareSocketIoRoundTrips();
  const plaza = await plazaRoundTrips();
  return [
    { name: `socket request p50 (${CLIENTS} clients)`, value: percentile(plaza, 50), baseline: percentile(baseline, 50), unit: 'ms' },
    { name: `socket request p99 (${CLIENTS} clients)`, value: percentile(plaza, 99), baseline: percentile(baseline, 99), unit: 'ms' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) printTable(await run());
