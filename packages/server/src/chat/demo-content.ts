import type { Urgency } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { ChatService, userActor } from './service.js';

const HOUR = 3600_000;
const MINUTE = 60_000;

interface DemoMessage {
  from: string;
  text: string;
  /** Minutes after the channel's first message. */
  at: number;
  urgency?: Urgency;
  /** Index of an earlier message of the same channel to reply to in its thread. */
  replyTo?: number;
  reactions?: [emoji: string, users: string[]][];
  pinned?: boolean;
}

interface DemoChannel {
  kind: 'group' | 'announcement' | 'dm';
  name: string;
  topic?: string;
  owner: string;
  members: string[];
  /** Hours before now that the conversation starts. */
  startsHoursAgo: number;
  messages: DemoMessage[];
  /** How far each member has read (message index, inclusive); others have read everything. */
  readUpTo?: Record<string, number>;
  urgentAcks?: string[];
}

const EMPLOYEES = ['zhang.wei', 'li.na', 'wang.fang', 'alice', 'bob', 'liu.yang', 'chen.jing', 'carol', 'dave', 'zhao.lei', 'sun.li'];

const CHANNELS: DemoChannel[] = [
  {
    kind: 'announcement',
    name: '全体 · All hands',
    topic: '公司公告 · Company announcements',
    owner: 'zhang.wei',
    members: EMPLOYEES,
    startsHoursAgo: 50,
    messages: [
      {
        from: 'zhang.wei',
        text: '欢迎使用 Plaza！全公司的公告都会发在这里。\n\nWelcome to **Plaza** — company-wide announcements live here.',
        at: 0,
        urgency: 'important',
        pinned: true,
        reactions: [['🎉', ['li.na', 'alice', 'bob', 'carol']]],
      },
      {
        from: 'zhang.wei',
        text: '@all **周五 18:00–20:00 系统维护**，请提前保存工作。\nSystem maintenance on Friday 18:00–20:00: please save your work beforehand.',
        at: 24 * 60,
        urgency: 'urgent',
      },
    ],
    readUpTo: { 'wang.fang': 0, 'liu.yang': 0 },
    urgentAcks: ['li.na', 'alice', 'carol'],
  },
  {
    kind: 'group',
    name: 'Marketing × R&D launch',
    topic: 'Q3 产品发布 · Q3 launch',
    owner: 'li.na',
    members: ['zhang.wei', 'wang.fang', 'alice', 'bob', 'liu.yang', 'chen.jing'],
    startsHoursAgo: 26,
    messages: [
      { from: 'li.na', text: '大家好！这个频道用来协调 Q3 发布。Launch date is **Sept 18**.', at: 0, pinned: true, reactions: [['👍', ['alice', 'bob', 'zhang.wei']]] },
      { from: 'alice', text: 'R&D side: feature freeze on Sept 4, release candidate on Sept 11. @li.na does that work for the press kit?', at: 12 },
      { from: 'li.na', text: '@alice 可以，新闻稿 9 月 10 日定稿 👍', at: 20 },
      { from: 'bob', text: 'The QA plan is in the tracker; regression runs start Sept 5.', at: 35, replyTo: 1 },
      { from: 'wang.fang', text: 'Landing page draft is up at `/launch/q3` — feedback welcome before Friday.', at: 90, reactions: [['👀', ['li.na']]] },
      { from: 'liu.yang', text: '性能测试报告已上传，接口延迟降低了 35%。', at: 20 * 60 },
      { from: 'bob', text: 'Reminder: the screenshots need the new *dark theme*.', at: 20 * 60 + 15 },
      { from: 'chen.jing', text: '@zhang.wei 发布会场地需要您确认一下，周三前回复即可。', at: 23 * 60 },
    ],
    readUpTo: { 'zhang.wei': 4, 'wang.fang': 5 },
  },
  {
    kind: 'dm',
    name: '',
    owner: 'zhang.wei',
    members: ['alice'],
    startsHoursAgo: 3,
    messages: [
      { from: 'zhang.wei', text: 'Alice，明天上午十点方便聊一下路线图吗？', at: 0 },
      { from: 'alice', text: 'Sure — 10:00 works. I’ll bring the Q4 draft.', at: 4 },
      { from: 'zhang.wei', text: '好的，谢谢！', at: 6 },
    ],
  },
  {
    kind: 'group',
    name: 'Northwind partnership',
    topic: 'Shared with Northwind · 与 Northwind 共享',
    owner: 'carol',
    members: ['zhang.wei', 'dave', 'erin'],
    startsHoursAgo: 5,
    messages: [
      { from: 'carol', text: 'Welcome @erin! This channel is shared with Northwind; everything else stays internal.', at: 0 },
      { from: 'erin', text: 'Thanks Carol — happy to be here. I’ll send the integration spec this week.', at: 10, reactions: [['🙌', ['carol', 'dave']]] },
      { from: 'zhang.wei', text: '欢迎 Erin！期待合作。', at: 30 },
    ],
    readUpTo: { dave: 0 },
  },
];

/**
 * The demo tenant's chat: an announcement channel, a bilingual project group, a direct
 * message and a channel shared with the partner. Seeded once (when the tenant has no
 * channel yet), with times spread over the last two days.
 */
export async function seedChatDemo(ctx: PlazaContext, tenantId: string): Promise<void> {
  const existing = await ctx.storage.db.selectFrom('channels').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (existing) return;
  // nobody is connected yet: no pushes to make
  const chat = new ChatService(ctx);
  const everyone = [...new Set(CHANNELS.flatMap((c) => [c.owner, ...c.members, ...c.messages.map((m) => m.from)]))];
  const users = await ctx.users.ensure(tenantId, everyone);
  const actor = (id: string) => userActor(users.get(id) as UsersTable);
  const now = ctx.clock.now();
  let counter = 0;

  for (const spec of CHANNELS) {
    const start = now - spec.startsHoursAgo * HOUR;
    const channel = await chat.createChannel(actor(spec.owner), { kind: spec.kind, name: spec.name, topic: spec.topic ?? '', members: spec.members }, { at: start - MINUTE });
    const sent: { id: string; seq: number }[] = [];
    for (const m of spec.messages) {
      const { message } = await chat.send(
        actor(m.from),
        {
          channelId: channel.id,
          clientId: `demo-${++counter}`,
          text: m.text,
          urgency: m.urgency ?? 'normal',
          attachments: [],
          ...(m.replyTo !== undefined ? { threadRootId: sent[m.replyTo].id } : {}),
        },
        { at: start + m.at * MINUTE },
      );
      sent.push(message);
      for (const [emoji, who] of m.reactions ?? []) for (const id of who) await chat.react(actor(id), message.id, emoji, true);
      if (m.pinned) await chat.pin(actor(spec.owner), message.id, true);
      if (m.urgency === 'urgent') for (const id of spec.urgentAcks ?? []) await chat.urgentAck(actor(id), message.id);
    }
    const last = sent[sent.length - 1].seq;
    for (const id of [spec.owner, ...spec.members]) {
      const upTo = spec.readUpTo?.[id];
      await chat.markRead(actor(id), channel.id, upTo === undefined ? last : sent[upTo].seq);
    }
  }
}
