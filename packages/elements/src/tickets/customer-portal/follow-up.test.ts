import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PublicTicketDetail } from '@plaza/protocol';
import { portalForm } from '../../test-support/fake-portal.js';
import { button, chooseFiles, partOf, shadow, textOf, type } from '../../test-support/portal-dom.js';
import { FakeTicketServer } from '../test-support/fake-ticket-server.js';
import { followUpTicket } from '../shared/follow-up-link.js';
import type { PlazaCustomerPortal } from './customer-portal.js';
import './customer-portal.js';

const URL_ = 'https://plaza.test';
const ID = '0190c2a0-1111-7000-8000-000000000001';
const TOKEN = 'acme.' + 'T'.repeat(43);

function detail(status: PublicTicketDetail['ticket']['status'] = 'pending_customer'): PublicTicketDetail {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    ticket: {
      id: ID,
      subject: 'Cannot log in to the console',
      description: 'Since this morning the console says my session expired.',
      category: 'technical',
      status,
      fields: { region: 'ap-southeast-1' },
      attachments: [],
      createdAt: at,
      updatedAt: at,
      resolvedAt: status === 'resolved' ? at : null,
      closedAt: null,
      reopenUntil: status === 'resolved' ? new Date(Date.now() + 86_400_000).toISOString() : null,
      rating: null,
      messageCount: 1,
    },
    messages: [{ id: 'm1', ticketId: ID, author: { kind: 'agent', name: 'Carol Davis' }, text: 'Could you clear your cookies and try again?', attachments: [], createdAt: at }],
    files: [],
  };
}

