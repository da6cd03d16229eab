import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import { taskLink, type Message } from '@plaza/protocol';
import type { ChannelKind } from '@plaza/protocol';
import { DEMO_MEMBERS, FakeChannelHandle, FakeClient, demoSession, makeMember, makeMessage } from '../../test-support/fake-client.js';
import { deepText, settle } from '../../test-support/chat-dom.js';
import './message-item.js';
import type { PlazaMessageItem } from './message-item.component.js';
import { EMOJI } from '../message-menu/message-menu.component.js';
import { loadDates } from '../shared/format.js';

const NAMES = new Map(DEMO_MEMBERS.map((m) => [m.userId, m.name]));

async function item(
  message: Partial<Message>,
  { kind = 'group', members = DEMO_MEMBERS, receipts = true }: { kind?: ChannelKind; members?: typeof DEMO_MEMBERS; receipts?: boolean } = {},
) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const handle = new FakeChannelHandle('general');
  const full = makeMessage({ id: 'm1', channelId: 'general', seq: 10, ...message });
  handle.messages.set([full]);
  handle.members.set(members);
  const el = await fixture<PlazaMessageItem>(html`<plaza-message-item
    role="article"
    aria-label="message"
    tabindex="0"
    active
    ?receipts=${receipts}
    .client=${fake.client}
    .message=${full}
    .handle=${handle}
    .names=${NAMES}
    .members=${members}
    .me=${'alice'}
    .kind=${kind}
  ></plaza-message-item>`);
  // Follow the store, as the list does.
  handle.messages.subscribe((list) => (el.message = list[0]));
  await settle(el);
  return { el, handle, fake };
}

