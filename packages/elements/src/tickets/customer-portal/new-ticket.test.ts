import { assert, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { TICKET_LIMITS } from '@plaza/protocol';
import { PlazaError } from '@plaza/sdk';
import { portalWorkspace } from '../../test-support/fake-portal.js';
import { button, chooseFiles, mountPortal, partOf, shadow, textOf, type } from '../../test-support/portal-dom.js';
import type { PlazaTicketCreatedEvent } from '../events/ticket-created-event.js';
import './customer-portal.js';

function errorOf(form: ShadowRoot, id: string): string | undefined {
  const error = form.getElementById(`${id}-error`);
  return error ? textOf(error) : undefined;
}

async function openForm() {
  const workspace = portalWorkspace();
  const el = await mountPortal(workspace.fake, 'new');
  const form = await partOf(el, 'plaza-portal-new-ticket');
  await waitUntil(() => form.getElementById('subject'), 'the form did not load');
  return { ...workspace, el, form };
}

function submit(form: ShadowRoot): void {
  button(form, '[part="submit-button"]').click();
}

describe('<plaza-customer-portal> new ticket', () => {
  beforeEach(() => localStorage.clear());

  it('is accessible, every control labelled; the form is the ticket-form part', async () => {
    const { el, form } = await openForm();
    await expect(el).to.be.accessible();
    for (const input of form.querySelectorAll('input:not([type="file"]), select, textarea')) {
      assert.exists(form.querySelector(`label[for="${input.id}"]`), input.id);
    }
    assert.exists(form.querySelector('form[part="ticket-form"]'));
    assert.strictEqual(el.shadowRoot!.querySelector('plaza-portal-new-ticket')!.getAttribute('exportparts'), 'ticket-form, submit-button');
  });

  it('checks by the server’s rules: a message per field, focus on the first, custom fields per category, nothing sent', async () => {
    const { fake, form } = await openForm();
    await type(form, 'subject', 's'.repeat(TICKET_LIMITS.subjectMax + 1));
    await type(form, 'category', 'billing');
    assert.strictEqual(textOf(form.querySelector('label[for="fields.invoice"]')), 'Invoice number *');
    assert.deepEqual([...form.querySelectorAll<HTMLOptionElement>('[id="fields.plan"] option')].map((o) => o.value), ['', 'Starter', 'Pro', 'Enterprise']);
    submit(form);
    await waitUntil(() => errorOf(form, 'description'), 'the form was not checked');
    assert.strictEqual(errorOf(form, 'subject'), `At most ${TICKET_LIMITS.subjectMax} characters.`);
    assert.strictEqual(errorOf(form, 'fields.invoice'), 'Required.');
    assert.strictEqual(errorOf(form, 'description'), 'Required.');
    assert.strictEqual(form.getElementById('subject')!.getAttribute('aria-describedby'), 'subject-error');
    assert.strictEqual(form.activeElement, form.getElementById('subject'));
    assert.strictEqual(textOf(form.querySelector('.notice')), '3 fields to fix');

    await type(form, 'fields.invoice', 'X'.repeat(21));
    assert.strictEqual(errorOf(form, 'fields.invoice'), 'At most 20 characters.', 'the field’s own maxLength');
    await type(form, 'category', 'general');
    assert.notExists(form.getElementById('fields.invoice'), 'general tickets ask for no invoice');
    assert.isUndefined(errorOf(form, 'fields.invoice'));
    await type(form, 'subject', 'Fine now');
    assert.isUndefined(errorOf(form, 'subject'), 'a fixed field clears its message at once');
    assert.strictEqual(fake.connection.count('tickets:create'), 0);
  });

  it('suggests articles once typing in the subject pauses, for the latest subject only; a suggestion opens the article, Back keeps the draft', async () => {
    const { fake, el, form, articles } = await openForm();
    await type(form, 'subject', 'refu');
    await type(form, 'subject', 'I want a refund');
    await waitUntil(() => form.querySelectorAll('.suggestion').length > 0, 'no suggestions');
    assert.deepEqual(
      fake.connection.requests.filter((r) => r.name === 'knowledge:suggest').map((r) => r.payload),
      [{ subject: 'I want a refund', limit: 5 }],
      'one request, for the subject typing paused on',
    );
    assert.deepEqual([...form.querySelectorAll('.suggestion')].map((s) => textOf(s)), ['Refund policy']);
    assert.strictEqual(form.querySelector('.suggestions-region')!.getAttribute('aria-live'), 'polite');
    await type(form, 'description', 'Order 7 was charged twice.');

    button(form, '.suggestion').click();
    const article = await partOf(el, 'plaza-portal-article');
    await waitUntil(() => textOf(article.querySelector('.title')) === 'Refund policy');
    assert.strictEqual(el.article, articles.refund.id);
    button(article, '.back').click();
    await waitUntil(() => el.view === 'new');
    const again = await partOf(el, 'plaza-portal-new-ticket');
    assert.strictEqual((again.getElementById('subject') as HTMLInputElement).value, 'I want a refund');
    assert.strictEqual((again.getElementById('description') as HTMLTextAreaElement).value, 'Order 7 was charged twice.');
  });

  it('uploads files with progress as they are chosen, then files the ticket with its fields and files, fires plaza-ticket-created and opens it', async () => {
    const { fake, el, form } = await openForm();
    fake.files.stepMs = 40;
    await type(form, 'subject', 'Invoice 42 is wrong');
    await type(form, 'category', 'billing');
    await type(form, 'fields.invoice', ' INV-42 ');
    await type(form, 'description', 'It lists the **Pro** plan.');
    chooseFiles(form, [new File(['%PDF-1.4 invoice'], 'invoice-42.pdf', { type: 'application/pdf' })]);
    await waitUntil(() => form.querySelector('.files progress'), 'no upload progress');
    assert.strictEqual(form.querySelector('.files progress')!.getAttribute('aria-label'), 'invoice-42.pdf');

    const created: Promise<PlazaTicketCreatedEvent> = oneEvent(el, 'plaza-ticket-created');
    submit(form);
    const { detail } = await created;
    const stored = fake.server.ticket(detail.ticketId);
    assert.include(stored, { subject: 'Invoice 42 is wrong', category: 'billing', description: 'It lists the **Pro** plan.' });
    assert.deepEqual(stored.fields, { invoice: 'INV-42' });
    assert.deepEqual(stored.attachments.map((a) => a.name), ['invoice-42.pdf']);
    assert.strictEqual(detail.ticket?.id, detail.ticketId);

    await waitUntil(() => el.ticket === detail.ticketId, 'the new ticket did not open');
    const part = await partOf(el, 'plaza-portal-ticket');
    assert.strictEqual(textOf(part.querySelector('.subject')), 'Invoice 42 is wrong');
    assert.include(textOf(el.shadowRoot!.querySelector('.visually-hidden[role="status"]')), 'Ticket “Invoice 42 is wrong” submitted.');
    assert.strictEqual(textOf(el.shadowRoot!.querySelector('.rows .subject, .row .subject')), '', 'the list is not shown while the ticket is');

    // The form starts afresh for the next ticket.
    button(shadow(el), '.tab[data-view="new"]').click();
    const next = await partOf(el, 'plaza-portal-new-ticket');
    assert.strictEqual((next.getElementById('subject') as HTMLInputElement).value, '');
    assert.notExists(next.querySelector('.files li'));
  });

  it('refuses too many and too large files, and files that failed to upload', async () => {
    const { fake, form } = await openForm();
    await type(form, 'subject', 'Logs');
    await type(form, 'description', 'Attached.');
    chooseFiles(form, [new File(['x'.repeat(2 * 1024 * 1024)], 'huge.log')]);
    submit(form);
    await waitUntil(() => errorOf(form, 'files') === 'Larger than 1 MB.', 'a file over the limit was not refused');
    assert.deepEqual(fake.files.uploads, [], 'a file over the limit is not uploaded');
    button(form, 'button[aria-label="Remove huge.log"]').click();
    await waitUntil(() => errorOf(form, 'files') === undefined);

    chooseFiles(form, [1, 2, 3, 4].map((n) => new File([String(n)], `f${n}.txt`)));
    await waitUntil(() => errorOf(form, 'files') === 'At most 3 files.');
    for (const n of [1, 2, 3, 4]) button(form, `button[aria-label^="Remove f${n}.txt"], button[aria-label^="Cancel f${n}.txt"]`).click();

    fake.files.failWith = new PlazaError('unsupported_media_type', 'type not allowed');
    chooseFiles(form, [new File(['MZ'], 'setup.exe')]);
    await waitUntil(() => form.querySelector('[data-status="failed"]'), 'the failed upload is not shown');
    assert.include(textOf(form.querySelector('[data-status="failed"]')), 'setup.exe: upload failed');
    submit(form);
    await waitUntil(() => errorOf(form, 'files') === 'Remove the files that failed to upload.');
    assert.strictEqual(fake.connection.count('tickets:create'), 0);
  });

  it('says why the server refused a ticket, and keeps the draft', async () => {
    const { fake, form } = await openForm();
    fake.server.failures.set('tickets:create', new PlazaError('rate_limited', 'too many tickets, retry in 60 s'));
    await type(form, 'subject', 'Help');
    await type(form, 'description', 'Please');
    submit(form);
    await waitUntil(() => textOf(form.querySelector('.notice')).includes('too many tickets'), 'the refusal was not shown');
    assert.strictEqual(textOf(form.querySelector('.notice')), 'Not submitted: too many tickets, retry in 60 s');
    assert.strictEqual((form.getElementById('subject') as HTMLInputElement).value, 'Help');
  });
});
