import type { TicketPriority, TicketStatus } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { ticketActorOf } from './access.js';
import { TicketService } from './service.js';

const MINUTE = 60_000;

interface DemoMessage {
  /** A demo agent's host id, or `customer`. */
  by: string;
  text: string;
  internal?: boolean;
  /** With an agent's public reply: the status it leaves the ticket in. */
  status?: TicketStatus;
}

interface DemoTicket {
  /** The signed-in demo customer (`frank`), or a public-form contact. */
  from: { user: string } | { name: string; email: string };
  subject: string;
  description: string;
  category: 'general' | 'billing' | 'technical';
  priority?: TicketPriority;
  assignee?: string;
  messages?: DemoMessage[];
  /** A final status set by the assignee (after the messages). */
  status?: TicketStatus;
  /** How long ago it was filed, and when its first response is due from now (negative: past, and flagged breached). */
  age?: { filedMinutesAgo: number; firstResponseInMinutes: number };
}

const TICKETS: DemoTicket[] = [
  {
    from: { user: 'frank' },
    subject: 'Invoice 2026-031 shows the wrong VAT',
    description: 'The March invoice charges **19%** VAT, but we are exempt. Could you reissue it? Our accountant needs it by Friday.',
    category: 'billing',
    priority: 'high',
    assignee: 'carol',
    messages: [
      { by: 'carol', text: 'Thanks, Frank — I have asked billing to reissue the invoice without VAT.' },
      { by: 'carol', text: 'Frank’s company is a reseller: reissue without VAT, see contract §4. 内部备注：客户看不到。', internal: true },
      { by: 'customer', text: 'Great, thank you! Any idea when it will be ready?' },
    ],
  },
  {
    from: { user: 'frank' },
    subject: 'VPN drops every hour',
    description: 'Every hour on the hour the VPN disconnects and I lose my remote session. Client version 3.2 on Windows 11.',
    category: 'technical',
    age: { filedMinutesAgo: 95, firstResponseInMinutes: 25 },
  },
  {
    from: { name: '王小明', email: 'wang.xiaoming@customer.example' },
    subject: '数据导出一直失败',
    description: '导出 CSV 时一直提示“服务器繁忙”，已经试了三次。',
    category: 'technical',
    priority: 'urgent',
    age: { filedMinutesAgo: 170, firstResponseInMinutes: -50 },
  },
  {
    from: { name: 'Mia Wong', email: 'mia.wong@customer.example' },
    subject: 'Refund for a double charge',
    description: 'I was charged twice for order 7731 on March 2.',
    category: 'billing',
    assignee: 'dave',
    messages: [
      { by: 'dave', text: 'Sorry about that, Mia. Could you send the last four digits of the card that was charged?', status: 'pending_customer' },
      { by: 'dave', text: 'Payment provider confirms two captures; refund the second once she answers.', internal: true },
    ],
  },
  {
    from: { name: 'Peter Novak', email: 'peter.novak@customer.example' },
    subject: 'How do I add a second admin?',
    description: 'We want our IT lead to manage users too.',
    category: 'general',
    assignee: 'zhao.lei',
    messages: [{ by: 'zhao.lei', text: 'Go to **Settings → Team**, choose the person and tick *Administrator*.' }],
    status: 'resolved',
  },
  {
    from: { name: 'Grace Lee', email: 'grace.lee@customer.example' },
    subject: 'Can we get the invoices in English and Chinese?',
    description: 'Our head office in Shanghai needs Chinese invoices, our auditors English ones.',
    category: 'billing',
  },
];

/**
 * The demo tenant's tickets: the signed-in demo customer's (Frank's) and some filed through
 * the public form, in every queue of `<plaza-ticket-inbox>` — unassigned, assigned to each
 * demo agent, one past its first-response target, one due within the half hour, a resolved
 * one — with public replies and internal notes. Seeded once (when the tenant has no ticket
 * yet), through the ticket service like any ticket, so SLA and auto-close jobs are
 * scheduled; nobody is connected yet, so nothing is pushed.
 */
