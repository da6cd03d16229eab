import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Message, type PlazaClient } from '@plaza/sdk';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, signHs256 } from '../../packages/server/src/test-support/index.js';
import { TcpBalancer } from './balancer.js';
import { checkHistories, type ResolvedSend, type SeenMessage, type StoredRow } from './history-check.js';
import { startNode, type NodeProcess } from './node-process.js';

/**
 * kill -9 of one of two Plaza nodes (child processes on one PostgreSQL database and one
 * Redis, behind a round-robin TCP balancer) while six clients send: afterwards every
 * client's history of the channel equals the database's, with nothing lost, nothing
 * twice and nothing out of order.
 */

const REDIS_URL = process.env.PLAZA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_ADMIN_URL = process.env.PLAZA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_TOKEN = 'cluster-admin-token-0123456789';
const USERS = 6;
const SENDS_PER_USER = 40;
const SEND_INTERVAL_MS = 50;
/** The node is killed once this many sends have been made, in all. */
const KILL_AFTER_SENDS = (USERS * SENDS_PER_USER) / 2;
/** Every single wait gives up after this long with a message saying what it waited for. */
const STEP_LIMIT_MS = 20_000;
/** From the first send until every send resolved. */
const SEND_PHASE_LIMIT_MS = 60_000;
/** From the last resolved send until every client holds the database's count. */
const CONVERGE_LIMIT_MS = 15_000;

/** Why this machine cannot run the test, or null when PostgreSQL and Redis both answer. */
async function missingServices(): Promise<string | null> {
  const missing: string[] = [];
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    missing.push(`PostgreSQL does not answer at ${PG_ADMIN_URL} (${(error as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!(await redisAnswers(REDIS_URL))) missing.push(`Redis does not answer PING at ${REDIS_URL}`);
  return missing.length ? missing.join('; ') : null;
}

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // a password-protected Redis answers -NOAUTH: it is there, and the node reports the rest
    socket.once('data', (data: Buffer) => done(/^(\+PONG|-NOAUTH)/.test(data.toString('utf8'))));
  });
}

const unavailable = await missingServices();
if (unavailable && process.env.PLAZA_TEST_REQUIRE_POSTGRES === '1') throw new Error(`the cluster test needs both: ${unavailable}`);
if (unavailable) console.warn(`cluster kill -9 test SKIPPED: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms: ${what()}`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `ready` every 50 ms; fails naming `what` after `ms`. */
async function until(ready: () => boolean | Promise<boolean>, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${ms} ms: ${what()}`);
    await sleep(50);
  }
}

