import type { DocVersion } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer } from '../test-support/index.js';
import { appendParagraph, ask, connect, createDoc, createSpace, follow, openCopy, paragraphs, refusal, uid, updateMessage } from './test-kit.js';

const dialects = await availableDialects();

/** Versions and compaction, with a short pause before automatic versions and a small log. */
describe.each(dialects)('document versions and compaction on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    // no automatic version interferes with the numbering here; the test of those has its own server
    t = await startTestServer({ dialect, startJobs: false, docs: { compactAfter: 5, autoVersionAfterMs: 600_000 } });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function editor(sub = uid('editor')) {
    const socket = await connect(t, sockets, sub);
    const space = await createSpace(socket);
    const doc = await createDoc(socket, space.id);
    return { socket, doc, sub };
  }

  async function write(socket: Parameters<typeof ask>[0], docId: string, copy: Y.Doc, text: string): Promise<void> {
    await ask(socket, 'docs:sync', { docId, message: updateMessage(appendParagraph(copy, text)) });
  }

  async function logRows(docId: string): Promise<number> {
    return (await t.server.ctx.storage.db.selectFrom('doc_updates').select('seq').where('doc_id', '=', docId).execute()).length;
  }

  it('saves a named version with who contributed, and restores it as a new version every open copy receives', async () => {
    const { socket, doc, sub } = await editor();
    const other = uid('co');
    await ask(socket, 'docs:share', { docId: doc.id, set: [{ principal: 'user', id: other, role: 'editor' }] });
    const coSocket = await connect(t, sockets, other);
    const mine = await openCopy(socket, doc.id);
    const theirs = await openCopy(coSocket, doc.id);
    follow(socket, doc.id, mine);
    follow(coSocket, doc.id, theirs);
    // each writes once the other's edit arrived, so the order is theirs to decide, not Yjs's
    await write(socket, doc.id, mine, 'first');
    await expect.poll(() => paragraphs(theirs)).toEqual(['first']);
    await write(coSocket, doc.id, theirs, 'second');
    await expect.poll(() => paragraphs(mine)).toEqual(['first', 'second']);
    const announced = nextEvent(coSocket, 'docs:version');
    const v1 = await ask(socket, 'docs:version:save', { docId: doc.id, name: 'Draft for review' });
    expect(v1).toMatchObject({ number: 1, name: 'Draft for review', kind: 'manual', createdBy: sub, restoredFrom: null });
    expect([...v1.contributors].sort()).toEqual([sub, other].sort());
    expect((await announced).id).toBe(v1.id);

    await write(socket, doc.id, mine, 'third');
    await expect.poll(() => paragraphs(theirs)).toEqual(['first', 'second', 'third']);
    const restored = await ask(coSocket, 'docs:version:restore', { docId: doc.id, versionId: v1.id });
    expect(restored).toMatchObject({ number: 2, kind: 'restore', restoredFrom: v1.id, createdBy: other });
    // since version 1: the owner wrote "third", the co-editor restored
    expect([...restored.contributors].sort()).toEqual([sub, other].sort());
    // the restore is an edit: the other open copy receives it
    await expect.poll(() => paragraphs(theirs)).toEqual(['first', 'second']);
    expect((await ask(socket, 'docs:export', { docId: doc.id })).markdown).toBe('first\n\nsecond\n');

    const { versions, hasMore } = await ask(socket, 'docs:versions', { docId: doc.id });
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    expect(hasMore).toBe(false);
    // a version's own state is what it held
    const { state } = await ask(socket, 'docs:version:state', { docId: doc.id, versionId: v1.id });
    const old = new Y.Doc();
    Y.applyUpdate(old, new Uint8Array(state));
    expect(paragraphs(old)).toEqual(['first', 'second']);
    expect(await refusal(socket, 'docs:version:restore', { docId: doc.id, versionId: doc.id })).toBe('not_found');
  });

  it('keeps no edit in memory for connection recovery, which a session with a document never gets', async () => {
    const kept = () => (t.server.realtime.io.of('/').adapter as unknown as { packets: unknown[] }).packets.length;
    const { socket, doc } = await editor();
    const other = uid('co');
    await ask(socket, 'docs:share', { docId: doc.id, set: [{ principal: 'user', id: other, role: 'editor' }] });
    const coSocket = await connect(t, sockets, other);
    const mine = await openCopy(socket, doc.id);
    const theirs = await openCopy(coSocket, doc.id);
    follow(coSocket, doc.id, theirs);
    const before = kept();
    for (const text of ['one', 'two', 'three']) await write(socket, doc.id, mine, text);
    await expect.poll(() => paragraphs(theirs)).toEqual(['one', 'two', 'three']);
    expect(kept()).toBe(before);
  });

  it('saves an automatic version after a pause in editing, once, and none while nothing changed', async () => {
    const quick = await startTestServer({ dialect, startJobs: false, docs: { autoVersionAfterMs: 30 } });
    try {
      const sub = uid('editor');
      const socket = await connect(quick, sockets, sub);
      const doc = await createDoc(socket, (await createSpace(socket)).id);
      const copy = await openCopy(socket, doc.id);
      const automatic = (): Promise<DocVersion[]> => ask(socket, 'docs:versions', { docId: doc.id }).then((p) => p.versions.filter((v) => v.kind === 'auto'));
      await write(socket, doc.id, copy, 'typed');
      await expect.poll(automatic).toHaveLength(1);
      expect((await automatic())[0]).toMatchObject({ createdBy: null, contributors: [sub], name: '' });
      // nothing changes after it: opening and closing again saves nothing more
      await ask(socket, 'docs:close', { docId: doc.id });
      await openCopy(socket, doc.id);
      await ask(socket, 'docs:close', { docId: doc.id });
      const manual = await ask(socket, 'docs:version:save', { docId: doc.id, name: 'named' });
      expect(manual.contributors).toEqual([]);
      expect(await automatic()).toHaveLength(1);
    } finally {
      sockets.closeAll();
      await quick.close();
    }
  });

  it('compacts the log into a snapshot that keeps every edit, and contributors survive it', async () => {
    const { socket, doc, sub } = await editor();
    const copy = await openCopy(socket, doc.id);
    const texts = Array.from({ length: 12 }, (_, i) => `line ${i}`);
    for (const text of texts) await write(socket, doc.id, copy, text);
    await expect.poll(() => logRows(doc.id)).toBeLessThan(5);
    const row = await t.server.ctx.storage.db.selectFrom('docs').select(['last_seq', 'snapshot_seq']).where('id', '=', doc.id).executeTakeFirstOrThrow();
    expect(row.last_seq).toBe(12);
    expect(row.snapshot_seq).toBeGreaterThanOrEqual(5);
    await ask(socket, 'docs:close', { docId: doc.id });
    const fresh = await openCopy(socket, doc.id);
    expect(paragraphs(fresh)).toEqual(texts);
    expect((await ask(socket, 'docs:export', { docId: doc.id })).markdown).toBe(`${texts.join('\n\n')}\n`);
    // closing it during the pause saved an automatic version; it names who wrote, though
    // the log rows that recorded it are gone
    const { versions } = await ask(socket, 'docs:versions', { docId: doc.id });
    expect(versions).toMatchObject([{ kind: 'auto', contributors: [sub] }]);
  });

  it('keeps every edit of a burst while compactions run between them', async () => {
    const { socket, doc } = await editor();
    const copy = await openCopy(socket, doc.id);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) writes.push(write(socket, doc.id, copy, `burst ${i}`));
    await Promise.all(writes);
    await ask(socket, 'docs:close', { docId: doc.id });
    const fresh = await openCopy(socket, doc.id);
    expect(paragraphs(fresh)).toEqual(paragraphs(copy));
    expect(paragraphs(fresh)).toHaveLength(20);
  });
});