export async function seedTicketsDemo(ctx: PlazaContext, tenantId: string): Promise<void> {
  const existing = await ctx.storage.db.selectFrom('tickets').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (existing) return;
  const tickets = new TicketService(ctx, undefined);
  const tenant = await ctx.tenants.get(tenantId);
  const hosts = new Set(['carol']);
  for (const spec of TICKETS) {
    if ('user' in spec.from) hosts.add(spec.from.user);
    if (spec.assignee) hosts.add(spec.assignee);
    for (const message of spec.messages ?? []) if (message.by !== 'customer') hosts.add(message.by);
  }
  const users = await ctx.users.ensure(tenantId, [...hosts]);
  const actor = (host: string) => ticketActorOf(users.get(host) as UsersTable);

  for (const spec of TICKETS) {
    const draft = { subject: spec.subject, description: spec.description, category: spec.category };
    const id =
      'user' in spec.from
        ? (await tickets.create(actor(spec.from.user), { ...draft, fileIds: [], clientId: `demo-${TICKETS.indexOf(spec)}` })).id
        : (await tickets.createPublic(tenant, { ...draft, name: spec.from.name, email: spec.from.email })).id;
    if (spec.assignee || spec.priority) {
      await tickets.update(actor(spec.assignee ?? 'carol'), id, { ...(spec.assignee ? { assignee: spec.assignee } : {}), ...(spec.priority ? { priority: spec.priority } : {}) });
    }
    for (const message of spec.messages ?? []) {
      if (message.by === 'customer') {
        // Only the signed-in customer answers here; contacts of the public form would use their access token.
        if ('user' in spec.from) await tickets.customerReply(actor(spec.from.user), id, { text: message.text, attachments: [] });
        continue;
      }
      await tickets.agentMessage(actor(message.by), id, { text: message.text, attachments: [], visibility: message.internal ? 'internal' : 'public', status: message.status });
    }
    if (spec.status) await tickets.update(actor(spec.assignee ?? 'carol'), id, { status: spec.status });
    if (spec.age) await backdate(ctx, tenantId, id, spec.age);
  }
}

/**
 * Demo only: moves a fresh ticket's filing time and first-response target into the past
 * (a target already passed is flagged, as the SLA job would have), so the inbox shows a
 * breached and a nearly due ticket from the first start. The job scheduled for the old due
 * time finds a different due time and does nothing.
 */
async function backdate(ctx: PlazaContext, tenantId: string, ticketId: string, age: { filedMinutesAgo: number; firstResponseInMinutes: number }): Promise<void> {
  const now = ctx.clock.now();
  const filed = now - age.filedMinutesAgo * MINUTE;
  const due = now + age.firstResponseInMinutes * MINUTE;
  await ctx.storage.db
    .updateTable('tickets')
    .set({ created_at: filed, updated_at: filed, first_response_due: due, first_response_breached: due <= now ? 1 : 0 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', ticketId)
    .execute();
}

/**
 * The custom fields the demo tenant's ticket form asks for ("Acme Cloud": the invoice and
 * plan of a billing question, the region and server of a technical one), all optional so
 * the seeded tickets and tests that file without them stay valid. Set only while the tenant
 * has no custom fields, so a change made through the operator API survives restarts.
 */
export async function seedTicketFormDemo(ctx: PlazaContext, tenantId: string): Promise<void> {
  const tenant = await ctx.tenants.get(tenantId);
  if (Object.keys(tenant.settings.ticketFields).length > 0) return;
  await ctx.tenants.patch(tenantId, {
    settings: {
      ticketFields: {
        billing: [
          { key: 'invoice', label: { en: 'Invoice number', 'zh-CN': '发票号' }, type: 'text', required: false, maxLength: 40 },
          { key: 'plan', label: { en: 'Plan', 'zh-CN': '套餐' }, type: 'select', required: false, options: ['Starter', 'Pro', 'Enterprise'] },
        ],
        technical: [
          { key: 'region', label: { en: 'Region', 'zh-CN': '地域' }, type: 'select', required: false, options: ['cn-east-1 (Shanghai)', 'cn-north-2 (Beijing)', 'ap-southeast-1 (Singapore)', 'eu-central-1 (Frankfurt)'] },
          { key: 'server', label: { en: 'Server ID', 'zh-CN': '服务器 ID' }, type: 'text', required: false, maxLength: 64 },
        ],
      },
    },
  });
}
