import { assert, expect, fixture, html } from '@open-wc/testing';
import { deep, settle, until } from '../../test-support/chat-dom.js';
import { FAKE_LIST_ID, type FakeTasksClient, tasksWorkspace } from '../../test-support/fake-tasks.js';
import '../task-list/task-list.js';
import type { PlazaTaskList } from '../task-list/task-list.js';

const CHANNEL = '0192f3c4-5d6e-7abc-8def-0000000000c1';
const MESSAGE = '0192f3c4-5d6e-7abc-8def-0000000000d1';

async function mount(fake: FakeTasksClient): Promise<PlazaTaskList> {
  const el = await fixture<PlazaTaskList>(html`<plaza-task-list list=${FAKE_LIST_ID} .client=${fake.client}></plaza-task-list>`);
  await until(() => el.shadowRoot!.querySelector('.rows'));
  await settle(el);
  return el;
}

/** The open drawer's shadow root, once its task has loaded. */
async function drawer(el: PlazaTaskList): Promise<ShadowRoot> {
  await until(() => deep(el, 'input.title'));
  await settle(el);
  return el.shadowRoot!.querySelector('plaza-task-detail')!.shadowRoot!;
}

describe('<plaza-task-detail> with a task made from a chat message', () => {
  it('links to the message the task came from, on this page', async () => {
    const { fake, server } = tasksWorkspace({ count: 2 });
    const task = server.add({ title: 'Update the pricing page', source: { channelId: CHANNEL, messageId: MESSAGE } });
    const el = await mount(fake);
    el.openTask(task.id);
    const root = await drawer(el);
    const link = root.querySelector<HTMLAnchorElement>('.source a')!;
    assert.strictEqual(link.textContent, 'From a chat message');
    // What `<plaza-chat-panel>` on the page opens (its message links), in the same tab.
    assert.strictEqual(link.href, `${location.href.split('#')[0]}#plaza-message=${CHANNEL}/${MESSAGE}`);
    assert.isFalse(link.hasAttribute('target'));
    await expect(el.shadowRoot!.querySelector('plaza-task-detail')!).to.be.accessible();
  });

  it('shows no source for a task made elsewhere', async () => {
    const { fake, tasks } = tasksWorkspace({ count: 2 });
    const el = await mount(fake);
    el.openTask(tasks[0].id);
    const root = await drawer(el);
    assert.isNull(root.querySelector('.source'));
  });

  it('speaks Chinese', async () => {
    const { fake, server } = tasksWorkspace({ count: 1 });
    const task = server.add({ title: '更新价格页', source: { channelId: CHANNEL, messageId: MESSAGE } });
    const el = await mount(fake);
    el.lang = 'zh-CN';
    el.openTask(task.id);
    const root = await drawer(el);
    await until(() => root.querySelector('.source a')?.textContent === '来自一条聊天消息');
  });
});

describe('<plaza-task-list> openTask()', () => {
  it('opens the drawer for a task id without firing plaza-task-open, also for a task outside the list shown', async () => {
    const { fake, server } = tasksWorkspace({ count: 2 });
    const elsewhere = server.add({ title: 'In another list', listId: '0192f3c4-5d6e-7abc-8def-0000000000e1' });
    const el = await mount(fake);
    const opened: Event[] = [];
    el.addEventListener('plaza-task-open', (e) => opened.push(e));
    el.openTask(elsewhere.id);
    const root = await drawer(el);
    assert.strictEqual(root.querySelector<HTMLInputElement>('.title')!.value, 'In another list');
    assert.lengthOf(opened, 0);
  });
});
