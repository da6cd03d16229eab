import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { TICKET_LIMITS } from '@plaza/protocol';
import { XSS_CORPUS } from '../../chat/markdown/xss-corpus.js';
import type { PlazaTicketCreatedEvent } from '../events/ticket-created-event.js';
import { CREATED, FakeTicketServer } from '../test-support/fake-ticket-server.js';
import './ticket-form.js';
import type { PlazaTicketForm } from './ticket-form.js';

const URL_ = 'https://plaza.test';

function root(el: PlazaTicketForm): ShadowRoot {
  return el.shadowRoot!;
}

function control<T extends HTMLElement = HTMLInputElement>(el: PlazaTicketForm, id: string): T {
  const found = root(el).getElementById(id);
  assert.exists(found, `#${id}`);
  return found as T;
}

/** Types into a control as a person would: the value, then an input event that bubbles to the form. */
async function type(el: PlazaTicketForm, id: string, value: string): Promise<void> {
  const input = control<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, id);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function chooseFiles(el: PlazaTicketForm, files: File[]): Promise<void> {
  const input = control(el, 'files');
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function submit(el: PlazaTicketForm): Promise<void> {
  root(el).querySelector<HTMLButtonElement>('[part="submit-button"]')!.click();
  await el.updateComplete;
}

function errorOf(el: PlazaTicketForm, id: string): string | undefined {
  return root(el).getElementById(`${id}-error`)?.textContent?.trim();
}

async function fill(el: PlazaTicketForm): Promise<void> {
  await type(el, 'name', 'Li Lei');
  await type(el, 'email', 'li.lei@example.com');
  await type(el, 'subject', 'Cannot log in');
  await type(el, 'description', 'Since this morning.');
}

describe('<plaza-ticket-form>', () => {
  let server: FakeTicketServer;

  beforeEach(() => {
    server = new FakeTicketServer().install();
  });
  afterEach(() => server.uninstall());

  async function form(template = html`<plaza-ticket-form tenant="acme" url=${URL_}></plaza-ticket-form>`): Promise<PlazaTicketForm> {
    const container = await fixture<HTMLElement>(html`<div>${template}</div>`);
    const el = container.querySelector('plaza-ticket-form')!;
    await waitUntil(() => root(el).getElementById('name'), 'the form did not load');
    return el;
  }

  it('is accessible, with every control labelled', async () => {
    const el = await form();
    await expect(el).to.be.accessible();
    for (const input of root(el).querySelectorAll('input:not([aria-hidden]), select, textarea')) {
      assert.exists(root(el).querySelector(`label[for="${input.id}"]`), input.id);
    }
  });

  it('loads the tenant’s form and shows the chosen category’s custom fields', async () => {
    const el = await form();
    assert.strictEqual(server.requests[0]?.url, `${URL_}/v1/public/ticket-form?tenant=acme`);
    assert.deepEqual(
      [...control<HTMLSelectElement>(el, 'category').options].map((o) => o.textContent),
      ['General', 'Billing', 'Technical'],
    );
    assert.notExists(root(el).getElementById('fields.invoice'));
    await type(el, 'category', 'billing');
    assert.exists(control(el, 'fields.invoice'));
    assert.strictEqual(root(el).querySelector('label[for="fields.invoice"]')?.textContent?.trim(), 'Invoice number *');
    assert.exists(control<HTMLSelectElement>(el, 'fields.plan'));
  });

  it('refuses an incomplete form with a message per field, focuses the first, and sends nothing', async () => {
    const el = await form();
    await type(el, 'email', 'li@localhost');
    await type(el, 'subject', 's'.repeat(TICKET_LIMITS.subjectMax + 1));
    await submit(el);
    assert.strictEqual(errorOf(el, 'name'), 'Required.');
    assert.strictEqual(errorOf(el, 'email'), 'Enter an email address.');
    assert.strictEqual(errorOf(el, 'subject'), `At most ${TICKET_LIMITS.subjectMax} characters.`);
    assert.strictEqual(errorOf(el, 'description'), 'Required.');
    assert.strictEqual(control(el, 'name').getAttribute('aria-invalid'), 'true');
    assert.strictEqual(control(el, 'name').getAttribute('aria-describedby'), 'name-error');
    assert.strictEqual(root(el).activeElement, control(el, 'name'));
    assert.include(root(el).querySelector('[role="status"]')!.textContent, '4');
    assert.deepEqual(server.filed, []);

    await type(el, 'name', 'Li Lei');
    assert.isUndefined(errorOf(el, 'name'), 'a fixed field clears its message at once');
    assert.strictEqual(control(el, 'name').getAttribute('aria-invalid'), 'false');
  });

  it('checks custom fields and files by the server’s limits', async () => {
    const el = await form();
    await fill(el);
    await type(el, 'category', 'billing');
    await chooseFiles(el, [new File(['x'.repeat(2 * 1024 * 1024)], 'big.bin')]);
    await submit(el);
    assert.strictEqual(errorOf(el, 'fields.invoice'), 'Required.');
    assert.strictEqual(errorOf(el, 'files'), 'Larger than 1 MB');
    await type(el, 'fields.invoice', '1234567890123');
    assert.strictEqual(errorOf(el, 'fields.invoice'), 'At most 12 characters.');
    root(el).querySelector<HTMLButtonElement>('button[aria-label="Remove big.bin"]')!.click();
    await chooseFiles(el, [1, 2, 3, 4].map((n) => new File([String(n)], `f${n}.txt`)));
    assert.strictEqual(errorOf(el, 'files'), 'At most 3 files.');
    assert.deepEqual(server.filed, []);
  });

  it('files the ticket, uploads attachments with progress and cancel, then shows the follow-up link and access code', async () => {
    const el = await form(html`<plaza-ticket-form tenant="acme" url=${URL_} follow-up-url="https://www.acme.test/ticket#{id}:{token}"></plaza-ticket-form>`);
    await fill(el);
    await type(el, 'category', 'billing');
    await type(el, 'fields.invoice', 'INV-7');
    await chooseFiles(el, [new File(['hello world'], 'one.txt'), new File(['second file'], 'two.txt')]);
    const created: Promise<PlazaTicketCreatedEvent> = oneEvent(el, 'plaza-ticket-created');
    await submit(el);

    await waitUntil(() => server.uploads.length === 1, 'the first upload did not start');
    assert.deepEqual(server.filed, [
      { tenant: 'acme', name: 'Li Lei', email: 'li.lei@example.com', subject: 'Cannot log in', description: 'Since this morning.', category: 'billing', fields: { invoice: 'INV-7' } },
    ]);
    const first = server.uploads[0];
    assert.strictEqual(first.request.url, `${URL_}/v1/public/tickets/${CREATED.id}/attachments`);
    assert.strictEqual(first.request.headers.authorization, `Bearer ${CREATED.accessToken}`);
    assert.isTrue(control(el, 'name').closest('fieldset')!.disabled, 'fields are locked while sending');
    first.progress(5);
    await el.updateComplete;
    const bar = root(el).querySelector('progress')!;
    assert.strictEqual(bar.getAttribute('aria-label'), 'one.txt');
    assert.strictEqual(bar.value, 5);
    first.finish();

    await waitUntil(() => server.uploads.length === 2, 'the second upload did not start');
    await el.updateComplete;
    root(el).querySelector<HTMLButtonElement>('button[aria-label="Cancel two.txt"]')!.click();

    const event = await created;
    assert.deepEqual(event.detail, { ticketId: CREATED.id, accessToken: CREATED.accessToken, followUpUrl: `https://www.acme.test/ticket#${CREATED.id}:${encodeURIComponent(CREATED.accessToken)}` });
    assert.isTrue(server.uploads[1].aborted);
    await el.updateComplete;
    const success = root(el).querySelector('[part="success"]')!;
    assert.strictEqual(root(el).activeElement?.id, 'done');
    assert.strictEqual(success.querySelector('a')!.href, event.detail.followUpUrl);
    assert.strictEqual(control(el, 'token').value, CREATED.accessToken);
    assert.include(success.textContent, 'Uploaded');
    assert.include(success.textContent, 'Cancelled');
    assert.exists(root(el).querySelector('button[aria-label="Retry two.txt"]'));
    await expect(el).to.be.accessible();
  });

  it('sends a filled honeypot along (the server decides) and a CAPTCHA token from the page', async () => {
    const el = await form();
    el.captchaProvider = () => Promise.resolve('captcha-ok');
    await fill(el);
    const honeypot = root(el).querySelector<HTMLInputElement>('input[name="website"]')!;
    assert.strictEqual(honeypot.tabIndex, -1);
    honeypot.value = 'http://spam.test';
    honeypot.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await submit(el);
    await waitUntil(() => root(el).querySelector('[part="success"]'));
    assert.strictEqual(server.filed[0]?.website, 'http://spam.test');
    assert.strictEqual(server.filed[0]?.captchaToken, 'captcha-ok');
  });

  it('keeps what was typed and says why when filing is refused or the server cannot be reached', async () => {
    const el = await form();
    await fill(el);
    server.createAnswers.push({ status: 429, body: { error: { code: 'rate_limited', message: 'too many' } } }, { status: 0, body: null });
    await submit(el);
    await waitUntil(() => root(el).querySelector('[role="status"]')!.textContent.includes('Too many'));
    assert.strictEqual(control(el, 'subject').value, 'Cannot log in');
    assert.isFalse(control(el, 'name').closest('fieldset')!.disabled);
    await submit(el);
    await waitUntil(() => root(el).querySelector('[role="status"]')!.textContent.includes('Cannot reach support'));
  });

  it('offers to try again when the form cannot be loaded', async () => {
    server.formAnswers.push({ status: 0, body: null });
    const container = await fixture<HTMLElement>(html`<div><plaza-ticket-form tenant="acme" url=${URL_}></plaza-ticket-form></div>`);
    const el = container.querySelector('plaza-ticket-form')!;
    await waitUntil(() => root(el).querySelector('[role="alert"]'));
    root(el).querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await waitUntil(() => root(el).getElementById('name'));
  });

  it('speaks Chinese under lang="zh-CN", custom labels included, and follows lang changes', async () => {
    const container = await fixture<HTMLElement>(html`<div lang="zh-CN"><plaza-ticket-form tenant="acme" url=${URL_} category="billing"></plaza-ticket-form></div>`);
    const el = container.querySelector('plaza-ticket-form')!;
    await waitUntil(() => root(el).getElementById('name'));
    assert.strictEqual(root(el).querySelector('h2')!.textContent, '联系客服');
    assert.strictEqual(root(el).querySelector('label[for="fields.invoice"]')!.textContent.trim(), '发票号 *');
    container.setAttribute('lang', 'en');
    await waitUntil(() => root(el).querySelector('h2')!.textContent === 'Contact support');
  });

  it('renders tenant-defined labels and options as text', async () => {
    const payload = XSS_CORPUS.find((p) => p.includes('onerror'))!;
    server.form.fields.general = [{ key: 'x', label: payload, type: 'select', required: true, options: [payload] }];
    server.form.categories = ['general', payload];
    const el = await form();
    assert.strictEqual(root(el).querySelector('label[for="fields.x"]')!.textContent.trim(), `${payload} *`);
    assert.notExists(root(el).querySelector('img'));
    assert.isUndefined((window as { __xss?: unknown }).__xss);
  });

  it('is dark with theme="dark" and fits 320 px without scrolling sideways', async () => {
    const el = await form();
    const light = getComputedStyle(el).backgroundColor;
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    assert.notStrictEqual(getComputedStyle(el).backgroundColor, light);
    el.style.width = '320px';
    await type(el, 'category', 'billing');
    await chooseFiles(el, [new File(['x'], `${'very-long-file-name-'.repeat(8)}.txt`)]);
    const right = el.getBoundingClientRect().right;
    const sticking = [...root(el).querySelectorAll('*')].filter((n) => n.getBoundingClientRect().right > right).map((n) => n.localName + (n.id ? `#${n.id}` : ''));
    assert.deepEqual(sticking, []);
    assert.isAtMost(el.scrollWidth, el.clientWidth);
  });
});
