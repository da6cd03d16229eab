import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { FakeClient, demoSession, makeChannel, makeMessage, makeMessages, seedChatDemo } from '../../test-support/fake-client.js';
import { PlazaError } from '@plaza/sdk';
import { deep, deepAll, deepText, settle, text, until } from '../../test-support/chat-dom.js';
import './chat-panel.js';
import type { PlazaChatPanel } from './chat-panel.js';

function workspace(count = 20, unread = 0) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const general = seedChatDemo(fake.chat, { count, unread });
  return { fake, general };
}

async function panel(fake: FakeClient, attrs: { channel?: string; lang?: string; noSidebar?: boolean } = {}) {
  const wrapper = await fixture<HTMLElement>(html`<div lang=${attrs.lang ?? 'en'} class="host">
    <plaza-chat-panel
      channel=${attrs.channel ?? ''}
      ?no-sidebar=${attrs.noSidebar ?? false}
      .client=${fake.client}
    ></plaza-chat-panel>
  </div>`);
  const el = wrapper.querySelector('plaza-chat-panel')!;
  await settle(el);
  return el;
}

describe('<plaza-chat-panel>', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  // First, while the side view's chunk has not been loaded in this page yet.
  it('shows "Loading…" where the pinned view opens until its element has loaded', async () => {
    assert.isUndefined(customElements.get('plaza-chat-aside'));
    const el = await panel(workspace(3).fake, { channel: 'general' });
    el.shadowRoot!.querySelector<HTMLElement>('.pins-button')!.click();
    await el.updateComplete;
    const status = el.shadowRoot!.querySelector('plaza-chat-aside [role="status"]')!;
    assert.strictEqual(status.textContent, 'Loading…');
    assert.isAbove(status.getClientRects().length, 0);
    await settle(el);
    assert.lengthOf(status.getClientRects(), 0);
    assert.strictEqual(deep(el, 'aside')!.getAttribute('aria-label'), 'Pinned messages');
  });

  it('is accessible', async () => {
    const el = await panel(workspace().fake, { channel: 'general' });
    await expect(el).to.be.accessible();
  });

  it('is accessible in the dark theme with a thread open', async () => {
    const { fake, general } = workspace(6);
    general.messages.set([...general.messages.get(), makeMessage({ id: 'root', channelId: 'general', seq: 7, replyCount: 1 })]);
    const el = await panel(fake, { channel: 'general' });
    el.setAttribute('theme', 'dark');
    deep(el, '.replies')!.click();
    await settle(el);
    assert.exists(deep(el, 'aside'));
    await expect(el).to.be.accessible();
  });

  it('shows a placeholder without a client', async () => {
    const el = await fixture<PlazaChatPanel>(html`<plaza-chat-panel></plaza-chat-panel>`);
    assert.strictEqual(el.channel, null);
    assert.isFalse(el.noSidebar);
    assert.include(text(el.shadowRoot!.querySelector('.placeholder')), 'Loading');
    assert.notExists(el.shadowRoot!.querySelector('plaza-message-list'));
  });

  it('loads the channels and opens the first channel, exposing the contract parts', async () => {
    const { fake } = workspace();
    const el = await panel(fake);
    assert.strictEqual(fake.chat.loadChannelsCalls, 1);
    assert.strictEqual(el.channel, 'general');
    assert.strictEqual(el.getAttribute('channel'), 'general');
    const root = el.shadowRoot!;
    assert.exists(root.querySelector('[part="channel-list"]'));
    assert.exists(root.querySelector('[part="message-list"][exportparts="message"]'));
    assert.strictEqual(root.querySelector('plaza-composer')!.getAttribute('exportparts'), 'composer-input, send-button');
    assert.exists(deep(el, 'textarea[part="composer-input"]'));
    assert.exists(deep(el, 'button[part="send-button"]'));
    assert.isAbove(deepAll(el, '[part="message"]').length, 5);
    assert.strictEqual(text(root.querySelector('.title')), 'general');
  });

  it('opens the channel named by the attribute, at its first unread message', async () => {
    const { fake } = workspace(30);
    const release = fake.chat.channels.get().find((c) => c.id === 'release')!;
    fake.chat.channels.set(fake.chat.channels.get().map((c) => (c.id === 'release' ? { ...release, lastReadSeq: 1 } : c)));
    const el = await panel(fake, { channel: 'release' });
    const handle = fake.chat.handles.get('release')!;
    assert.deepEqual(handle.callsTo('load'), [[{ around: 2 }]]);
    assert.deepEqual(handle.callsTo('loadMembers'), [[]]);
    assert.exists(deep(el, '.divider'), 'the "New messages" divider');
  });

  it('hides the channel list with no-sidebar', async () => {
    const el = await panel(workspace().fake, { channel: 'general', noSidebar: true });
    assert.notExists(el.shadowRoot!.querySelector('plaza-channel-list'));
    assert.notExists(el.shadowRoot!.querySelector('.toggle'));
    assert.exists(el.shadowRoot!.querySelector('plaza-message-list'));
  });

  it('fires plaza-channel-change when the user picks a channel, and closes the old one', async () => {
    const { fake } = workspace();
    const el = await panel(fake, { channel: 'general' });
    const option = deep(el, '[role="option"][data-id="release"]')!;
    setTimeout(() => option.click());
    const event = await oneEvent(el, 'plaza-channel-change');
    assert.deepEqual(event.detail, { channelId: 'release' });
    assert.isTrue(event.bubbles && event.composed);
    await settle(el);
    assert.strictEqual(el.getAttribute('channel'), 'release');
    assert.isTrue(fake.chat.handles.get('general')!.closed);
    assert.strictEqual(text(el.shadowRoot!.querySelector('.title')), 'release-2.0');
  });

  it('does not fire plaza-channel-change when the page sets the channel', async () => {
    const el = await panel(workspace().fake, { channel: 'general' });
    let fired = 0;
    el.addEventListener('plaza-channel-change', () => (fired += 1));
    el.channel = 'release';
    await settle(el);
    assert.strictEqual(fired, 0);
    assert.strictEqual(text(el.shadowRoot!.querySelector('.title')), 'release-2.0');
  });

  it('fires plaza-message-sent with the stored message when Enter sends', async () => {
    const { fake, general } = workspace();
    const el = await panel(fake, { channel: 'general' });
    deep<HTMLTextAreaElement>(el, 'textarea')!.focus();
    await sendKeys({ type: 'Ship it' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'plaza-message-sent');
    assert.strictEqual(event.detail.message.text, 'Ship it');
    assert.isTrue(event.bubbles && event.composed);
    assert.deepEqual(general.callsTo('send'), [[{ text: 'Ship it', attachments: [] }]]);
  });

  it('shows an offline banner while the client is not online', async () => {
    const { fake } = workspace();
    const el = await panel(fake, { channel: 'general' });
    assert.notExists(el.shadowRoot!.querySelector('.banner--offline'));
    fake.setStatus('connecting');
    await settle(el);
    assert.include(text(el.shadowRoot!.querySelector('.banner--offline')), 'Reconnecting');
    fake.setStatus('offline');
    await settle(el);
    assert.include(text(el.shadowRoot!.querySelector('.banner--offline')), 'You are offline');
  });

  it('shows unacknowledged urgent messages from others, and acknowledges them', async () => {
    const { fake, general } = workspace(4);
    general.messages.set([
      ...general.messages.get(),
      makeMessage({ id: 'u1', channelId: 'general', seq: 5, authorId: 'li.na', urgency: 'urgent', text: '**Server down**' }),
    ]);
    fake.requestHandler = (name, payload) => ({
      messageId: (payload as { messageId: string }).messageId,
      pending: name === 'chat:urgent:status' ? ['alice'] : [],
    });
    const el = await panel(fake, { channel: 'general' });
    const banner = el.shadowRoot!.querySelector('.banner--urgent')!;
    assert.strictEqual(banner.getAttribute('role'), 'alert');
    assert.include(text(banner), 'Urgent message from 李娜');
    assert.include(text(banner), 'Server down');
    banner.querySelector('button')!.click();
    await settle(el);
    assert.deepInclude(fake.requests, { name: 'chat:urgent:ack', payload: { messageId: 'u1' } });
    assert.notExists(el.shadowRoot!.querySelector('.banner--urgent'));
  });

  it('opens a thread from the reply count and sends replies into it', async () => {
    const { fake, general } = workspace(3);
    const root = makeMessage({ id: 'root', channelId: 'general', seq: 4, replyCount: 1, text: 'Root' });
    general.messages.set([...general.messages.get(), root]);
    general.replies.set([makeMessage({ id: 'r1', channelId: 'general', seq: 5, threadRootId: 'root', text: 'First reply' })]);
    const el = await panel(fake, { channel: 'general' });
    deep(el, '.replies')!.click();
    await settle(el);
    const aside = deep(el, 'aside')!;
    assert.strictEqual(aside.getAttribute('aria-label'), 'Thread');
    assert.include(text(aside.querySelectorAll('plaza-message-item')[1]), 'First reply');
    assert.deepEqual(general.callsTo('thread'), [['root']]);
    // Focus went to the thread's composer.
    const input = aside.querySelector('plaza-composer')!.shadowRoot!.querySelector('textarea')!;
    assert.strictEqual(aside.querySelector('plaza-composer')!.shadowRoot!.activeElement, input);
    await sendKeys({ type: 'Second reply' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    assert.deepEqual(general.callsTo('send').at(-1), [{ text: 'Second reply', attachments: [], threadRootId: 'root' }]);
    assert.include(deepText(aside), 'Second reply');
    // Replies stay out of the channel's own list.
    assert.include(deepText(el.shadowRoot!.querySelector('plaza-message-list')), 'Root');
    assert.notInclude(deepText(el.shadowRoot!.querySelector('plaza-message-list')), 'Second reply');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    assert.notExists(deep(el, 'aside'));
  });

  it('lists pinned messages', async () => {
    const { fake, general } = workspace(3);
    general.messages.set(general.messages.get().map((m, i) => (i === 1 ? { ...m, pinned: true, text: 'Pinned one' } : m)));
    const el = await panel(fake, { channel: 'general' });
    el.shadowRoot!.querySelector<HTMLElement>('.pins-button')!.click();
    await settle(el);
    const aside = deep(el, 'aside')!;
    assert.strictEqual(aside.getAttribute('aria-label'), 'Pinned messages');
    assert.lengthOf(aside.querySelectorAll('plaza-message-item'), 1);
    assert.include(text(aside.querySelector('plaza-message-item')), 'Pinned one');
    assert.deepEqual(general.callsTo('pins'), [[]]);
  });

  it('makes announcement channels read-only for members', async () => {
    const el = await panel(workspace().fake, { channel: 'news' });
    assert.notExists(el.shadowRoot!.querySelector('plaza-composer'));
    assert.include(text(el.shadowRoot!.querySelector('.read-only')), 'Only admins');
  });

  it('speaks Chinese when lang="zh-CN"', async () => {
    const { fake } = workspace();
    fake.setStatus('connecting');
    const el = await panel(fake, { channel: 'general', lang: 'zh-CN' });
    assert.include(text(el.shadowRoot!.querySelector('.banner--offline')), '正在重新连接');
    assert.strictEqual(deep(el, 'textarea')!.getAttribute('aria-label'), '发送消息到 general');
    assert.strictEqual(deep(el, '[part="send-button"]')!.getAttribute('aria-label'), '发送');
    assert.strictEqual(deep(el, 'input[type="search"]')!.getAttribute('placeholder'), '筛选频道');
    assert.include(text(deep(el, '.list')), '私聊');
    assert.strictEqual(deep(el, '[role="log"]')!.getAttribute('aria-label'), 'general 中的消息');
  });

  it('folds the channel list behind a toggle below 600 px', async () => {
    await setViewport({ width: 400, height: 700 });
    const el = await panel(workspace().fake, { channel: 'general' });
    el.style.width = '360px';
    await settle(el);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!;
    const sidebar = el.shadowRoot!.querySelector<HTMLElement>('.sidebar')!;
    assert.notStrictEqual(getComputedStyle(toggle).display, 'none');
    assert.strictEqual(getComputedStyle(sidebar).visibility, 'hidden');
    toggle.click();
    await settle(el);
    assert.strictEqual(toggle.getAttribute('aria-expanded'), 'true');
    assert.strictEqual(getComputedStyle(sidebar).visibility, 'visible');
    // Choosing a channel folds it again.
    deep(el, '[role="option"][data-id="release"]')!.click();
    await settle(el);
    assert.strictEqual(toggle.getAttribute('aria-expanded'), 'false');

    el.style.width = '900px';
    await settle(el);
    assert.strictEqual(getComputedStyle(toggle).display, 'none');
    assert.strictEqual(getComputedStyle(sidebar).visibility, 'visible');
  });

  it('moves between regions with Tab', async () => {
    const el = await panel(workspace().fake, { channel: 'general' });
    deep<HTMLInputElement>(el, 'input[type="search"]')!.focus();
    await sendKeys({ press: 'Tab' });
    assert.strictEqual(deep(el, '[role="option"][tabindex="0"]')!.dataset.id, 'general');
    assert.isTrue(deep(el, '[role="option"][tabindex="0"]')!.matches(':focus'));
    await sendKeys({ press: 'Tab' });
    // The header's pinned button, then the message log's one tab stop.
    await sendKeys({ press: 'Tab' });
    await until(() => deepAll(el, 'plaza-message-item').some((item) => item.matches(':focus')));
    const list = el.shadowRoot!.querySelector('plaza-message-list')!;
    assert.strictEqual(list.shadowRoot!.activeElement!.getAttribute('tabindex'), '0');
  });

  it('asks for the presence of direct-message peers and shows it', async () => {
    const { fake } = workspace();
    const el = await panel(fake, { channel: 'general' });
    assert.deepEqual(fake.presenceQueries, [['zhang.wei', 'bob']]);
    fake.presence.set({ 'zhang.wei': 'online' });
    await settle(el);
    assert.exists(deep(el, '[data-id="dm-zhang"] .presence--online'));
    assert.exists(deep(el, '[data-id="dm-bob"] .presence--offline'));
  });

  it('picks the new user’s first channel when the client changes, unless one was asked for', async () => {
    const first = workspace();
    const el = await panel(first.fake);
    assert.strictEqual(el.channel, 'general');
    const second = new FakeClient();
    second.signIn(demoSession('bob', 'Bob Martin'));
    second.chat.seed(makeChannel({ id: 'ops', name: 'ops' }));
    el.client = second.client;
    await settle(el);
    assert.strictEqual(el.channel, 'ops');
    assert.isTrue(first.fake.chat.handles.get('general')!.closed);

    const asked = await panel(workspace().fake, { channel: 'release' });
    asked.client = second.client;
    await settle(asked);
    assert.strictEqual(asked.channel, 'release');
  });

  it('shows thread replies still waiting to be sent', async () => {
    const { fake, general } = workspace(3);
    general.messages.set([...general.messages.get(), makeMessage({ id: 'root', channelId: 'general', seq: 4, replyCount: 0 })]);
    const el = await panel(fake, { channel: 'general' });
    el.shadowRoot!.querySelector('plaza-message-list')!.dispatchEvent(
      new CustomEvent('thread-open', { detail: { message: general.messages.get().at(-1) } }),
    );
    await settle(el);
    general.sendMode = 'offline';
    await sendKeys({ type: 'later' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const aside = deep(el, 'aside')!;
    assert.include(deepText(aside), 'later');
    assert.include(deepText(aside), 'Waiting for connection');
    assert.notInclude(deepText(el.shadowRoot!.querySelector('plaza-message-list')), 'later');
  });

  it('closes the channel when removed from the page', async () => {
    const { fake } = workspace();
    const el = await panel(fake, { channel: 'general' });
    el.remove();
    assert.isTrue(fake.chat.handles.get('general')!.closed);
  });

  it('shows an error when the channels cannot be loaded, and tries again', async () => {
    const { fake } = workspace();
    fake.chat.channels.set([]);
    fake.chat.loadError = new PlazaError('unavailable', 'database down');
    const el = await panel(fake);
    assert.include(text(el.shadowRoot!.querySelector('.placeholder')), 'database down');
    fake.chat.loadError = null;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.placeholder button')!.click();
    await settle(el);
    assert.strictEqual(fake.chat.loadChannelsCalls, 2);
  });

  describe('message links', () => {
    const page = location.href.split('#')[0];
    afterEach(() => history.replaceState(null, '', page));

    /** `general` with 200 messages on the server, the latest 20 loaded. */
    function longHistory() {
      const { fake, general } = workspace(20);
      general.archive = makeMessages('general', 200);
      general.messages.set(general.archive.slice(-20));
      return { fake, general };
    }

    /** The focused element, through shadow roots. */
    function focused(): Element | null {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active;
    }

    it('follow #plaza-message= in the URL on load: around the message, highlighted and focused', async () => {
      const { fake, general } = longHistory();
      history.replaceState(null, '', `${page}#plaza-message=general/general-m42`);
      const el = await panel(fake, { channel: 'release' });
      assert.strictEqual(el.channel, 'general');
      assert.deepInclude(general.callsTo('load'), [{ aroundId: 'general-m42' }]);
      const row = deep(el, 'plaza-message-item[data-key="general-m42"]')!;
      assert.isTrue(row.hasAttribute('highlight'));
      assert.strictEqual(focused(), row);
      const scroller = deep(el, '.scroller')!;
      const box = row.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      assert.isTrue(box.top >= view.top && box.bottom <= view.bottom, 'in view');
    });

    it('follow a hash change, and a link clicked in a message without leaving the page', async () => {
      const { fake, general } = longHistory();
      const release = fake.chat.handles.get('release')!;
      release.messages.set([
        ...release.messages.get(),
        makeMessage({ id: 'link', channelId: 'release', seq: 4, text: `see ${page}#plaza-message=general/general-m150` }),
      ]);
      const el = await panel(fake, { channel: 'release' });
      const link = deep(el, '[data-key="link"]')!.shadowRoot!.querySelector('a')!;
      assert.strictEqual(link.target, '_blank', 'a link that would leave the page');
      setTimeout(() => link.click());
      const change = await oneEvent(el, 'plaza-channel-change');
      assert.strictEqual(change.detail.channelId, 'general');
      await settle(el);
      assert.strictEqual(location.hash, '', 'the page did not navigate');
      assert.deepInclude(general.callsTo('load'), [{ aroundId: 'general-m150' }]);
      assert.isTrue(deep(el, '[data-key="general-m150"]')!.hasAttribute('highlight'));

      location.hash = '#plaza-message=general/general-m3';
      await oneEvent(window, 'hashchange');
      await settle(el);
      assert.deepInclude(general.callsTo('load'), [{ aroundId: 'general-m3' }]);
      assert.strictEqual(focused(), deep(el, '[data-key="general-m3"]'));
    });

    it('open the thread of a linked reply and focus the reply', async () => {
      const { fake, general } = longHistory();
      const root = { ...general.archive[99], replyCount: 1 };
      general.archive[99] = root;
      general.replies.set([makeMessage({ id: 'reply-1', channelId: 'general', seq: 201, threadRootId: root.id, text: 'the reply' })]);
      history.replaceState(null, '', `${page}#plaza-message=general/${root.id}/reply-1`);
      const el = await panel(fake);
      const aside = deep(el, 'aside')!;
      assert.strictEqual(aside.getAttribute('aria-label'), 'Thread');
      const reply = deep(el, 'plaza-message-item[data-id="reply-1"]')!;
      assert.isTrue(reply.hasAttribute('highlight'));
      assert.strictEqual(focused(), reply);
    });

    it('say when the linked message cannot be found', async () => {
      const { fake } = longHistory();
      history.replaceState(null, '', `${page}#plaza-message=general/gone`);
      const el = await panel(fake);
      assert.strictEqual(text(el.shadowRoot!.querySelector('.banner--error')), 'The linked message could not be found.');
    });
  });
});
