import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import { DEMO_MEMBERS, FakeChannelHandle, FakeClient, demoSession } from '../../test-support/fake-client.js';
import { settle, until } from '../../test-support/chat-dom.js';
import './composer.js';
import { mentionAt } from './composer.component.js';

async function composer({ lang = 'en', thread = false } = {}) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const handle = new FakeChannelHandle('general');
  const wrapper = await fixture<HTMLElement>(html`<div lang=${lang}>
    <plaza-composer
      .client=${fake.client}
      .target=${handle}
      .handle=${handle}
      .members=${DEMO_MEMBERS}
      .me=${'alice'}
      ?thread=${thread}
      label="Message general"
    ></plaza-composer>
  </div>`);
  const el = wrapper.querySelector('plaza-composer')!;
  await settle(el);
  const input = el.shadowRoot!.querySelector('textarea')!;
  input.focus();
  return { el, handle, fake, input };
}

function keydown(target: HTMLElement, init: KeyboardEventInit & { keyCode?: number }) {
  const event = new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init });
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode });
  target.dispatchEvent(event);
  return event;
}

/** Inside the attachment list (loaded on demand), once it has rendered. */
const uploads = (el: HTMLElement) => el.shadowRoot!.querySelector('plaza-upload-list')?.shadowRoot;

