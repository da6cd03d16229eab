import type { Channel, Message } from '@plaza/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocketPool, availableDialects, nextEvent, startTestServer, type TestServer, type TestSocket } from '../test-support/index.js';
import { manualClock } from '../test-support/clock.js';
import { CHAT_REQUEST_LIMITS } from './request-limits.js';
import { TYPING_INTERVAL_MS } from './service.js';
import { ask, connect, record, refusal, uid } from './test-kit.js';

const dialects = await availableDialects();

describe.each(dialects)('chat request limits and shared commits on %s', (dialect) => {
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

  async function group(owner: TestSocket, members: string[]): Promise<Channel> {
    return ask(owner, 'chat:channel:create', { kind: 'group', name: 'Limits', members });
  }

  async function storedSeqs(channelId: string): Promise<number[]> {
    const rows = await t.server.ctx.storage.db.selectFrom('messages').select('seq').where('channel_id', '=', channelId).orderBy('seq').execute();
    return rows.map((r) => r.seq);
  }

  it('answers chat:send beyond the user’s burst with rate_limited, stores nothing for it, and refills with time', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a);
    const annTab = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    const { burst, perSecond } = CHAT_REQUEST_LIMITS.send;
    for (let i = 0; i < burst; i++) await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: `#${i}` });

    expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: 'over-the-limit', text: 'one too many' })).toBe('rate_limited');
    // the bucket is the user's, not the socket's; other users have their own
    expect(await refusal(annTab, 'chat:send', { channelId: channel.id, clientId: 'other-tab', text: 'also too many' })).toBe('rate_limited');
    await ask(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'ben is fine' });
    expect(await storedSeqs(channel.id)).toHaveLength(burst + 1);
    const refused = await t.server.ctx.storage.db.selectFrom('messages').select('id').where('client_id', 'in', ['over-the-limit', 'other-tab']).execute();
    expect(refused).toEqual([]);

    clock.advance(1000 / perSecond);
    const later = await ask(ann, 'chat:send', { channelId: channel.id, clientId: 'over-the-limit', text: 'after a pause' });
    expect(later.seq).toBe(burst + 2);
    expect(await refusal(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'empty again' })).toBe('rate_limited');
  });

  it('limits the other chat writes per user, apart from sends, and never reads', async () => {
    const a = uid('ann');
    const ann = await connect(t, sockets, a);
    const channel = await group(ann, []);
    const message = await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'react to me' });
    const { burst } = CHAT_REQUEST_LIMITS.write;
    // the group creation above took one token
    for (let i = 0; i < burst - 1; i++) await ask(ann, 'chat:react', { messageId: message.id, emoji: '👍', on: i % 2 === 0 });
    expect(await refusal(ann, 'chat:react', { messageId: message.id, emoji: '🎉', on: true })).toBe('rate_limited');
    expect(await refusal(ann, 'chat:read', { channelId: channel.id, seq: 1 })).toBe('rate_limited');
    // presence changes look the user's sockets up across the cluster: limited alike
    expect(await refusal(ann, 'presence:set', { state: 'idle' })).toBe('rate_limited');
    const after = await ask(ann, 'chat:history', { channelId: channel.id });
    // the last reaction asked for within the limit was 👍 on; the refused 🎉 changed nothing
    expect(after.messages[0].reactions).toEqual([{ emoji: '👍', users: [a] }]);
    // sends have a bucket of their own, and reads are not limited
    await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'still allowed' });
    for (let i = 0; i < burst; i++) await ask(ann, 'chat:members', { channelId: channel.id });
  });

  it('passes a spamming typist’s notices on at most once per interval, then limits the requests', async () => {
    const [a, b] = [uid('ann'), uid('ben')];
    const ann = await connect(t, sockets, a, { name: 'Ann Lee' });
    const ben = await connect(t, sockets, b);
    const channel = await group(ann, [b]);
    const typing = record<{ channelId: string; userId: string }>(ben, 'chat:typing');
    const { burst } = CHAT_REQUEST_LIMITS.typing;

    const spam = (count: number) => Promise.all(Array.from({ length: count }, () => ask(ann, 'chat:typing', { channelId: channel.id })));
    const barrier = async () => {
      const arrived = nextEvent(ben, 'chat:message');
      await ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'barrier' });
      await arrived;
    };
    expect(await spam(burst / 2)).toEqual(Array.from({ length: burst / 2 }, () => ({ channelId: channel.id })));
    await barrier();
    expect(typing).toEqual([{ channelId: channel.id, userId: a, name: 'Ann Lee' }]);

    clock.advance(TYPING_INTERVAL_MS - 1);
    await spam(2);
    await barrier();
    expect(typing).toHaveLength(1);

    clock.advance(1);
    await spam(2);
    await barrier();
    expect(typing).toHaveLength(2);

    // the bucket holds at most `burst`: within one more request than that, typing is refused
    const codes: string[] = [];
    for (let i = 0; i <= burst; i++) codes.push(await ask(ann, 'chat:typing', { channelId: channel.id }).then(() => 'ok', (error: { code: string }) => error.code));
    expect(codes.at(-1)).toBe('rate_limited');
    await barrier();
    expect(typing).toHaveLength(2);
  });

  it('stores sends made in the same moment with gap-free seqs, refusing the bad ones alone', async () => {
    const [a, b, c] = [uid('ann'), uid('ben'), uid('cat')];
    const ann = await connect(t, sockets, a);
    const ben = await connect(t, sockets, b);
    const cat = await connect(t, sockets, c);
    const channel = await group(ann, [b]);
    const elsewhere = await group(ann, []);
    await ask(ann, 'chat:send', { channelId: elsewhere.id, clientId: 'used-elsewhere', text: 'first use' });
    const received = record<Message>(ben, 'chat:message');

    const outcomes = await Promise.allSettled([
      ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'one' }),
      ask(cat, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'not a member' }),
      ask(ben, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'two' }),
      ask(ann, 'chat:send', { channelId: channel.id, clientId: 'used-elsewhere', text: 'reused' }),
      ask(ben, 'chat:send', { channelId: channel.id, clientId: 'twice', text: 'three' }),
      ask(ben, 'chat:send', { channelId: channel.id, clientId: 'twice', text: 'three' }),
      ask(ann, 'chat:send', { channelId: channel.id, clientId: uid('c'), text: 'four' }),
    ]);
    const codes = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as { code: string }).code));
    expect(codes).toEqual(['ok', 'not_found', 'ok', 'conflict', 'ok', 'ok', 'ok']);
    const stored = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(stored[2].id).toBe(stored[3].id);
    expect(new Set(stored.map((m) => m.seq))).toEqual(new Set([1, 2, 3, 4]));
    expect(await storedSeqs(channel.id)).toEqual([1, 2, 3, 4]);
    await expect.poll(() => received.length).toBe(4);
    expect(received.map((m) => m.seq).sort()).toEqual([1, 2, 3, 4]);
  });
});
