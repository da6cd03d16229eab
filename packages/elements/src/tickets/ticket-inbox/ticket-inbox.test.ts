import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import { XSS_CORPUS } from '../../chat/markdown/xss-corpus.js';
import { deep, settle, text, until } from '../../test-support/chat-dom.js';
import { type FakeTicketsClient, inboxWorkspace } from '../../test-support/fake-tickets.js';
import './ticket-inbox.js';
import type { PlazaTicketInbox } from './ticket-inbox.js';

type XssWindow = Window & { __xss?: unknown };

async function mount(fake: FakeTicketsClient, attrs: { queue?: string; status?: string; lang?: string; theme?: string; width?: number } = {}) {
  const wrapper = await fixture<HTMLElement>(html`<div lang=${attrs.lang ?? 'en'} style="width: ${attrs.width ?? 1100}px">
    <plaza-ticket-inbox queue=${attrs.queue ?? 'all'} status=${attrs.status ?? 'active'} theme=${attrs.theme ?? 'light'} .client=${fake.client}></plaza-ticket-inbox>
  </div>`);
  const el = wrapper.querySelector('plaza-ticket-inbox')!;
  await until(() => el.shadowRoot!.querySelector('.rows, .unavailable') || el.shadowRoot!.querySelector('.empty:not([role])'));
  await settle(el);
  return el;
}

const rows = (el: PlazaTicketInbox) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.rows:not([hidden]) .row')];
const subjects = (el: PlazaTicketInbox) => rows(el).map((row) => text(row.querySelector('.subject')));
const row = (el: PlazaTicketInbox, id: string) => rows(el).find((r) => r.dataset.id === id)!;
const queueButton = (el: PlazaTicketInbox, queue: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`.queue[data-queue="${queue}"]`)!;
/** The open ticket's shadow root (the detail is an element of its own, loaded on demand). */
const detail = (el: PlazaTicketInbox) => el.shadowRoot!.querySelector('plaza-ticket-detail')!.shadowRoot!;

async function openTicket(el: PlazaTicketInbox, id: string) {
  row(el, id).click();
  await until(() => el.shadowRoot!.querySelector('plaza-ticket-detail')?.shadowRoot?.querySelector('.messages'));
  await settle(el);
  return detail(el);
}

async function write(el: PlazaTicketInbox, value: string) {
  const box = detail(el).querySelector<HTMLTextAreaElement>('#reply')!;
  box.value = value;
  box.dispatchEvent(new Event('input'));
  await settle(el);
}

