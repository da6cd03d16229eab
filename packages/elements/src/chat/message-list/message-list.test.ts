import { assert, expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import type { Message } from '@plaza/protocol';
import {
  DEMO_MEMBERS,
  FakeChannelHandle,
  FakeClient,
  demoSession,
  makeChannel,
  makeMessage,
  makeMessages,
} from '../../test-support/fake-client.js';
import { deepText, settle, until } from '../../test-support/chat-dom.js';
import './message-list.js';
import { MAX_ROWS, type PlazaMessageList } from './message-list.component.js';
import { formatDay, formatTime, loadDates } from '../shared/format.js';

const NAMES = new Map(DEMO_MEMBERS.map((m) => [m.userId, m.name]));

async function list(
  count: number,
  { unreadAfter = -1, messages, loaded = true }: { unreadAfter?: number; messages?: Message[]; loaded?: boolean } = {},
) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  const handle = new FakeChannelHandle('general');
  handle.messages.set(messages ?? makeMessages('general', count));
  handle.members.set(DEMO_MEMBERS);
  if (loaded) handle.state.patch({ loaded: true });
  const channel = makeChannel({ id: 'general', name: 'general', lastReadSeq: unreadAfter < 0 ? count : unreadAfter });
  const wrapper = await fixture<HTMLElement>(html`<div class="frame">
    <plaza-message-list
      .client=${fake.client}
      .handle=${handle}
      .channel=${channel}
      .names=${NAMES}
      .members=${DEMO_MEMBERS}
      .me=${'alice'}
      .unreadAfter=${unreadAfter}
    ></plaza-message-list>
  </div>`);
  // A fixed-size viewport, as the panel's layout gives it (test-only inline style).
  wrapper.style.cssText = 'display:flex;flex-direction:column;height:480px;width:640px';
  const el = wrapper.querySelector('plaza-message-list')!;
  el.style.flex = '1';
  await settle(el, 6);
  return { el, handle, fake };
}

function scroller(el: PlazaMessageList): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
}

function rendered(el: PlazaMessageList) {
  return [...el.shadowRoot!.querySelectorAll('plaza-message-item')];
}

function atBottom(el: PlazaMessageList): boolean {
  const s = scroller(el);
  return s.scrollTop >= s.scrollHeight - s.clientHeight - 4;
}

/** Each row's kind, key, grouping and receipts, and the message it shows. */
function shape(rows: PlazaMessageList['rows']) {
  return rows.map((row) => [
    row.kind,
    row.key,
    'grouped' in row ? row.grouped : null,
    row.kind === 'message' ? [row.receipts ?? false, row.message] : null,
  ]);
}

/** The shape of the rows a new list over `handle` builds. */
async function freshShape(el: PlazaMessageList, handle: FakeChannelHandle) {
  const fresh = await fixture<PlazaMessageList>(html`<plaza-message-list
    .client=${el.client}
    .handle=${handle}
    .names=${NAMES}
    .me=${'alice'}
  ></plaza-message-list>`);
  const rows = shape(fresh.rows);
  fresh.remove();
  return rows;
}

