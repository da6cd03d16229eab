import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Message } from '@plaza/protocol';
import { pino } from 'pino';
import { createClient as createRedisClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PlazaServer } from '../app.js';
import { loadConfig } from '../config/config.js';
import { rooms } from '../realtime/realtime.js';
import {
  SocketPool,
  availableDialects,
  createPostgresDatabase,
  nextEvent,
  sessionReady,
  signHs256,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../test-support/index.js';
import { manualClock } from '../test-support/clock.js';
import { userStatus } from './presence.js';
import { ask, connect, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe('userStatus', () => {
  it('is online with any active socket, away with only idle ones, offline with none', () => {
    expect(userStatus([])).toBe('offline');
    expect(userStatus(['idle', 'idle'])).toBe('away');
    expect(userStatus(['idle', 'active'])).toBe('online');
    expect(userStatus(['idle', undefined])).toBe('online');
  });
});

describe.each(dialects)('presence and typing on %s', (dialect) => {
  let t: TestServer;
  const clock = manualClock();
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function socketsOf(userId: string): Promise<number> {
    return (await t.server.realtime.io.in(rooms.user(t.tenantId, userId)).fetchSockets()).length;
  }

  it('keeps a user online while any tab is open and says offline when the last one closes', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await connect(t, sockets, w);
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'offline' } });
    const changes = record<{ userId: string; status: string }>(watcher, 'presence:changed');

    const online = nextEvent(watcher, 'presence:changed');
    const tab1 = await connect(t, sockets, b);
    expect(await online).toEqual({ userId: b, status: 'online' });
    const tab2 = await connect(t, sockets, b);
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'online' } });

    tab1.close();
    await expect.poll(() => socketsOf(b)).toBe(1);
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'online' } });
    expect(changes.filter((c) => c.status === 'offline')).toEqual([]);

    const offline = nextEvent(watcher, 'presence:changed');
    tab2.close();
    expect(await offline).toEqual({ userId: b, status: 'offline' });
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'offline' } });
  });

  it('says online while any tab is active, away when every tab is idle, offline when none is left', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await connect(t, sockets, w);
    const status = async () => (await ask(watcher, 'presence:query', { userIds: [b] })).statuses[b];
    expect(await status()).toBe('offline');
    const changes = record<{ userId: string; status: string }>(watcher, 'presence:changed');
    const tab1 = await connect(t, sockets, b);
    const tab2 = await connect(t, sockets, b);

    expect(await ask(tab1, 'presence:set', { state: 'idle' })).toEqual({ state: 'idle' });
    expect(await status()).toBe('online');
    expect(changes.map((c) => c.status)).not.toContain('away');

    await ask(tab2, 'presence:set', { state: 'idle' });
    expect(await status()).toBe('away');
    expect(changes.at(-1)).toEqual({ userId: b, status: 'away' });

    await ask(tab1, 'presence:set', { state: 'active' });
    expect(await status()).toBe('online');
    expect(changes.at(-1)).toEqual({ userId: b, status: 'online' });
    await ask(tab1, 'presence:set', { state: 'idle' });
    expect(await status()).toBe('away');

    tab1.close();
    await expect.poll(() => socketsOf(b)).toBe(1);
    expect(await status()).toBe('away');
    tab2.close();
    await expect.poll(() => changes.at(-1)).toEqual({ userId: b, status: 'offline' });
    expect(await status()).toBe('offline');
  });

  it('says away when the only active tab closes and the others are idle', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await connect(t, sockets, w);
    await ask(watcher, 'presence:query', { userIds: [b] });
    const idle = await connect(t, sockets, b);
    const active = await connect(t, sockets, b);
    await ask(idle, 'presence:set', { state: 'idle' });
    const changes = record<{ userId: string; status: string }>(watcher, 'presence:changed');

    active.close();
    await expect.poll(() => changes.at(-1)).toEqual({ userId: b, status: 'away' });
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'away' } });
  });

  it('refuses an unknown activity state and changes nothing', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await connect(t, sockets, w);
    const ben = await connect(t, sockets, b);
    expect(await refusal(ben, 'presence:set', { state: 'asleep' } as never)).toBe('bad_request');
    expect(await refusal(ben, 'presence:set', { state: 'idle', extra: 1 } as never)).toBe('bad_request');
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'online' } });
  });

  it('shows a partner the presence of people they share a channel with, and nobody else', async () => {
    const [a, p, c] = [uid('ann'), uid('partner'), uid('cat')];
    const ann = await connect(t, sockets, a);
    await connect(t, sockets, c);
    const partner = await connect(t, sockets, p, { kind: 'partner', org: 'northwind' });
    await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Shared', members: [p] });
    expect(await ask(partner, 'presence:query', { userIds: [a, c] })).toEqual({ statuses: { [a]: 'online', [c]: 'offline' } });
  });

  it('passes typing to the other members, not back to the typist, at most once per interval', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a, { name: 'Ann Lee' });
    const annTab = await connect(t, sockets, a, { name: 'Ann Lee' });
    const ben = await connect(t, sockets, b);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Typing', members: [b] });
    const typing = record<{ channelId: string; userId: string; name: string }>(ben, 'chat:typing');
    const echoed = record<unknown>(annTab, 'chat:typing');

    const first = nextEvent(ben, 'chat:typing');
    expect(await ask(ann, 'chat:typing', { channelId: channel.id })).toEqual({ channelId: channel.id });
    expect(await first).toEqual({ channelId: channel.id, userId: a, name: 'Ann Lee' });
    expect(await ask(ann, 'chat:typing', { channelId: channel.id })).toEqual({ channelId: channel.id });
    // a message sent afterwards arrives after any typing notice sent before it
    const barrier = [nextEvent(ben, 'chat:message'), nextEvent(annTab, 'chat:message')];
    await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'done typing' });
    await Promise.all(barrier);
    expect(typing).toHaveLength(1);
    expect(echoed).toEqual([]);

    clock.advance(2000);
    const again = nextEvent(ben, 'chat:typing');
    await ask(ann, 'chat:typing', { channelId: channel.id });
    expect(await again).toMatchObject({ userId: a });
  });

  it('keeps nothing for connection recovery from typing or from a presence change nobody watches', async () => {
    // socket.io keeps every stored broadcast two minutes, to replay to a socket that comes back
    const kept = () => (t.server.realtime.io.of('/').adapter as unknown as { packets: unknown[] }).packets.length;
    const [a, b, w] = [uid('ann'), uid('ben'), uid('watcher')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Quiet', members: [b] });
    const before = kept();
    const typed = nextEvent(ben, 'chat:typing');
    await ask(ann, 'chat:typing', { channelId: channel.id });
    await typed;
    await connect(t, sockets, uid('nobody-watches'));
    expect(kept()).toBe(before);
    // a watched user's change is kept, so a watcher that reconnects within two minutes gets it
    const watcher = await connect(t, sockets, w);
    await ask(watcher, 'presence:query', { userIds: [b] });
    const changed = nextEvent(watcher, 'presence:changed');
    await connect(t, sockets, b);
    await changed;
    expect(kept()).toBe(before + 1);
  });
});

