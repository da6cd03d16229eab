import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import { TASK_LIMITS, type TaskList } from '@plaza/protocol';
import { deep, settle, until } from '../../test-support/chat-dom.js';
import { makeMessage, seedChatDemo } from '../../test-support/fake-client.js';
import { FAKE_LIST_ID, FakeTasksClient } from '../../test-support/fake-tasks.js';
import { fakeList } from '../../../../sdk/src/test-support/fake-tasks-server.js';
import '../chat-panel/chat-panel.js';
import type { PlazaChatPanel } from '../chat-panel/chat-panel.js';
import type { PlazaMessageItem } from '../message-item/message-item.component.js';
import { TITLE_MAX, titleFrom, type PlazaTaskFromMessage } from './task-from-message.component.js';

const SOURCE = makeMessage({
  id: '0192f3c4-5d6e-7abc-8def-0000000000a1',
  channelId: 'general',
  seq: 41,
  authorId: 'zhang.wei',
  text: '**Can someone** update the pricing page?\nThe old one says 2025.',
});

/** A chat panel on #general, whose last message is SOURCE, for a client with the tasks capability. */
async function panelWithTasks(lang = 'en') {
  const fake = new FakeTasksClient();
  const general = seedChatDemo(fake.chat, { count: 40 });
  general.messages.set([...general.messages.get(), SOURCE]);
  fake.server.list = fakeList({ name: 'Launch' });
  const wrapper = await fixture<HTMLElement>(html`<div lang=${lang}>
    <plaza-chat-panel channel="general" .client=${fake.client}></plaza-chat-panel>
  </div>`);
  const panel = wrapper.querySelector('plaza-chat-panel')!;
  await settle(panel);
  return { fake, panel };
}

function sourceItem(panel: PlazaChatPanel): PlazaMessageItem {
  return deep<PlazaMessageItem>(panel, `plaza-message-item[data-key="${SOURCE.id}"]`)!;
}

