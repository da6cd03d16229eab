import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlazaError, type Ack, type DocSyncResult } from '@plaza/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startNode, type NodeProcess } from '../../../../tests/cluster/node-process.js';
import { availableDialects, createPostgresDatabase, openSocket, sessionReady, signHs256, type TestSocket } from '../test-support/index.js';
import { appendParagraph, ask, openCopy, paragraphs, updateMessage } from './test-kit.js';

/**
 * kill -9 of a server process (tests/cluster's node entry: a real `createServer` in a
 * child process) while one editor sends a burst of updates, several in flight at once;
 * after a restart on the same database every update that was acknowledged is there.
 */

const dialects = await availableDialects();
const ADMIN_TOKEN = 'docs-durability-admin-token-0123';
const UPDATES = 400;
/** Updates sent without waiting for their acks. */
const IN_FLIGHT = 16;
/** The process is killed once this many acks came back. */
const KILL_AFTER_ACKS = 120;
const STEP_LIMIT_MS = 30_000;

describe.each(dialects)('document durability on %s', (dialect) => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  });

  it('keeps every acknowledged update through a kill -9 in the middle of a burst', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-docs-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = dialect === 'postgres' ? await createPostgresDatabase() : null;
    if (database) cleanups.push(() => database.drop());
    const env = {
      PLAZA_PORT: '0',
      PLAZA_HOST: '127.0.0.1',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
      PLAZA_ADMIN_TOKEN: ADMIN_TOKEN,
      ...(database ? { PLAZA_DATABASE_URL: database.url } : {}),
    };
    const start = async (name: string): Promise<{ node: NodeProcess; url: string }> => {
      const started = await startNode(name, env, STEP_LIMIT_MS);
      cleanups.push(() => started.node.kill());
      return started;
    };

    const first = await start('before');
    const tenantId = `dk-${randomBytes(4).toString('hex')}`;
    const created = await fetch(`${first.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: tenantId, name: 'Durability' }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const now = Math.floor(Date.now() / 1000);
    const serverToken = await signHs256({ tid: tenantId, srv: true, iat: now, exp: now + 600 }, secret);
    const userToken = await signHs256({ tid: tenantId, sub: 'writer', name: 'Writer', iat: now, exp: now + 600 }, secret);
    const docResponse = await fetch(`${first.url}/v1/docs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Burst', markdown: 'start', editors: ['writer'] }),
    });
    expect(docResponse.status).toBe(201);
    const { id: docId } = (await docResponse.json()) as { id: string };

    const socket = await connected(first.url, userToken);
    cleanups.push(() => socket.close());
    const copy = await openCopy(socket, docId);
    const acked: string[] = [];
    let refusals = 0;
    const kill: { exited: Promise<string> | null } = { exited: null };
    const send = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const message = updateMessage(appendParagraph(copy, text));
        socket.timeout(STEP_LIMIT_MS).emit('docs:sync', { docId, message }, (error: Error | null, answer?: Ack<DocSyncResult>) => {
          if (!error && answer?.ok) acked.push(text);
          else if (!error) refusals++;
          if (acked.length >= KILL_AFTER_ACKS && !kill.exited) kill.exited = first.node.kill();
          resolve();
        });
      });
    // a window of sends in flight; after the kill the rest fail (the socket is gone)
    const queue = Array.from({ length: UPDATES }, (_, i) => `update ${i}`);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let text = queue.shift(); text !== undefined && socket.connected; text = queue.shift()) await send(text);
      }),
    );
    expect(kill.exited, 'the process was killed mid-burst').not.toBeNull();
    expect(await kill.exited).toBe('SIGKILL');
    expect(refusals).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.length).toBeLessThan(UPDATES);

    const second = await start('after');
    const reader = await connected(second.url, userToken);
    cleanups.push(() => reader.close());
    const restored = paragraphs(await openCopy(reader, docId));
    expect(restored[0]).toBe('start');
    const missing = acked.filter((text) => !restored.includes(text));
    expect(missing, `acknowledged before the kill but gone after the restart (${acked.length} acked)`).toEqual([]);
    // what is there is in the order it was written, with nothing twice
    const order = restored.slice(1).map((text) => Number(text.split(' ')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
    // the server's export agrees with the synced copy
    const exported = await ask(reader, 'docs:export', { docId });
    expect(exported.markdown.trim().split('\n\n')).toEqual(restored);
  });
});

async function connected(url: string, token: string): Promise<TestSocket> {
  const socket = openSocket(url, { token });
  try {
    await sessionReady(socket);
  } catch (error) {
    socket.close();
    throw error instanceof PlazaError ? error : new Error(`cannot connect to ${url}: ${(error as Error).message}`);
  }
  return socket;
}
