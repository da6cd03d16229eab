import type { PlazaError } from '@plaza/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { createClient } from '../index.js';
import type { DocSession } from './types.js';

let server: TestServer;
const clients: PlazaClient[] = [];
const WAIT = { timeout: 15_000, interval: 20 };

function client(sub: string): PlazaClient {
  const created = createClient({
    url: server.url,
    token: () => server.signUserToken({ sub, name: sub }),
    reconnection: { delayMs: 50, maxDelayMs: 200 },
    requestTimeoutMs: 5_000,
    outbox: 'memory',
  });
  clients.push(created);
  return created;
}

beforeEach(async () => {
  server = await startTestServer({ startJobs: false });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

const content = (session: DocSession | Y.Doc): string => JSON.stringify((session instanceof Y.Doc ? session : session.doc).getXmlFragment('content').toJSON());

/** Appends a paragraph of text to a session's document. */
function addParagraph(session: DocSession, text: string): void {
  const fragment = session.doc.getXmlFragment('content');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** Alice owns a document; Bob edits it and Carol views it. */
async function shared() {
  const [alice, bob, carol] = [client('alice'), client('bob'), client('carol')];
  await Promise.all([alice.connect(), bob.connect(), carol.connect()]);
  const space = await alice.docs.createSpace({ name: 'Operations' });
  const folder = await alice.docs.createFolder({ spaceId: space.id, name: '2024 Q3' });
  const info = await alice.docs.create({ spaceId: space.id, folderId: folder.id, title: 'Production plan', domain: 'operations', tags: ['q3'] });
  await alice.docs.share({ docId: info.id, set: [{ principal: 'user', id: 'bob', role: 'editor' }, { principal: 'user', id: 'carol', role: 'viewer' }] });
  return { alice, bob, carol, space, folder, info };
}

describe('documents through the SDK against a real server', () => {
  it('lists, opens and syncs: an edit shows in every session; a viewer’s edit is never sent', async () => {
    const { alice, bob, carol, space, folder, info } = await shared();
    expect((await bob.docs.list({ spaceId: space.id, folderId: folder.id })).docs.map((d) => d.id)).toEqual([info.id]);
    expect((await carol.docs.list({ tag: 'q3' })).docs.map((d) => d.role)).toEqual(['viewer']);
    expect((await alice.docs.folders(space.id)).map((f) => f.name)).toEqual(['2024 Q3']);

    const [a, b, c] = [alice.docs.open(info.id), bob.docs.open(info.id), carol.docs.open(info.id)];
    expect(alice.docs.open(info.id)).toBe(a);
    await Promise.all([a.whenSynced(), b.whenSynced(), c.whenSynced()]);
    expect(c.state.get().role).toBe('viewer');
    addParagraph(a, 'from alice');
    await a.whenSaved();
    addParagraph(b, 'from bob');
    await b.whenSaved();
    await vi.waitFor(() => expect(content(c)).toBe(content(a)), WAIT);
    await vi.waitFor(() => expect(content(b)).toBe(content(a)), WAIT);
    expect(content(a)).toContain('from bob');

    const errors: PlazaError[] = [];
    carol.on('error', (e) => errors.push(e));
    addParagraph(c, 'carol tries');
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['forbidden']), WAIT);
    expect(c.state.get().pending).toBe(0);
    expect(await alice.docs.exportMarkdown(info.id)).toBe('from alice\n\nfrom bob\n');
  });

  it('shows who is here: awareness states come and go with sessions', async () => {
    const { alice, bob, info } = await shared();
    const [a, b] = [alice.docs.open(info.id), bob.docs.open(info.id)];
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    a.awareness.setLocalStateField('user', { name: 'Alice', color: '#d33' });
    await vi.waitFor(() => expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'Alice', color: '#d33' } }), WAIT);
    // a newcomer gets the states present from the server's answer to its step 1
    const late = client('bob');
    await late.connect();
    const l = late.docs.open(info.id);
    await l.whenSynced();
    await vi.waitFor(() => expect(l.awareness.getStates().get(a.doc.clientID)).toMatchObject({ user: { name: 'Alice' } }), WAIT);
    await a.close();
    await vi.waitFor(() => expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false), WAIT);
    expect(a.state.get().status).toBe('closed');
  });

  it('saves and restores versions; the restore reaches open sessions', async () => {
    const { alice, bob, info } = await shared();
    const [a, b] = [alice.docs.open(info.id), bob.docs.open(info.id)];
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    addParagraph(a, 'kept');
    await a.whenSaved();
    const v1 = await alice.docs.saveVersion(info.id, 'Before the rewrite');
    addParagraph(b, 'rewritten');
    await b.whenSaved();
    await vi.waitFor(() => expect(content(a)).toContain('rewritten'), WAIT);
    const restored = await bob.docs.restoreVersion(info.id, v1.id);
    expect(restored).toMatchObject({ kind: 'restore', restoredFrom: v1.id, createdBy: 'bob' });
    await vi.waitFor(() => expect(content(a)).not.toContain('rewritten'), WAIT);
    expect(content(a)).toBe(content(b));
    const old = new Y.Doc();
    Y.applyUpdate(old, await alice.docs.versionState(info.id, v1.id));
    expect(content(old)).toBe(content(a));
    expect((await alice.docs.versions(info.id)).versions.map((v) => v.number)).toEqual([2, 1]);
  });

  it('converges: four clients editing at random, one offline for a while and one cut off mid-burst, end identical to each other and to the server', { timeout: 60_000 }, async () => {
    const owner = client('owner');
    await owner.connect();
    const space = await owner.docs.createSpace({ name: 'Convergence', grants: ['w1', 'w2', 'w3'].map((id) => ({ principal: 'user' as const, id, role: 'editor' as const })) });
    const info = await owner.docs.create({ spaceId: space.id, title: 'Random edits' });
    const writers = [owner, client('w1'), client('w2'), client('w3')];
    await Promise.all(writers.map((w) => w.connect()));
    const sessions = writers.map((w) => w.docs.open(info.id));
    await Promise.all(sessions.map((s) => s.whenSynced()));
    const random = seeded(20261123);

    const round = async (count: number, who: DocSession[]) => {
      for (let i = 0; i < count; i++) {
        for (const session of who) randomEdit(session.doc, random, `${i}`);
        // let some messages cross before the next edits, so edits really are concurrent
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    };
    await round(30, sessions);

    // w3 goes offline and edits there; w2 is cut off by the server in the middle of a burst
    await writers[3].close();
    await round(20, sessions);
    expect(sessions[3].state.get()).toMatchObject({ status: 'offline' });
    expect(sessions[3].state.get().pending).toBeGreaterThan(0);
    const w2Lost = new Promise<void>((resolve) => writers[2].on('status', (status) => status === 'connecting' && resolve()));
    expect(await server.server.realtime.socketsOfUsers(server.tenantId, ['w2'])).toHaveLength(1);
    server.server.realtime.io.in(`u:${server.tenantId}:w2`).disconnectSockets(true);
    await round(20, sessions);
    await w2Lost;
    await writers[3].connect();
    await round(10, sessions);

    await vi.waitFor(() => expect(sessions.every((s) => s.state.get().status === 'synced')).toBe(true), WAIT);
    await Promise.all(sessions.map((s) => s.whenSaved()));
    const expected = content(sessions[0]);
    await vi.waitFor(() => expect(sessions.map(content)).toEqual(sessions.map(() => expected)), WAIT);
    // the server's loaded copy, and a fresh reader's copy from the stored log, agree
    const held = server.server.docs.sync.memory.get(server.tenantId, info.id);
    expect(held && content(held.ydoc)).toBe(expected);
    const reader = client('owner');
    await reader.connect();
    const fresh = reader.docs.open(info.id);
    await fresh.whenSynced();
    expect(content(fresh)).toBe(expected);
    expect(sessions[0].doc.getXmlFragment('content').length).toBeGreaterThan(10);
  });
});

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random edit of the rich text: add or remove a paragraph, or insert or delete text in one. */
function randomEdit(doc: Y.Doc, random: () => number, tag: string): void {
  const fragment = doc.getXmlFragment('content');
  const pick = random();
  const paragraphs = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  if (paragraphs.length === 0 || pick < 0.3) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`p${tag}-${doc.clientID % 1000}`)]);
    fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph]);
    return;
  }
  const paragraph = paragraphs[Math.floor(random() * paragraphs.length)];
  if (pick < 0.38 && paragraphs.length > 3) {
    fragment.delete(fragment.toArray().indexOf(paragraph), 1);
    return;
  }
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) return;
  if (pick < 0.8 || text.length === 0) {
    text.insert(Math.floor(random() * (text.length + 1)), `+${tag}`, random() < 0.3 ? { strong: {} } : {});
  } else {
    const at = Math.floor(random() * text.length);
    text.delete(at, Math.min(3, text.length - at));
  }
}
