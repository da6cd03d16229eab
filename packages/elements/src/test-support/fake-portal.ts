/**
 * A signed-in customer for the customer portal's tests and stories: the FakeClient (state,
 * files…) with the real SDK tickets and knowledge capabilities over a FakeConnection, an
 * in-memory tickets server in its customer role and an in-memory knowledge base, so the
 * portal is tested against the real live lists, conversations and pushes.
 */
import type { PlazaClient, UploadOptions } from '@plaza/sdk';
import type { Article, FileInfo, PublicTicketForm, SessionInfo, Ticket, UserProfile } from '@plaza/protocol';
import { FakeConnection } from '../../../sdk/src/test-support/fake-connection.js';
import { FakeKnowledgeServer } from '../../../sdk/src/test-support/fake-knowledge-server.js';
import { FakeTicketsServer } from '../../../sdk/src/test-support/fake-tickets-server.js';
import { PlazaKnowledge } from '../../../sdk/src/knowledge/knowledge-client.js';
import { PlazaTickets } from '../../../sdk/src/tickets/tickets-client.js';
import { FakeClient, FakeFiles, demoSession } from './fake-client.js';

export { FakeKnowledgeServer, FakeTicketsServer };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The tenant's form: the default categories, custom fields for billing and technical tickets. */
export function portalForm(): PublicTicketForm {
  return {
    tenant: 'demo',
    categories: ['general', 'billing', 'technical'],
    fields: {
      billing: [
        { key: 'invoice', label: { en: 'Invoice number', 'zh-CN': '发票号' }, type: 'text', required: true, maxLength: 20 },
        { key: 'plan', label: { en: 'Plan', 'zh-CN': '套餐' }, type: 'select', required: false, options: ['Starter', 'Pro', 'Enterprise'] },
      ],
      technical: [{ key: 'region', label: { en: 'Region', 'zh-CN': '地域' }, type: 'select', required: false, options: ['cn-east-1', 'cn-north-2', 'ap-southeast-1'] }],
    },
    upload: { maxBytes: 1024 * 1024, maxFiles: 3 },
  };
}

/** Files whose names the tickets server knows, as the real server looks uploads up. */
class NamedFiles extends FakeFiles {
  readonly names = new Map<string, FileInfo>();

  override async upload(file: Blob, options: UploadOptions = {}): Promise<FileInfo> {
    const info = await super.upload(file, options);
    this.names.set(info.id, info);
    return info;
  }

  override async get(id: string): Promise<FileInfo> {
    const info = await super.get(id);
    return { ...info, ...this.names.get(id), url: info.url };
  }
}

export class FakePortalClient extends FakeClient {
  readonly connection = new FakeConnection();
  readonly server = new FakeTicketsServer(this.connection);
  readonly articles = new FakeKnowledgeServer(this.connection);
  override readonly files = new NamedFiles();
  readonly tickets: PlazaTickets;
  readonly knowledge = new PlazaKnowledge(this.connection);
  /** What `tickets.customer.form()` answers; null makes it fail. */
  form: PublicTicketForm | null = portalForm();

  /** `user`: who is signed in; the demo customer Frank by default. */
  constructor(user: Partial<UserProfile> = {}) {
    super();
    const session: SessionInfo = demoSession(user.id ?? 'frank', user.name ?? 'Frank Customer');
    session.user = { ...session.user, kind: 'customer', email: 'frank@customer.example', ...user };
    this.server.role = session.user.kind === 'customer' ? 'customer' : 'agent';
    this.server.attachmentOf = (id) => {
      const info = this.files.names.get(id);
      return { id, name: info?.name ?? `${id}.pdf`, size: info?.size ?? 1000, type: info?.type ?? 'application/pdf' };
    };
    this.tickets = new PlazaTickets({
      connection: this.connection,
      // FakeClient's listeners are what `client.on()` registered.
      emit: (event, payload) => void (this as unknown as { emit(e: string, p: unknown): void }).emit(event, payload),
      report: () => undefined,
    });
    // The real form() asks the public REST route; here the test says what it answers.
    this.tickets.customer.form = async () => {
      if (!this.form) throw new Error('form unavailable');
      return this.form;
    };
    this.connection.session = session;
    this.signIn(session);
    this.connection.signIn(session.user.id);
  }

  override get client(): PlazaClient {
    return this as unknown as PlazaClient;
  }

