import { assert, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { FakePortalClient, portalWorkspace } from '../../test-support/fake-portal.js';
import { button, mountPortal, partOf, row, rowSubjects, shadow, textOf, type } from '../../test-support/portal-dom.js';
import type { PlazaTicketOpenEvent } from '../events/ticket-inbox-events.js';
import './customer-portal.js';

function announced(root: ShadowRoot): string {
  return textOf(root.querySelector('.visually-hidden[role="status"]'));
}

describe('<plaza-customer-portal>', () => {
  beforeEach(() => localStorage.clear());

  it('is accessible, light and dark, with the list and with a ticket open', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    el.openTicket(tickets.invoice.id);
    await partOf(el, 'plaza-portal-ticket');
    await expect(el).to.be.accessible();
  });

  it('lists only the customer’s own tickets, newest first, with status, category, last update and message count', async () => {
    const { fake } = portalWorkspace();
    const el = await mountPortal(fake);
    assert.deepEqual(rowSubjects(el), ['Invoice 2026-031 shows the wrong VAT', 'VPN drops every hour', 'How do I reset my password?', '数据导出一直失败']);
    const vpn = row(el, 'VPN drops every hour');
    assert.strictEqual(textOf(vpn.querySelector('.badge')), 'Waiting for you');
    assert.include(textOf(vpn), 'Technical');
    assert.include(textOf(vpn), 'Updated 2 hours ago');
    assert.include(textOf(vpn), '1 message');
    assert.strictEqual(vpn.getAttribute('part'), 'ticket');
    assert.strictEqual(textOf(row(el, '数据导出一直失败').querySelector('.badge')), 'Closed');
    assert.notInclude(textOf(shadow(el)), 'Another customer');
  });

  it('opens a ticket: its public conversation, custom fields by label, files as links; a reply shows once; Back returns to its row', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake);
    const opened: Promise<PlazaTicketOpenEvent> = oneEvent(el, 'plaza-ticket-open');
    row(el, 'Invoice 2026-031 shows the wrong VAT').click();
    assert.strictEqual((await opened).detail.ticketId, tickets.invoice.id);
    assert.strictEqual(el.ticket, tickets.invoice.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    await waitUntil(() => part.activeElement?.classList.contains('subject'), 'focus did not move to the subject');
    assert.deepEqual(
      [...part.querySelectorAll('.fields div')].map((d) => `${textOf(d.querySelector('dt'))}: ${textOf(d.querySelector('dd'))}`),
      ['Invoice number: INV-2026-031', 'Plan: Pro'],
    );
    assert.deepEqual(
      [...part.querySelectorAll('.message .author')].map((a) => textOf(a)),
      ['You', 'Carol Davis', 'You'],
    );
    await waitUntil(() => part.querySelector('a.file-name'), 'the attachment has no link');
    const link = part.querySelector<HTMLAnchorElement>('a.file-name')!;
    assert.include(textOf(link), 'exemption-certificate.pdf');
    assert.strictEqual(link.href, 'https://files.example.com/f-cert');
    assert.strictEqual(link.rel, 'noopener noreferrer');

    await type(part, 'reply', 'Here is our VAT number: DE123');
    assert.isFalse(button(part, '.send').disabled);
    button(part, '.send').click();
    await waitUntil(() => part.querySelectorAll('.message').length === 4, 'the reply did not show');
    assert.include(textOf([...part.querySelectorAll('.message')].at(-1)), 'Here is our VAT number: DE123');
    assert.strictEqual((part.getElementById('reply') as HTMLTextAreaElement).value, '');
    assert.deepEqual(fake.connection.requests.filter((r) => r.name === 'tickets:reply').map((r) => (r.payload as { text: string }).text), ['Here is our VAT number: DE123']);

    button(part, '.back').click();
    await waitUntil(() => textOf(shadow(el).activeElement?.querySelector('.subject')) === 'Invoice 2026-031 shows the wrong VAT', 'focus did not return to the row');
    assert.isNull(el.ticket);
  });

  it('leaves the ticket to the page when plaza-ticket-open is cancelled', async () => {
    const { fake } = portalWorkspace();
    const el = await mountPortal(fake);
    el.addEventListener('plaza-ticket-open', (e) => e.preventDefault());
    row(el, 'VPN drops every hour').click();
    await el.updateComplete;
    assert.isNull(el.ticket);
    assert.notExists(shadow(el).querySelector('plaza-portal-ticket'));
  });

  it('shows an agent’s reply and status change live: in the open ticket, and as news with a badge on the list, remembered after a reload', async () => {
    const { fake, tickets } = portalWorkspace();
    let el = await mountPortal(fake);
    assert.notExists(shadow(el).querySelector('.count'), 'nothing is news on a first visit');

    // The open ticket: the reply and the new status appear, and are announced.
    el.openTicket(tickets.vpn.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    fake.agentReply(tickets.vpn.id, 'Found it: a **keep-alive** setting. Fixed.', 'resolved');
    await waitUntil(() => part.querySelectorAll('.message').length === 3, 'the reply did not arrive');
    await waitUntil(() => textOf(part.querySelector('.badge')) === 'Resolved', 'the status did not change');
    assert.strictEqual(part.querySelector('.message:last-child .md strong')?.textContent, 'keep-alive');
    await waitUntil(() => announced(part).includes('New reply from Carol Davis'));
    assert.include(announced(part), 'Status: Resolved');
    assert.exists(part.querySelector('.rating'), 'a resolved ticket asks for a rating');

    // Another ticket changes while the customer reads this one: news on the list.
    fake.agentReply(tickets.invoice.id, 'Reissued.');
    await waitUntil(() => announced(shadow(el)).includes('Carol Davis replied to “Invoice 2026-031 shows the wrong VAT”'), 'the reply was not announced');
    button(shadow(el), '.tab[data-view="tickets"]').click();
    await el.updateComplete;
    assert.strictEqual(textOf(shadow(el).querySelector('.tab[data-view="tickets"] .count')), '1');
    assert.include(textOf(shadow(el).querySelector('.tab[data-view="tickets"]')), '1 ticket with news');
    assert.exists(row(el, 'Invoice 2026-031 shows the wrong VAT').querySelector('.news'));
    assert.notExists(row(el, 'VPN drops every hour').querySelector('.news'), 'the ticket that was open is not news');

    // A reload (a new portal) remembers what was seen.
    el.remove();
    el = await mountPortal(fake);
    assert.strictEqual(textOf(shadow(el).querySelector('.tab[data-view="tickets"] .count')), '1');
    row(el, 'Invoice 2026-031 shows the wrong VAT').click();
    await partOf(el, 'plaza-portal-ticket');
    button(shadow(el).querySelector('plaza-portal-ticket')!.shadowRoot!, '.back').click();
    await el.updateComplete;
    assert.notExists(shadow(el).querySelector('.tab[data-view="tickets"] .count'), 'opening it cleared the news');
  });

  it('rates a resolved ticket 1–5 with a comment, then can change the rating; reopens within the period', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake);
    el.openTicket(tickets.password.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    assert.include(textOf(part.querySelector('.note--resolved')), 'Not solved? Reply or reopen it until');
    const radios = [...part.querySelectorAll<HTMLInputElement>('input[name="score"]')];
    assert.deepEqual(
      radios.map((r) => textOf(r.parentElement)),
      ['1 – Very poor', '2 – Poor', '3 – OK', '4 – Good', '5 – Excellent'],
    );
    assert.strictEqual(textOf(part.querySelector('.stars legend')), 'Your rating');

    button(part, '.rate').click();
    await waitUntil(() => textOf(part.querySelector('[role="alert"]')).includes('Choose a rating'), 'an empty rating was not refused');
    assert.strictEqual(fake.connection.count('tickets:rate'), 0);

    radios[3].click();
    await type(part, 'rate-comment', 'Quick and friendly');
    button(part, '.rate').click();
    await waitUntil(() => part.querySelector('.rating--done'), 'the rating was not stored');
    assert.include(textOf(part.querySelector('.rating--done')), 'You rated this 4 of 5. Thank you!');
    assert.include(textOf(part.querySelector('.rating--done')), 'Quick and friendly');
    assert.deepEqual(fake.server.ticket(tickets.password.id).rating?.score, 4);

    button(part, '.rate-change').click();
    await waitUntil(() => part.querySelector<HTMLInputElement>('input[name="score"]:checked')?.value === '4', 'the form did not keep the rating');
    part.querySelectorAll<HTMLInputElement>('input[name="score"]')[4].click();
    button(part, '.rate').click();
    await waitUntil(() => textOf(part.querySelector('.rating--done')).includes('5 of 5'));

    button(part, '.reopen').click();
    await waitUntil(() => textOf(part.querySelector('.badge')) === 'In progress', 'the ticket did not reopen');
    assert.notExists(part.querySelector('.reopen'));
  });

  it('closes a ticket only once confirmed, and then offers no reply', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake);
    el.openTicket(tickets.vpn.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    button(part, '.close-ticket').click();
    await waitUntil(() => part.activeElement === part.querySelector('.close-no'), 'focus did not move to “Keep it open”');
    button(part, '.close-no').click();
    await waitUntil(() => part.activeElement === part.querySelector('.close-ticket'));
    assert.strictEqual(fake.connection.count('tickets:status'), 0);

    button(part, '.close-ticket').click();
    await waitUntil(() => part.querySelector('.close-yes'));
    button(part, '.close-yes').click();
    await waitUntil(() => textOf(part.querySelector('.badge')) === 'Closed', 'the ticket did not close');
    assert.include(textOf(part.querySelector('.note')), 'This ticket is closed');
    assert.notExists(part.querySelector('#reply'));
    assert.notExists(part.querySelector('.close-ticket'));
  });

  it('says why a refused reply was refused, and keeps the draft', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake);
    el.openTicket(tickets.invoice.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    const { PlazaError } = await import('@plaza/sdk');
    fake.server.failures.set('tickets:reply', new PlazaError('rate_limited', 'too many replies'));
    await type(part, 'reply', 'Hello?');
    button(part, '.send').click();
    await waitUntil(() => textOf(part.querySelector('[role="alert"]')).includes('too many replies'), 'the refusal was not shown');
    assert.strictEqual((part.getElementById('reply') as HTMLTextAreaElement).value, 'Hello?');
  });

  it('moves through the ticket list with the arrow keys, Home and End', async () => {
    const { fake } = portalWorkspace();
    const el = await mountPortal(fake);
    const rows = [...shadow(el).querySelectorAll<HTMLButtonElement>('.row')];
    rows[0].focus();
    const press = (key: string) => shadow(el).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    press('ArrowDown');
    assert.strictEqual(shadow(el).activeElement, rows[1]);
    press('End');
    assert.strictEqual(shadow(el).activeElement, rows[3]);
    press('ArrowDown');
    assert.strictEqual(shadow(el).activeElement, rows[3]);
    press('Home');
    assert.strictEqual(shadow(el).activeElement, rows[0]);
  });

  it('searches articles in English and Chinese and reads one as Markdown; Back returns to the results', async () => {
    const { fake, articles } = portalWorkspace();
    const el = await mountPortal(fake, 'articles');
    await waitUntil(() => textOf(shadow(el).querySelector('.summary')) === 'Latest articles', 'the latest articles did not load');
    assert.strictEqual(shadow(el).querySelectorAll('.row').length, 4);

    await type(shadow(el), 'article-search', '退款');
    await waitUntil(() => textOf(shadow(el).querySelector('.summary')) === '1 article for “退款”', 'the Chinese search did not answer');
    assert.deepEqual(rowSubjects(el), ['如何申请退款']);
    await type(shadow(el), 'article-search', 'refunds');
    shadow(el).querySelector('form.search')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await waitUntil(() => rowSubjects(el)[0] === 'Refund policy', 'the English search did not answer');

    row(el, 'Refund policy').click();
    const part = await partOf(el, 'plaza-portal-article');
    await waitUntil(() => part.activeElement?.classList.contains('title'), 'focus did not move to the title');
    assert.strictEqual(el.article, articles.refund.id);
    assert.strictEqual(part.querySelector('.md strong')?.textContent, '30 days');
    assert.deepEqual([...part.querySelectorAll('.md li')].map((li) => textOf(li)), ['Open My orders', 'Click Request a refund']);
    assert.strictEqual(part.querySelector<HTMLAnchorElement>('.md a')?.href, 'https://example.com/terms');

    button(part, '.back').click();
    await waitUntil(() => textOf(shadow(el).activeElement?.querySelector('.subject')) === 'Refund policy', 'focus did not return to the result');
    assert.strictEqual((shadow(el).getElementById('article-search') as HTMLInputElement).value, 'refunds');
  });

  it('tells a member who is not a customer that the portal is not for them, and asks the server nothing', async () => {
    const fake = new FakePortalClient({ id: 'carol', name: 'Carol Davis', kind: 'member', roles: ['agent'] });
    const el = await mountPortal(fake);
    assert.strictEqual(textOf(shadow(el).querySelector('[role="alert"]')), 'The support portal is for customer accounts.');
    assert.deepEqual(fake.connection.requests, []);
  });

  it('speaks Chinese with lang="zh-CN"', async () => {
    const { fake, tickets } = portalWorkspace();
    const el = await mountPortal(fake, 'tickets', 'zh-CN');
    await waitUntil(() => textOf(shadow(el).querySelector('.tab[data-view="tickets"]')) === '我的工单', 'the Chinese strings did not load');
    assert.strictEqual(textOf(row(el, 'VPN drops every hour').querySelector('.badge')), '待您回复');
    assert.include(textOf(row(el, 'VPN drops every hour')), '技术问题');
    el.openTicket(tickets.password.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    await waitUntil(() => textOf(part.querySelector('.rating h3')) === '您对本次服务满意吗？', 'the conversation is not in Chinese');
    assert.strictEqual(textOf(part.querySelector('.back')), '← 返回');
  });
});