describe.skipIf(unavailable !== null)('kill -9 of one node of two under a steady send load', () => {
  const cleanups: Array<() => unknown> = [];

  afterAll(async () => {
    // every step runs, whatever the one before it did
    for (const cleanup of cleanups.reverse()) {
      try {
        await within(Promise.resolve(cleanup()), 10_000, () => 'a cleanup step');
      } catch (error) {
        console.warn(`cluster test cleanup: ${(error as Error).message}`);
      }
    }
  });

  it('loses, repeats and reorders nothing: every client history equals the database', { timeout: 85_000 }, async () => {
    const started = Date.now();
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-cluster-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const runId = randomBytes(4).toString('hex');
    const env = {
      PLAZA_PORT: '0',
      PLAZA_HOST: '127.0.0.1',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_DATABASE_URL: database.url,
      PLAZA_REDIS_URL: REDIS_URL,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
      PLAZA_ADMIN_TOKEN: ADMIN_TOKEN,
      CLUSTER_REDIS_PREFIX: `plaza-cluster-${runId}:`,
    };

    // two nodes, one after the other (the first one migrates the fresh database)
    const nodes: NodeProcess[] = [];
    const backends: Array<{ host: string; port: number }> = [];
    for (const name of ['A', 'B']) {
      const { node, url } = await startNode(name, env, STEP_LIMIT_MS);
      nodes.push(node);
      cleanups.push(() => node.kill());
      const { hostname, port } = new URL(url);
      backends.push({ host: hostname, port: Number(port) });
    }
    const balancer = new TcpBalancer(backends);
    const url = await balancer.listen();
    cleanups.push(() => balancer.close());

    // a tenant (operator API) and a group channel of six users (integration API), through the balancer
    const tenantId = `ck-${runId}`;
    const created = await fetch(`${url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: tenantId, name: 'Cluster kill' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const now = Math.floor(Date.now() / 1000);
    const serverToken = await signHs256({ tid: tenantId, srv: true, iat: now, exp: now + 600 }, secret);
    const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
    const channelResponse = await fetch(`${url}/v1/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'group', name: 'Kill -9', members: users }),
    });
    expect(channelResponse.status, await channelResponse.clone().text()).toBe(201);
    const { id: channelId } = (await channelResponse.json()) as { id: string };

    // one client per user, connected one after another: the balancer alternates them over A and B
    const clients: PlazaClient[] = [];
    const errors: string[] = [];
    /** Per client, how often it went from online back to connecting. */
    const reconnects = users.map(() => 0);
    for (const user of users) {
      const token = await signHs256({ tid: tenantId, sub: user, name: user, iat: now, exp: now + 600 }, secret);
      const client = createClient({ url, token });
      clients.push(client);
      cleanups.push(() => client.close());
      client.on('error', (error) => errors.push(`${user}: ${error.code} ${error.message}`));
      const k = clients.length - 1;
      client.state.subscribeWithSelector(
        (state) => state.status,
        (status, previous) => {
          if (previous === 'online' && status === 'connecting') reconnects[k]++;
        },
      );
      await within(client.connect(), STEP_LIMIT_MS, () => `${user} to sign in`);
    }
    const perNode = balancer.openConnections();
    expect(perNode.every((count) => count >= 2), `client connections per node: ${perNode.join('/')}`).toBe(true);
    const handles = clients.map((client) => client.chat.channel(channelId));
    await until(
      () => handles.every((handle) => handle.state.get().loaded),
      STEP_LIMIT_MS,
      () => `every client to load the channel: ${handles.map((h) => JSON.stringify(h.state.get().error)).join(', ')}`,
    );

    // the load: every client sends every 50 ms; when half the sends are made, kill -9 B
    const victim = nodes[1];
    let made = 0;
    let killedAt = -1;
    let killOutcome: Promise<string> | undefined;
    const resolved: ResolvedSend[] = [];
    const failed: string[] = [];
    const sendLoops = handles.map(async (handle, k) => {
      const sends: Array<Promise<void>> = [];
      for (let i = 0; i < SENDS_PER_USER; i++) {
        const text = `${users[k]} #${i} ${randomBytes(3).toString('hex')}`;
        sends.push(
          handle.send({ text }).then(
            (message: Message) => {
              if (message.clientId === undefined) failed.push(`${users[k]} #${i}: the stored message has no clientId`);
              else resolved.push({ authorId: message.authorId, clientId: message.clientId, id: message.id });
              if (message.text !== text) failed.push(`${users[k]} #${i}: stored as "${message.text}"`);
            },
            (error: unknown) => void failed.push(`${users[k]} #${i}: ${String(error)}`),
          ),
        );
        if (++made === KILL_AFTER_SENDS) {
          killedAt = made;
          killOutcome = victim.kill();
        }
        await sleep(SEND_INTERVAL_MS);
      }
      await Promise.all(sends);
    });
    const sendsStarted = Date.now();
    await within(
      Promise.all(sendLoops),
      SEND_PHASE_LIMIT_MS,
      () =>
        `every send to resolve: ${resolved.length + failed.length} of ${USERS * SENDS_PER_USER} settled; ` +
        `pending per client ${handles.map((h) => h.pending.get().length).join('/')}; statuses ${clients.map((c) => c.status).join('/')}; errors ${errors.join('; ')}`,
    );
    const sendPhaseMs = Date.now() - sendsStarted;
    expect(killOutcome, 'the node was killed').toBeDefined();
    expect(await within(killOutcome!, STEP_LIMIT_MS, () => 'node B to exit')).toBe('SIGKILL');
    expect(failed, 'sends that failed').toEqual([]);
    expect(clients.map((c) => c.status)).toEqual(clients.map(() => 'online'));
    expect(balancer.openConnections()[1], 'connections still on the killed node').toBe(0);
    const moved = reconnects.filter((count) => count > 0).length;
    expect(moved, `clients that reconnected (per client: ${reconnects.join('/')})`).toBeGreaterThanOrEqual(perNode[1]);

    // the database's history, then every client's once it holds as many
    const readDatabase = async (): Promise<StoredRow[]> => {
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      try {
        const { rows } = await db.query<{ id: string; seq: number; host_id: string; client_id: string | null }>(
          `select m.id, m.seq, u.host_id, m.client_id
             from messages m join users u on u.tenant_id = m.tenant_id and u.id = m.author_id
            where m.tenant_id = $1 and m.channel_id = $2
            order by m.seq`,
          [tenantId, channelId],
        );
        return rows.map((row) => ({ id: row.id, seq: Number(row.seq), authorId: row.host_id, clientId: row.client_id }));
      } finally {
        await db.end();
      }
    };
    const rows = await readDatabase();
    await until(
      () => handles.every((handle) => handle.messages.get().length >= rows.length),
      CONVERGE_LIMIT_MS,
      () => `every client to hold the ${rows.length} stored messages; they hold ${handles.map((h) => h.messages.get().length).join('/')}`,
    );
    const seen = new Map<string, readonly SeenMessage[]>(handles.map((handle, k) => [users[k], handle.messages.get().map(({ id, seq }) => ({ id, seq }))]));
    const report = checkHistories(rows, resolved, seen);

    console.log(
      `cluster kill -9: sent=${USERS * SENDS_PER_USER} resolved=${resolved.length} stored=${report.stored} ` +
        `lost=${report.lost} duplicated=${report.duplicated} outOfOrder=${report.outOfOrder} ` +
        `(${USERS} clients, ${moved} reconnected after node B was killed at send ${killedAt}, send phase ${sendPhaseMs} ms, total ${Date.now() - started} ms)`,
    );
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ sent: USERS * SENDS_PER_USER, stored: USERS * SENDS_PER_USER, lost: 0, duplicated: 0, outOfOrder: 0 });
  });
});
