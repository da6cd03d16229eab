import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Channel } from '@plaza/protocol';
import { makeChannel } from '../../test-support/fake-client.js';
import { settle } from '../../test-support/chat-dom.js';
import './channel-list.js';
import { channelName, type PlazaChannelList } from './channel-list.component.js';

const CHANNELS: Channel[] = [
  makeChannel({ id: 'general', name: 'general' }),
  makeChannel({ id: 'release', name: 'release-2.0', unreadCount: 3, mentionCount: 1 }),
  makeChannel({ id: 'dm-zhang', kind: 'dm', name: '', peerId: 'zhang.wei', unreadCount: 120 }),
  makeChannel({ id: 'news', kind: 'announcement', name: 'company-news' }),
];

async function list(lang = 'en') {
  const wrapper = await fixture<HTMLElement>(html`<div lang=${lang}>
    <plaza-channel-list
      .channels=${CHANNELS}
      selected="general"
      .names=${new Map([['zhang.wei', '张伟']])}
      .presence=${{ 'zhang.wei': 'online' }}
    ></plaza-channel-list>
  </div>`);
  const el = wrapper.querySelector('plaza-channel-list')!;
  await settle(el);
  return el;
}

const options = (el: PlazaChannelList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];

describe('<plaza-channel-list>', () => {
  it('is accessible', async () => {
    await expect(await list()).to.be.accessible();
  });

  it('lists channels, then direct messages, in a labelled listbox with groups', async () => {
    const el = await list();
    const box = el.shadowRoot!.querySelector('[role="listbox"]')!;
    assert.strictEqual(box.getAttribute('aria-label'), 'Channels');
    assert.deepEqual(
      [...box.querySelectorAll('[role="group"]')].map((g) => g.getAttribute('aria-label')),
      ['Channels', 'Direct messages'],
    );
    assert.deepEqual(options(el).map((o) => o.dataset.id), ['general', 'release', 'news', 'dm-zhang']);
    assert.strictEqual(options(el)[0].getAttribute('aria-selected'), 'true');
    assert.strictEqual(options(el)[3].querySelector('.name')!.textContent, '张伟');
    assert.exists(options(el)[3].querySelector('.presence--online'));
  });

  it('shows unread and mention badges, with their meaning for screen readers', async () => {
    const el = await list();
    const release = options(el)[1];
    assert.deepEqual([...release.querySelectorAll('.badge')].map((b) => b.textContent), ['@1', '3']);
    assert.include(release.textContent, '1 mention');
    assert.include(release.textContent, '3 unread messages');
    assert.strictEqual(options(el)[3].querySelector('.badge')!.textContent, '99+');
  });

  it('moves with arrow keys, Home and End (roving tabindex), and opens with Enter', async () => {
    const el = await list();
    assert.deepEqual(options(el).map((o) => o.tabIndex), [0, -1, -1, -1]);
    options(el)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.activeElement, options(el)[1]);
    assert.deepEqual(options(el).map((o) => o.tabIndex), [-1, 0, -1, -1]);
    await sendKeys({ press: 'End' });
    assert.strictEqual(el.shadowRoot!.activeElement, options(el)[3]);
    await sendKeys({ press: 'ArrowDown' });
    assert.strictEqual(el.shadowRoot!.activeElement, options(el)[3], 'stays on the last');
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowUp' });
    assert.strictEqual(el.shadowRoot!.activeElement, options(el)[0]);
    await sendKeys({ press: 'ArrowDown' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'channel-select');
    assert.deepEqual(event.detail, { channelId: 'release' });
    setTimeout(() => void sendKeys({ press: ' ' }));
    assert.deepEqual((await oneEvent(el, 'channel-select')).detail, { channelId: 'release' });
  });

  it('filters by name, and reaches the results with ArrowDown', async () => {
    const el = await list();
    const input = el.shadowRoot!.querySelector('input')!;
    assert.strictEqual(input.getAttribute('aria-label'), 'Filter channels');
    input.focus();
    await sendKeys({ type: 'REL' });
    await settle(el);
    assert.deepEqual(options(el).map((o) => o.dataset.id), ['release']);
    await sendKeys({ press: 'ArrowDown' });
    assert.strictEqual(el.shadowRoot!.activeElement, options(el)[0]);
    input.focus();
    await sendKeys({ type: 'zzz' });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.querySelector('.empty')!.textContent.trim(), 'No channels match');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    assert.lengthOf(options(el), 4);
  });

  it('shows a direct-message peer away, and offline when nothing is known', async () => {
    const el = await list();
    el.presence = { 'zhang.wei': 'away' };
    await settle(el);
    assert.exists(options(el)[3].querySelector('.presence--away'));
    assert.notExists(options(el)[3].querySelector('.presence--online'));
    el.presence = {};
    await settle(el);
    assert.exists(options(el)[3].querySelector('.presence--offline'));
  });

  it('does not badge the open channel', async () => {
    const el = await list();
    el.selected = 'release';
    await settle(el);
    assert.notExists(options(el)[1].querySelector('.badge'));
  });

  it('speaks Chinese', async () => {
    const el = await list('zh-CN');
    assert.strictEqual(el.shadowRoot!.querySelector('input')!.getAttribute('placeholder'), '筛选频道');
    assert.include(options(el)[1].textContent, '3 条未读消息');
    assert.include(options(el)[2].textContent, '公告');
  });

  it('names direct messages after the other member', () => {
    assert.strictEqual(channelName(CHANNELS[2], new Map([['zhang.wei', '张伟']])), '张伟');
    assert.strictEqual(channelName(CHANNELS[2]), 'zhang.wei');
    assert.strictEqual(channelName(CHANNELS[0]), 'general');
  });
});