describe('<plaza-composer>', () => {
  it('is accessible', async () => {
    const { el } = await composer();
    await expect(el).to.be.accessible();
  });

  it('is accessible with the mention list open', async () => {
    const { el } = await composer();
    await sendKeys({ type: '@li' });
    await settle(el);
    assert.exists(el.shadowRoot!.querySelector('[role="listbox"]'));
    await expect(el).to.be.accessible();
  });

  it('has a labelled text box and send button, disabled while empty', async () => {
    const { el, input } = await composer();
    assert.strictEqual(input.getAttribute('part'), 'composer-input');
    assert.strictEqual(input.getAttribute('aria-label'), 'Message general');
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!;
    assert.strictEqual(send.getAttribute('aria-label'), 'Send');
    assert.isTrue(send.disabled);
    await sendKeys({ type: 'x' });
    await settle(el);
    assert.isFalse(send.disabled);
  });

  it('sends on Enter, trimmed, and clears the box', async () => {
    const { el, handle, input } = await composer();
    await sendKeys({ type: '  hello  ' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'message-sent');
    assert.strictEqual(event.detail.message.text, 'hello');
    assert.deepEqual(handle.callsTo('send'), [[{ text: 'hello', attachments: [] }]]);
    assert.strictEqual(input.value, '');
  });

  it('starts a new line on Shift+Enter without sending', async () => {
    const { handle, input } = await composer();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    assert.strictEqual(input.value, 'line one\nline two');
    assert.lengthOf(handle.callsTo('send'), 0);
    await sendKeys({ press: 'Enter' });
    assert.deepEqual(handle.callsTo('send'), [[{ text: 'line one\nline two', attachments: [] }]]);
  });

  it('never sends while an IME is composing', async () => {
    const { el, handle, input } = await composer();
    input.value = '你好';
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await settle(el);
    const composing = keydown(input, { key: 'Enter', isComposing: true });
    const imeKey = keydown(input, { key: 'Enter', keyCode: 229 });
    assert.isFalse(composing.defaultPrevented, 'the IME gets its Enter');
    assert.isFalse(imeKey.defaultPrevented);
    assert.lengthOf(handle.callsTo('send'), 0);
    // The Enter after the composition ended sends.
    keydown(input, { key: 'Enter' });
    assert.deepEqual(handle.callsTo('send'), [[{ text: '你好', attachments: [] }]]);
  });

  it('does not send whitespace only', async () => {
    const { handle } = await composer();
    await sendKeys({ type: '   ' });
    await sendKeys({ press: 'Enter' });
    assert.lengthOf(handle.callsTo('send'), 0);
  });

  it('sends with the chosen priority, then resets it', async () => {
    const { el, handle } = await composer();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
    select.value = 'urgent';
    select.dispatchEvent(new Event('change'));
    await sendKeys({ type: 'now' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    assert.deepEqual(handle.callsTo('send'), [[{ text: 'now', attachments: [], urgency: 'urgent' }]]);
    assert.strictEqual(select.value, 'normal');
  });

  it('completes @mentions from the members with arrows and Enter', async () => {
    const { el, handle, input } = await composer();
    await sendKeys({ type: 'hi @' });
    await settle(el);
    let options = [...el.shadowRoot!.querySelectorAll('[role="option"]')];
    // Everyone but the sender, and @all.
    assert.deepEqual(
      options.map((o) => o.querySelector('.mention-name')!.textContent),
      ['@张伟', '@李娜', '@Bob Martin', '@all'],
    );
    assert.strictEqual(input.getAttribute('aria-controls'), 'mentions');
    assert.strictEqual(input.getAttribute('aria-activedescendant'), 'mention-0');
    await sendKeys({ type: 'b' });
    await settle(el);
    options = [...el.shadowRoot!.querySelectorAll('[role="option"]')];
    assert.deepEqual(options.map((o) => o.querySelector('.mention-name')!.textContent), ['@Bob Martin']);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    assert.strictEqual(input.getAttribute('aria-activedescendant'), 'mention-1');
    assert.strictEqual(el.shadowRoot!.querySelector('#mention-1')!.getAttribute('aria-selected'), 'true');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    assert.strictEqual(input.value, 'hi @li.na ');
    assert.notExists(el.shadowRoot!.querySelector('[role="listbox"]'));
    assert.isNull(input.getAttribute('aria-activedescendant'));
    assert.lengthOf(handle.callsTo('send'), 0, 'Enter picked the mention, it did not send');
  });

  it('completes with Tab, wraps with ArrowUp, and closes with Escape', async () => {
    const { el, input } = await composer();
    await sendKeys({ type: '@' });
    await settle(el);
    await sendKeys({ press: 'ArrowUp' });
    await settle(el);
    assert.strictEqual(input.getAttribute('aria-activedescendant'), 'mention-3');
    await sendKeys({ press: 'Tab' });
    await settle(el);
    assert.strictEqual(input.value, '@all ');
    assert.strictEqual(el.shadowRoot!.activeElement, input, 'Tab completed rather than moving focus');
    await sendKeys({ type: '@zh' });
    await settle(el);
    assert.exists(el.shadowRoot!.querySelector('[role="listbox"]'));
    let escaped = false;
    el.parentElement!.addEventListener('keydown', (e) => (escaped = e.key === 'Escape'), { once: true });
    await sendKeys({ press: 'Escape' });
    await settle(el);
    assert.notExists(el.shadowRoot!.querySelector('[role="listbox"]'));
    assert.isFalse(escaped, 'Escape closing the list does not also close the panel’s views');
    assert.strictEqual(input.value, '@all @zh');
  });

  it('finds the @query before the caret', () => {
    assert.deepEqual(mentionAt('hi @li', 6), { start: 3, query: 'li' });
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.isNull(mentionAt('mail a@b', 8));
    assert.isNull(mentionAt('@li na', 6));
  });

  it('tells the channel the user is typing (the SDK throttles), but not when the box empties', async () => {
    const { handle } = await composer();
    await sendKeys({ type: 'ab' });
    assert.lengthOf(handle.callsTo('typing'), 2);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    assert.lengthOf(handle.callsTo('typing'), 3);
  });

  it('uploads pasted files with progress, and sends them as attachments', async () => {
    const { el, handle, fake, input } = await composer();
    assert.isUndefined(customElements.get('plaza-upload-list'), 'the attachment list loads with the first file');
    const data = new DataTransfer();
    data.items.add(new File(['x'.repeat(4000)], 'notes.txt', { type: 'text/plain' }));
    input.value = 'the notes';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await el.updateComplete;
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!;
    const status = el.shadowRoot!.querySelector('plaza-upload-list [role="status"]')!;
    assert.strictEqual(status.textContent, 'Loading…');
    assert.isAbove(status.getClientRects().length, 0);
    assert.isTrue(send.disabled, 'no sending while the attachment list loads');
    await until(() => uploads(el)?.querySelector('progress'));
    assert.lengthOf(status.getClientRects(), 0);
    const progress = uploads(el)!.querySelector('progress')!;
    assert.strictEqual(progress.getAttribute('aria-label'), 'Uploading notes.txt');
    assert.isTrue(send.disabled, 'no sending while an upload runs');
    await until(() => !uploads(el)!.querySelector('progress'));
    await settle(el);
    assert.deepEqual(fake.files.uploads, [{ name: 'notes.txt', size: 4000 }]);
    assert.isFalse(send.disabled);
    send.click();
    const [input0] = handle.callsTo('send')[0] as [{ text: string; attachments: string[] }];
    assert.strictEqual(input0.text, 'the notes');
    assert.lengthOf(input0.attachments, 1);
    await settle(el);
    assert.notExists(uploads(el)!.querySelector('li'), 'sent attachments leave the list');
  });

  it('uploads dropped files and cancels an upload', async () => {
    const { el, fake } = await composer();
    fake.files.stepMs = 200;
    const data = new DataTransfer();
    data.items.add(new File(['a'], 'big.bin'));
    const box = el.shadowRoot!.querySelector('.composer')!;
    box.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    await settle(el, 1);
    assert.exists(el.shadowRoot!.querySelector('.drop-hint'));
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    await settle(el, 1);
    assert.notExists(el.shadowRoot!.querySelector('.drop-hint'));
    await until(() => uploads(el)?.querySelector('li button'));
    const cancel = uploads(el)!.querySelector<HTMLButtonElement>('li button')!;
    assert.strictEqual(cancel.getAttribute('aria-label'), 'Cancel upload');
    cancel.click();
    await settle(el);
    assert.notExists(uploads(el)!.querySelector('li'));
    assert.strictEqual(el.shadowRoot!.activeElement, el.shadowRoot!.querySelector('textarea'), 'focus back in the text box');
    await new Promise((resolve) => setTimeout(resolve, 900));
    await settle(el);
    assert.notExists(uploads(el)!.querySelector('li'), 'a cancelled upload does not come back');
  });

  it('shows a failed upload', async () => {
    const { el, fake, input } = await composer();
    fake.files.failWith = new PlazaError('unsupported_media_type', 'type not allowed');
    const data = new DataTransfer();
    data.items.add(new File(['a'], 'tool.exe'));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await until(() => uploads(el)?.querySelector('li.failed'));
    assert.include(uploads(el)!.querySelector('li')!.textContent, 'tool.exe could not be uploaded');
  });

  it('speaks Chinese', async () => {
    const { el } = await composer({ lang: 'zh-CN' });
    assert.strictEqual(el.shadowRoot!.querySelector('[part="send-button"]')!.getAttribute('aria-label'), '发送');
    assert.strictEqual(el.shadowRoot!.querySelector('select')!.getAttribute('aria-label'), '优先级');
    assert.strictEqual(el.shadowRoot!.querySelector('option')!.textContent, '普通');
  });

  it('offers no priority in a thread', async () => {
    const { el } = await composer({ thread: true });
    assert.notExists(el.shadowRoot!.querySelector('select'));
  });
});
