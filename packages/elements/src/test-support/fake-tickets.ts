/**
 * A client for the ticket elements' tests and stories: the FakeClient (state, files…) with
 * the real SDK tickets capability over a FakeConnection and an in-memory tickets server, so
 * the elements are tested against the real queues, details and pushes.
 */
import type { PlazaClient } from '@plaza/sdk';
import type { SessionInfo, Ticket, UserProfile } from '@plaza/protocol';
import { FakeConnection } from '../../../sdk/src/test-support/fake-connection.js';
import { FakeTicketsServer } from '../../../sdk/src/test-support/fake-tickets-server.js';
import { PlazaTickets } from '../../../sdk/src/tickets/tickets-client.js';
import { FakeClient, demoSession } from './fake-client.js';

export { FakeTicketsServer };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export class FakeTicketsClient extends FakeClient {
  readonly connection = new FakeConnection();
  readonly server = new FakeTicketsServer(this.connection);
  readonly tickets: PlazaTickets;

  /** `user`: who is signed in; an agent by default. */
  constructor(user: Partial<UserProfile> = {}) {
    super();
    const session: SessionInfo = demoSession(user.id ?? 'carol', user.name ?? 'Carol Davis');
    session.user = { ...session.user, roles: ['agent'], ...user };
    this.server.role = session.user.kind === 'customer' ? 'customer' : 'agent';
    this.tickets = new PlazaTickets({
      connection: this.connection,
      // FakeClient's listeners are what `client.on()` registered.
      emit: (event, payload) => void (this as unknown as { emit(e: string, p: unknown): void }).emit(event, payload),
      report: () => undefined,
    });
    this.connection.session = session;
    this.signIn(session);
    this.connection.signIn(session.user.id);
  }

  override get client(): PlazaClient {
    return this as unknown as PlazaClient;
  }
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * An inbox with tickets in every queue: new and unassigned, some assigned to Carol or Dave,
 * two past their SLA, one due within the hour, billing and technical ones, a conversation
 * with an internal note, and settled ones.
 */
export function seedInbox(server: FakeTicketsServer): Record<string, Ticket> {
  const quiet = server.push;
  server.push = false;
  const t = {
    printer: server.add({
      subject: 'Printer on the 3rd floor is on fire',
      description: 'Smoke is coming out of the paper tray. We unplugged it.',
      category: 'technical',
      priority: 'urgent',
      customer: { id: 'li.lei', name: 'Li Lei', email: 'li.lei@customer.example' },
      createdAt: ago(3 * HOUR),
      updatedAt: ago(3 * HOUR),
      dueInMinutes: -60,
      sla: { firstResponseBreached: true },
    }),
    invoice: server.add({
      subject: 'Invoice 2026-031 shows the wrong VAT',
      category: 'billing',
      priority: 'high',
      status: 'open',
      assignee: 'carol',
      customer: { id: 'wang.fang', name: '王芳', email: 'wang.fang@customer.example' },
      createdAt: ago(5 * HOUR),
      updatedAt: ago(20 * MINUTE),
      dueInMinutes: -240,
      sla: { firstRespondedAt: ago(4 * HOUR), resolutionDue: new Date(Date.now() + 40 * MINUTE).toISOString() },
      fields: { order_no: 'A-1042' },
      description: 'The March invoice charges **19%** VAT, we are exempt. Certificate attached.',
      attachments: [{ id: 'f-cert', name: 'exemption-certificate.pdf', size: 48_213, type: 'application/pdf' }],
      messages: [
        { by: 'agent', text: 'Thanks — I have asked billing to reissue it.', author: 'carol', name: 'Carol Davis' },
        { by: 'agent', text: 'Customer is a reseller: reissue without VAT, see contract §4.', author: 'carol', name: 'Carol Davis', visibility: 'internal' },
        { by: 'customer', text: 'Any news? Our accountant needs it by Friday.' },
      ],
    }),
    vpn: server.add({
      subject: 'VPN drops every hour',
      description: 'Every hour on the hour the VPN disconnects and I lose my session.',
      category: 'technical',
      customer: { id: 'frank', name: 'Frank Customer', email: 'frank@customer.example' },
      createdAt: ago(50 * MINUTE),
      updatedAt: ago(50 * MINUTE),
      dueInMinutes: 25,
    }),
    refund: server.add({
      subject: 'Refund for a double charge',
      description: 'I was charged twice for order 7731.',
      category: 'billing',
      status: 'pending_customer',
      assignee: 'dave',
      customer: { id: 'grace', name: 'Grace Hopper', email: 'grace@customer.example' },
      createdAt: ago(26 * HOUR),
      updatedAt: ago(2 * HOUR),
      sla: { firstRespondedAt: ago(25 * HOUR), resolutionDue: new Date(Date.now() + 6 * HOUR).toISOString() },
    }),
    password: server.add({
      subject: 'How do I reset my password?',
      description: 'I forgot my password and the reset mail never arrives.',
      category: 'general',
      status: 'resolved',
      assignee: 'zhao.lei',
      customer: { id: 'chen.jing', name: '陈静' },
      createdAt: ago(3 * 24 * HOUR),
      updatedAt: ago(24 * HOUR),
      resolvedAt: ago(24 * HOUR),
      sla: { firstRespondedAt: ago(3 * 24 * HOUR - HOUR) },
    }),
    export: server.add({
      subject: '数据导出一直失败',
      description: '导出 CSV 时一直提示“服务器繁忙”。',
      category: 'technical',
      priority: 'low',
      customer: { id: 'zhou.min', name: '周敏' },
      createdAt: ago(15 * MINUTE),
      updatedAt: ago(15 * MINUTE),
      dueInMinutes: 105,
    }),
  };
  server.push = quiet;
  return t;
}

/** A signed-in agent (or `user`) with the seeded inbox. */
export function inboxWorkspace(user: Partial<UserProfile> = {}) {
  const fake = new FakeTicketsClient(user);
  const tickets = seedInbox(fake.server);
  return { fake, server: fake.server, tickets };
}