  /** An agent replies on the customer's ticket (pushed to the customer, as the real server does). */
  agentReply(ticketId: string, text: string, status?: Ticket['status']): void {
    this.server.write(ticketId, { kind: 'agent', id: 'carol', name: 'Carol Davis' }, text, 'public', [], status);
  }
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * Frank's tickets: one being worked on with a conversation, custom fields and a file; one
 * waiting for him; one resolved (reopen period running, not rated); one closed and rated;
 * and another customer's ticket that must never show.
 */
export function seedPortal(server: FakeTicketsServer): Record<'invoice' | 'vpn' | 'password' | 'export' | 'foreign', Ticket> {
  const quiet = server.push;
  server.push = false;
  const seeded = {
    foreign: server.add({ subject: 'Another customer’s ticket', customer: { id: 'grace', name: 'Grace Hopper' }, createdAt: ago(20 * DAY), updatedAt: ago(20 * DAY) }),
    export: server.add({
      subject: '数据导出一直失败',
      description: '导出 CSV 时一直提示“服务器繁忙”。',
      category: 'technical',
      status: 'closed',
      createdAt: ago(9 * DAY),
      updatedAt: ago(6 * DAY),
      resolvedAt: ago(7 * DAY),
      closedAt: ago(6 * DAY),
      rating: { score: 5, comment: '很快就解决了，谢谢！', ratedAt: ago(6 * DAY) },
      messages: [{ by: 'agent', text: '已修复导出服务，请再试一次。', name: '赵磊' }],
    }),
    password: server.add({
      subject: 'How do I reset my password?',
      description: 'The reset email never arrives.',
      category: 'general',
      status: 'resolved',
      createdAt: ago(3 * DAY),
      updatedAt: ago(1 * DAY),
      resolvedAt: ago(1 * DAY),
      reopenUntil: new Date(Date.now() + 6 * DAY).toISOString(),
      messages: [{ by: 'agent', text: 'Our mail provider had a delay. The link works for **one hour** — please try again.', name: 'Dave Wilson' }],
    }),
    vpn: server.add({
      subject: 'VPN drops every hour',
      description: 'Since Monday the VPN to cn-east-1 disconnects every hour.',
      category: 'technical',
      status: 'pending_customer',
      fields: { region: 'cn-east-1' },
      createdAt: ago(26 * HOUR),
      updatedAt: ago(2 * HOUR),
      messages: [{ by: 'agent', text: 'Could you send us the client log from the last drop?\n\n1. Open *Settings*\n2. Click **Export log**', name: 'Carol Davis' }],
    }),
    invoice: server.add({
      subject: 'Invoice 2026-031 shows the wrong VAT',
      description: 'The March invoice charges 19% VAT; we are exempt.',
      category: 'billing',
      status: 'open',
      fields: { invoice: 'INV-2026-031', plan: 'Pro' },
      attachments: [{ id: 'f-cert', name: 'exemption-certificate.pdf', size: 48_213, type: 'application/pdf' }],
      createdAt: ago(5 * HOUR),
      updatedAt: ago(20 * MINUTE),
      messages: [
        { by: 'agent', text: 'Thanks — I have asked billing to reissue it without VAT.', name: 'Carol Davis' },
        { by: 'customer', text: 'Great, our accountant needs it by Friday.' },
      ],
    }),
  };
  server.push = quiet;
  return seeded;
}

/** Published articles in Chinese and English. */
export function seedArticles(articles: FakeKnowledgeServer): Record<'refund' | 'refundZh' | 'password' | 'invoice', Article> {
  return {
    invoice: articles.add({ title: '发票开具说明', category: 'billing', body: '订单完成后，可在「我的订单」中申请**电子发票**。增值税专用发票请在工单中提供公司名称和税号。' }),
    password: articles.add({
      title: 'How do I reset my password?',
      category: 'technical',
      body: 'On the sign-in page, click **Forgot password** and enter your email address.\n\nThe reset link works for one hour. No email? Check the spam folder.',
    }),
    refundZh: articles.add({ title: '如何申请退款', category: 'billing', body: '收到商品后 **30 天内** 可以申请退款。\n\n1. 登录账户，打开「我的订单」。\n2. 点击「申请退款」。' }),
    refund: articles.add({
      title: 'Refund policy',
      category: 'billing',
      body: 'You can ask for a refund within **30 days**.\n\n- Open *My orders*\n- Click **Request a refund**\n\nSee [our terms](https://example.com/terms).',
    }),
  };
}

/** A signed-in customer with seeded tickets and articles. */
export function portalWorkspace(user: Partial<UserProfile> = {}) {
  const fake = new FakePortalClient(user);
  const tickets = seedPortal(fake.server);
  const articles = seedArticles(fake.articles);
  return { fake, server: fake.server, tickets, articles };
}
