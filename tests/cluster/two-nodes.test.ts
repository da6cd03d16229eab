import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type PlazaClient } from '@plaza/sdk';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, loadConfig, type PlazaServer } from '../../packages/server/src/index.js';
import { createPostgresDatabase, signHs256 } from '../../packages/server/src/test-support/index.js';

const REDIS_URL = process.env.PLAZA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE_LIMIT = 8;

/** Two server processes' worth of Plaza sharing one PostgreSQL database and one Redis. */
describe('two nodes on PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let dataDir: string;
  const nodes: PlazaServer[] = [];
  const urls: string[] = [];
  const clients: PlazaClient[] = [];
  let secret: string;
  const tenantId = `c-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-cluster-'));
    const shared = {
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_DATABASE_URL: database.url,
      PLAZA_REDIS_URL: REDIS_URL,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    for (let i = 0; i < 2; i++) {
      const node = await createServer({
        config: loadConfig(shared),
        logger: pino({ level: 'silent' }),
        rateLimitPerMinute: RATE_LIMIT,
        redisKeyPrefix: `plaza-test-${tenantId}:`,
      });
      nodes.push(node);
      urls.push(await node.listen());
    }
    ({ secret } = await nodes[0].ctx.tenants.create({ id: tenantId, name: 'Cluster', allowedOrigins: [] }));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(nodes.map((n) => n.close()));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function token(sub: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return signHs256({ tid: tenantId, sub, name: sub, iat: now, exp: now + 600 }, secret);
  }

  it('answers /readyz on both nodes once database and Redis answer', async () => {
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('a tenant created through one node signs in on the other', async () => {
    const client = createClient({ url: urls[1], token: await token('ann') });
    clients.push(client);
    const session = await client.connect();
    expect(session.user.id).toBe('ann');
  });

  it('deactivating a user through one node closes their socket on the other', async () => {
    const client = createClient({ url: urls[0], token: await token('ben') });
    clients.push(client);
    await client.connect();
    const closed = new Promise<string>((resolve) => client.on('error', (e) => resolve(e.code)));
    const now = Math.floor(Date.now() / 1000);
    const serverToken = await signHs256({ tid: tenantId, srv: true, iat: now, exp: now + 600 }, secret);
    const response = await fetch(`${urls[1]}/v1/users/ben/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${serverToken}` } });
    expect(response.status).toBe(200);
    expect(await closed).toBe('unauthorized');
    await expect.poll(() => client.status).toBe('offline');
  });

  it('shows a user away only while their tabs on both nodes are idle, offline once both closed', async () => {
    const open = async (node: number, sub: string) => {
      const client = createClient({ url: urls[node], token: await token(sub), reconnection: false });
      clients.push(client);
      await client.connect();
      return client;
    };
    const watcher = await open(0, 'watcher');
    const here = await open(0, 'dan');
    const there = await open(1, 'dan');
    await watcher.queryPresence(['dan']);
    expect(watcher.presence.get().dan).toBe('online');

    await there.request('presence:set', { state: 'idle' });
    await watcher.queryPresence(['dan']);
    expect(watcher.presence.get().dan).toBe('online');
    await here.request('presence:set', { state: 'idle' });
    await expect.poll(() => watcher.presence.get().dan, { timeout: 10_000 }).toBe('away');
    await there.request('presence:set', { state: 'active' });
    await expect.poll(() => watcher.presence.get().dan, { timeout: 10_000 }).toBe('online');

    await there.close();
    await expect.poll(() => watcher.presence.get().dan, { timeout: 10_000 }).toBe('away');
    await here.close();
    await expect.poll(() => watcher.presence.get().dan, { timeout: 10_000 }).toBe('offline');
  });

  // last, because it uses up this IP's budget on both nodes
  it('counts rate limits across nodes', async () => {
    const statuses: number[] = [];
    // alternating, each node sees at most (RATE_LIMIT + 1) / 2 calls: only a shared count refuses one
    for (let i = 0; i < RATE_LIMIT + 1; i++) {
      const response = await fetch(`${urls[i % 2]}/v1/users/nobody/reactivate`, { method: 'POST' });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
    expect(statuses[0]).toBe(401);
  });
});
