/**
 * Server heap per idle authenticated connection at 10,000 connections, Plaza against a
 * bare socket.io server given the same clients, each server in a process of its own run
 * with `--expose-gc` (processes/heap-probe-server.ts, which wraps the server and answers
 * "heap after forced GC" on stdin; the server's code has no hook for this).
 *
 * Plaza runs on SQLite in WAL mode with synchronous=NORMAL. Its tenant is made through the
 * operator API, its 10,000 users through `POST /v1/users`, and 1,000 channels of 50 members
 * through `POST /v1/channels`, so that every user is a member of 5 channels. The bare
 * server puts each socket in the same number of rooms Plaza does (tenant, user, 5 channels),
 * named in the handshake. Clients: 4 processes × 2,500 bare socket.io-client sockets
 * (processes/idle-clients.ts), identical for both servers, each sending `{ token, rooms }`.
 *
 * Start: the server's heapUsed after forced GCs once set up and warmed (200 clients
 * connected and cleanly disconnected, so the connection path's code and caches exist).
 * Stop: heapUsed after forced GCs with all 10,000 connected and ready (Plaza: after
 * `session:ready`, i.e. authenticated, provisioned and in its channel rooms) and 2 s of
 * quiet. Per connection = (stop − start) / N. Not a timing: the figure is bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonLinesChild, spawnTsx } from './children.js';
import type { Row } from './report.js';
import { BENCH_ADMIN_TOKEN, createTenant, type BenchTenant } from './tenant.js';

const CONNECTIONS = Number(process.env.PLAZA_BENCH_CONNECTIONS ?? 10_000);
const CLIENT_PROCESSES = 4;
const CHANNELS_PER_USER = 5;
const MEMBERS_PER_CHANNEL = 50;
const WARM_UP = 200;

type Ready = 'connect' | 'session:ready';
interface Client {
  token?: string;
  rooms: string[];
}
interface Memory {
  heapUsed: number;
  external: number;
  rss: number;
}

/** Channel `k·groups + g` holds the users of group g in layer k; each layer groups the users differently. */
function channelsOf(user: number, groups: number): number[] {
  return Array.from({ length: CHANNELS_PER_USER }, (_, layer) => layer * groups + Math.floor(((user + layer * 7) % CONNECTIONS) / MEMBERS_PER_CHANNEL));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, token: string, route: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Users in batches of 1,000, then the channels, four requests at a time. */
async function provisionTenant(url: string, tenant: BenchTenant, userIds: readonly string[], groups: number): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    await post(url, tenant.serverToken(), '/v1/users', { users: userIds.slice(i, i + 1000).map((id) => ({ id, name: id })) });
  }
  const members = new Map<number, string[]>();
  userIds.forEach((id, user) => {
    for (const channel of channelsOf(user, groups)) members.set(channel, [...(members.get(channel) ?? []), id]);
  });
  const channels = [...members.entries()];
  for (let i = 0; i < channels.length; i += 4) {
    await Promise.all(channels.slice(i, i + 4).map(([n, ids]) => post(url, tenant.serverToken(), '/v1/channels', { kind: 'group', name: `channel ${n}`, members: ids })));
  }
}

async function connectClients(url: string, ready: Ready, clients: readonly Client[], processes: number): Promise<JsonLinesChild[]> {
  const share = Math.ceil(clients.length / processes);
  const children = Array.from({ length: processes }, () => new JsonLinesChild(spawnTsx('processes/idle-clients.ts')));
  children.forEach((child, i) => child.send({ url, ready, clients: clients.slice(i * share, (i + 1) * share) }));
  const counts = await Promise.all(children.map((child) => child.next<{ ready: number }>()));
  const connected = counts.reduce((sum, c) => sum + c.ready, 0);
  if (connected !== clients.length) throw new Error(`${connected} of ${clients.length} clients connected`);
  return children;
}

async function heap(server: JsonLinesChild): Promise<Memory> {
  server.send({ cmd: 'heap' });
  return server.next<Memory>();
}

/** Memory per connection of one server, given the clients it gets once it is set up. */
async function measure(name: string, env: Record<string, string>, setUp: (url: string) => Promise<{ ready: Ready; clients: Client[] }>): Promise<Memory> {
  const server = new JsonLinesChild(spawnTsx('processes/heap-probe-server.ts', ['--expose-gc'], env));
  try {
    const { url } = await server.next<{ url: string }>();
    const { ready, clients } = await setUp(url);
    const warm = await connectClients(url, ready, clients.slice(0, WARM_UP), 1);
    await Promise.all(warm.map((child) => child.close()));
    await sleep(1000);
    const before = await heap(server);
    const connecting = performance.now();
    const children = await connectClients(url, ready, clients, CLIENT_PROCESSES);
    console.log(`  idle-memory ${name}: ${clients.length} clients connected in ${((performance.now() - connecting) / 1000).toFixed(1)} s`);
    try {
      await sleep(2000);
      const after = await heap(server);
      return {
        heapUsed: (after.heapUsed - before.heapUsed) / clients.length,
        external: (after.external - before.external) / clients.length,
        rss: (after.rss - before.rss) / clients.length,
      };
    } finally {
      await Promise.all(children.map((child) => child.close()));
    }
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

function raw(): Promise<Memory> {
  const groups = Math.ceil(CONNECTIONS / MEMBERS_PER_CHANNEL);
  return measure('bare socket.io', { BENCH_SERVER: 'raw' }, async () => ({
    ready: 'connect',
    clients: Array.from({ length: CONNECTIONS }, (_, user) => ({
      rooms: ['tenant', `user-${user}`, ...channelsOf(user, groups).map((c) => `channel-${c}`)],
    })),
  }));
}

async function plaza(): Promise<Memory> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-'));
  try {
    const env = { PLAZA_PORT: '0', PLAZA_DATA_DIR: dataDir, PLAZA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN, PLAZA_MASTER_KEY: randomBytes(32).toString('base64') };
    return await measure('Plaza', env, async (url) => {
      const tenant = await createTenant(url);
      const userIds = Array.from({ length: CONNECTIONS }, (_, i) => `user-${i}`);
      const groups = Math.ceil(CONNECTIONS / MEMBERS_PER_CHANNEL);
      const started = performance.now();
      await provisionTenant(url, tenant, userIds, groups);
      console.log(`  idle-memory: ${CONNECTIONS} users in ${CHANNELS_PER_USER * groups} channels set up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // the same auth object as the bare server's clients: Plaza reads the token, ignores the rooms
      return {
        ready: 'session:ready',
        clients: userIds.map((id, user) => ({
          token: tenant.userToken(id),
          rooms: ['tenant', `user-${user}`, ...channelsOf(user, groups).map((c) => `channel-${c}`)],
        })),
      };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Row[]> {
  const base = await raw();
  const measured = await plaza();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `  idle-memory per connection at ${CONNECTIONS}: Plaza heap ${kb(measured.heapUsed)}, external ${kb(measured.external)}, rss ${kb(measured.rss)};` +
      ` bare socket.io heap ${kb(base.heapUsed)}, external ${kb(base.external)}, rss ${kb(base.rss)}`,
  );
  return [
    {
      name: `server heap per idle authenticated connection at ${CONNECTIONS.toLocaleString('en')}, 5 channels each, SQLite WAL (bare socket.io, same clients and rooms, as baseline)`,
      value: measured.heapUsed / 1024,
      baseline: base.heapUsed / 1024,
      unit: 'KB',
      budgetRatio: 1.25,
    },
  ];
}
