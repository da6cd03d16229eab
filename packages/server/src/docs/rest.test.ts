import type { DocInfo, DocPage } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { appendParagraph, ask, connect, openCopy, paragraphs, refusal, uid, updateMessage } from './test-kit.js';

const dialects = await availableDialects();

const MINUTES = `# 周会纪要 Weekly review

Attendees: **Li Wei**, *Zhang Min*.

- [x] Book the room
- [ ] Send the minutes

| Owner | Item |
| --- | --- |
| Li | Report |
`;

describe.each(dialects)('documents REST on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    // webhook targets on this machine are allowed, so the delivery jobs can be inspected
    t = await startTestServer({ dialect, startJobs: false, env: { PLAZA_WEBHOOK_PRIVATE_ALLOW: '127.0.0.1' } });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
    return fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? (await t.signServerToken())}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  it('POST /v1/docs imports Markdown into the Imported folder, with editors and viewers, as version 1', async () => {
    const [editor, viewer] = [uid('editor'), uid('viewer')];
    const response = await call('POST', '/v1/docs', { title: 'Weekly review', markdown: MINUTES, editors: [editor], viewers: [viewer] });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; title: string };
    expect(Object.keys(created).sort()).toEqual(['id', 'title']);
    expect(created.title).toBe('Weekly review');

    const doc = (await (await call('GET', `/v1/docs/${created.id}`)).json()) as DocInfo;
    expect(doc).toMatchObject({ title: 'Weekly review', createdBy: 'plaza-bot', role: 'owner', confidentiality: 'internal' });
    // a second import lands in the same folder
    const second = (await (await call('POST', '/v1/docs', { title: 'Empty' })).json()) as { id: string };
    const inFolder = (await (await call('GET', `/v1/docs?folder=${doc.folderId}`)).json()) as DocPage;
    expect(inFolder.docs.map((d) => d.id)).toEqual([second.id, created.id]);

    const exported = await call('GET', `/v1/docs/${created.id}/export`);
    expect(exported.headers.get('content-type')).toContain('text/markdown');
    expect(await exported.text()).toBe(MINUTES);

    // the editor edits, the viewer reads, both see version 1
    const editing = await connect(t, sockets, editor);
    const reading = await connect(t, sockets, viewer);
    const copy = await openCopy(editing, created.id);
    expect(paragraphs(copy)[1]).toBe('Attendees: Li Wei, Zhang Min.');
    await ask(editing, 'docs:sync', { docId: created.id, message: updateMessage(appendParagraph(copy, 'Added by the editor')) });
    const readCopy = await openCopy(reading, created.id);
    expect(paragraphs(readCopy).at(-1)).toBe('Added by the editor');
    expect(await refusal(reading, 'docs:sync', { docId: created.id, message: updateMessage(appendParagraph(readCopy, 'no')) })).toBe('forbidden');
    const { versions } = await ask(reading, 'docs:versions', { docId: created.id });
    expect(versions).toMatchObject([{ number: 1, kind: 'import', name: 'Weekly review', createdBy: 'plaza-bot' }]);
    // the people shared with see it among their documents; nobody else does
    expect((await ask(reading, 'docs:list', {})).docs.map((d) => d.id)).toContain(created.id);
    const stranger = await connect(t, sockets, uid('stranger'));
    expect((await ask(stranger, 'docs:list', {})).docs.map((d) => d.id)).not.toContain(created.id);
    expect(await refusal(stranger, 'docs:get', { docId: created.id })).toBe('not_found');
  });

  it('publishes doc.version_created for the import version, in the transaction that stored it', async () => {
    const hook = await call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['doc.version_created'], secret: 'whsec-0123456789abcdef' });
    expect(hook.status).toBe(201);
    const created = (await (await call('POST', '/v1/docs', { title: 'Minutes', markdown: '# Minutes' })).json()) as { id: string };
    const jobs = await t.server.ctx.storage.db.selectFrom('outbox').select('payload').where('tenant_id', '=', t.tenantId).where('kind', '=', 'webhook.deliver').execute();
    const bodies = jobs.map((j) => JSON.parse((JSON.parse(j.payload) as { body: string }).body) as { type: string; data: { doc: { id: string }; version: { kind: string; number: number } } });
    expect(bodies.filter((b) => b.data.doc.id === created.id)).toMatchObject([{ type: 'doc.version_created', data: { doc: { id: created.id }, version: { kind: 'import', number: 1 } } }]);
  });

  it('refuses user tokens, bad bodies and unknown ids in the contract’s error shape', async () => {
    const userToken = await t.signUserToken({ sub: uid('u') });
    expect((await call('POST', '/v1/docs', { title: 'x' }, userToken)).status).toBe(401);
    const bad = await call('POST', '/v1/docs', { title: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await call('POST', '/v1/docs', { title: 'x', markdown: 'y'.repeat(500_001) })).status).toBe(400);
    const missing = await call('GET', '/v1/docs/0192f3a4-5b6c-7d8e-9f01-23456789abcd');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await call('GET', '/v1/docs/not-an-id/export')).status).toBe(400);
  });

  it('lists with filters and pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await call('POST', '/v1/docs', { title: `Page ${i}` })).json()) as { id: string }).id);
    const first = (await (await call('GET', '/v1/docs?limit=2')).json()) as DocPage;
    expect(first.docs.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBe(ids[1]);
    const next = (await (await call('GET', `/v1/docs?limit=2&cursor=${first.nextCursor}`)).json()) as DocPage;
    expect(next.docs[0].id).toBe(ids[0]);
    expect(((await (await call('GET', '/v1/docs?domain=operations')).json()) as DocPage).docs).toEqual([]);
  });
});