describe('<plaza-ticket-inbox>', () => {
  afterEach(async () => {
    await setViewport({ width: 1280, height: 800 });
  });

  it('is accessible, light and dark, with a ticket open', async () => {
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake);
    await expect(el).to.be.accessible();
    await openTicket(el, tickets.invoice.id);
    el.setAttribute('theme', 'dark');
    await settle(el);
    await expect(el).to.be.accessible();
  });

  it('lists the active tickets, most recently changed first, with the ticket part, customer, status, priority and SLA badges', async () => {
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake);
    assert.deepEqual(subjects(el), ['数据导出一直失败', 'Invoice 2026-031 shows the wrong VAT', 'VPN drops every hour', 'Refund for a double charge', 'Printer on the 3rd floor is on fire']);
    assert.isTrue(rows(el).every((r) => r.getAttribute('part') === 'ticket' && r.getAttribute('role') === 'option'));
    assert.strictEqual(el.shadowRoot!.querySelector('.rows')!.getAttribute('role'), 'listbox');

    const printer = row(el, tickets.printer.id);
    assert.strictEqual(printer.dataset.sla, 'breached');
    assert.include(text(printer), 'Li Lei');
    assert.include(text(printer), 'Urgent');
    assert.strictEqual(text(printer.querySelector('.sla')), 'SLA breached');
    assert.strictEqual(printer.querySelector('.sla')!.getAttribute('title'), 'First response overdue');

    const vpn = row(el, tickets.vpn.id);
    assert.strictEqual(vpn.dataset.sla, 'soon');
    assert.strictEqual(text(vpn.querySelector('.sla')), 'Due in 25 minutes');
    assert.include(text(vpn), 'Unassigned');
    const invoice = row(el, tickets.invoice.id);
    assert.strictEqual(invoice.dataset.sla, 'soon', 'answered in time: the resolution target is next');
    assert.strictEqual(invoice.querySelector('.sla')!.getAttribute('title'), 'Resolution due in 40 minutes');
    assert.include(text(invoice), 'Carol Davis');
    const later = row(el, tickets.export.id);
    assert.strictEqual(later.dataset.sla, 'due');
    assert.strictEqual(text(later.querySelector('.sla')), 'Due in 2 hours');

    // Settled tickets show with "any status", without a badge once every target was met.
    el.status = 'any';
    await until(() => rows(el).length === 6);
    const resolved = row(el, tickets.password.id);
    assert.strictEqual(resolved.dataset.sla, 'met');
    assert.isNull(resolved.querySelector('.sla'));
  });

  it('filters by queue: mine, unassigned, breaching and category, with counts; and by search', async () => {
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake);
    const count = (queue: string) => text(queueButton(el, queue).querySelector('.count'));
    await until(() => count('breaching') !== '');
    assert.strictEqual(count('mine'), '1');
    assert.strictEqual(count('unassigned'), '3');
    assert.strictEqual(count('breaching'), '1');
    assert.strictEqual(queueButton(el, 'unassigned').querySelector('.count')!.getAttribute('aria-label'), '3 tickets');

    queueButton(el, 'unassigned').click();
    await until(() => rows(el).length === 3);
    assert.strictEqual(el.getAttribute('queue'), 'unassigned');
    assert.strictEqual(queueButton(el, 'unassigned').getAttribute('aria-current'), 'true');
    assert.sameMembers(subjects(el), ['数据导出一直失败', 'VPN drops every hour', 'Printer on the 3rd floor is on fire']);

    queueButton(el, 'mine').click();
    await until(() => subjects(el).length === 1);
    assert.deepEqual(subjects(el), [tickets.invoice.subject]);

    queueButton(el, 'breaching').click();
    await until(() => subjects(el)[0] === tickets.printer.subject && rows(el).length === 1);

    queueButton(el, 'category:billing').click();
    await until(() => rows(el).length === 2);
    assert.sameMembers(subjects(el), [tickets.invoice.subject, tickets.refund.subject]);
    assert.include(text(el.shadowRoot!.querySelector('#list-label')), 'Billing');
    const query = fake.connection.requests.filter((r) => r.name === 'tickets:query').at(-1)!.payload;
    assert.deepInclude(query, { category: 'billing', status: ['new', 'open', 'pending_customer'] });

    queueButton(el, 'all').click();
    await until(() => rows(el).length === 5);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'wang.fang@customer';
    search.dispatchEvent(new Event('input'));
    await until(() => rows(el).length === 1);
    assert.deepEqual(subjects(el), [tickets.invoice.subject]);
    search.value = 'nothing like this';
    search.dispatchEvent(new Event('input'));
    await until(() => rows(el).length === 0);
    assert.strictEqual(text(el.shadowRoot!.querySelector('.list .empty')), 'No tickets match your search.');
  });

  it('opens a ticket from the keyboard: one Tab stop, arrows move, Enter opens; the conversation tells customer, agent and internal apart', async () => {
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake);
    const first = rows(el)[0];
    assert.deepEqual(rows(el).map((r) => r.tabIndex), [0, -1, -1, -1, -1]);
    first.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.activeElement?.getAttribute('data-id'), tickets.invoice.id);
    assert.deepEqual(rows(el).map((r) => r.tabIndex), [-1, 0, -1, -1, -1]);
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'plaza-ticket-open');
    assert.strictEqual(event.detail.ticketId, tickets.invoice.id);
    assert.isTrue(event.bubbles && event.composed && event.cancelable);
    await until(() => el.shadowRoot!.querySelector('plaza-ticket-detail')?.shadowRoot?.querySelector('.messages'));
    await settle(el);
    assert.strictEqual(el.getAttribute('ticket'), tickets.invoice.id);
    assert.strictEqual(row(el, tickets.invoice.id).getAttribute('aria-selected'), 'true');

    const root = detail(el);
    assert.strictEqual(text(root.querySelector('.subject')), tickets.invoice.subject);
    assert.include(text(root.querySelector('.who')), '王芳');
    assert.include(text(root.querySelector('.fields')), 'A-1042');
    const messages = [...root.querySelectorAll<HTMLElement>('.message')];
    assert.deepEqual(
      messages.map((m) => [m.classList.contains('message--customer') ? 'customer' : m.classList.contains('message--agent') ? 'agent' : '?', m.dataset.visibility]),
      [
        ['customer', 'public'],
        ['agent', 'public'],
        ['agent', 'internal'],
        ['customer', 'public'],
      ],
    );
    const note = messages[2];
    assert.isTrue(note.classList.contains('message--internal'));
    assert.include(text(note.querySelector('.internal-tag')), 'Internal');
    assert.isNull(messages[1].querySelector('.internal-tag'));
    // The description opens the conversation. Markdown, safely: **19%** is bold.
    assert.strictEqual(text(messages[0].querySelector('strong:not(.author)')), '19%');
    assert.include(text(messages[0].querySelector('.files')), 'exemption-certificate.pdf');
    // Opened at the newest message.
    const scroller = root.querySelector('.scroll')!;
    assert.isAtMost(scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight, 2);
  });

  it('sends a public reply, or with the switch an internal note; each shows once, marked, and fires plaza-ticket-message', async () => {
    const { fake, server, tickets } = inboxWorkspace();
    const el = await mount(fake);
    const root = await openTicket(el, tickets.vpn.id);
    const send = () => root.querySelector<HTMLButtonElement>('.send')!;
    assert.isTrue(send().disabled, 'nothing to send yet');
    assert.strictEqual(text(root.querySelector('.composer-label')), 'Reply to the customer');
    assert.strictEqual(text(send()), 'Send reply');

    await write(el, 'Please restart the VPN client.');
    const thenStatus = root.querySelector<HTMLSelectElement>('.then-status')!;
    thenStatus.value = 'pending_customer';
    thenStatus.dispatchEvent(new Event('change'));
    setTimeout(() => send().click());
    const replied = await oneEvent(el, 'plaza-ticket-message');
    assert.strictEqual(replied.detail.message.visibility, 'public');
    await settle(el);
    const sent = fake.connection.requests.filter((r) => r.name === 'tickets:message').map((r) => r.payload);
    assert.deepInclude(sent[0] as object, { ticketId: tickets.vpn.id, text: 'Please restart the VPN client.', visibility: 'public', status: 'pending_customer' });
    assert.strictEqual(server.ticket(tickets.vpn.id).status, 'pending_customer');
    assert.strictEqual(root.querySelector<HTMLTextAreaElement>('#reply')!.value, '');

    const toggle = root.querySelector<HTMLInputElement>('.internal-switch')!;
    assert.strictEqual(toggle.getAttribute('role'), 'switch');
    toggle.click();
    await settle(el);
    assert.strictEqual(root.querySelector('.composer')!.getAttribute('data-internal'), 'true');
    assert.strictEqual(text(root.querySelector('.composer-label')), 'Internal note for agents');
    assert.include(text(root.querySelector('#internal-hint')), 'Only agents see internal notes');
    assert.isNull(root.querySelector('.then-status'), 'a note changes no status');
    await write(el, 'Customer is on the old client, 3.2.');
    const textarea = root.querySelector<HTMLTextAreaElement>('#reply')!;
    textarea.focus();
    setTimeout(() => void sendKeys({ down: 'Control' }).then(() => sendKeys({ press: 'Enter' })).then(() => sendKeys({ up: 'Control' })));
    const noted = await oneEvent(el, 'plaza-ticket-message');
    assert.strictEqual(noted.detail.message.visibility, 'internal');
    await settle(el);
    assert.deepInclude(fake.connection.requests.filter((r) => r.name === 'tickets:message').at(-1)!.payload as object, { visibility: 'internal', text: 'Customer is on the old client, 3.2.' });

    const shown = [...root.querySelectorAll<HTMLElement>('.message')].slice(1);
    assert.deepEqual(
      shown.map((m) => [text(m.querySelector('.md')), m.dataset.visibility, !!m.querySelector('.internal-tag')]),
      [
        ['Please restart the VPN client.', 'public', false],
        ['Customer is on the old client, 3.2.', 'internal', true],
      ],
    );
    assert.strictEqual(text(shown[0].querySelector('.author')), 'You');
  });

  it('changes status, priority and assignee; a refused change says why and shows the stored value', async () => {
    const { fake, server, tickets } = inboxWorkspace();
    const el = await mount(fake);
    const root = await openTicket(el, tickets.printer.id);
    const control = (field: string) => root.querySelector<HTMLSelectElement>(`select[data-field="${field}"]`)!;
    assert.deepEqual([...control('status').options].map((o) => o.value), ['new', 'open', 'pending_customer', 'resolved', 'closed']);
    await until(() => control('assignee').options.length === 4);
    assert.deepEqual([...control('assignee').options].map((o) => o.text), ['Unassigned', 'Carol Davis', 'Dave Wilson', '赵磊']);

    control('status').value = 'open';
    setTimeout(() => control('status').dispatchEvent(new Event('change')));
    const updated = await oneEvent(el, 'plaza-ticket-updated');
    assert.strictEqual(updated.detail.ticket.status, 'open');
    assert.strictEqual(server.ticket(tickets.printer.id).status, 'open');
    await settle(el);
    assert.strictEqual(control('status').value, 'open');
    assert.deepEqual([...control('status').options].map((o) => o.value), ['open', 'pending_customer', 'resolved', 'closed']);

    control('assignee').value = 'dave';
    control('assignee').dispatchEvent(new Event('change'));
    await until(() => server.ticket(tickets.printer.id).assignee === 'dave');
    await settle(el);
    assert.include(text(row(el, tickets.printer.id)), 'Dave Wilson');

    server.failures.set('tickets:update', new PlazaError('conflict', 'a open ticket cannot become new'));
    control('priority').value = 'low';
    control('priority').dispatchEvent(new Event('change'));
    await until(() => root.querySelector('[role=alert]'));
    await settle(el);
    assert.include(text(root.querySelector('[role=alert]')), 'Not saved: a open ticket cannot become new');
    assert.strictEqual(control('priority').value, 'urgent');
    assert.strictEqual(server.ticket(tickets.printer.id).priority, 'urgent');
  });

  it('shows new tickets and replies live, and announces new tickets', async () => {
    const { fake, server, tickets } = inboxWorkspace();
    const el = await mount(fake);
    const root = await openTicket(el, tickets.invoice.id);
    server.file({ subject: 'Cannot upload my avatar', customer: { name: 'Zoe' }, dueInMinutes: -1 });
    await until(() => subjects(el)[0] === 'Cannot upload my avatar');
    assert.strictEqual(rows(el)[0].dataset.sla, 'breached');
    await settle(el);
    assert.strictEqual(text(el.shadowRoot!.querySelector('[aria-live]')), 'New ticket: Cannot upload my avatar');
    assert.strictEqual(text(queueButton(el, 'unassigned').querySelector('.count')), '4');

    server.write(tickets.invoice.id, { kind: 'customer', id: 'wang.fang', name: '王芳' }, 'Found it, thanks!', 'public');
    await until(() => text([...root.querySelectorAll('.message')].at(-1)?.querySelector('.md')) === 'Found it, thanks!');
  });

  it('SLA badges follow the clock: a target passing turns the badge to breached', async () => {
    const { fake, server } = inboxWorkspace();
    const soon = server.add({ subject: 'About to breach', dueInMinutes: 0.02 });
    const el = await mount(fake);
    assert.strictEqual(row(el, soon.id).dataset.sla, 'soon');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    // The element re-evaluates due times on its tick; move it now rather than wait 30 s.
    (el as unknown as { now: number }).now = Date.now();
    await settle(el);
    assert.strictEqual(row(el, soon.id).dataset.sla, 'breached');
    assert.strictEqual(text(row(el, soon.id).querySelector('.sla')), 'SLA breached');
  });

  it('tells users without the agent role that the inbox is not for them, and asks the server nothing', async () => {
    const { fake } = inboxWorkspace({ id: 'wang.fang', name: '王芳', roles: [] });
    const el = await mount(fake);
    assert.include(text(el.shadowRoot!.querySelector('.unavailable')), 'The ticket inbox is for support agents');
    assert.isNull(el.shadowRoot!.querySelector('.rows'));
    assert.isFalse(fake.connection.requests.some((r) => r.name.startsWith('tickets:')));
    await expect(el).to.be.accessible();
  });

  it('renders hostile subjects, names, messages and file names as text', async () => {
    delete (window as XssWindow).__xss;
    const { fake, server } = inboxWorkspace();
    const payloads = XSS_CORPUS.filter((_, i) => i % 5 === 0);
    const hostile = server.add({
      subject: payloads[0],
      customer: { name: payloads[1], email: payloads[2] },
      category: payloads[3],
      fields: { note: payloads[4] },
      description: payloads[5],
      attachments: [{ id: 'f-evil', name: '"><svg/onload=window.__xss=1>.png', size: 1, type: 'image/png' }],
      messages: payloads.slice(6).map((text, i) => ({ by: i % 2 ? ('agent' as const) : ('customer' as const), text, name: payloads[7], visibility: i % 3 === 2 ? ('internal' as const) : ('public' as const) })),
    });
    const el = await mount(fake);
    const shown = row(el, hostile.id);
    assert.strictEqual(text(shown.querySelector('.subject')), payloads[0].replace(/\s+/g, ' ').trim());
    assert.strictEqual(text(shown.querySelector('.customer')), payloads[1].replace(/\s+/g, ' ').trim());
    const root = await openTicket(el, hostile.id);
    assert.include(root.textContent, '"><svg/onload=window.__xss=1>.png');
    assert.include(root.textContent, payloads[4]);
    for (const scope of [el.shadowRoot!, root]) {
      assert.isNull(scope.querySelector('script, img, svg:not(.icon), iframe, object, embed, [onerror], [onload]'));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.isUndefined((window as XssWindow).__xss);
  });

  it('stacks list and ticket at 320 px: opening moves focus to the ticket, Back returns to its row', async () => {
    await setViewport({ width: 360, height: 700 });
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake, { width: 320 });
    const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    assert.strictEqual(getComputedStyle(el.shadowRoot!.querySelector('.detail')!).display, 'none');
    assert.isAtMost(el.scrollWidth, 320);
    row(el, tickets.vpn.id).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => el.shadowRoot!.querySelector('plaza-ticket-detail')?.shadowRoot?.querySelector('.subject'));
    await settle(el);
    assert.strictEqual(getComputedStyle(list).display, 'none');
    const heading = detail(el).querySelector('.subject')!;
    await until(() => detail(el).activeElement === heading);
    const back = el.shadowRoot!.querySelector<HTMLButtonElement>('.back')!;
    assert.notStrictEqual(getComputedStyle(back).display, 'none');
    assert.isAtMost(el.shadowRoot!.querySelector('plaza-ticket-detail')!.getBoundingClientRect().width, 320);
    back.click();
    await settle(el);
    assert.isNull(el.getAttribute('ticket'));
    assert.strictEqual(el.shadowRoot!.activeElement?.getAttribute('data-id'), tickets.vpn.id);
    await expect(el).to.be.accessible();
  });

  it('speaks Chinese with lang="zh-CN"', async () => {
    const { fake, tickets } = inboxWorkspace();
    const el = await mount(fake, { lang: 'zh-CN' });
    assert.strictEqual(text(queueButton(el, 'unassigned').querySelector('.queue-name')), '未分配');
    assert.strictEqual(text(row(el, tickets.printer.id).querySelector('.sla')), '已超时');
    assert.include(text(row(el, tickets.vpn.id).querySelector('.sla')), '分钟后到期');
    const root = await openTicket(el, tickets.invoice.id);
    assert.strictEqual(text(root.querySelector('.send')), '发送回复');
    assert.include(text(root.querySelector('.message--internal .internal-tag')), '内部');
    assert.notInclude(deep(el, '.composer')?.textContent ?? '', 'Send reply');
  });
});