describe('<plaza-message-list>', () => {
  it('is accessible', async () => {
    const { el } = await list(30);
    await expect(el).to.be.accessible();
  });

  it('is a labelled log with a separate polite live region', async () => {
    const { el } = await list(5);
    const log = el.shadowRoot!.querySelector('[role="log"]')!;
    assert.strictEqual(log.getAttribute('aria-label'), 'Messages in general');
    // The log itself stays quiet: its rows change as it scrolls.
    assert.strictEqual(log.getAttribute('aria-live'), 'off');
    assert.strictEqual(el.shadowRoot!.querySelector('.sr-only[aria-live="polite"]')!.textContent.trim(), '');
  });

  it('keeps at most MAX_ROWS (≤ 100) messages in the DOM with 10,000 in the store', async () => {
    const { el } = await list(10_000);
    const parts = el.shadowRoot!.querySelectorAll('[part="message"]');
    assert.isAbove(parts.length, 3);
    assert.isAtMost(parts.length, MAX_ROWS);
    assert.isAtMost(MAX_ROWS, 100);
    assert.isTrue(atBottom(el), 'opens at the newest message');
    assert.include(deepText(rendered(el).at(-1)), '(#10000)');

    // Scroll to the middle: still a small window, showing the messages there.
    const s = scroller(el);
    s.scrollTop = s.scrollHeight / 2;
    await settle(el, 6);
    assert.isAtMost(el.shadowRoot!.querySelectorAll('[part="message"]').length, MAX_ROWS);
    const seqs = rendered(el).map((item) => item.message!.seq);
    assert.isAbove(Math.min(...seqs), 2000);
    assert.isBelow(Math.max(...seqs), 8000);
  });

  it('builds the rows of the newest messages for its first frame and the others when the page is next idle', async () => {
    const fake = new FakeClient();
    fake.signIn(demoSession('alice', 'Alice Chen'));
    const handle = new FakeChannelHandle('general');
    handle.messages.set(makeMessages('general', 10_000));
    handle.state.patch({ loaded: true });
    const el = await fixture<PlazaMessageList>(html`<plaza-message-list
      .client=${fake.client}
      .handle=${handle}
      .channel=${makeChannel({ id: 'general', lastReadSeq: 10_000 })}
      .names=${NAMES}
      .me=${'alice'}
    ></plaza-message-list>`);
    el.style.height = '480px';
    const messageRows = () => el.rows.filter((row) => row.kind === 'message');
    assert.strictEqual(el.rows[0].kind, 'earlier');
    assert.isBelow(messageRows().length, 300);
    assert.strictEqual(messageRows().at(-1)!.key, 'general-m10000');

    await until(() => el.rows[0].kind === 'start');
    assert.lengthOf(messageRows(), 10_000);
    await settle(el);
    assert.isTrue(atBottom(el), 'still at the newest message');
    assert.include(deepText(rendered(el).at(-1)), '(#10000)');
  });

  it('shows the start of the conversation when an empty channel gets its first message', async () => {
    const { el, handle } = await list(0, { messages: [] });
    handle.messages.set([makeMessage({ id: 'first', channelId: 'general', seq: 1, authorId: 'li.na' })]);
    await settle(el);
    assert.deepEqual(shape(el.rows), await freshShape(el, handle));
    assert.include(deepText(el), 'This is the beginning of the conversation.');
  });

  it('keeps the rows a fresh build would make as messages arrive, change, are sent and fail', async () => {
    const { el, handle } = await list(30);
    const now = Date.now();
    const next = (authorId: string, minutes: number, partial: Partial<Message> = {}) => {
      const seq = handle.messages.get().at(-1)!.seq + 1;
      const createdAt = new Date(now + minutes * 60_000).toISOString();
      return makeMessage({ id: `n${seq}`, channelId: 'general', seq, authorId, createdAt, ...partial });
    };
    const steps: Array<[string, () => unknown]> = [
      ['own message', () => handle.messages.set([...handle.messages.get(), next('alice', 1)])],
      ['own message in its group', () => handle.messages.set([...handle.messages.get(), next('alice', 2)])],
      ['a send waiting for the connection', () => ((handle.sendMode = 'offline'), void handle.send({ text: 'queued' }))],
      ['a reaction to an older message', () => void handle.react(handle.messages.get()[10].id, '👍', true)],
      ['a reply, which has no row', () => handle.messages.set([...handle.messages.get(), next('li.na', 3, { threadRootId: 'general-m5' })])],
      ['a message from someone else', () => handle.messages.set([...handle.messages.get(), next('li.na', 4)])],
      ['a refused send', () => ((handle.sendMode = 'fail'), handle.send({ text: 'refused' }).catch(() => undefined))],
      ['the waiting send delivered', () => handle.deliver({ ...handle.pending.get()[0], clientId: handle.pending.get()[0].clientId })],
      ['an edit and a new message at once', () => {
        const [edited, ...rest] = handle.messages.get().slice(-1);
        handle.messages.set([...handle.messages.get().slice(0, -1), { ...edited, text: 'edited', rev: edited.rev + 1 }, ...rest, next('bob', 70)]);
      }],
      ['a message on the next day', () => handle.messages.set([...handle.messages.get(), next('bob', 24 * 60)])],
    ];
    const rows = el.rows;
    for (const [step, run] of steps) {
      await run();
      await settle(el, 1);
      assert.deepEqual(shape(el.rows), await freshShape(el, handle), step);
    }
    // Brought up to date in place each time, never built again.
    assert.strictEqual(el.rows, rows);
  });

  it('separates days and groups consecutive messages by one author', async () => {
    const day = Date.parse('2026-03-02T10:00:00');
    const at = (minutes: number) => new Date(day + minutes * 60_000).toISOString();
    const messages = [
      makeMessage({ id: 'a', seq: 1, authorId: 'bob', createdAt: at(-24 * 60) }),
      makeMessage({ id: 'b', seq: 2, authorId: 'bob', createdAt: at(0) }),
      makeMessage({ id: 'c', seq: 3, authorId: 'bob', createdAt: at(1) }),
      makeMessage({ id: 'd', seq: 4, authorId: 'li.na', createdAt: at(2) }),
      makeMessage({ id: 'e', seq: 5, authorId: 'li.na', createdAt: at(30) }),
    ];
    const { el } = await list(0, { messages });
    const days = el.shadowRoot!.querySelectorAll('.day');
    assert.lengthOf(days, 2);
    const grouped = rendered(el).map((item) => item.hasAttribute('grouped'));
    assert.deepEqual(grouped, [false, false, true, false, false]);
    assert.include(deepText(rendered(el)[0]), 'Bob Martin');
    // Weekdays and times show once the page's date data has loaded (after the first frame).
    await loadDates('en');
    await settle(el);
    const labels = [...el.shadowRoot!.querySelectorAll('.day')].map((day) => day.textContent.trim());
    assert.deepEqual(labels, [messages[0], messages[1]].map((m) => formatDay(m.createdAt, 'en', 'Today', 'Yesterday')));
    assert.strictEqual(rendered(el)[0].getAttribute('aria-label'), `Bob Martin, ${formatTime(messages[0].createdAt, 'en')}`);
  });

  it('puts the "New messages" divider inside a day without repeating the day', async () => {
    const at = (minutes: number) => new Date(Date.parse('2026-03-02T10:00:00') + minutes * 60_000).toISOString();
    const messages = [
      makeMessage({ id: 'a', seq: 1, authorId: 'bob', createdAt: at(0) }),
      makeMessage({ id: 'b', seq: 2, authorId: 'bob', createdAt: at(1) }),
    ];
    const { el } = await list(0, { messages, unreadAfter: 1 });
    assert.lengthOf(el.shadowRoot!.querySelectorAll('.day'), 1);
    assert.lengthOf(el.shadowRoot!.querySelectorAll('.divider'), 1);
    // The divider starts a new group: the unread message shows its author again.
    assert.deepEqual(rendered(el).map((item) => item.hasAttribute('grouped')), [false, false]);
  });

  it('marks the first unread message and opens there', async () => {
    const { el } = await list(300, { unreadAfter: 200 });
    const divider = el.shadowRoot!.querySelector('.divider')!;
    assert.strictEqual(divider.textContent.trim(), 'New messages');
    const top = divider.getBoundingClientRect().top - scroller(el).getBoundingClientRect().top;
    assert.isAtLeast(top, -2);
    assert.isBelow(top, 40);
    assert.isFalse(atBottom(el));
    assert.exists(el.shadowRoot!.querySelector('.jump'), '"Jump to latest" while away from the bottom');
  });

  it('sticks to the bottom as messages arrive, and announces messages from others', async () => {
    const { el, handle } = await list(50);
    assert.isTrue(atBottom(el));
    handle.messages.set([...handle.messages.get(), makeMessage({ id: 'n1', seq: 51, authorId: 'li.na', text: 'Fresh **news**' })]);
    await settle(el);
    assert.isTrue(atBottom(el));
    assert.include(deepText(rendered(el).at(-1)), 'Fresh news');
    assert.strictEqual(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent.trim(), '李娜: Fresh news');

    // Own messages are not announced.
    handle.messages.set([...handle.messages.get(), makeMessage({ id: 'n2', seq: 52, authorId: 'alice', text: 'mine' })]);
    await settle(el);
    assert.strictEqual(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent.trim(), '李娜: Fresh news');
  });

  it('stays where the reader is when messages arrive while scrolled up, and jumps to latest', async () => {
    const { el, handle } = await list(200);
    const s = scroller(el);
    s.scrollTop = 1000;
    await settle(el);
    const firstBefore = rendered(el).find((item) => item.getBoundingClientRect().top >= s.getBoundingClientRect().top)!;
    const topBefore = firstBefore.getBoundingClientRect().top;
    handle.messages.set([...handle.messages.get(), makeMessage({ id: 'late', seq: 201, authorId: 'bob', text: 'late' })]);
    await settle(el);
    assert.closeTo(firstBefore.getBoundingClientRect().top, topBefore, 2);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.jump')!.click();
    await settle(el, 6);
    assert.isTrue(atBottom(el));
    assert.include(deepText(rendered(el).at(-1)), 'late');
    assert.notExists(el.shadowRoot!.querySelector('.jump'));
  });

  it('loads older messages at the top without moving the view', async () => {
    const { el, handle } = await list(0, { messages: makeMessages('general', 30, { firstSeq: 101 }) });
    const s = scroller(el);
    s.scrollTop = 0;
    await settle(el);
    const topOf = (seq: number) => {
      const item = rendered(el).find((i) => i.message!.seq === seq);
      return item ? item.getBoundingClientRect().top - s.getBoundingClientRect().top : Number.NaN;
    };
    const before = topOf(101);
    assert.isBelow(before, 200);

    // The reader is at the top when the SDK says there is more: the list asks for it.
    handle.olderPages = [makeMessages('general', 100, { firstSeq: 1, end: Date.now() - 86_400_000 * 3 })];
    handle.state.patch({ hasMoreBefore: true });
    await until(() => handle.callsTo('loadOlder').length === 1);
    await settle(el, 6);
    assert.strictEqual(handle.messages.get().length, 130);
    // The same message is where it was; the older ones are above it.
    assert.closeTo(topOf(101), before, 2);
    assert.isAbove(s.scrollTop, 1000);
    s.scrollTop = 0;
    await settle(el, 6);
    assert.include(deepText(el), 'This is the beginning of the conversation.');
  });

  it('marks read up to the newest visible message', async () => {
    const { handle } = await list(40, { unreadAfter: 38 });
    await until(() => handle.callsTo('markRead').length > 0);
    assert.deepEqual(handle.callsTo('markRead').at(-1), [40]);
  });

  it('does not mark read what is scrolled out of view', async () => {
    const { handle } = await list(400, { unreadAfter: 100 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.isNotEmpty(handle.callsTo('markRead'));
    const marked = handle.callsTo('markRead').map(([seq]) => seq as number);
    assert.isTrue(marked.every((seq) => seq < 130), `marked ${marked.join()}`);
  });

  it('shows pending sends greyed and failed ones with Retry and Discard', async () => {
    const { el, handle } = await list(5);
    handle.sendMode = 'offline';
    void handle.send({ text: 'queued' });
    handle.sendMode = 'fail';
    await handle.send({ text: 'refused' }).catch(() => undefined);
    await settle(el);
    const [queued, refused] = rendered(el).slice(-2);
    // A hook for end-to-end tests: sent, pending, sending or failed.
    assert.deepEqual(rendered(el).map((item) => item.dataset.state), ['sent', 'sent', 'sent', 'sent', 'sent', 'pending', 'failed']);
    assert.include(deepText(queued), 'Waiting for connection');
    assert.exists(queued.shadowRoot!.querySelector('.pending--pending'));
    assert.include(deepText(refused), 'Not sent');
    assert.include(deepText(refused), 'you may not post here');
    const [retry] = [...refused.shadowRoot!.querySelectorAll<HTMLButtonElement>('.status button')];
    retry.click();
    await settle(el);
    const clientId = handle.pending.get()[1].clientId;
    assert.deepEqual(handle.callsTo('retry'), [[clientId]]);
    assert.include(deepText(rendered(el).at(-1)), 'Sending…');
    handle.pending.set(handle.pending.get().map((p) => (p.clientId === clientId ? { ...p, state: 'failed', error: handle.sendError } : p)));
    await settle(el);
    [...rendered(el).at(-1)!.shadowRoot!.querySelectorAll<HTMLButtonElement>('.status button')][1].click();
    await settle(el);
    assert.deepEqual(handle.callsTo('discard'), [[clientId]]);
    assert.notInclude(deepText(el), 'refused');
  });

  it('moves between messages with the arrow keys, Home and End', async () => {
    const { el } = await list(60);
    const last = rendered(el).at(-1)!;
    assert.strictEqual(last.getAttribute('tabindex'), '0');
    assert.isTrue(rendered(el).slice(0, -1).every((item) => item.getAttribute('tabindex') === '-1'));
    last.focus();
    await sendKeys({ press: 'ArrowUp' });
    await settle(el);
    assert.strictEqual((el.shadowRoot!.activeElement as HTMLElement & { message: Message }).message.seq, 59);
    await sendKeys({ press: 'Home' });
    await settle(el, 6);
    const first = el.shadowRoot!.activeElement as HTMLElement & { message: Message };
    assert.strictEqual(first.message.seq, 1);
    assert.closeTo(first.getBoundingClientRect().top, scroller(el).getBoundingClientRect().top, 2);
    await sendKeys({ press: 'End' });
    await settle(el, 6);
    assert.strictEqual((el.shadowRoot!.activeElement as HTMLElement & { message: Message }).message.seq, 60);
    assert.isTrue(atBottom(el));
  });

  it('shows who is typing', async () => {
    const { el, handle } = await list(3);
    handle.state.patch({ typing: ['li.na', 'alice'] });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.querySelector('.typing')!.textContent.trim(), '李娜 is typing…');
    handle.state.patch({ typing: ['li.na', 'bob'] });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.querySelector('.typing')!.textContent.trim(), '李娜 and Bob Martin are typing…');
  });

  it('shows loading, empty and error states', async () => {
    const { el, handle } = await list(0, { loaded: false });
    handle.state.patch({ loading: true });
    await settle(el);
    assert.strictEqual(el.shadowRoot!.querySelector('.status')!.textContent.trim(), 'Loading…');
    handle.state.patch({ loading: false, error: new PlazaError('unavailable', 'down') });
    await settle(el);
    assert.include(el.shadowRoot!.querySelector('.status')!.textContent, 'Messages could not be loaded.');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.status button')!.click();
    assert.lengthOf(handle.callsTo('load'), 1);
    await settle(el);
    assert.include(el.shadowRoot!.querySelector('.status')!.textContent, 'No messages yet');
  });

  it('says when messages were recalled, deleted or edited', async () => {
    const messages = [
      makeMessage({ id: 'r', seq: 1, authorId: 'bob', text: '', recalledAt: new Date().toISOString() }),
      makeMessage({ id: 'd', seq: 2, authorId: 'li.na', text: '', deletedAt: new Date().toISOString() }),
      makeMessage({ id: 'e', seq: 3, authorId: 'zhang.wei', text: 'fixed typo', editedAt: new Date().toISOString() }),
    ];
    const { el } = await list(0, { messages });
    const [recalled, deleted, edited] = rendered(el).map((item) => deepText(item));
    assert.include(recalled, 'Message recalled');
    assert.include(deleted, 'Message deleted');
    assert.include(edited, 'fixed typo (edited)');
  });
});