/** Opens SOURCE's menu and picks "Create task"; resolves with the dialog once it has rendered. */
async function openDialog(panel: PlazaChatPanel, label = 'Create task'): Promise<PlazaTaskFromMessage> {
  const item = sourceItem(panel);
  item.focus();
  item.openMenu();
  await settle(item);
  const menu = item.shadowRoot!.querySelector('plaza-message-menu')!.shadowRoot!;
  [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')].find((i) => i.textContent.trim() === label)!.click();
  await until(() => panel.shadowRoot!.querySelector('plaza-task-from-message'));
  const dialog = panel.shadowRoot!.querySelector('plaza-task-from-message')!;
  await settle(dialog);
  // The lists have loaded.
  await until(() => dialog.shadowRoot!.querySelector('#list-note')!.textContent.trim() !== 'Loading your lists…');
  return dialog;
}

const $ = <E extends Element = HTMLElement>(dialog: PlazaTaskFromMessage, selector: string) => dialog.shadowRoot!.querySelector<E>(selector)!;

/** The focused element, through nested shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function createRequests(fake: FakeTasksClient) {
  return fake.connection.requests.filter((r) => r.name === 'tasks:create').map((r) => r.payload as Record<string, unknown>);
}

describe('<plaza-task-from-message>', () => {
  it('opens from the message menu as a modal dialog in the panel, the title taken from the message', async () => {
    const { panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    const native = $<HTMLDialogElement>(dialog, 'dialog');
    assert.isTrue(native.open);
    assert.isTrue(native.matches(':modal'));
    assert.strictEqual(native.getAttribute('aria-labelledby'), 'heading');
    assert.strictEqual($(dialog, '#heading').textContent, 'Create task');
    assert.include($(dialog, '#source').textContent, 'From 张伟’s message');
    const title = $<HTMLInputElement>(dialog, '[name="title"]');
    assert.strictEqual(title.value, 'Can someone update the pricing page?');
    assert.strictEqual(focused(), title);
    // Lists: a personal list, then the lists the user may add to; members are the assignees.
    assert.deepEqual(
      [...$<HTMLSelectElement>(dialog, '[name="list"]').options].map((o) => o.textContent),
      ['Personal list', 'Launch'],
    );
    assert.deepEqual(
      [...$<HTMLSelectElement>(dialog, '[name="assignee"]').options].map((o) => o.textContent),
      ['Unassigned', 'You', '张伟', '李娜', 'Bob Martin'],
    );
    await expect(dialog).to.be.accessible();
  });

  it('is accessible in the dark theme, with an error shown', async () => {
    const { panel } = await panelWithTasks();
    panel.setAttribute('theme', 'dark');
    await settle(panel);
    const dialog = await openDialog(panel);
    $<HTMLInputElement>(dialog, '[name="title"]').value = '';
    $(dialog, '.primary').click();
    await settle(dialog);
    assert.strictEqual($(dialog, '[role="alert"]').textContent.trim(), 'Enter a title.');
    // Dark tokens reach the dialog from the panel's host.
    assert.notStrictEqual(getComputedStyle($(dialog, 'dialog')).backgroundColor, 'rgb(255, 255, 255)');
    await expect(dialog).to.be.accessible();
  });

  it('creates the task from the message with list, assignee and due, fires plaza-task-created, closes and gives focus back', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    const list = $<HTMLSelectElement>(dialog, '[name="list"]');
    list.value = FAKE_LIST_ID;
    list.dispatchEvent(new Event('change'));
    $<HTMLSelectElement>(dialog, '[name="assignee"]').value = 'bob';
    $<HTMLInputElement>(dialog, '[name="due"]').value = '2026-03-01T09:00';
    const title = $<HTMLInputElement>(dialog, '[name="title"]');
    title.value = 'Update the pricing page';
    setTimeout(() => $(dialog, '.primary').click());
    // Heard outside the panel, as a page listens.
    const event = await oneEvent(document, 'plaza-task-created');
    assert.isTrue(event.bubbles && event.composed);
    assert.strictEqual(event.detail.task.title, 'Update the pricing page');
    assert.deepEqual(createRequests(fake), [
      {
        clientId: createRequests(fake)[0].clientId,
        title: 'Update the pricing page',
        sourceMessage: { channelId: 'general', messageId: SOURCE.id },
        listId: FAKE_LIST_ID,
        assignee: 'bob',
        due: new Date('2026-03-01T09:00').toISOString(),
      },
    ]);
    await settle(panel);
    assert.isNull(panel.shadowRoot!.querySelector('plaza-task-from-message'));
    assert.strictEqual(focused(), sourceItem(panel));
  });

  it('sends only the title and the message when nothing else is chosen: the personal list, unassigned, no due', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    $(dialog, '.primary').click();
    await until(() => createRequests(fake).length === 1);
    const { clientId: _clientId, ...sent } = createRequests(fake)[0];
    assert.deepEqual(sent, { title: 'Can someone update the pricing page?', sourceMessage: { channelId: 'general', messageId: SOURCE.id } });
  });

  it('shows a refusal and stays open, with what the user typed, to try again', async () => {
    const { fake, panel } = await panelWithTasks();
    fake.server.failures.set('tasks:create', new PlazaError('forbidden', 'bob is a customer and cannot take part in tasks'));
    const dialog = await openDialog(panel);
    const created: Event[] = [];
    document.addEventListener('plaza-task-created', (e) => created.push(e));
    $<HTMLInputElement>(dialog, '[name="title"]').value = 'My own words';
    $(dialog, '.primary').click();
    await until(() => $(dialog, '[role="alert"]').textContent.trim() !== '');
    assert.strictEqual($(dialog, '[role="alert"]').textContent.trim(), 'The task was not created: bob is a customer and cannot take part in tasks');
    await settle(dialog);
    assert.isTrue(dialog.isConnected);
    assert.isTrue($<HTMLDialogElement>(dialog, 'dialog').open);
    assert.strictEqual($<HTMLInputElement>(dialog, '[name="title"]').value, 'My own words');
    assert.isFalse($<HTMLButtonElement>(dialog, '.primary').disabled);
    assert.lengthOf(created, 0);
    assert.strictEqual(fake.server.tasks.size, 0);
    // Trying again works.
    $(dialog, '.primary').click();
    await until(() => !dialog.isConnected);
    assert.lengthOf(created, 1);
  });

  it('says so when offline, rather than a raw error', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    fake.connection.drop();
    $(dialog, '.primary').click();
    await until(() => $(dialog, '[role="alert"]').textContent.trim() !== '');
    assert.strictEqual($(dialog, '[role="alert"]').textContent.trim(), 'The server cannot be reached. Try again when you are back online.');
  });

  it('asks for a title instead of sending an empty one', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    const title = $<HTMLInputElement>(dialog, '[name="title"]');
    title.value = '   ';
    $(dialog, '.primary').click();
    await settle(dialog);
    assert.strictEqual($(dialog, '[role="alert"]').textContent.trim(), 'Enter a title.');
    assert.strictEqual(title.getAttribute('aria-invalid'), 'true');
    assert.strictEqual(title.getAttribute('aria-describedby'), 'error');
    assert.strictEqual(focused(), title);
    assert.lengthOf(createRequests(fake), 0);
  });

  it('keeps Tab inside, closes on Escape and gives focus back to the message', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    const title = $(dialog, '[name="title"]');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    assert.strictEqual(focused(), $(dialog, '.primary'), 'Shift+Tab from the first control goes to the last');
    await sendKeys({ press: 'Tab' });
    assert.strictEqual(focused(), title, 'Tab from the last control goes to the first');
    await sendKeys({ press: 'Tab' });
    assert.strictEqual(focused(), $(dialog, '[name="list"]'));
    await sendKeys({ press: 'Escape' });
    await settle(panel);
    assert.isFalse(dialog.isConnected);
    assert.strictEqual(focused(), sourceItem(panel));
    assert.lengthOf(createRequests(fake), 0);
  });

  it('closes on Cancel without creating anything', async () => {
    const { fake, panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    [...dialog.shadowRoot!.querySelectorAll<HTMLElement>('.actions button')].find((b) => b.textContent.trim() === 'Cancel')!.click();
    await settle(panel);
    assert.isFalse(dialog.isConnected);
    assert.lengthOf(createRequests(fake), 0);
  });

  it('offers only lists the user may add to, and the personal list when the lists cannot load', async () => {
    const { fake, panel } = await panelWithTasks();
    const list = (n: number, changes: Partial<TaskList>) => fakeList({ id: `0192f3c4-5d6e-7abc-8def-00000000000${n}`, ...changes });
    fake.connection.handle('tasks:lists', () => ({
      lists: [
        list(1, { name: 'Edit' }),
        list(2, { name: 'Viewer', role: 'viewer' }),
        list(3, { name: 'Archive', archived: true }),
        list(4, { name: 'Someone’s own', personalOf: 'bob' }),
      ],
    }));
    let dialog = await openDialog(panel);
    assert.deepEqual([...$<HTMLSelectElement>(dialog, '[name="list"]').options].map((o) => o.textContent), ['Personal list', 'Edit']);
    dialog.close();
    await settle(panel);

    fake.connection.handle('tasks:lists', () => {
      throw new PlazaError('internal', 'boom');
    });
    dialog = await openDialog(panel);
    assert.deepEqual([...$<HTMLSelectElement>(dialog, '[name="list"]').options].map((o) => o.textContent), ['Personal list']);
    assert.strictEqual($(dialog, '#list-note').textContent.trim(), 'Your task lists could not be loaded; the task can still go to a personal list.');
  });

  it('speaks Chinese', async () => {
    const { panel } = await panelWithTasks('zh-CN');
    const dialog = await openDialog(panel, '创建任务');
    assert.strictEqual($(dialog, '#heading').textContent, '创建任务');
    assert.strictEqual($(dialog, '.primary').textContent.trim(), '创建');
    assert.include($(dialog, '#source').textContent, '来自 张伟 的消息');
  });

  it('renders a hostile message and member names as text', async () => {
    const { panel } = await panelWithTasks();
    const dialog = await openDialog(panel);
    dialog.message = { ...SOURCE, text: '<img src=x onerror="alert(1)">**x**' };
    dialog.members = [{ userId: 'evil', name: '<svg onload=window.__xss=1>', role: 'member', lastReadSeq: 0 }];
    await settle(dialog);
    assert.notExists(dialog.shadowRoot!.querySelector('img, svg'));
    assert.include($(dialog, '#source').textContent, '<img src=x onerror="alert(1)">x');
    assert.include($<HTMLSelectElement>(dialog, '[name="assignee"]').textContent, '<svg onload=window.__xss=1>');
    assert.isUndefined((window as Window & { __xss?: unknown }).__xss);
  });
});

describe('titleFrom', () => {
  it('takes the first line with text, without Markdown markers, cut to the title limit', () => {
    assert.strictEqual(TITLE_MAX, TASK_LIMITS.titleMax);
    assert.strictEqual(titleFrom('\n\n  **Ship** the _release_  \nsecond line'), 'Ship the release');
    assert.strictEqual(titleFrom('x'.repeat(600)), 'x'.repeat(TITLE_MAX));
    // Not half an emoji at the cut.
    assert.strictEqual(titleFrom(`${'x'.repeat(TITLE_MAX - 1)}😀`), 'x'.repeat(TITLE_MAX - 1));
    assert.strictEqual(titleFrom(''), '');
  });
});
