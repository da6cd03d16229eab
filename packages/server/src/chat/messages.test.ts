import type { Channel, Message } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { manualClock } from '../test-support/clock.js';
import { ask, connect, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();


describe.each(dialects)('chat messages on %s', (dialect) => {
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

  /** A group channel owned by the first socket's user, with the others as members. */
  async function group(owner: TestSocket, members: string[], name = 'Team'): Promise<Channel> {
    return ask(owner, 'chat:channel:create', { kind: 'group', name, members });
  }

  async function send(socket: TestSocket, channelId: string, text: string, extra: Partial<Parameters<typeof ask<'chat:send'>>[2]> = {}): Promise<Message> {
    return ask(socket, 'chat:send', { channelId, clientId: uid('c'), text, ...extra });
  }

  async function rowCount(channelId: string): Promise<number> {
    const rows = await t.server.ctx.storage.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).execute();
    return rows.length;
  }

  it('acks a send with the stored message and pushes it to every member, the sender included', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    const toBen = nextEvent(ben, 'chat:message');
    const toAnn = nextEvent(ann, 'chat:message');
    const message = await ask(ann, 'chat:send', { channelId: channel.id, clientId: 'first-1', text: 'hello **world**' });
    expect(message).toEqual({
      id: expect.any(String),
      channelId: channel.id,
      seq: 1,
      rev: 1,
      authorId: a,
      text: 'hello **world**',
      clientId: 'first-1',
      urgency: 'normal',
      mentions: [],
      mentionsAll: false,
      attachments: [],
      reactions: [],
      threadRootId: null,
      replyCount: 0,
      pinned: false,
      createdAt: new Date(clock.now()).toISOString(),
      editedAt: null,
      recalledAt: null,
      deletedAt: null,
    });
    expect(await toBen).toEqual(message);
    expect(await toAnn).toEqual(message);
  });

  it('answers a retried send with the stored message and stores it once', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const channel = await group(ann, []);
    const first = await ask(ann, 'chat:send', { channelId: channel.id, clientId: 'retry-me', text: 'once' });
    const again = await ask(ann, 'chat:send', { channelId: channel.id, clientId: 'retry-me', text: 'once' });
    expect(again).toEqual(first);
    // the same clientId sent many times at once still makes one row
    const racing = await Promise.all(Array.from({ length: 8 }, () => ask(ann, 'chat:send', { channelId: channel.id, clientId: 'racing', text: 'race' })));
    expect(new Set(racing.map((m) => m.id)).size).toBe(1);
    expect(await rowCount(channel.id)).toBe(2);
  });

  it('refuses a clientId reused for another channel as conflict', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const [one, two] = [await group(ann, [], 'One'), await group(ann, [], 'Two')];
    await ask(ann, 'chat:send', { channelId: one.id, clientId: 'shared-id', text: 'x' });
    expect(await refusal(ann, 'chat:send', { channelId: two.id, clientId: 'shared-id', text: 'x' })).toBe('conflict');
  });

  it('numbers concurrent sends from many clients 1..N without gaps or duplicates', async () => {
    const users = Array.from({ length: 10 }, () => uid('load'));
    const owner = await connect(t, sockets, users[0]);
    const channel = await group(owner, users.slice(1));
    const clients = [owner, ...(await Promise.all(users.slice(1).map((u) => connect(t, sockets, u))))];
    const acks = await Promise.all(clients.flatMap((socket, i) => Array.from({ length: 20 }, (_, j) => send(socket, channel.id, `m ${i}.${j}`))));
    const seqs = acks.map((m) => m.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await t.server.ctx.storage.db.selectFrom('messages').select(['seq', 'rev']).where('channel_id', '=', channel.id).orderBy('seq').execute();
    expect(stored.map((r) => r.seq)).toEqual(seqs);
    expect(new Set(stored.map((r) => r.rev)).size).toBe(200);
  });

  it('refuses posts to an archived channel as conflict', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const channel = await group(ann, []);
    await ask(ann, 'chat:channel:update', { channelId: channel.id, archived: true });
    expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'late' })).toBe('conflict');
    await ask(ann, 'chat:channel:update', { channelId: channel.id, archived: false });
    expect((await send(ann, channel.id, 'back')).seq).toBe(1);
  });

  it('validates a send: text or an attachment, a well-formed clientId', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const channel = await group(ann, []);
    expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: 'x', text: '   ' })).toBe('bad_request');
    expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: 'has space', text: 'hi' })).toBe('bad_request');
    expect(await refusal(ann, 'chat:send', { channelId: 'not-an-id', clientId: 'x', text: 'hi' })).toBe('bad_request');
  });

  describe('mentions', () => {
    it('records mentions of members by host id, ignoring non-members and e-mail addresses', async () => {
      const [a, b, c] = [uid('ann'), uid('ben.x'), uid('cat')];
      const ann = await connect(t, sockets, a);
      const channel = await group(ann, [b]);
      const message = await send(ann, channel.id, `hi @${b}, and @${c} and mail me at x@${b}. Also @${b}你好`);
      expect(message.mentions).toEqual([b]);
      expect(message.mentionsAll).toBe(false);
    });

    it('counts unread mentions per member until they read past them', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      await send(ann, channel.id, `@${b} look`);
      await send(ann, channel.id, 'no mention');
      const third = await send(ann, channel.id, `@${b} again`);
      let mine = (await ask(ben, 'chat:channels', {})).channels.find((c) => c.id === channel.id)!;
      expect(mine).toMatchObject({ unreadCount: 3, mentionCount: 2, lastReadSeq: 0 });
      await ask(ben, 'chat:read', { channelId: channel.id, seq: 2 });
      mine = (await ask(ben, 'chat:channels', {})).channels.find((c) => c.id === channel.id)!;
      expect(mine).toMatchObject({ unreadCount: 1, mentionCount: 1, lastReadSeq: 2 });
      await ask(ben, 'chat:read', { channelId: channel.id, seq: third.seq });
      mine = (await ask(ben, 'chat:channels', {})).channels.find((c) => c.id === channel.id)!;
      expect(mine).toMatchObject({ unreadCount: 0, mentionCount: 0 });
      // the author's own mentions and sends never count for the author
      const own = (await ask(ann, 'chat:channels', {})).channels.find((c) => c.id === channel.id)!;
      expect(own).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    });

    it('lets channel owners and tenant admins mention @all, and refuses it for plain members', async () => {
      const [a, b, boss] = [uid('ann'), uid('ben'), uid('boss')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const admin = await connect(t, sockets, boss, { roles: ['admin'] });
      const channel = await group(ann, [b, boss]);
      const byOwner = await send(ann, channel.id, '@all standup in 5');
      expect(byOwner.mentionsAll).toBe(true);
      expect((await send(admin, channel.id, 'heads up @all.')).mentionsAll).toBe(true);
      expect(await refusal(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'hey @all' })).toBe('forbidden');
      expect((await send(ben, channel.id, 'call @allison')).mentionsAll).toBe(false);
    });

    it('counts @all as a mention for every other member', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      await send(ann, channel.id, `@all and @${b}`);
      const view = (await ask(ben, 'chat:channels', {})).channels.find((c) => c.id === channel.id)!;
      expect(view.mentionCount).toBe(1);
    });
  });

  describe('changes', () => {
    it('broadcasts an edit with a new rev and refuses edits by others', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const original = await send(ann, channel.id, 'tpyo');
      const update = nextEvent(ben, 'chat:message:updated');
      const edited = await ask(ann, 'chat:edit', { messageId: original.id, text: 'typo' });
      expect(edited).toMatchObject({ id: original.id, seq: original.seq, text: 'typo', editedAt: expect.any(String) });
      expect(edited.rev).toBeGreaterThan(original.rev);
      expect(await update).toEqual(edited);
      expect(await refusal(ben, 'chat:edit', { messageId: original.id, text: 'mine now' })).toBe('forbidden');
    });

    it('lets the author recall within the window and refuses after it', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const early = await send(ann, channel.id, 'oops');
      const late = await send(ann, channel.id, 'fine');
      expect(await refusal(ben, 'chat:recall', { messageId: early.id })).toBe('forbidden');
      const update = nextEvent(ben, 'chat:message:updated');
      const recalled = await ask(ann, 'chat:recall', { messageId: early.id });
      expect(recalled).toMatchObject({ id: early.id, text: '', recalledAt: expect.any(String), attachments: [] });
      expect(recalled.rev).toBeGreaterThan(late.rev);
      expect(await update).toEqual(recalled);
      expect(await refusal(ann, 'chat:recall', { messageId: early.id })).toBe('conflict');

      clock.advance(121_000);
      expect(await refusal(ann, 'chat:recall', { messageId: late.id })).toBe('conflict');
      // the tenant's setting decides the window
      await t.server.ctx.tenants.patch(t.tenantId, { settings: { recallWindowSeconds: 600 } });
      expect((await ask(ann, 'chat:recall', { messageId: late.id })).recalledAt).not.toBeNull();
      await t.server.ctx.tenants.patch(t.tenantId, { settings: { recallWindowSeconds: 120 } });
    });

    it('lets channel owners delete any message but not plain members', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const bens = await send(ben, channel.id, 'spam');
      const anns = await send(ann, channel.id, 'keep');
      expect(await refusal(ben, 'chat:delete', { messageId: anns.id })).toBe('forbidden');
      const update = nextEvent(ben, 'chat:message:updated');
      const deleted = await ask(ann, 'chat:delete', { messageId: bens.id });
      expect(deleted).toMatchObject({ text: '', deletedAt: expect.any(String), recalledAt: null });
      expect(await update).toEqual(deleted);
      const audit = await t.server.ctx.storage.db.selectFrom('audit').selectAll().where('action', '=', 'message.delete').where('target', '=', bens.id).execute();
      expect(audit).toHaveLength(1);
    });

    it('toggles reactions once per user and emoji', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const message = await send(ann, channel.id, 'lunch?');
      const one = await ask(ben, 'chat:react', { messageId: message.id, emoji: '👍', on: true });
      const same = await ask(ben, 'chat:react', { messageId: message.id, emoji: '👍', on: true });
      expect(same).toEqual(one);
      // reactions list users in the order they reacted
      clock.advance(1);
      const two = await ask(ann, 'chat:react', { messageId: message.id, emoji: '👍', on: true });
      expect(two.reactions).toEqual([{ emoji: '👍', users: [b, a] }]);
      const off = await ask(ben, 'chat:react', { messageId: message.id, emoji: '👍', on: false });
      expect(off.reactions).toEqual([{ emoji: '👍', users: [a] }]);
      expect(off.rev).toBeGreaterThan(two.rev);
    });

    it('pins and unpins, listing pinned messages', async () => {
      const ann = await connect(t, sockets, uid('ann'));
      const channel = await group(ann, []);
      const [m1, m2] = [await send(ann, channel.id, 'one'), await send(ann, channel.id, 'two')];
      await ask(ann, 'chat:pin', { messageId: m2.id, pinned: true });
      await ask(ann, 'chat:pin', { messageId: m1.id, pinned: true });
      expect((await ask(ann, 'chat:pins', { channelId: channel.id })).messages.map((m) => m.id)).toEqual([m1.id, m2.id]);
      await ask(ann, 'chat:pin', { messageId: m1.id, pinned: false });
      expect((await ask(ann, 'chat:pins', { channelId: channel.id })).messages.map((m) => m.id)).toEqual([m2.id]);
    });

    it('gives thread replies their own seq, counts them on the root and keeps them out of history', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const root = await send(ann, channel.id, 'thread start');
      const rootUpdate = nextEvent(ben, 'chat:message:updated');
      const reply = await send(ben, channel.id, 'a reply', { threadRootId: root.id });
      expect(reply).toMatchObject({ seq: 2, threadRootId: root.id });
      const updatedRoot = await rootUpdate;
      expect(updatedRoot).toMatchObject({ id: root.id, replyCount: 1 });
      expect(updatedRoot.rev).toBe(reply.rev + 1);
      await send(ann, channel.id, 'next top-level');
      const history = await ask(ann, 'chat:history', { channelId: channel.id });
      expect(history.messages.map((m) => m.seq)).toEqual([1, 3]);
      const thread = await ask(ann, 'chat:thread', { rootId: root.id });
      expect(thread).toEqual({ messages: [reply], hasMore: false });
      expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'nested', threadRootId: reply.id })).toBe('bad_request');
    });
  });

  describe('read state', () => {
    it('moves the read position forward only and tells the channel', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      for (let i = 0; i < 5; i++) await send(ann, channel.id, `m${i}`);
      const told = nextEvent(ann, 'chat:read');
      expect(await ask(ben, 'chat:read', { channelId: channel.id, seq: 4 })).toEqual({ channelId: channel.id, lastReadSeq: 4 });
      expect(await told).toEqual({ channelId: channel.id, userId: b, lastReadSeq: 4 });
      expect(await ask(ben, 'chat:read', { channelId: channel.id, seq: 2 })).toEqual({ channelId: channel.id, lastReadSeq: 4 });
      // never past the newest message
      expect(await ask(ben, 'chat:read', { channelId: channel.id, seq: 99 })).toEqual({ channelId: channel.id, lastReadSeq: 5 });
    });

    it('computes read receipts from read positions, leaving out the author', async () => {
      const [a, b, c, d] = [uid('ann'), uid('ben'), uid('cat'), uid('dan')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const cat = await connect(t, sockets, c);
      const channel = await group(ann, [b, c, d]);
      const m1 = await send(ann, channel.id, 'one');
      const m2 = await send(ann, channel.id, 'two');
      const m3 = await send(ann, channel.id, 'three');
      await ask(ben, 'chat:read', { channelId: channel.id, seq: m3.seq });
      await ask(cat, 'chat:read', { channelId: channel.id, seq: m1.seq });
      const sort = (r: { readBy: string[]; unreadBy: string[] }) => ({ readBy: [...r.readBy].sort(), unreadBy: [...r.unreadBy].sort() });
      expect(sort(await ask(ann, 'chat:receipts', { messageId: m1.id }))).toEqual(sort({ readBy: [b, c], unreadBy: [d] }));
      expect(sort(await ask(ann, 'chat:receipts', { messageId: m2.id }))).toEqual(sort({ readBy: [b], unreadBy: [c, d] }));
      // a member's own send marks the channel read for them up to it
      const m4 = await send(cat, channel.id, 'four');
      expect(sort(await ask(ann, 'chat:receipts', { messageId: m3.id }))).toEqual(sort({ readBy: [b, c], unreadBy: [d] }));
      expect(sort(await ask(ann, 'chat:receipts', { messageId: m4.id }))).toEqual(sort({ readBy: [], unreadBy: [a, b, d] }));
    });

    it('tracks who has not acknowledged an urgent message', async () => {
      const [a, b, c] = [uid('ann'), uid('ben'), uid('cat')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b, c]);
      const urgent = await send(ann, channel.id, 'server down', { urgency: 'urgent' });
      const status = await ask(ann, 'chat:urgent:status', { messageId: urgent.id });
      expect({ ...status, pending: [...status.pending].sort() }).toEqual({ messageId: urgent.id, pending: [b, c].sort() });
      expect(await ask(ben, 'chat:urgent:ack', { messageId: urgent.id })).toEqual({ messageId: urgent.id, pending: [c] });
      expect(await ask(ben, 'chat:urgent:ack', { messageId: urgent.id })).toEqual({ messageId: urgent.id, pending: [c] });
      expect(await ask(ann, 'chat:urgent:status', { messageId: urgent.id })).toEqual({ messageId: urgent.id, pending: [c] });
      const normal = await send(ann, channel.id, 'fyi');
      expect(await refusal(ben, 'chat:urgent:ack', { messageId: normal.id })).toBe('conflict');
    });
  });

  describe('history and sync', () => {
    it('pages by seq: newest, before, after and around, ascending with hasMore', async () => {
      const ann = await connect(t, sockets, uid('ann'));
      const channel = await group(ann, []);
      for (let i = 1; i <= 25; i++) await send(ann, channel.id, `m${i}`);
      const seqs = (page: { messages: Message[] }) => page.messages.map((m) => m.seq);
      const newest = await ask(ann, 'chat:history', { channelId: channel.id, limit: 10 });
      expect(seqs(newest)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
      expect(newest.hasMore).toBe(true);
      const before = await ask(ann, 'chat:history', { channelId: channel.id, before: 16, limit: 10 });
      expect(seqs(before)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
      const first = await ask(ann, 'chat:history', { channelId: channel.id, before: 6, limit: 10 });
      expect([seqs(first), first.hasMore]).toEqual([[1, 2, 3, 4, 5], false]);
      const after = await ask(ann, 'chat:history', { channelId: channel.id, after: 20, limit: 10 });
      expect([seqs(after), after.hasMore]).toEqual([[21, 22, 23, 24, 25], false]);
      const after2 = await ask(ann, 'chat:history', { channelId: channel.id, after: 0, limit: 3 });
      expect([seqs(after2), after2.hasMore]).toEqual([[1, 2, 3], true]);
      const around = await ask(ann, 'chat:history', { channelId: channel.id, around: 12, limit: 5 });
      expect([seqs(around), around.hasMore]).toEqual([[10, 11, 12, 13, 14], true]);
      expect(await refusal(ann, 'chat:history', { channelId: channel.id, before: 3, after: 1 })).toBe('bad_request');
      expect(await refusal(ann, 'chat:history', { channelId: channel.id, limit: 201 })).toBe('bad_request');
    });

    it('pages around a message id; an id from another channel or none at all is not found', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const ben = await connect(t, sockets, b);
      const channel = await group(ann, [b]);
      const secret = await group(ann, [], 'Secret');
      const sent: Message[] = [];
      for (let i = 1; i <= 9; i++) sent.push(await send(ann, channel.id, `m${i}`));
      const hidden = await send(ann, secret.id, 'not for ben');
      const page = await ask(ben, 'chat:history', { channelId: channel.id, aroundId: sent[5].id, limit: 4 });
      expect([page.messages.map((m) => m.seq), page.hasMore]).toEqual([[4, 5, 6, 7], true]);
      // Naming a channel one may read does not open another channel's message, nor say it exists.
      expect(await refusal(ben, 'chat:history', { channelId: channel.id, aroundId: hidden.id })).toBe('not_found');
      expect(await refusal(ben, 'chat:history', { channelId: channel.id, aroundId: '0190c2a4-0000-7000-8000-000000000000' })).toBe('not_found');
      expect(await refusal(ben, 'chat:history', { channelId: secret.id, aroundId: hidden.id })).toBe('not_found');
      expect(await refusal(ben, 'chat:history', { channelId: channel.id, around: 3, aroundId: sent[0].id })).toBe('bad_request');
      expect(await refusal(ben, 'chat:history', { channelId: channel.id, aroundId: 'not-an-id' })).toBe('bad_request');
    });

    it('syncs exactly the changes after a rev: new messages, edits and reactions, once each', async () => {
      const [a, b] = [uid('ann'), uid('ben')];
      const ann = await connect(t, sockets, a);
      const channel = await group(ann, [b]);
      const m1 = await send(ann, channel.id, 'one');
      const m2 = await send(ann, channel.id, 'two');
      const cursor = m2.rev;
      const m3 = await send(ann, channel.id, 'three');
      const edited = await ask(ann, 'chat:edit', { messageId: m1.id, text: 'one!' });
      const reacted = await ask(ann, 'chat:react', { messageId: m3.id, emoji: '🎉', on: true });
      const ben = await connect(t, sockets, b);
      const sync = await ask(ben, 'chat:sync', { cursors: [{ channelId: channel.id, afterRev: cursor }] });
      expect(sync).toEqual({ channels: [{ channelId: channel.id, messages: [edited, reacted], rev: reacted.rev, hasMore: false }], removed: [] });
      const none = await ask(ben, 'chat:sync', { cursors: [{ channelId: channel.id, afterRev: reacted.rev }] });
      expect(none.channels[0]).toEqual({ channelId: channel.id, messages: [], rev: reacted.rev, hasMore: false });
      // from zero: every message once, in rev order
      const all = await ask(ben, 'chat:sync', { cursors: [{ channelId: channel.id, afterRev: 0 }] });
      expect(all.channels[0].messages.map((m) => m.id)).toEqual([m2.id, edited.id, reacted.id]);
    });
  });

  it('gives the same message JSON on every read path', async () => {
    const ann = await connect(t, sockets, uid('ann'));
    const channel = await group(ann, []);
    const sent = await send(ann, channel.id, 'same everywhere', { urgency: 'important' });
    const history = await ask(ann, 'chat:history', { channelId: channel.id });
    const sync = await ask(ann, 'chat:sync', { cursors: [{ channelId: channel.id, afterRev: 0 }] });
    expect(history.messages).toEqual([sent]);
    expect(sync.channels[0].messages).toEqual([sent]);
  });
});
