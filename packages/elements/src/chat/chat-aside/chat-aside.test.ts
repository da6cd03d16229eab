import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { DEMO_MEMBERS, FakeChannelHandle, FakeClient, demoSession, makeMessage } from '../../test-support/fake-client.js';
import { deepText, settle } from '../../test-support/chat-dom.js';
import './chat-aside.js';
import type { PlazaChatAside } from './chat-aside.js';

const NAMES = new Map(DEMO_MEMBERS.map((m) => [m.userId, m.name]));

async function aside(view: 'thread' | 'pins') {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const handle = new FakeChannelHandle('general');
  const root = makeMessage({ id: 'root', channelId: 'general', seq: 1, authorId: 'bob', text: 'Root **message**', replyCount: 1, pinned: true });
  handle.messages.set([root]);
  handle.replies.set([makeMessage({ id: 'r1', channelId: 'general', seq: 2, authorId: 'li.na', threadRootId: 'root', text: 'A reply' })]);
  const el = await fixture<PlazaChatAside>(html`<plaza-chat-aside
    view=${view}
    .client=${fake.client}
    .root=${root}
    .handle=${handle}
    .names=${NAMES}
    .members=${DEMO_MEMBERS}
    .messages=${handle.messages.get()}
    .me=${'alice'}
  ></plaza-chat-aside>`);
  await settle(el);
  return { el, handle };
}

describe('<plaza-chat-aside>', () => {
  it('is accessible', async () => {
    const { el } = await aside('thread');
    await expect(el).to.be.accessible();
  });

  it('shows a thread: its root, its replies and a reply box with focus', async () => {
    const { el, handle } = await aside('thread');
    const landmark = el.shadowRoot!.querySelector('aside')!;
    assert.strictEqual(landmark.getAttribute('aria-label'), 'Thread');
    const items = [...el.shadowRoot!.querySelectorAll('plaza-message-item')];
    assert.lengthOf(items, 2);
    assert.include(deepText(items[0]), 'Root message');
    assert.include(deepText(items[1]), 'A reply');
    assert.include(deepText(landmark), '1 reply');
    assert.deepEqual(handle.callsTo('thread'), [['root']]);
    const composer = el.shadowRoot!.querySelector('plaza-composer')!;
    assert.strictEqual(composer.shadowRoot!.activeElement, composer.shadowRoot!.querySelector('textarea'));
  });

  it('shows the pinned messages', async () => {
    const { el, handle } = await aside('pins');
    assert.strictEqual(el.shadowRoot!.querySelector('aside')!.getAttribute('aria-label'), 'Pinned messages');
    assert.deepEqual(handle.callsTo('pins'), [[]]);
    assert.include(deepText(el.shadowRoot!.querySelector('plaza-message-item')), 'Root message');
    // Unpinned elsewhere: gone from the view.
    el.messages = [{ ...handle.messages.get()[0], pinned: false }];
    await settle(el);
    assert.include(deepText(el), 'No pinned messages.');
  });

  it('asks to close', async () => {
    const { el } = await aside('pins');
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('.aside-header button')!.click());
    const event = await oneEvent(el, 'close');
    assert.isFalse(event.bubbles);
  });
});
