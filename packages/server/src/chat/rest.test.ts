import { randomBytes } from 'node:crypto';
import type { Channel, FileInfo, Message } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, nextEvent, signHs256, startTestServer, type TestServer } from '../test-support/index.js';
import type { WebhookDeliveryPayload } from '../webhooks/events.js';
import { ask, connect, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('chat REST and attachments on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect, startJobs: false, env: { PLAZA_WEBHOOK_PRIVATE_ALLOW: '127.0.0.1' } });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function call(method: 'GET' | 'POST', url: string, payload?: object, token?: string) {
    return t.server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token ?? (await t.signServerToken())}` },
      ...(payload ? { payload } : {}),
    });
  }

  async function restChannel(members: string[], name = 'Ops'): Promise<Channel> {
    const response = await call('POST', '/v1/channels', { name, kind: 'group', members });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  it('creates a channel with POST /v1/channels: 201, members as placeholders, pushed to those online', async () => {
    const [a, ghost] = [uid('ann'), uid('ghost')];
    const ann = await connect(t, sockets, a);
    const pushed = nextEvent(ann, 'chat:channel');
    const response = await call('POST', '/v1/channels', { name: 'Incidents', kind: 'group', members: [a, ghost] });
    expect(response.statusCode).toBe(201);
    const channel: Channel = response.json();
    expect(channel).toMatchObject({ id: expect.any(String), kind: 'group', name: 'Incidents', memberCount: 2, createdBy: 'plaza-bot' });
    expect(await pushed).toMatchObject({ id: channel.id, role: 'member' });
    expect((await t.server.ctx.users.byHostId(t.tenantId, ghost))?.placeholder).toBe(1);
    const bot = await t.server.ctx.users.byHostId(t.tenantId, 'plaza-bot');
    expect(bot).toMatchObject({ name: 'Integration', placeholder: 0 });
  });

  it.each([
    ['no kind', { name: 'x', members: [] }, 'body.kind'],
    ['an unknown kind', { name: 'x', kind: 'forum', members: [] }, 'body.kind'],
    ['a group without a name', { kind: 'group', members: [] }, 'name'],
    ['a direct message with one member', { kind: 'dm', members: ['solo'] }, 'members'],
    ['a bad member id', { name: 'x', kind: 'group', members: ['no spaces allowed'] }, 'body.members.0'],
  ])('refuses a channel with %s as 400 naming the field', async (_name, body, field) => {
    const response = await call('POST', '/v1/channels', body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining(field) } });
  });

  it('refuses a user token on the integration routes as 401', async () => {
    const response = await call('POST', '/v1/channels', { name: 'x', kind: 'group', members: [] }, await t.signUserToken());
    expect(response.statusCode).toBe(401);
  });

  it('posts as the integration bot: 201, then 200 with the same message for the same clientId', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const channel = await restChannel([a]);
    const live = nextEvent(ann, 'chat:message');
    const first = await call('POST', `/v1/channels/${channel.id}/messages`, { text: 'Build **green**', clientId: 'build-42', urgency: 'important' });
    expect(first.statusCode).toBe(201);
    const message: Message = first.json();
    expect(message).toMatchObject({ channelId: channel.id, seq: 1, authorId: 'plaza-bot', text: 'Build **green**', clientId: 'build-42', urgency: 'important' });
    expect(await live).toEqual(message);
    const again = await call('POST', `/v1/channels/${channel.id}/messages`, { text: 'Build **green**', clientId: 'build-42' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(message);
    const rows = await t.server.ctx.storage.db.selectFrom('messages').select('id').where('channel_id', '=', channel.id).execute();
    expect(rows).toHaveLength(1);
    // without a clientId every post is new
    const plain = await call('POST', `/v1/channels/${channel.id}/messages`, { text: 'no id' });
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).not.toHaveProperty('clientId');
  });

  it('posts into announcement channels and may mention @all', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const news = await ask(ann, 'chat:channel:create', { kind: 'announcement', name: 'News', members: [] });
    const response = await call('POST', `/v1/channels/${news.id}/messages`, { text: '@all deploy at 18:00' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ mentionsAll: true });
  });

  it('validates a post: empty text, a bad clientId, a bad urgency', async () => {
    const channel = await restChannel([]);
    for (const body of [{ text: '  ' }, { text: 'x', clientId: 'a b' }, { text: 'x', urgency: 'panic' }, {}]) {
      const response = await call('POST', `/v1/channels/${channel.id}/messages`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('pages GET /v1/channels/:id/messages with after, before and limit, ascending, replies included', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const channel = await restChannel([a]);
    for (let i = 1; i <= 7; i++) await call('POST', `/v1/channels/${channel.id}/messages`, { text: `m${i}` });
    await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'reply', threadRootId: (await ask(ann, 'chat:history', { channelId: channel.id, limit: 1 })).messages[0].id });
    const seqs = (body: { messages: Message[] }) => body.messages.map((m) => m.seq);
    const newest = await call('GET', `/v1/channels/${channel.id}/messages?limit=3`);
    expect(newest.statusCode).toBe(200);
    expect([seqs(newest.json()), newest.json().hasMore]).toEqual([[6, 7, 8], true]);
    const after = await call('GET', `/v1/channels/${channel.id}/messages?after=2&limit=3`);
    expect([seqs(after.json()), after.json().hasMore]).toEqual([[3, 4, 5], true]);
    const tail = await call('GET', `/v1/channels/${channel.id}/messages?after=5&limit=3`);
    expect([seqs(tail.json()), tail.json().hasMore]).toEqual([[6, 7, 8], false]);
    const before = await call('GET', `/v1/channels/${channel.id}/messages?before=3`);
    expect([seqs(before.json()), before.json().hasMore]).toEqual([[1, 2], false]);
    for (const query of ['limit=201', 'after=1&before=5', 'after=-1', 'limit=abc']) {
      const bad = await call('GET', `/v1/channels/${channel.id}/messages?${query}`);
      expect(bad.statusCode).toBe(400);
    }
  });

  it("answers 404 for another tenant's channel and for ids that do not exist", async () => {
    const channel = await restChannel([]);
    const other = `t-${randomBytes(4).toString('hex')}`;
    const { secret } = await t.server.ctx.tenants.create({ id: other, name: 'Other', allowedOrigins: [] });
    const now = Math.floor(Date.now() / 1000);
    const foreign = await signHs256({ tid: other, srv: true, iat: now, exp: now + 600 }, secret);
    for (const [method, url, body] of [
      ['GET', `/v1/channels/${channel.id}/messages`, undefined],
      ['POST', `/v1/channels/${channel.id}/messages`, { text: 'hi' }],
    ] as const) {
      const response = await call(method, url, body, foreign);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await call('GET', `/v1/channels/${uuidv7()}/messages`)).statusCode).toBe(404);
    expect((await call('GET', '/v1/channels/not-an-id/messages')).statusCode).toBe(400);
  });

  it('describes the chat routes in /v1/openapi.json', async () => {
    const response = await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    const spec = response.json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/channels', '/v1/channels/{id}/messages']));
    expect(spec.paths['/v1/channels/{id}/messages'].post.responses).toHaveProperty('201');
    expect(spec.paths['/v1/channels/{id}/messages'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['after', 'before', 'limit']));
  });

  it('publishes message.created to webhooks in the transaction of the send', async () => {
    const hook = await call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['message.created'], secret: 'a-very-secret-value' });
    expect(hook.statusCode).toBe(201);
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Hooked', members: [] });
    const message = await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'to the webhook' });
    const jobs = await t.server.ctx.storage.db.selectFrom('outbox').select('payload').where('tenant_id', '=', t.tenantId).where('kind', '=', 'webhook.deliver').execute();
    const bodies = jobs.map((j) => JSON.parse((JSON.parse(j.payload) as WebhookDeliveryPayload).body) as unknown);
    expect(bodies).toContainEqual(expect.objectContaining({ type: 'message.created', tenant: t.tenantId, data: message }));
  });

  describe('attachments', () => {
    async function upload(token: string, text: string, name: string): Promise<FileInfo> {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/plain' }), name);
      const response = await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(response.status).toBe(201);
      return (await response.json()) as FileInfo;
    }

    async function fileStatus(token: string, id: string): Promise<number> {
      return (await fetch(`${t.url}/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } })).status;
    }

    it('attaches readable files, lets members read them and nobody else', async () => {
      const [a, b, s] = [uid('ann'), uid('ben'), uid('stranger')];
      const [annToken, benToken, strangerToken] = await Promise.all([a, b, s].map((sub) => t.signUserToken({ sub, name: sub })));
      const ann = await connect(t, sockets, a);
      const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Files', members: [b] });
      const file = await upload(annToken, 'quarterly numbers', 'report.txt');
      expect(await fileStatus(benToken, file.id)).toBe(404);
      const message = await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: '', attachments: [file.id] });
      expect(message.attachments).toEqual([{ id: file.id, name: 'report.txt', size: 'quarterly numbers'.length, type: 'text/plain' }]);
      expect(await fileStatus(benToken, file.id)).toBe(200);
      expect(await fileStatus(strangerToken, file.id)).toBe(404);
      // a recall takes the file back from the channel
      await ask(ann, 'chat:recall', { messageId: message.id });
      expect(await fileStatus(benToken, file.id)).toBe(404);
      expect(await fileStatus(annToken, file.id)).toBe(200);
    });

    it("refuses to attach a file the sender cannot read as not_found", async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const bensFile = await upload(await t.signUserToken({ sub: b, name: b }), 'private', 'secret.txt');
      const ann = await connect(t, sockets, a);
      const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: 'Leak', members: [] });
      expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'look', attachments: [bensFile.id] })).toBe('not_found');
      expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'look', attachments: [uuidv7()] })).toBe('not_found');
    });
  });
});
