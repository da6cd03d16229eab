import type { DocClosedPush, DocInfo, DocSyncPush, ErrorCode } from '@plaza/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SocketPool, availableDialects, nextEvent, sessionReady, signHs256, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import {
  appendParagraph,
  ask,
  awarenessOf,
  connect,
  createDoc,
  createSpace,
  follow,
  openCopy,
  paragraphs,
  rawSync,
  record,
  refusal,
  step1Message,
  step2Message,
  uid,
  updateMessage,
} from './test-kit.js';

const dialects = await availableDialects();

/** Every outcome a request can have in the matrix: answered, or refused with a code. */
type Outcome = 'ok' | ErrorCode;

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code: ErrorCode }).code;
  }
}

describe.each(dialects)('document permissions on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();
  /** One document shared every way there is, and a socket for each kind of reader. */
  let doc: DocInfo;
  let people: Record<'owner' | 'editor' | 'commenter' | 'viewer' | 'employee' | 'partner' | 'outsider' | 'customer', TestSocket>;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false });
  });
  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  async function setUp(tenantView = false): Promise<void> {
    for (const role of ['owner', 'editor', 'commenter', 'viewer', 'employee', 'partner', 'outsider', 'customer']) names[role] = uid(role);
    const owner = await connect(t, sockets, names.owner);
    const space = await createSpace(owner);
    doc = await createDoc(owner, space.id, { title: 'Plan', tenantView });
    await ask(owner, 'docs:share', {
      docId: doc.id,
      set: [
        { principal: 'user', id: names.editor, role: 'editor' },
        { principal: 'user', id: names.commenter, role: 'commenter' },
        // the viewer reads through their department, the partner through their organisation
        { principal: 'department', id: 'ops', role: 'viewer' },
        { principal: 'org', id: 'acme', role: 'viewer' },
      ],
    });
    people = {
      owner,
      editor: await connect(t, sockets, names.editor),
      commenter: await connect(t, sockets, names.commenter),
      viewer: await connect(t, sockets, names.viewer, { dept: ['ops'] }),
      employee: await connect(t, sockets, names.employee, { dept: ['sales'] }),
      partner: await connect(t, sockets, names.partner, { kind: 'partner', org: 'acme' }),
      outsider: await connect(t, sockets, names.outsider, { kind: 'partner', org: 'other' }),
      customer: await connect(t, sockets, names.customer, { kind: 'customer' }),
    };
  }

  describe('a privately shared document', () => {
    beforeAll(() => setUp());
    afterAll(() => sockets.closeAll());

    it('answers every docs request by role: readers read, editors edit, owners classify and share', async () => {
      const versionId = (await ask(people.owner, 'docs:version:save', { docId: doc.id, name: 'v1' })).id;
      const matrix: Record<string, (s: TestSocket) => Promise<unknown>> = {
        get: (s) => ask(s, 'docs:get', { docId: doc.id }),
        access: (s) => ask(s, 'docs:access', { docId: doc.id }),
        versions: (s) => ask(s, 'docs:versions', { docId: doc.id }),
        versionState: (s) => ask(s, 'docs:version:state', { docId: doc.id, versionId }),
        export: (s) => ask(s, 'docs:export', { docId: doc.id }),
        rename: (s) => ask(s, 'docs:update', { docId: doc.id, title: 'Plan' }),
        saveVersion: (s) => ask(s, 'docs:version:save', { docId: doc.id, name: 'mine' }),
        restore: (s) => ask(s, 'docs:version:restore', { docId: doc.id, versionId }),
        classify: (s) => ask(s, 'docs:update', { docId: doc.id, confidentiality: 'internal' }),
        share: (s) => ask(s, 'docs:share', { docId: doc.id, tenantView: false }),
      };
      const expected: Record<string, Record<string, Outcome>> = {
        owner: { get: 'ok', access: 'ok', versions: 'ok', versionState: 'ok', export: 'ok', rename: 'ok', saveVersion: 'ok', restore: 'ok', classify: 'ok', share: 'ok' },
        editor: { get: 'ok', access: 'ok', versions: 'ok', versionState: 'ok', export: 'ok', rename: 'ok', saveVersion: 'ok', restore: 'ok', classify: 'forbidden', share: 'forbidden' },
        commenter: { get: 'ok', access: 'ok', versions: 'ok', versionState: 'ok', export: 'ok', rename: 'forbidden', saveVersion: 'forbidden', restore: 'forbidden', classify: 'forbidden', share: 'forbidden' },
        viewer: { get: 'ok', access: 'ok', versions: 'ok', versionState: 'ok', export: 'ok', rename: 'forbidden', saveVersion: 'forbidden', restore: 'forbidden', classify: 'forbidden', share: 'forbidden' },
        partner: { get: 'ok', access: 'ok', versions: 'ok', versionState: 'ok', export: 'ok', rename: 'forbidden', saveVersion: 'forbidden', restore: 'forbidden', classify: 'forbidden', share: 'forbidden' },
      };
      const hidden = Object.fromEntries(Object.keys(matrix).map((k): [string, Outcome] => [k, 'not_found']));
      expected.employee = hidden;
      expected.outsider = hidden;
      expected.customer = Object.fromEntries(Object.keys(matrix).map((k): [string, Outcome] => [k, 'forbidden']));
      const actual: Record<string, Record<string, Outcome>> = {};
      for (const [who, socket] of Object.entries(people)) {
        actual[who] = {};
        for (const [operation, run] of Object.entries(matrix)) actual[who][operation] = await outcome(run(socket));
      }
      expect(actual).toEqual(expected);
    });

    it('opens for readers only; sync step 1 and awareness for every reader, updates and step 2 for editors only', async () => {
      const openers = ['owner', 'editor', 'commenter', 'viewer', 'partner'] as const;
      for (const who of ['employee', 'outsider'] as const) expect(await refusal(people[who], 'docs:open', { docId: doc.id })).toBe('not_found');
      expect(await refusal(people.customer, 'docs:open', { docId: doc.id })).toBe('forbidden');
      const copies = new Map<string, Y.Doc>();
      for (const who of openers) copies.set(who, await openCopy(people[who], doc.id));
      const actual: Record<string, Record<string, Outcome>> = {};
      for (const who of openers) {
        const socket = people[who];
        const copy = copies.get(who) as Y.Doc;
        actual[who] = {
          step1: await outcome(ask(socket, 'docs:sync', { docId: doc.id, message: step1Message(Y.encodeStateVector(copy)) })),
          awareness: await outcome(ask(socket, 'docs:sync', { docId: doc.id, message: awarenessOf(copy, { user: { name: who } }) })),
          update: await outcome(ask(socket, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(copy, `update by ${who}`)) })),
          step2: await outcome(ask(socket, 'docs:sync', { docId: doc.id, message: step2Message(appendParagraph(copy, `step 2 by ${who}`)) })),
        };
      }
      const reader = { step1: 'ok', awareness: 'ok', update: 'forbidden', step2: 'forbidden' };
      const writer = { step1: 'ok', awareness: 'ok', update: 'ok', step2: 'ok' };
      expect(actual).toEqual({ owner: writer, editor: writer, commenter: reader, viewer: reader, partner: reader });
      // only what editors wrote is stored (their copies wrote concurrently: Yjs picks the order)
      const stored = await ask(people.owner, 'docs:export', { docId: doc.id });
      expect(stored.markdown.trim().split('\n\n').sort()).toEqual(['step 2 by editor', 'step 2 by owner', 'update by editor', 'update by owner']);
      for (const who of openers) await ask(people[who], 'docs:close', { docId: doc.id });
    });

    it('refuses a crafted update from a viewer: not applied, not stored, not broadcast', async () => {
      const editorCopy = await openCopy(people.editor, doc.id);
      follow(people.editor, doc.id, editorCopy);
      const seenByEditor = record<DocSyncPush>(people.editor, 'docs:sync');
      const viewerCopy = await openCopy(people.viewer, doc.id);
      const before = await ask(people.owner, 'docs:export', { docId: doc.id });
      const rowsBefore = await updateRows(doc.id);
      // a hand-made update that would replace the content, sent as an update and as step 2
      const content = viewerCopy.getXmlFragment('content');
      const sv = Y.encodeStateVector(viewerCopy);
      content.delete(0, content.length);
      const crafted = Y.encodeStateAsUpdate(viewerCopy, sv);
      expect(await refusal(people.viewer, 'docs:sync', { docId: doc.id, message: updateMessage(crafted) })).toBe('forbidden');
      expect(await refusal(people.viewer, 'docs:sync', { docId: doc.id, message: step2Message(crafted) })).toBe('forbidden');
      // the editor's own next edit arrives after anything the server would have sent first
      const ownerCopy = await openCopy(people.owner, doc.id);
      await ask(people.owner, 'docs:sync', { docId: doc.id, message: updateMessage(appendParagraph(ownerCopy, 'marker')) });
      await expect.poll(() => paragraphs(editorCopy).includes('marker')).toBe(true);
      expect(seenByEditor).toHaveLength(1);
      expect(paragraphs(editorCopy)).toEqual([...before.markdown.trim().split('\n\n'), 'marker']);
      expect(await updateRows(doc.id)).toBe(rowsBefore + 1);
      // a new reader gets the stored content, untouched by the viewer
      const fresh = await openCopy(people.commenter, doc.id);
      expect(paragraphs(fresh)).toEqual(paragraphs(editorCopy));
      for (const who of ['editor', 'viewer', 'owner', 'commenter'] as const) await ask(people[who], 'docs:close', { docId: doc.id });
    });

    it('answers odd document ids and another tenant’s ids not_found, malformed ones bad_request', async () => {
      const other = await t.server.ctx.tenants.create({ id: `o-${uid('t').slice(-8)}`, name: 'Other', allowedOrigins: [] });
      const now = Math.floor(Date.now() / 1000);
      const foreignToken = await signHs256({ tid: other.id, sub: 'boss', name: 'Boss', iat: now, exp: now + 600 }, other.secret);
      const foreign = sockets.open(t.url, { token: foreignToken });
      await sessionReady(foreign);
      // the other tenant's owner creates a document there; our owner asks for it by id
      const foreignSpace = await createSpace(foreign);
      const foreignDoc = await createDoc(foreign, foreignSpace.id);
      // (a neighbour id: the last hex digit changed, never to itself)
      const neighbour = `${doc.id.slice(0, -1)}${doc.id.endsWith('0') ? '1' : '0'}`;
      for (const docId of [foreignDoc.id, doc.id.toUpperCase(), neighbour]) {
        expect(await refusal(people.owner, 'docs:get', { docId })).toBe('not_found');
        expect(await refusal(people.owner, 'docs:open', { docId })).toBe('not_found');
        expect(await refusal(people.owner, 'docs:export', { docId })).toBe('not_found');
      }
      expect(await refusal(foreign, 'docs:get', { docId: doc.id })).toBe('not_found');
      expect(await refusal(foreign, 'docs:open', { docId: doc.id })).toBe('not_found');
      for (const docId of ['', ' ', '../x', `${doc.id} `, 'x'.repeat(300)]) {
        expect(await refusal(people.owner, 'docs:get', { docId })).toBe('bad_request');
        expect(await refusal(people.owner, 'docs:sync', { docId, message: step1Message(new Uint8Array([0])) })).toBe('bad_request');
      }
    });

    it('refuses sync messages for documents not opened, malformed messages and someone else’s cursor', async () => {
      const copy = new Y.Doc();
      expect(await refusal(people.editor, 'docs:sync', { docId: doc.id, message: step1Message(Y.encodeStateVector(copy)) })).toBe('conflict');
      await openCopy(people.editor, doc.id);
      for (const message of [new Uint8Array([9, 1, 2]), new Uint8Array([0]), rawSync(7, new Uint8Array([1])), new Uint8Array([0, 0, 5, 1]), rawSync(2, new Uint8Array([200, 1, 7, 7])), new Uint8Array([1, 3, 1, 2, 9])]) {
        expect(await refusal(people.editor, 'docs:sync', { docId: doc.id, message })).toBe('bad_request');
      }
      expect(await refusal(people.editor, 'docs:sync', { docId: doc.id, message: 'AAAA' as unknown as Uint8Array })).toBe('bad_request');
      // the viewer introduces a cursor; the editor may not speak for it
      const viewerCopy = await openCopy(people.viewer, doc.id);
      await ask(people.viewer, 'docs:sync', { docId: doc.id, message: awarenessOf(viewerCopy, { user: { name: 'viewer' } }) });
      expect(await refusal(people.editor, 'docs:sync', { docId: doc.id, message: awarenessOf(viewerCopy, { user: { name: 'not the viewer' } }) })).toBe('forbidden');
      await ask(people.viewer, 'docs:close', { docId: doc.id });
      await ask(people.editor, 'docs:close', { docId: doc.id });
    });

    it('takes a reader whose access ends out of the document: docs:closed, and their next message is refused', async () => {
      await openCopy(people.commenter, doc.id);
      const closed: Promise<DocClosedPush> = nextEvent(people.commenter, 'docs:closed');
      await ask(people.owner, 'docs:share', { docId: doc.id, remove: [{ principal: 'user', id: names.commenter }] });
      expect((await closed).docId).toBe(doc.id);
      expect(await refusal(people.commenter, 'docs:sync', { docId: doc.id, message: step1Message(new Uint8Array([0])) })).toBe('conflict');
      expect(await refusal(people.commenter, 'docs:open', { docId: doc.id })).toBe('not_found');
    });
  });

  describe('a space', () => {
    afterAll(() => sockets.closeAll());

    it('lets its roles reach every document in it: editors create folders and documents and edit content, viewers read, others see nothing', async () => {
      const [o, e, v, x, p] = [uid('owner'), uid('editor'), uid('viewer'), uid('outsider'), uid('partner')];
      const owner = await connect(t, sockets, o);
      const editor = await connect(t, sockets, e);
      const viewer = await connect(t, sockets, v);
      const outsider = await connect(t, sockets, x);
      const partner = await connect(t, sockets, p, { kind: 'partner', org: 'acme' });
      expect(await refusal(partner, 'docs:space:create', { name: 'Partner space' })).toBe('forbidden');
      const space = await createSpace(owner, { grants: [{ principal: 'user', id: e, role: 'editor' }, { principal: 'user', id: v, role: 'viewer' }] });
      const inside = await createDoc(owner, space.id);

      expect((await ask(editor, 'docs:spaces', {})).spaces.map((s) => [s.id, s.role])).toContainEqual([space.id, 'editor']);
      expect((await ask(outsider, 'docs:spaces', {})).spaces.map((s) => s.id)).not.toContain(space.id);
      const folder = await ask(editor, 'docs:folder:create', { spaceId: space.id, name: 'Minutes' });
      expect(await refusal(viewer, 'docs:folder:create', { spaceId: space.id, name: 'nope' })).toBe('forbidden');
      expect(await refusal(outsider, 'docs:folders', { spaceId: space.id })).toBe('not_found');
      expect((await ask(viewer, 'docs:folders', { spaceId: space.id })).folders.map((f) => f.id)).toEqual([folder.id]);
      const made = await createDoc(editor, space.id, { folderId: folder.id });
      expect(made.role).toBe('owner');
      expect(await refusal(viewer, 'docs:create', { spaceId: space.id, title: 'nope' })).toBe('forbidden');
      expect(await refusal(outsider, 'docs:create', { spaceId: space.id, title: 'nope' })).toBe('not_found');

      // the space role is the role in its documents: the editor writes, the viewer cannot
      const editorCopy = await openCopy(editor, inside.id);
      await ask(editor, 'docs:sync', { docId: inside.id, message: updateMessage(appendParagraph(editorCopy, 'by the space editor')) });
      const viewerCopy = await openCopy(viewer, inside.id);
      expect(paragraphs(viewerCopy)).toEqual(['by the space editor']);
      expect(await refusal(viewer, 'docs:sync', { docId: inside.id, message: updateMessage(appendParagraph(viewerCopy, 'no')) })).toBe('forbidden');
      expect((await ask(viewer, 'docs:list', { spaceId: space.id })).docs.map((d) => d.id).sort()).toEqual([inside.id, made.id].sort());
      expect((await ask(outsider, 'docs:list', { spaceId: space.id })).docs).toEqual([]);
      expect(await refusal(editor, 'docs:share', { spaceId: space.id, tenantView: true })).toBe('forbidden');
      // sharing the space with the partner's organisation opens its documents to the partner
      await ask(owner, 'docs:share', { spaceId: space.id, set: [{ principal: 'org', id: 'acme', role: 'viewer' }] });
      expect((await ask(partner, 'docs:get', { docId: inside.id })).role).toBe('viewer');
    });
  });

  describe('a document shared tenant-wide', () => {
    beforeAll(() => setUp(true));
    afterAll(() => sockets.closeAll());

    it('lets every employee view it, but not partners, and never a confidential one', async () => {
      expect((await ask(people.employee, 'docs:get', { docId: doc.id })).role).toBe('viewer');
      expect(await refusal(people.outsider, 'docs:get', { docId: doc.id })).toBe('not_found');
      expect(await refusal(people.owner, 'docs:update', { docId: doc.id, confidentiality: 'secret' })).toBe('conflict');
      await ask(people.owner, 'docs:share', { docId: doc.id, tenantView: false });
      await ask(people.owner, 'docs:update', { docId: doc.id, confidentiality: 'confidential' });
      expect(await refusal(people.owner, 'docs:share', { docId: doc.id, tenantView: true })).toBe('conflict');
      expect(await refusal(people.employee, 'docs:get', { docId: doc.id })).toBe('not_found');
      // the department grant still reaches the viewer
      expect((await ask(people.viewer, 'docs:get', { docId: doc.id })).role).toBe('viewer');
    });
  });

  async function updateRows(docId: string): Promise<number> {
    const rows = await t.server.ctx.storage.db.selectFrom('doc_updates').select('seq').where('doc_id', '=', docId).execute();
    return rows.length;
  }
});