async function redisAnswers(url: string): Promise<boolean> {
  const client = createRedisClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}

const REDIS_URL = process.env.PLAZA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const twoNodes = dialects.includes('postgres') && (await redisAnswers(REDIS_URL));
if (!twoNodes) console.warn('PostgreSQL or Redis does not answer: the two-node chat tests are SKIPPED on this machine');

describe.runIf(twoNodes)('chat across two nodes on PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let dataDir: string;
  const nodes: PlazaServer[] = [];
  const urls: string[] = [];
  const sockets = new SocketPool();
  const tenantId = `n-${randomBytes(4).toString('hex')}`;
  let secret: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-chat-nodes-'));
    const env = {
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_DATABASE_URL: database.url,
      PLAZA_REDIS_URL: REDIS_URL,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    for (let i = 0; i < 2; i++) {
      const node = await createServer({ config: loadConfig(env), logger: pino({ level: 'silent' }), startJobs: false });
      nodes.push(node);
      urls.push(await node.listen());
    }
    ({ secret } = await nodes[0].ctx.tenants.create({ id: tenantId, name: 'Two nodes', allowedOrigins: [] }));
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    sockets.closeAll();
    await Promise.all(nodes.map((n) => n.close()));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function on(node: number, sub: string): Promise<TestSocket> {
    const now = Math.floor(Date.now() / 1000);
    const socket = sockets.open(urls[node], { token: await signHs256({ tid: tenantId, sub, name: sub, iat: now, exp: now + 600 }, secret) });
    await sessionReady(socket);
    return socket;
  }

  it('delivers to members on the other node, and stops at once for a member removed there', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await on(0, a);
    const ben = await on(1, b);
    const added = nextEvent(ben, 'chat:channel');
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Across', members: [b] });
    const barrier = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Barrier', members: [b] });
    expect((await added).id).toBe(channel.id);
    const first = nextEvent(ben, 'chat:message');
    await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'over the wire' });
    expect((await first).text).toBe('over the wire');

    const removed = nextEvent(ben, 'chat:channel:removed');
    await ask(ann, 'chat:members:remove', { channelId: channel.id, userIds: [b] });
    await removed;
    const received = record<Message>(ben, 'chat:message');
    await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'not for ben' });
    const mark = nextEvent(ben, 'chat:message');
    await ask(ann, 'chat:send', { channelId: barrier.id, clientId: uid('c'), text: 'barrier' });
    await mark;
    expect(received.map((m) => m.text)).toEqual(['barrier']);
  });

  it('keeps presence across nodes: online while a tab is open on either, offline after the last', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await on(0, w);
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'offline' } });
    const online = nextEvent(watcher, 'presence:changed');
    const tab1 = await on(1, b);
    expect(await online).toEqual({ userId: b, status: 'online' });
    const tab2 = await on(0, b);
    const changes = record<{ status: string }>(watcher, 'presence:changed');
    tab1.close();
    await expect.poll(async () => (await nodes[0].realtime.io.in(rooms.user(tenantId, b)).fetchSockets()).length).toBe(1);
    expect(await ask(watcher, 'presence:query', { userIds: [b] })).toEqual({ statuses: { [b]: 'online' } });
    expect(changes.filter((c) => c.status === 'offline')).toEqual([]);
    const offline = nextEvent(watcher, 'presence:changed', 10_000);
    tab2.close();
    expect(await offline).toEqual({ userId: b, status: 'offline' });
  });

  it('keeps away across nodes: online while a tab on either node is active, away when both are idle', async () => {
    const [w, b] = [uid('watcher'), uid('ben')];
    const watcher = await on(0, w);
    const status = async () => (await ask(watcher, 'presence:query', { userIds: [b] })).statuses[b];
    const changes = record<{ userId: string; status: string }>(watcher, 'presence:changed');
    const far = await on(1, b);
    const near = await on(0, b);
    await ask(far, 'presence:set', { state: 'idle' });
    expect(await status()).toBe('online');
    await ask(near, 'presence:set', { state: 'idle' });
    expect(await status()).toBe('away');
    await expect.poll(() => changes.at(-1), { timeout: 10_000 }).toEqual({ userId: b, status: 'away' });
    await ask(far, 'presence:set', { state: 'active' });
    await expect.poll(() => changes.at(-1), { timeout: 10_000 }).toEqual({ userId: b, status: 'online' });
    expect(await status()).toBe('online');
    far.close();
    await expect.poll(() => changes.at(-1), { timeout: 10_000 }).toEqual({ userId: b, status: 'away' });
    near.close();
    await expect.poll(() => changes.at(-1), { timeout: 10_000 }).toEqual({ userId: b, status: 'offline' });
  });

  it('passes typing to a member on the other node', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await on(0, a);
    const ben = await on(1, b);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Typing', members: [b] });
    const typing = nextEvent(ben, 'chat:typing');
    await ask(ann, 'chat:typing', { channelId: channel.id });
    expect(await typing).toMatchObject({ channelId: channel.id, userId: a });
  });
});
