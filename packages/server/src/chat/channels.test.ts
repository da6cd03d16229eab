import { randomBytes } from 'node:crypto';
import type { Channel, Message } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SocketPool,
  availableDialects,
  nextEvent,
  sessionReady,
  signHs256,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../test-support/index.js';
import { ask, connect, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('chat channels and permissions on %s', (dialect) => {
  let t: TestServer;
  const sockets = new SocketPool();

  beforeAll(async () => {
    t = await startTestServer({ dialect });
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await t?.close();
  });

  async function group(owner: TestSocket, members: string[], name = 'Team', kind: 'group' | 'announcement' = 'group'): Promise<Channel> {
    return ask(owner, 'chat:channel:create', { kind, name, members });
  }

  async function send(socket: TestSocket, channelId: string, text: string): Promise<Message> {
    return ask(socket, 'chat:send', { channelId, clientId: uid('c'), text });
  }

  function mine(list: { channels: Channel[] }, id: string): Channel | undefined {
    return list.channels.find((c) => c.id === id);
  }

  it('creates a group: the creator owns it, members get it pushed and listed with their read state', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const pushed = nextEvent(ben, 'chat:channel');
    const channel = await ask(ann, 'chat:channel:create', { kind: 'group', name: ' Launch ', topic: 'Q3', members: [b] });
    expect(channel).toMatchObject({
      kind: 'group',
      name: 'Launch',
      topic: 'Q3',
      createdBy: a,
      archived: false,
      lastSeq: 0,
      rev: 0,
      memberCount: 2,
      role: 'owner',
      lastReadSeq: 0,
      unreadCount: 0,
      mentionCount: 0,
      peerId: null,
    });
    expect(await pushed).toMatchObject({ id: channel.id, role: 'member' });
    // a new member's socket is in the channel's room at once
    const message = nextEvent(ben, 'chat:message');
    await send(ann, channel.id, 'welcome');
    expect((await message).text).toBe('welcome');
    expect(mine(await ask(ben, 'chat:channels', {}), channel.id)).toMatchObject({ unreadCount: 1, lastSeq: 1, memberCount: 2 });
    const audit = await t.server.ctx.storage.db.selectFrom('audit').selectAll().where('action', '=', 'channel.create').where('target', '=', channel.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('creates placeholder users for members never seen', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const ghost = uid('ghost');
    const channel = await group(ann, [ghost]);
    expect((await t.server.ctx.users.byHostId(t.tenantId, ghost))?.placeholder).toBe(1);
    const { members } = await ask(ann, 'chat:members', { channelId: channel.id });
    expect(members.map((m) => m.userId)).toContain(ghost);
    // the placeholder signs in later and finds the channel
    const later = await connect(t, sockets, ghost);
    expect(mine(await ask(later, 'chat:channels', {}), channel.id)).toBeDefined();
  });

  it('keeps one direct message per pair, named after the other side, and refuses renames, adds and leaving', async () => {
    const [a, b, c] = [uid('ann'), uid('ben'), uid('cat')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b, { name: 'Ben Brown' });
    const dm = await ask(ann, 'chat:channel:create', { kind: 'dm', members: [b] });
    expect(dm).toMatchObject({ kind: 'dm', peerId: b, name: 'Ben Brown', memberCount: 2, role: 'member' });
    const back = await ask(ben, 'chat:channel:create', { kind: 'dm', members: [a] });
    expect(back).toMatchObject({ id: dm.id, peerId: a, name: a });
    expect(await refusal(ann, 'chat:channel:create', { kind: 'dm', members: [a] })).toBe('bad_request');
    expect(await refusal(ann, 'chat:channel:create', { kind: 'dm', members: [b, c] })).toBe('bad_request');
    expect(await refusal(ann, 'chat:members:add', { channelId: dm.id, userIds: [c] })).toBe('forbidden');
    expect(await refusal(ann, 'chat:channel:update', { channelId: dm.id, name: 'Renamed' })).toBe('forbidden');
    expect(await refusal(ann, 'chat:channel:leave', { channelId: dm.id })).toBe('forbidden');
  });

  it('answers not_found to a non-member for every request on a channel or its messages', async () => {
    const [a, s] = [uid('ann'), uid('stranger')];
    const ann = await connect(t, sockets, a);
    const stranger = await connect(t, sockets, s, { roles: ['admin'] });
    const channel = await group(ann, []);
    const message = await send(ann, channel.id, 'private');
    const channelId = channel.id;
    const messageId = message.id;
    const refusals = await Promise.all([
      refusal(stranger, 'chat:history', { channelId }),
      refusal(stranger, 'chat:send', { channelId, clientId: uid('c'), text: 'let me in' }),
      refusal(stranger, 'chat:members', { channelId }),
      refusal(stranger, 'chat:members:add', { channelId, userIds: [s] }),
      refusal(stranger, 'chat:channel:update', { channelId, name: 'mine' }),
      refusal(stranger, 'chat:channel:leave', { channelId }),
      refusal(stranger, 'chat:pins', { channelId }),
      refusal(stranger, 'chat:read', { channelId, seq: 1 }),
      refusal(stranger, 'chat:typing', { channelId }),
      refusal(stranger, 'chat:react', { messageId, emoji: '👀', on: true }),
      refusal(stranger, 'chat:pin', { messageId, pinned: true }),
      refusal(stranger, 'chat:edit', { messageId, text: 'x' }),
      refusal(stranger, 'chat:delete', { messageId }),
      refusal(stranger, 'chat:receipts', { messageId }),
      refusal(stranger, 'chat:thread', { rootId: messageId }),
      refusal(stranger, 'chat:urgent:status', { messageId }),
    ]);
    expect(refusals).toEqual(refusals.map(() => 'not_found'));
    // sync says nothing about it: the same answer as for an id that does not exist
    const sync = await ask(stranger, 'chat:sync', { cursors: [{ channelId, afterRev: 0 }, { channelId: uuidv7(), afterRev: 0 }] });
    expect(sync.channels).toEqual([]);
    expect(sync.removed).toHaveLength(2);
    expect(mine(await ask(stranger, 'chat:channels', {}), channelId)).toBeUndefined();
  });

  it("answers not_found for another tenant's channel", async () => {
    const other = `t-${randomBytes(4).toString('hex')}`;
    const { secret } = await t.server.ctx.tenants.create({ id: other, name: 'Other', allowedOrigins: [] });
    const now = Math.floor(Date.now() / 1000);
    const foreign = sockets.open(t.url, { token: await signHs256({ tid: other, sub: 'eve', name: 'Eve', iat: now, exp: now + 600 }, secret) });
    await sessionReady(foreign);
    const ann = await connect(t, sockets, uid('ann'));
    const channel = await group(ann, []);
    const message = await send(ann, channel.id, 'ours');
    expect(await refusal(foreign, 'chat:history', { channelId: channel.id })).toBe('not_found');
    expect(await refusal(foreign, 'chat:send', { channelId: channel.id, clientId: 'x', text: 'hi' })).toBe('not_found');
    expect(await refusal(foreign, 'chat:react', { messageId: message.id, emoji: '👀', on: true })).toBe('not_found');
  });

  it('refuses every chat request from a customer as forbidden', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const channel = await group(ann, []);
    const customer = await connect(t, sockets, uid('cust'), { kind: 'customer' });
    const refusals = await Promise.all([
      refusal(customer, 'chat:channels', {}),
      refusal(customer, 'chat:channel:create', { kind: 'group', name: 'Mine', members: [] }),
      refusal(customer, 'chat:history', { channelId: channel.id }),
      refusal(customer, 'chat:send', { channelId: channel.id, clientId: 'x', text: 'hi' }),
      refusal(customer, 'chat:sync', { cursors: [] }),
      refusal(customer, 'presence:query', { userIds: ['x'] }),
    ]);
    expect(refusals).toEqual(refusals.map(() => 'forbidden'));
    // and cannot be made a member either
    const custId = uid('cust');
    await connect(t, sockets, custId, { kind: 'customer' });
    expect(await refusal(ann, 'chat:members:add', { channelId: channel.id, userIds: [custId] })).toBe('forbidden');
  });

  it('shows a partner only the channels they were added to, and holds them to least privilege', async () => {
    const [a, p, other] = [uid('ann'), uid('partner'), uid('other')];
    const ann = await connect(t, sockets, a);
    const partner = await connect(t, sockets, p, { kind: 'partner', org: 'northwind' });
    const shared = await group(ann, [p, other], 'Shared');
    const internal = await group(ann, [other], 'Internal');
    const list = await ask(partner, 'chat:channels', {});
    expect(mine(list, shared.id)).toBeDefined();
    expect(mine(list, internal.id)).toBeUndefined();
    expect(await refusal(partner, 'chat:history', { channelId: internal.id })).toBe('not_found');
    expect(await refusal(partner, 'chat:channel:create', { kind: 'announcement', name: 'News', members: [] })).toBe('forbidden');
    expect(await refusal(partner, 'chat:send', { channelId: shared.id, clientId: uid('c'), text: '@all hello' })).toBe('forbidden');
    // a partner may start a conversation with people they already share a channel with, no one else
    expect((await ask(partner, 'chat:channel:create', { kind: 'dm', members: [a] })).peerId).toBe(a);
    expect(await refusal(partner, 'chat:channel:create', { kind: 'dm', members: [uid('someone')] })).toBe('forbidden');
  });

  it('lets only owners, admins and tenant admins post in an announcement channel', async () => {
    const [a, b, boss] = [uid('ann'), uid('ben'), uid('boss')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const admin = await connect(t, sockets, boss, { roles: ['admin'] });
    const news = await group(ann, [b, boss], 'News', 'announcement');
    expect((await send(ann, news.id, 'release today')).seq).toBe(1);
    expect((await send(admin, news.id, 'congrats')).seq).toBe(2);
    expect(await refusal(ben, 'chat:send', { channelId: news.id, clientId: uid('c'), text: 'me too' })).toBe('forbidden');
    // members still read and react
    expect((await ask(ben, 'chat:history', { channelId: news.id })).messages).toHaveLength(2);
  });

  it('lets only owners and admins rename, archive and add members', async () => {
    const [a, b, c] = [uid('ann'), uid('ben'), uid('cat')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    expect(await refusal(ben, 'chat:channel:update', { channelId: channel.id, name: 'Mine' })).toBe('forbidden');
    expect(await refusal(ben, 'chat:members:add', { channelId: channel.id, userIds: [c] })).toBe('forbidden');
    expect(await refusal(ben, 'chat:members:remove', { channelId: channel.id, userIds: [a] })).toBe('forbidden');
    const renamed = nextEvent(ben, 'chat:channel');
    expect(await ask(ann, 'chat:channel:update', { channelId: channel.id, name: 'Renamed', topic: 'new topic' })).toMatchObject({ name: 'Renamed', topic: 'new topic' });
    expect(await renamed).toMatchObject({ id: channel.id, name: 'Renamed', role: 'member' });
    const { members } = await ask(ann, 'chat:members:add', { channelId: channel.id, userIds: [c] });
    expect(members.map((m) => [m.userId, m.role])).toEqual([
      [a, 'owner'],
      [b, 'member'],
      [c, 'member'],
    ]);
    const actions = await t.server.ctx.storage.db.selectFrom('audit').select('action').where('target', '=', channel.id).orderBy('created_at').execute();
    expect(actions.map((r) => r.action)).toEqual(['channel.create', 'channel.update', 'channel.members.add']);
  });

  it('starts an added member with nothing unread and puts their sockets in the room', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, []);
    await send(ann, channel.id, 'before ben');
    const added = nextEvent(ben, 'chat:channel');
    await ask(ann, 'chat:members:add', { channelId: channel.id, userIds: [b] });
    expect(await added).toMatchObject({ id: channel.id, unreadCount: 0, lastReadSeq: 1, memberCount: 2 });
    const next = nextEvent(ben, 'chat:message');
    await send(ann, channel.id, 'hi ben');
    expect((await next).text).toBe('hi ben');
    expect((await ask(ben, 'chat:history', { channelId: channel.id })).messages.map((m) => m.text)).toEqual(['before ben', 'hi ben']);
  });

  it('stops delivering to a removed member at once and refuses their history, while sync lists the channel as removed', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const secondTab = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    // a channel ben stays in, to know when everything sent before has arrived
    const barrier = await group(ann, [b], 'Barrier');
    const delivered = [nextEvent(ben, 'chat:message'), nextEvent(secondTab, 'chat:message')];
    const first = await send(ann, channel.id, 'still yours');
    await Promise.all(delivered);
    const received = [record<Message>(ben, 'chat:message'), record<Message>(secondTab, 'chat:message')];
    const removed = nextEvent(ben, 'chat:channel:removed');

    await ask(ann, 'chat:members:remove', { channelId: channel.id, userIds: [b] });
    expect(await removed).toEqual({ channelId: channel.id });
    await send(ann, channel.id, 'not for ben');
    const marks = [nextEvent(ben, 'chat:message'), nextEvent(secondTab, 'chat:message')];
    await send(ann, barrier.id, 'barrier');
    await Promise.all(marks);
    for (const list of received) expect(list.map((m) => m.text)).toEqual(['barrier']);

    expect(await refusal(ben, 'chat:history', { channelId: channel.id })).toBe('not_found');
    expect(await refusal(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'hello?' })).toBe('not_found');
    expect(await ask(ben, 'chat:sync', { cursors: [{ channelId: channel.id, afterRev: first.rev }] })).toEqual({ channels: [], removed: [channel.id] });
    expect(mine(await ask(ben, 'chat:channels', {}), channel.id)).toBeUndefined();
    // a fresh connection does not join the room either
    const fresh = await connect(t, sockets, b);
    const freshReceived = record<Message>(fresh, 'chat:message');
    await send(ann, channel.id, 'still not for ben');
    const mark = nextEvent(fresh, 'chat:message');
    await send(ann, barrier.id, 'barrier 2');
    await mark;
    expect(freshReceived.map((m) => m.text)).toEqual(['barrier 2']);
  });

  it('lets a member leave: they get chat:channel:removed and the others a smaller member count', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    const gone = nextEvent(ben, 'chat:channel:removed');
    const shrunk = nextEvent(ann, 'chat:channel');
    expect(await ask(ben, 'chat:channel:leave', { channelId: channel.id })).toEqual({ channelId: channel.id });
    expect(await gone).toEqual({ channelId: channel.id });
    expect(await shrunk).toMatchObject({ id: channel.id, memberCount: 1 });
    const left = await t.server.ctx.storage.db.selectFrom('audit').select('action').where('target', '=', channel.id).where('action', '=', 'channel.leave').execute();
    expect(left).toHaveLength(1);
  });

  describe('connection state recovery', () => {
    /** Cuts the socket's transport from the server side, as a network drop would. */
    async function drop(socket: TestSocket): Promise<void> {
      const disconnected = nextEvent(socket, 'disconnect');
      t.server.realtime.io.of('/').sockets.get(socket.id!)?.conn.close();
      expect(await disconnected).toBe('transport close');
    }

    it('recovers a short drop and replays what was missed', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const got = nextEvent(ben, 'chat:message');
      await send(ann, channel.id, 'before the drop');
      await got;
      await drop(ben);
      await send(ann, channel.id, 'while away');
      const received = record<Message>(ben, 'chat:message');
      const ready = sessionReady(ben);
      ben.connect();
      await ready;
      expect(ben.recovered).toBe(true);
      expect(received.map((m) => m.text)).toEqual(['while away']);
    });

    it('refuses to recover the session of a member removed while away, so nothing of the channel is replayed', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const barrier = await group(ann, [b], 'Barrier');
      const got = nextEvent(ben, 'chat:message');
      await send(ann, channel.id, 'before the drop');
      await got;
      await drop(ben);
      await ask(ann, 'chat:members:remove', { channelId: channel.id, userIds: [b] });
      await send(ann, channel.id, 'after removal');
      const received = record<Message>(ben, 'chat:message');
      const ready = sessionReady(ben);
      ben.connect();
      await ready;
      expect(ben.recovered).toBe(false);
      const mark = nextEvent(ben, 'chat:message');
      await send(ann, barrier.id, 'barrier');
      await mark;
      expect(received.map((m) => m.text)).toEqual(['barrier']);
    });
  });
});