describe('<plaza-customer-portal> with a follow-up link', () => {
  let server: FakeTicketServer;

  beforeEach(() => {
    server = new FakeTicketServer().install();
    server.form = portalForm();
    server.followed = { detail: detail(), accessToken: TOKEN };
    history.replaceState(null, '', `#plaza-ticket=${ID}:${encodeURIComponent(TOKEN)}`);
  });

  afterEach(() => {
    server.uninstall();
    history.replaceState(null, '', location.pathname + location.search);
  });

  async function portal(): Promise<{ el: PlazaCustomerPortal; part: ShadowRoot }> {
    const container = await fixture<HTMLElement>(html`<div><plaza-customer-portal url=${URL_}></plaza-customer-portal></div>`);
    const el = container.querySelector('plaza-customer-portal')!;
    const part = await partOf(el, 'plaza-portal-ticket');
    await waitUntil(() => part.querySelector('.subject'), 'the ticket did not load');
    return { el, part };
  }

  it('reads the link the ticket form gives: id and token, both URL-encoded; anything else is no link', () => {
    assert.deepEqual(followUpTicket(`#plaza-ticket=${ID}:${encodeURIComponent(TOKEN)}`), { id: ID, accessToken: TOKEN, tenant: 'acme' });
    assert.isNull(followUpTicket('#plaza-ticket=only-an-id'));
    assert.isNull(followUpTicket('#plaza-ticket=x:%E0%A4%A'));
    assert.isNull(followUpTicket('#plaza-ticket=x:no-tenant-dot'));
    assert.isNull(followUpTicket('#tasks'));
  });

  it('shows the ticket without a sign-in: the conversation and fields over the public routes, with the token, and no navigation', async () => {
    const { el, part } = await portal();
    await expect(el).to.be.accessible();
    assert.strictEqual(textOf(part.querySelector('.subject')), 'Cannot log in to the console');
    assert.strictEqual(textOf(part.querySelector('.badge')), 'Waiting for you');
    assert.deepEqual([...part.querySelectorAll('.message .author')].map((a) => textOf(a)), ['You', 'Carol Davis']);
    await waitUntil(() => textOf(part.querySelector('.fields dt')) === 'Region', 'the field is not labelled from the tenant’s form');
    const read = server.requests.find((r) => r.url === `${URL_}/v1/public/tickets/${ID}`)!;
    assert.strictEqual(read.headers.authorization, `Bearer ${TOKEN}`);
    assert.isTrue(server.requests.some((r) => r.url === `${URL_}/v1/public/ticket-form?tenant=acme`));
    assert.notExists(shadow(el).querySelector('nav'));
    assert.notExists(part.querySelector('.back'));
  });

  it('replies with a file through the public routes; an agent’s answer shows after “Check for updates”', async () => {
    server.autoUpload = true;
    const { part } = await portal();
    await type(part, 'reply', 'Cleared them, still the same.');
    chooseFiles(part, [new File(['screenshot bytes'], 'console.png', { type: 'image/png' })], '.reply input[type="file"]');
    await waitUntil(() => part.querySelector('.uploads li') && !part.querySelector('.uploads progress'), 'the upload did not finish', { timeout: 5_000 });
    button(part, '.send').click();
    await waitUntil(() => part.querySelectorAll('.message').length === 3, 'the reply did not show');
    const last = [...part.querySelectorAll('.message')].at(-1)!;
    assert.include(textOf(last), 'Cleared them, still the same.');
    assert.include(textOf(last), 'console.png');
    assert.strictEqual(textOf(part.querySelector('.badge')), 'In progress', 'a reply puts the ticket back in progress');
    const reply = server.requests.find((r) => r.method === 'POST' && r.url.endsWith('/messages'))!;
    assert.strictEqual(reply.headers.authorization, `Bearer ${TOKEN}`);

    server.followed!.detail.messages.push({ id: 'm9', ticketId: ID, author: { kind: 'agent', name: 'Carol Davis' }, text: 'Fixed on our side.', attachments: [], createdAt: new Date().toISOString() });
    server.followed!.detail.ticket = { ...server.followed!.detail.ticket, status: 'resolved', resolvedAt: new Date().toISOString(), reopenUntil: new Date(Date.now() + 86_400_000).toISOString() };
    button(part, '.refresh').click();
    await waitUntil(() => textOf(part.querySelector('.badge')) === 'Resolved', 'the refresh did not show the news');
    assert.include(textOf([...part.querySelectorAll('.message')].at(-1)), 'Fixed on our side.');
    assert.include(textOf(part.querySelector('.visually-hidden[role="status"]')), 'New reply from Carol Davis');
  });

  it('rates a resolved ticket through the link', async () => {
    server.followed = { detail: detail('resolved'), accessToken: TOKEN };
    const { part } = await portal();
    part.querySelectorAll<HTMLInputElement>('input[name="score"]')[4].click();
    button(part, '.rate').click();
    await waitUntil(() => part.querySelector('.rating--done'), 'the rating was not stored');
    assert.include(textOf(part.querySelector('.rating--done')), 'You rated this 5 of 5');
    const rating = server.requests.find((r) => r.url.endsWith('/rating'))!;
    assert.deepEqual(rating.body, { score: 5, comment: '' });
  });

  it('says when the link is malformed, and when its ticket cannot be found', async () => {
    history.replaceState(null, '', '#plaza-ticket=half-a-link');
    const container = await fixture<HTMLElement>(html`<div><plaza-customer-portal url=${URL_}></plaza-customer-portal></div>`);
    const el = container.querySelector('plaza-customer-portal')!;
    await waitUntil(() => shadow(el).querySelector('[role="alert"]'));
    assert.include(textOf(shadow(el).querySelector('[role="alert"]')), 'This follow-up link is not valid');

    history.replaceState(null, '', `#plaza-ticket=${ID}:${encodeURIComponent('acme.wrong')}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const part = await partOf(el, 'plaza-portal-ticket');
    await waitUntil(() => part.querySelector('[role="alert"]'), 'a wrong token was not refused');
    assert.strictEqual(textOf(part.querySelector('[role="alert"]')), 'This ticket could not be found.');
  });
});