const $ = <E extends Element = HTMLElement>(el: PlazaMessageItem, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector);
const $$ = <E extends Element = HTMLElement>(el: PlazaMessageItem, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<E>(selector),
];
/** In the popup (`<plaza-message-menu>`, loaded on demand) or the editor, inside their shadow roots. */
const popup = (el: PlazaMessageItem) => $(el, 'plaza-message-menu')?.shadowRoot;
const menuItems = (el: PlazaMessageItem, role = 'menuitem') => [...(popup(el)?.querySelectorAll<HTMLElement>(`[role="${role}"]`) ?? [])];
const editor = (el: PlazaMessageItem) => $(el, 'plaza-message-editor')?.shadowRoot?.querySelector('textarea') ?? null;
/** The focused element, through nested shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<plaza-message-item>', () => {
  // First, while the menu's chunk has not been loaded in this page yet.
  it('shows "Loading…" in a popup until its element has loaded, then the menu', async () => {
    assert.isUndefined(customElements.get('plaza-message-menu'));
    const { el } = await item({});
    el.openMenu();
    await el.updateComplete;
    const status = $(el, 'plaza-message-menu [role="status"]')!;
    assert.strictEqual(status.textContent, 'Loading…');
    assert.isAbove(status.getClientRects().length, 0, 'visible until the element upgrades');
    await settle(el);
    assert.lengthOf(status.getClientRects(), 0, 'hidden once the menu renders');
    assert.isAbove(menuItems(el).length, 0);
  });

  it('is accessible', async () => {
    const { el } = await item({ text: '**Hi** @zhang.wei', reactions: [{ emoji: '👍', users: ['bob'] }], replyCount: 2 });
    await expect(el).to.be.accessible();
  });

  it('is accessible with its menu open', async () => {
    const { el } = await item({ authorId: 'alice' });
    $(el, '.more')!.click();
    await settle(el);
    await expect(el).to.be.accessible();
  });

  it('shows author, time, Markdown text and an importance tag', async () => {
    const { el } = await item({ authorId: 'zhang.wei', text: 'Read **this**', urgency: 'important', createdAt: '2026-01-05T09:07:00.000Z' });
    // Times show once the page's date data has loaded (after the first frame).
    await loadDates('en');
    await settle(el);
    assert.strictEqual($(el, '.author')!.textContent, '张伟');
    const time = $(el, 'time')!;
    assert.strictEqual(time.getAttribute('datetime'), '2026-01-05T09:07:00.000Z');
    assert.strictEqual(
      time.textContent,
      new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date('2026-01-05T09:07:00.000Z')),
    );
    assert.strictEqual($(el, '.body strong')!.textContent, 'this');
    assert.strictEqual($(el, '.tag--important')!.textContent, 'Important');
    assert.strictEqual($(el, '.avatar')!.textContent, '张伟');
  });

  it('falls back to the user id for unknown authors', async () => {
    const { el } = await item({ authorId: 'ghost.user' });
    assert.strictEqual($(el, '.author')!.textContent, 'ghost.user');
  });

  it('opens its menu by keyboard, moves with arrows and closes with Escape', async () => {
    const { el } = await item({ authorId: 'alice' });
    el.openMenu();
    await settle(el);
    const menu = $(el, 'plaza-message-menu')!;
    const items = menuItems(el);
    assert.deepEqual(
      items.map((i) => i.textContent.trim()),
      ['Reply in thread', 'Edit', 'Recall', 'Pin', 'Create task', 'Copy link', 'Add reaction'],
    );
    assert.strictEqual(focused(), items[0]);
    await sendKeys({ press: 'ArrowDown' });
    assert.strictEqual(focused(), items[1]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    assert.strictEqual(focused(), items.at(-1));
    await sendKeys({ press: 'Home' });
    assert.strictEqual(focused(), items[0]);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    assert.isFalse(menu.isConnected);
    assert.strictEqual(focused(), $(el, '.more'));
  });

  it('speaks Chinese in its menu too, whose strings load with it', async () => {
    const { el } = await item({ authorId: 'alice' });
    el.lang = 'zh-CN';
    await settle(el);
    el.openMenu();
    await settle(el);
    assert.deepEqual(
      menuItems(el).map((i) => i.textContent.trim()),
      ['在话题中回复', '编辑', '撤回', '置顶', '创建任务', '复制链接', '添加表情回应'],
    );
  });

  it('offers edit and recall only on own messages', async () => {
    const { el } = await item({ authorId: 'bob' });
    el.openMenu();
    await settle(el);
    assert.deepEqual(
      menuItems(el).map((i) => i.textContent.trim()),
      ['Reply in thread', 'Pin', 'Create task', 'Copy link', 'Add reaction'],
    );
  });

  it('offers no "Create task" to customers, who take no part in tasks', async () => {
    const { el, fake } = await item({ authorId: 'bob' });
    fake.signIn({ ...demoSession('alice', 'Alice Chen'), user: { ...demoSession('alice', 'Alice Chen').user, kind: 'customer' } });
    el.openMenu();
    await settle(el);
    assert.notInclude(menuItems(el).map((i) => i.textContent.trim()), 'Create task');
  });

  it('lets admins delete others’ messages', async () => {
    const { el, handle } = await item({ authorId: 'bob' });
    el.admin = true;
    el.openMenu();
    await settle(el);
    const remove = menuItems(el).find((i) => i.textContent.trim() === 'Delete')!;
    remove.click();
    await settle(el);
    assert.deepEqual(handle.callsTo('remove'), [['m1']]);
    assert.strictEqual($(el, '.gone')!.textContent, 'Message deleted');
  });

  it('recalls, and shows the server refusing a late recall', async () => {
    const { el, handle } = await item({ authorId: 'alice' });
    handle.failNext = new PlazaError('conflict', 'the recall window has passed');
    el.openMenu();
    await settle(el);
    menuItems(el)[2].click();
    await settle(el);
    assert.deepEqual(handle.callsTo('recall'), [['m1']]);
    assert.strictEqual($(el, '.error[role="alert"]')!.textContent, 'the recall window has passed');

    el.openMenu();
    await settle(el);
    menuItems(el)[2].click();
    await settle(el);
    assert.notExists($(el, '.error'));
    assert.strictEqual($(el, '.gone')!.textContent, 'Message recalled');
    assert.notExists($(el, '.actions'), 'no actions on a recalled message');
  });

  it('edits in place: Enter saves, Escape cancels', async () => {
    const { el, handle } = await item({ authorId: 'alice', text: 'teh plan' });
    el.openMenu();
    await settle(el);
    menuItems(el)[1].click();
    await settle(el);
    const area = editor(el)!;
    assert.strictEqual(focused(), area);
    area.value = 'the plan';
    await sendKeys({ press: 'Enter' });
    await settle(el);
    assert.deepEqual(handle.callsTo('edit'), [['m1', 'the plan']]);
    assert.include(deepText($(el, '.body')), 'the plan');
    assert.include(deepText($(el, '.body')), '(edited)');

    el.openMenu();
    await settle(el);
    menuItems(el)[1].click();
    await settle(el);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    assert.notExists($(el, 'plaza-message-editor'));
    assert.strictEqual(focused(), el);
    assert.lengthOf(handle.callsTo('edit'), 1);
  });

  it('pins and unpins', async () => {
    const { el, handle } = await item({});
    el.openMenu();
    await settle(el);
    menuItems(el).find((i) => i.textContent.trim() === 'Pin')!.click();
    await settle(el);
    assert.deepEqual(handle.callsTo('pin'), [['m1', true]]);
    assert.strictEqual($(el, '.head .tag')!.textContent, 'Pinned');
    el.openMenu();
    await settle(el);
    assert.exists(menuItems(el).find((i) => i.textContent.trim() === 'Unpin'));
  });

  it('reacts from the emoji picker and toggles a reaction', async () => {
    const { el, handle } = await item({ reactions: [{ emoji: '🎉', users: ['bob'] }] });
    $(el, '.actions .icon-button')!.click();
    await settle(el);
    const picker = popup(el)!.querySelector('.emoji[role="menu"]')!;
    const choices = menuItems(el, 'menuitemcheckbox');
    assert.lengthOf(choices, EMOJI.length);
    assert.strictEqual(focused(), choices[0]);
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    assert.strictEqual(focused(), choices[7]);
    await sendKeys({ press: 'Enter' });
    await settle(el);
    assert.isFalse(picker.isConnected);
    assert.deepEqual(handle.callsTo('react'), [['m1', EMOJI[7], true]]);

    const party = $$(el, '.reaction').find((b) => b.textContent.includes('🎉'))!;
    assert.strictEqual(party.getAttribute('aria-pressed'), 'false');
    assert.strictEqual(party.getAttribute('aria-label'), '🎉 reaction, 1 person');
    party.click();
    await settle(el);
    assert.deepEqual(handle.callsTo('react').at(-1), ['m1', '🎉', true]);
    const mine = $$(el, '.reaction').find((b) => b.textContent.includes('🎉'))!;
    assert.strictEqual(mine.getAttribute('aria-pressed'), 'true');
    mine.click();
    assert.deepEqual(handle.callsTo('react').at(-1), ['m1', '🎉', false]);
  });

  it('asks to open the thread from the reply count and the menu', async () => {
    const { el } = await item({ replyCount: 3 });
    const button = $(el, '.replies')!;
    assert.strictEqual(button.textContent.trim(), '3 replies');
    setTimeout(() => button.click());
    const event = await oneEvent(el, 'item-action');
    assert.strictEqual(event.detail.action, 'thread');
    assert.strictEqual(event.detail.message.id, 'm1');
    assert.isFalse(event.composed, 'internal events stay inside the panel');
  });

  it('copies a link to the message', async () => {
    const { el } = await item({});
    let copied = '';
    const clipboard = navigator.clipboard;
    const original = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(clipboard), 'writeText')!;
    Object.defineProperty(clipboard, 'writeText', {
      configurable: true,
      value: async (value: string) => {
        copied = value;
      },
    });
    try {
      el.openMenu();
      await settle(el);
      setTimeout(() => menuItems(el).find((i) => i.textContent.trim() === 'Copy link')!.click());
      const event = await oneEvent(el, 'item-action');
      assert.strictEqual(event.detail.action, 'copied');
      assert.match(copied, /#plaza-message=general\/m1$/);
    } finally {
      delete (clipboard as Partial<Clipboard>).writeText;
      void original;
    }
  });

  it('shows "Read by N of M" on own group messages, with the list on click', async () => {
    const members = [makeMember('alice', 'Alice Chen', 10), makeMember('bob', 'Bob Martin', 10), makeMember('li.na', '李娜', 9)];
    const { el, handle } = await item({ authorId: 'alice' }, { members });
    const button = $(el, '.receipts button')!;
    assert.strictEqual(button.textContent.trim(), 'Read by 1 of 2');
    button.click();
    await settle(el);
    assert.deepEqual(handle.callsTo('receipts'), [['m1']]);
    const popover = popup(el)!.querySelector('.popover')!;
    assert.strictEqual(popover.getAttribute('role'), 'dialog');
    assert.include(deepText(popover), 'Read by Bob Martin');
    assert.include(deepText(popover), 'Not read yet 李娜');
  });

  it('shows the sender of an urgent message who has not acknowledged it', async () => {
    const members = [makeMember('alice', 'Alice Chen', 10), makeMember('bob', 'Bob Martin', 10), makeMember('li.na', '李娜', 10)];
    const { el, fake } = await item({ authorId: 'alice', urgency: 'urgent' }, { members });
    fake.requestHandler = (_name, payload) => ({ messageId: (payload as { messageId: string }).messageId, pending: ['li.na'] });
    $(el, '.receipts button')!.click();
    await settle(el);
    assert.deepInclude(fake.requests, { name: 'chat:urgent:status', payload: { messageId: 'm1' } });
    assert.include(deepText(popup(el)!.querySelector('.popover')), '1 not acknowledged 李娜');
  });

  it('shows "Read" in a direct message once the other person has read it', async () => {
    const unread = await item({ authorId: 'alice' }, { kind: 'dm', members: [makeMember('alice', 'A', 10), makeMember('bob', 'B', 9)] });
    assert.notExists($(unread.el, '.receipts'));
    const read = await item({ authorId: 'alice' }, { kind: 'dm', members: [makeMember('alice', 'A', 10), makeMember('bob', 'B', 10)] });
    assert.strictEqual($(read.el, '.receipts button')!.textContent.trim(), 'Read');
  });

  it('shows no receipts on messages from others', async () => {
    const { el } = await item({ authorId: 'bob' });
    assert.notExists($(el, '.receipts'));
  });

  it('shows file attachments with size and fetches a download link on click', async () => {
    const { el, fake } = await item({ attachments: [{ id: 'f1', name: 'plan.pdf', size: 1_234_567, type: 'application/pdf' }] });
    const chip = $(el, '.file')!;
    assert.include(chip.textContent, 'plan.pdf');
    assert.include(chip.textContent, '1.2 MB');
    fake.files.info = (id) => ({ id, name: 'plan.pdf', size: 1, type: 'application/pdf', uploadedBy: 'bob', createdAt: '', url: 'javascript:alert(1)', urlExpiresAt: '' });
    let opened = 0;
    const click = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'click')!;
    Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
      configurable: true,
      value() {
        opened += 1;
      },
    });
    try {
      chip.click();
      await settle(el);
      assert.deepEqual(fake.files.gets, ['f1']);
      assert.strictEqual(opened, 0, 'an unsafe URL is never opened');
    } finally {
      delete (HTMLAnchorElement.prototype as Partial<HTMLAnchorElement>).click;
      void click;
    }
  });

  it('shows images inline from their signed URL, with the file name as alt text', async () => {
    const { el, fake } = await item({ attachments: [{ id: 'img1', name: 'diagram.png', size: 2048, type: 'image/png' }] });
    await settle(el);
    assert.deepEqual(fake.files.gets, ['img1']);
    const img = $<HTMLImageElement>(el, 'img')!;
    assert.strictEqual(img.alt, 'diagram.png');
    assert.strictEqual(img.getAttribute('src'), 'https://files.example.com/img1');
    assert.strictEqual(img.closest('a')!.rel, 'noopener noreferrer');
  });

  it('renders hostile names and file names as text', async () => {
    const names = new Map([['evil', '<img src=x onerror="window.__xss=1">']]);
    const { el } = await item({ authorId: 'evil', attachments: [{ id: 'f', name: '<svg onload=window.__xss=1>.pdf', size: 1, type: 'text/plain' }] });
    el.names = names;
    await settle(el);
    assert.strictEqual($(el, '.author')!.textContent, '<img src=x onerror="window.__xss=1">');
    assert.notExists($(el, '.main img, .main svg:not(.icon)'));
    assert.isUndefined((window as Window & { __xss?: unknown }).__xss);
  });

  it('shows a task link as an "Open task" button that asks the page to open the task', async () => {
    const id = '0192f3c4-5d6e-7abc-8def-000000000042';
    const { el } = await item({ authorId: 'bob', text: `📋 Update the pricing page\n${taskLink(id)}` });
    const button = $(el, '.body button')!;
    assert.strictEqual(button.textContent.trim(), 'Open task');
    assert.strictEqual($(el, '.body')!.textContent.replace(/\s+/g, ' ').trim(), '📋 Update the pricing page Open task');
    // Heard outside every shadow root, as a page listens.
    setTimeout(() => button.click());
    const event = await oneEvent(document, 'plaza-task-open');
    assert.deepEqual(event.detail, { taskId: id });
    assert.isTrue(event.bubbles && event.composed);
    await expect(el).to.be.accessible();
  });

  it('keeps hostile text around a task link as text, and a malformed one as text too', async () => {
    const id = '0192f3c4-5d6e-7abc-8def-000000000042';
    const text = `<img src=x onerror="window.__xss=1">${taskLink(id)}<script>window.__xss=1</script> ${taskLink('../../x')} ${taskLink(id)}"onclick=alert(1)`;
    const { el } = await item({ authorId: 'bob', text });
    const body = $(el, '.body')!;
    assert.deepEqual($$(el, '.body *').map((node) => node.localName), ['p', 'button', 'button']);
    assert.include(body.textContent, '<img src=x onerror="window.__xss=1">');
    assert.include(body.textContent, '<script>window.__xss=1</script>');
    assert.include(body.textContent, `${taskLink('../../x')}`);
    assert.include(body.textContent, '"onclick=alert(1)');
    assert.isUndefined((window as Window & { __xss?: unknown }).__xss);
  });

  it('keeps its controls out of the Tab order unless it holds the list’s tab stop', async () => {
    const { el } = await item({ text: `see https://a.b ${taskLink('0192f3c4-5d6e-7abc-8def-000000000042')}`, reactions: [{ emoji: '👍', users: ['bob'] }] });
    assert.isTrue($$(el, 'button, a').every((c) => c.tabIndex === 0));
    el.active = false;
    await settle(el);
    assert.isTrue($$(el, 'button, a').every((c) => c.tabIndex === -1));
  });
});
