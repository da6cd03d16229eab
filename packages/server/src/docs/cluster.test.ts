import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type PlazaServer } from '../app.js';
import { loadConfig } from '../config/config.js';
import { SocketPool, createPostgresDatabase, sessionReady, signHs256, type TestSocket } from '../test-support/index.js';
import { appendParagraph, ask, createDoc, createSpace, follow, openCopy, paragraphs, updateMessage } from './test-kit.js';

const REDIS_URL = process.env.PLAZA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two nodes on one PostgreSQL database and one Redis: an edit made through node A reaches
 * a client connected to node B (the room broadcast over the Redis adapter) and node B's
 * loaded copy of the document (the inter-node `docs:update`), without B reading it from
 * the database.
 */
describe('documents on two nodes with Redis', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let dataDir: string;
  const nodes: PlazaServer[] = [];
  const urls: string[] = [];
  const sockets = new SocketPool();
  let secret: string;
  const tenantId = `dc-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-docs-cluster-'));
    const shared = {
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_DATABASE_URL: database.url,
      PLAZA_REDIS_URL: REDIS_URL,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    for (let i = 0; i < 2; i++) {
      const node = await createServer({ config: loadConfig(shared), logger: pino({ level: 'silent' }), startJobs: false, redisKeyPrefix: `plaza-test-${tenantId}:` });
      nodes.push(node);
      urls.push(await node.listen());
    }
    ({ secret } = await nodes[0].ctx.tenants.create({ id: tenantId, name: 'Docs cluster', allowedOrigins: [] }));
  });

  afterAll(async () => {
    sockets.closeAll();
    await Promise.all(nodes.map((n) => n.close()));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function connectTo(node: number, sub: string): Promise<TestSocket> {
    const now = Math.floor(Date.now() / 1000);
    const socket = sockets.open(urls[node], { token: await signHs256({ tid: tenantId, sub, name: sub, iat: now, exp: now + 600 }, secret) });
    await sessionReady(socket);
    return socket;
  }

  it('an edit through node A reaches a client on node B and node B’s loaded copy', async () => {
    const alice = await connectTo(0, 'alice');
    const bob = await connectTo(1, 'bob');
    const space = await createSpace(alice, { grants: [{ principal: 'user', id: 'bob', role: 'editor' }] });
    const doc = await createDoc(alice, space.id);
    const aliceCopy = await openCopy(alice, doc.id);
    const bobCopy = await openCopy(bob, doc.id);
    follow(alice, doc.id, aliceCopy);
    follow(bob, doc.id, bobCopy);
    const onB = nodes[1].docs.sync.memory.get(tenantId, doc.id);
    const onA = nodes[0].docs.sync.memory.get(tenantId, doc.id);
    if (!onA || !onB) throw new Error('each node should hold the document its socket opened');

    await ask(alice, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(aliceCopy, 'from A')) });
    await expect.poll(() => paragraphs(bobCopy)).toEqual(['from A']);
    await expect.poll(() => paragraphs(onB.ydoc)).toEqual(['from A']);
    expect(onB.seq).toBe(1);

    // and back: B's edit reaches A's client and A's copy; both copies follow the log in order
    await ask(bob, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(bobCopy, 'from B')) });
    await expect.poll(() => paragraphs(aliceCopy)).toEqual(['from A', 'from B']);
    await expect.poll(() => paragraphs(onA.ydoc)).toEqual(['from A', 'from B']);
    expect(onA.seq).toBe(2);

    // a burst from both sides at once ends the same everywhere
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      writes.push(ask(alice, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(aliceCopy, `A${i}`)) }));
      writes.push(ask(bob, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(bobCopy, `B${i}`)) }));
    }
    await Promise.all(writes);
    await expect.poll(() => onA.seq).toBe(22);
    await expect.poll(() => onB.seq).toBe(22);
    await expect.poll(() => paragraphs(bobCopy)).toEqual(paragraphs(onA.ydoc));
    await expect.poll(() => paragraphs(aliceCopy)).toEqual(paragraphs(onB.ydoc));
    expect(paragraphs(onA.ydoc)).toEqual(paragraphs(onB.ydoc));
    expect(paragraphs(onA.ydoc)).toHaveLength(22);
  });

  it('closes the document on node B for a reader the owner on node A unshares', async () => {
    const owner = await connectTo(0, 'olga');
    const reader = await connectTo(1, 'rita');
    const doc = await createDoc(owner, (await createSpace(owner)).id);
    await ask(owner, 'docs:share', { docId: doc.id, set: [{ principal: 'user', id: 'rita', role: 'viewer' }] });
    await openCopy(reader, doc.id);
    const closed = new Promise<string>((resolve) => reader.once('docs:closed', (push) => resolve(push.docId)));
    await ask(owner, 'docs:share', { docId: doc.id, remove: [{ principal: 'user', id: 'rita' }] });
    expect(await closed).toBe(doc.id);
  });
});
