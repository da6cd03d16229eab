import { assert, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { PlazaError } from '@plaza/sdk';
import { deep, deepAll, settle, text, until } from '../../test-support/chat-dom.js';
import { FAKE_LIST_ID, type FakeTasksClient, tasksWorkspace } from '../../test-support/fake-tasks.js';
import './task-list.js';
import type { PlazaTaskList } from './task-list.js';

async function mount(fake: FakeTasksClient, attrs: { view?: string; filter?: string; list?: string | null; lang?: string; theme?: string } = {}) {
  const list = attrs.list === undefined ? FAKE_LIST_ID : attrs.list;
  const wrapper = await fixture<HTMLElement>(html`<div lang=${attrs.lang ?? 'en'}>
    <plaza-task-list
      list=${list ?? ''}
      view=${attrs.view ?? 'list'}
      filter=${attrs.filter ?? ''}
      theme=${attrs.theme ?? 'light'}
      .client=${fake.client}
    ></plaza-task-list>
  </div>`);
  const el = wrapper.querySelector('plaza-task-list')!;
  if (!list) el.removeAttribute('list');
  if (!attrs.filter) el.removeAttribute('filter');
  await until(() => el.shadowRoot!.querySelector('.rows') || deep(el, '.board') || el.shadowRoot!.querySelector('.empty:not([role])'));
  await settle(el);
  return el;
}

const rows = (el: PlazaTaskList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.row')];
const titles = (el: PlazaTaskList) => rows(el).map((row) => text(row.querySelector('.open')));
/** The board's shadow root (the board is an element of its own inside the list's). */
const board = (el: PlazaTaskList) => el.shadowRoot!.querySelector('plaza-task-board')!.shadowRoot!;
const cards = (el: PlazaTaskList, status: string) =>
  [...board(el).querySelectorAll<HTMLElement>(`.column[data-status="${status}"] .card`)].map((card) => text(card.querySelector('.card-title')));
const live = (el: PlazaTaskList) => text(board(el).querySelector('[aria-live]'));

describe('<plaza-task-list>', () => {
  it('is accessible as a list and as a board, light and dark', async () => {
    const { fake } = tasksWorkspace();
    const el = await mount(fake);
    await expect(el).to.be.accessible();
    el.view = 'board';
    el.setAttribute('theme', 'dark');
    await settle(el);
    await expect(el).to.be.accessible();
  });

  it('shows a loading state without a client, and defaults to the list view', async () => {
    const el = await fixture<PlazaTaskList>(html`<plaza-task-list></plaza-task-list>`);
    assert.strictEqual(el.view, 'list');
    assert.isNull(el.list);
    assert.include(text(el.shadowRoot!.querySelector('.body')), 'Loading');
  });

  it('lists the tasks in board order with the task part, marking overdue and due-soon in words', async () => {
    const { fake, tasks } = tasksWorkspace({ count: 6, overdue: 1 });
    const el = await mount(fake);
    assert.strictEqual(rows(el).length, 6);
    assert.isTrue(rows(el).every((row) => row.getAttribute('part') === 'task'));
    assert.strictEqual(text(el.shadowRoot!.querySelector('.title')), 'Launch');
    const late = rows(el).find((row) => row.dataset.id === tasks[0].id)!;
    assert.strictEqual(late.dataset.due, 'overdue');
    assert.include(text(late), 'Overdue');
    const soon = rows(el).find((row) => row.dataset.id === tasks[1].id)!;
    assert.strictEqual(soon.dataset.due, 'soon');
    assert.include(text(soon), 'Due soon');
    // The due time is shown in the viewer's zone and carries the UTC instant.
    const time = late.querySelector('time')!;
    assert.strictEqual(time.getAttribute('datetime'), tasks[0].due);
    const local = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(tasks[0].due!));
    assert.include(text(time), local);
  });

  it('adds a task from the quick add at once and fires plaza-task-created with the stored task', async () => {
    const { fake, server } = tasksWorkspace({ count: 2 });
    const el = await mount(fake);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('.add input')!;
    input.focus();
    await sendKeys({ type: 'Write the FAQ' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent(el, 'plaza-task-created');
    assert.isTrue(event.bubbles && event.composed);
    assert.strictEqual(event.detail.task.title, 'Write the FAQ');
    assert.isTrue(server.tasks.has(event.detail.task.id));
    await settle(el);
    assert.strictEqual(titles(el).filter((t) => t === 'Write the FAQ').length, 1);
    assert.strictEqual(input.value, '');
  });

  it('filters by the filter menu and the filter attribute, and sorts', async () => {
    const { fake } = tasksWorkspace({ count: 6, overdue: 2 });
    const el = await mount(fake);
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Filter"]')!;
    select.value = 'overdue';
    select.dispatchEvent(new Event('change'));
    await until(() => rows(el).length === 2);
    assert.strictEqual(el.getAttribute('filter'), 'overdue');
    assert.isTrue(rows(el).every((row) => row.dataset.due === 'overdue'));

    el.filter = 'label:design';
    await until(() => rows(el).length === 3);
    assert.isTrue(rows(el).every((row) => text(row).includes('design')));

    el.filter = 'mine';
    await until(() => rows(el).length === 2);
    assert.isTrue(rows(el).every((row) => text(row).includes('You')));

    el.filter = null;
    await until(() => rows(el).length === 6);
    const sort = el.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Sort"]')!;
    sort.value = 'title';
    sort.dispatchEvent(new Event('change'));
    await settle(el);
    assert.deepEqual(titles(el), [...titles(el)].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('without a list shows the user own tasks across lists', async () => {
    const { fake } = tasksWorkspace({ count: 6 });
    const el = await mount(fake, { list: null });
    assert.strictEqual(text(el.shadowRoot!.querySelector('.title')), 'My tasks');
    assert.strictEqual(rows(el).length, 2);
    assert.strictEqual(fake.connection.requests.find((r) => r.name === 'tasks:query')?.payload && (fake.connection.requests.find((r) => r.name === 'tasks:query')!.payload as any).assignee, 'alice');
  });

  it('ticks a task done from the list and fires plaza-task-updated', async () => {
    const { fake, server, tasks } = tasksWorkspace({ count: 3, overdue: 0 });
    const el = await mount(fake);
    const row = rows(el).find((r) => r.dataset.id === tasks[0].id)!;
    setTimeout(() => row.querySelector<HTMLInputElement>('input[type=checkbox]')!.click());
    const event = await oneEvent(el, 'plaza-task-updated');
    assert.strictEqual(event.detail.task.status, 'done');
    assert.strictEqual(server.task(tasks[0].id).status, 'done');
  });

  it('shows a refused change rolled back, with the reason', async () => {
    const { fake, server, tasks } = tasksWorkspace({ count: 3, overdue: 0 });
    const el = await mount(fake);
    server.failures.set('tasks:update', new PlazaError('forbidden', 'viewers cannot edit'));
    rows(el)
      .find((r) => r.dataset.id === tasks[0].id)!
      .querySelector<HTMLInputElement>('input[type=checkbox]')!
      .click();
    await until(() => el.shadowRoot!.querySelector('[role="alert"]'));
    assert.include(text(el.shadowRoot!.querySelector('[role="alert"]')), 'viewers cannot edit');
    await settle(el);
    assert.isFalse(rows(el).find((r) => r.dataset.id === tasks[0].id)!.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked);
  });

  it('hides editing for viewers', async () => {
    const { fake } = tasksWorkspace({ role: 'viewer' });
    const el = await mount(fake);
    assert.notExists(el.shadowRoot!.querySelector('.add'));
    assert.include(text(el.shadowRoot!.querySelector('.banner')), 'view this list');
    assert.isTrue(rows(el).every((row) => row.querySelector<HTMLInputElement>('input')!.disabled));
  });

  it('shows other users changes live', async () => {
    const { fake, server, tasks } = tasksWorkspace({ count: 3, overdue: 0 });
    const el = await mount(fake);
    server.change(tasks[0].id, { title: 'Renamed by Zhang' }, 'zhang.wei');
    server.add({ title: 'Added by Li' });
    await until(() => titles(el).includes('Renamed by Zhang') && titles(el).includes('Added by Li'));
  });

  it('shows notifications with an unread badge; opening one marks it read and opens the task', async () => {
    const { fake, server, tasks } = tasksWorkspace({ count: 2 });
    const el = await mount(fake);
    server.notify({ kind: 'task.assigned', actorId: 'zhang.wei', task: { ...tasks[0], due: tasks[0].due } });
    await until(() => text(el.shadowRoot!.querySelector('.badge')) === '1');
    const bell = el.shadowRoot!.querySelector<HTMLButtonElement>('.bell')!;
    assert.include(bell.getAttribute('aria-label'), '1 unread notification');
    bell.click();
    await settle(el);
    await until(() => deep(el, '.link'));
    const item = deep<HTMLButtonElement>(el, '.link')!;
    assert.include(text(item), '张伟 assigned you');
    item.click();
    await until(() => !el.shadowRoot!.querySelector('.badge'));
    await until(() => deep(el, 'input.title'));
  });

  it('speaks Chinese under lang="zh-CN"', async () => {
    const { fake } = tasksWorkspace({ count: 3, overdue: 1 });
    const el = await mount(fake, { lang: 'zh-CN', view: 'board' });
    await until(() => text(deep(el, '.column-head')).includes('待办'));
    assert.include(board(el).textContent, '已逾期');
    assert.include(text(el.shadowRoot!.querySelector('.seg')), '看板');
  });

  describe('board', () => {
    it('has a column per status in the list order, with the task part on cards', async () => {
      const { fake } = tasksWorkspace({ count: 6, overdue: 0 });
      const el = await mount(fake, { view: 'board' });
      const heads = [...board(el).querySelectorAll('.column')].map((c) => (c as HTMLElement).dataset.status);
      assert.deepEqual(heads, ['todo', 'in_progress', 'done']);
      assert.strictEqual(deepAll(el, '.card[part="task"]').length, 6);
      assert.deepEqual(cards(el, 'todo'), ['Draft launch announcement', 'Prepare press kit']);
    });

    it('moves focus with arrow keys, one card in the Tab order', async () => {
      const { fake } = tasksWorkspace({ count: 6, overdue: 0 });
      const el = await mount(fake, { view: 'board' });
      const tabbable = board(el).querySelectorAll('.card[tabindex="0"]');
      assert.strictEqual(tabbable.length, 1);
      (tabbable[0] as HTMLElement).focus();
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      assert.strictEqual(text(board(el).activeElement?.querySelector('.card-title')), 'Prepare press kit');
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      assert.strictEqual((board(el).activeElement as HTMLElement).closest<HTMLElement>('.column')!.dataset.status, 'in_progress');
      assert.strictEqual(board(el).querySelectorAll('.card[tabindex="0"]').length, 1);
    });

    it('moves a card with the keyboard: Space picks up, arrows move (announced), Space drops', async () => {
      const { fake, server, tasks } = tasksWorkspace({ count: 6, overdue: 0 });
      const el = await mount(fake, { view: 'board' });
      const first = board(el).querySelector<HTMLElement>(`.card[data-id="${tasks[0].id}"]`)!;
      first.focus();
      await sendKeys({ press: 'Space' });
      await settle(el);
      assert.include(live(el), 'Picked up Draft launch announcement. To do, position 1 of 2.');
      assert.strictEqual(first.getAttribute('aria-pressed'), 'true');
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      assert.include(live(el), 'In progress, position 1 of 3.');
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      assert.include(live(el), 'In progress, position 2 of 3.');
      assert.strictEqual((board(el).activeElement as HTMLElement).dataset.id, tasks[0].id, 'the moved card keeps the focus');
      setTimeout(() => void sendKeys({ press: 'Space' }));
      const event = await oneEvent(el, 'plaza-task-updated');
      assert.include(live(el), 'Dropped Draft launch announcement in In progress, position 2 of 3.');
      assert.strictEqual(event.detail.task.status, 'in_progress');
      const column = server.column(FAKE_LIST_ID, 'in_progress').map((t) => t.title);
      assert.deepEqual(column, ['Review pricing page', 'Draft launch announcement', 'Localise onboarding emails']);
      await settle(el);
      assert.deepEqual(cards(el, 'in_progress'), column);
    });

    it('Escape puts a picked-up card back', async () => {
      const { fake, server, tasks } = tasksWorkspace({ count: 6, overdue: 0 });
      const el = await mount(fake, { view: 'board' });
      board(el).querySelector<HTMLElement>(`.card[data-id="${tasks[0].id}"]`)!.focus();
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      assert.include(cards(el, 'in_progress'), 'Draft launch announcement');
      await sendKeys({ press: 'Escape' });
      await settle(el);
      assert.include(live(el), 'Move cancelled');
      assert.deepEqual(cards(el, 'todo'), ['Draft launch announcement', 'Prepare press kit']);
      assert.strictEqual(server.task(tasks[0].id).status, 'todo');
      assert.isFalse(fake.connection.requests.some((r) => r.name === 'tasks:move'));
    });

    it('moves a card by dragging it with the pointer', async () => {
      const { fake, server, tasks } = tasksWorkspace({ count: 6, overdue: 0 });
      const el = await mount(fake, { view: 'board' });
      const card = board(el).querySelector<HTMLElement>(`.card[data-id="${tasks[0].id}"]`)!;
      const from = card.getBoundingClientRect();
      const done = board(el).querySelector<HTMLElement>('.column[data-status="done"]')!.getBoundingClientRect();
      const at = (x: number, y: number) => ({ clientX: x, clientY: y, bubbles: true, composed: true, button: 0, pointerId: 1 });
      card.dispatchEvent(new PointerEvent('pointerdown', at(from.x + 10, from.y + 10)));
      window.dispatchEvent(new PointerEvent('pointermove', at(from.x + 30, from.y + 10)));
      window.dispatchEvent(new PointerEvent('pointermove', at(done.x + 20, done.bottom - 10)));
      await settle(el);
      assert.deepEqual(cards(el, 'done').at(-1), 'Draft launch announcement');
      window.dispatchEvent(new PointerEvent('pointerup', at(done.x + 20, done.bottom - 10)));
      await until(() => server.task(tasks[0].id).status === 'done');
      assert.strictEqual(server.column(FAKE_LIST_ID, 'done').at(-1)!.id, tasks[0].id);
      assert.notExists(deep(el, 'plaza-task-detail'), 'a drag does not open the task');
    });

    it('does not let viewers pick cards up', async () => {
      const { fake } = tasksWorkspace({ role: 'viewer' });
      const el = await mount(fake, { view: 'board' });
      board(el).querySelector<HTMLElement>('.card')!.focus();
      await sendKeys({ press: 'Space' });
      await settle(el);
      assert.notExists(board(el).querySelector('.card.grabbed'));
    });
  });

  describe('board with long columns', () => {
    /** 1,650 tasks: 550 in each column. */
    async function longBoard() {
      const context = tasksWorkspace({ count: 1650, overdue: 0 });
      const el = await mount(context.fake, { view: 'board' });
      const column = (status: string) => context.server.column(FAKE_LIST_ID, status as 'todo').map((t) => t.id);
      const scroller = (status: string) => board(el).querySelector<HTMLElement>(`.column[data-status="${status}"] .cards`)!;
      const active = () => (board(el).activeElement as HTMLElement | null)?.dataset.id;
      return { ...context, el, column, scroller, active };
    }

    /** Whether a rendered card of the column is (at least partly) in the column's view. */
    function inView(scroller: HTMLElement, id: string): boolean {
      const card = scroller.querySelector<HTMLElement>(`.card[data-id="${id}"]`);
      if (!card) return false;
      const box = card.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      return box.bottom > view.top && box.top < view.bottom;
    }

    it('renders a bounded window of each column, counts every card, and renders later cards as a column scrolls', async () => {
      const { el, column, scroller } = await longBoard();
      const todo = column('todo');
      assert.strictEqual(todo.length, 550);
      assert.isAtMost(board(el).querySelectorAll('.card').length, 150);
      assert.include(text(board(el).querySelector('.column[data-status="todo"] .column-head')), 'To do, 550 tasks');
      assert.deepEqual(
        [...scroller('todo').querySelectorAll<HTMLElement>('.card')].slice(0, 3).map((c) => c.dataset.id),
        todo.slice(0, 3),
      );
      // The spacers give the column about the height of all its cards.
      const tall = scroller('todo').scrollHeight;
      assert.isAbove(tall, 550 * 40);

      scroller('todo').scrollTop = tall / 2;
      await until(() => !scroller('todo').querySelector(`.card[data-id="${todo[0]}"]`));
      await settle(el);
      const shown = [...scroller('todo').querySelectorAll<HTMLElement>('.card')].map((c) => c.dataset.id!);
      assert.isAtMost(shown.length, 60);
      const boxes = [...scroller('todo').querySelectorAll('.card')].map((card) => card.getBoundingClientRect());
      const view = scroller('todo').getBoundingClientRect();
      assert.isTrue(boxes[0].top <= view.top && boxes.at(-1)!.bottom >= view.bottom, 'rendered cards fill the view halfway down');
      // In column order, from well past the first window.
      const indices = shown.map((id) => todo.indexOf(id));
      assert.deepEqual(indices, [...indices].sort((a, b) => a - b));
      assert.isAbove(indices[0], 100);

      scroller('todo').scrollTop = scroller('todo').scrollHeight;
      await until(() => inView(scroller('todo'), todo.at(-1)!));
      assert.isAtMost(board(el).querySelectorAll('.card').length, 150);
    });

    it('scrolls through the window without the cards jumping as it moves', async () => {
      const { el, column, scroller } = await longBoard();
      const todo = column('todo');
      for (let step = 0; step < 12; step += 1) {
        // The first card wholly in view, where it is, then where it is after 150 px more.
        const view = scroller('todo').getBoundingClientRect();
        const card = [...scroller('todo').querySelectorAll<HTMLElement>('.card')].find((c) => c.getBoundingClientRect().top >= view.top)!;
        const top = card.getBoundingClientRect().top;
        scroller('todo').scrollTop += 150;
        await settle(el, 2);
        assert.isTrue(card.isConnected);
        assert.approximately(card.getBoundingClientRect().top, top - 150, 1, `step ${step}`);
      }
      assert.notExists(scroller('todo').querySelector(`.card[data-id="${todo[0]}"]`), 'the window moved down the column');
    });

    it('End, Home and ArrowDown past the window focus the right card', async () => {
      const { el, column, scroller, active } = await longBoard();
      const todo = column('todo');
      board(el).querySelector<HTMLElement>(`.card[data-id="${todo[0]}"]`)!.focus();
      await sendKeys({ press: 'End' });
      await settle(el);
      assert.strictEqual(active(), todo.at(-1));
      assert.isTrue(inView(scroller('todo'), todo.at(-1)!));
      assert.strictEqual(board(el).querySelectorAll('.card[tabindex="0"]').length, 1);
      await sendKeys({ press: 'Home' });
      await settle(el);
      assert.strictEqual(active(), todo[0]);
      for (let i = 0; i < 45; i += 1) await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      assert.strictEqual(active(), todo[45]);
      assert.isTrue(inView(scroller('todo'), todo[45]));
      // Across to the next column at the same height, outside that column's first window too.
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      assert.strictEqual(active(), column('in_progress')[45]);
    });

    it('a keyboard move in long columns sends the card\'s new neighbours', async () => {
      const { el, server, fake, column, active } = await longBoard();
      const todo = column('todo');
      const doing = column('in_progress');
      board(el).querySelector<HTMLElement>(`.card[data-id="${todo[0]}"]`)!.focus();
      await sendKeys({ press: 'End' });
      await settle(el);
      // The last card, picked up, carried up two places and across into the next column, at
      // the same height there (far outside its first window), then dropped.
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowUp' });
      await settle(el);
      assert.include(live(el), 'To do, position 548 of 550.');
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      assert.include(live(el), 'In progress, position 548 of 551.');
      assert.strictEqual(active(), todo.at(-1), 'the carried card keeps the focus');
      setTimeout(() => void sendKeys({ press: 'Space' }));
      await oneEvent(el, 'plaza-task-updated');
      const move = fake.connection.requests.find((r) => r.name === 'tasks:move')!.payload as Record<string, unknown>;
      assert.deepInclude(move, { taskId: todo.at(-1), status: 'in_progress', after: doing[546], before: doing[547] });
      assert.deepEqual(column('in_progress').slice(545, 549), [doing[545], doing[546], todo.at(-1), doing[547]]);
      assert.strictEqual(server.task(todo.at(-1)!).status, 'in_progress');
    });
  });

  describe('detail drawer', () => {
    async function opened(options: Parameters<typeof tasksWorkspace>[0] = {}) {
      const context = tasksWorkspace({ count: 3, overdue: 0, ...options });
      const el = await mount(context.fake);
      const open = rows(el)[0].querySelector<HTMLButtonElement>('.open')!;
      setTimeout(() => open.click());
      const event = await oneEvent(el, 'plaza-task-open');
      await until(() => deep(el, 'input.title'));
      await settle(el);
      const drawer = el.shadowRoot!.querySelector('plaza-task-detail')!;
      return { ...context, el, drawer, event, task: context.tasks[0] };
    }

    it('opens on plaza-task-open unless the page cancels it', async () => {
      const { el, event, task } = await opened();
      assert.strictEqual(event.detail.taskId, task.id);
      assert.isTrue(event.cancelable && event.composed);
      el.shadowRoot!.querySelector('plaza-task-detail')!.dispatchEvent(new CustomEvent('close'));
      await settle(el);
      el.addEventListener('plaza-task-open', (e) => e.preventDefault(), { once: true });
      rows(el)[0].querySelector<HTMLButtonElement>('.open')!.click();
      await settle(el);
      assert.notExists(el.shadowRoot!.querySelector('plaza-task-detail'));
    });

    it('is accessible', async () => {
      const { drawer } = await opened();
      await expect(drawer).to.be.accessible();
    });

    it('edits the title, status and due time, each stored and announced with plaza-task-updated', async () => {
      const { el, drawer, server, task } = await opened();
      const title = drawer.shadowRoot!.querySelector<HTMLInputElement>('input.title')!;
      title.focus();
      title.select();
      await sendKeys({ type: 'Launch post v2' });
      setTimeout(() => void sendKeys({ press: 'Enter' }));
      let event = await oneEvent(el, 'plaza-task-updated');
      assert.strictEqual(event.detail.task.title, 'Launch post v2');
      assert.strictEqual(server.task(task.id).title, 'Launch post v2');

      // As a user's choice does, the change event follows the new value at once.
      const status = drawer.shadowRoot!.querySelectorAll<HTMLSelectElement>('select')[0];
      let stored = oneEvent(el, 'plaza-task-updated');
      status.value = 'in_progress';
      status.dispatchEvent(new Event('change'));
      event = await stored;
      assert.strictEqual(event.detail.task.status, 'in_progress');
      assert.strictEqual(server.task(task.id).status, 'in_progress');

      const due = drawer.shadowRoot!.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
      stored = oneEvent(el, 'plaza-task-updated');
      due.value = '2030-03-01T09:30';
      due.dispatchEvent(new Event('change'));
      await stored;
      // The viewer's local time goes over the wire as the UTC instant.
      assert.strictEqual(server.task(task.id).due, new Date('2030-03-01T09:30').toISOString());
      await settle(el);
      assert.include(text(rows(el).find((r) => r.dataset.id === task.id)), 'Launch post v2');
    });

    it('keeps what the user types when someone else changes the field, and offers theirs', async () => {
      const { drawer, server, task } = await opened();
      const title = drawer.shadowRoot!.querySelector<HTMLInputElement>('input.title')!;
      title.focus();
      await sendKeys({ press: 'End' });
      await sendKeys({ type: ' (mine)' });
      server.change(task.id, { title: 'Zhang renamed it' }, 'zhang.wei');
      await until(() => drawer.shadowRoot!.querySelector('.banner'));
      assert.strictEqual(title.value, `${task.title} (mine)`);
      assert.include(text(drawer.shadowRoot!.querySelector('.banner')), '张伟 changed this while you were editing');
      drawer.shadowRoot!.querySelector<HTMLButtonElement>('.banner button')!.click();
      await settle(drawer);
      assert.strictEqual(title.value, 'Zhang renamed it');
    });

    it('ticks and adds checklist items, edits the description as Markdown rendered safely, and comments', async () => {
      const { drawer, server, task } = await opened();
      const box = drawer.shadowRoot!.querySelector<HTMLInputElement>('.checklist input[type=checkbox]:not(:checked)')!;
      box.click();
      await until(() => server.task(task.id).checklist.every((i) => i.done));
      const add = drawer.shadowRoot!.querySelector<HTMLInputElement>('.inline input[name="text"]')!;
      add.focus();
      await sendKeys({ type: 'Final review' });
      await sendKeys({ press: 'Enter' });
      await until(() => server.task(task.id).checklist.some((i) => i.text === 'Final review'));

      [...drawer.shadowRoot!.querySelectorAll<HTMLButtonElement>('h3 .btn')].find((b) => text(b) === 'Edit')!.click();
      await settle(drawer);
      const area = drawer.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[rows="6"]')!;
      area.value = '**Bold** <img src=x onerror="window.__taskXss=1"> [x](javascript:alert(1))';
      area.dispatchEvent(new Event('input'));
      [...drawer.shadowRoot!.querySelectorAll<HTMLButtonElement>('.row-end .btn')].find((b) => text(b) === 'Save')!.click();
      await until(() => server.task(task.id).description.startsWith('**Bold**'));
      await until(() => drawer.shadowRoot!.querySelector('.md strong'));
      assert.notExists(drawer.shadowRoot!.querySelector('.md img'));
      assert.notExists(drawer.shadowRoot!.querySelector('.md a[href^="javascript"]'));
      assert.isUndefined((window as any).__taskXss);

      const comment = drawer.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[name="text"]')!;
      comment.value = 'Looks good @zhang.wei';
      comment.form!.requestSubmit();
      await until(() => text(drawer.shadowRoot!.querySelector('.comments')).includes('Looks good'));
      assert.strictEqual(server.comments.length, 1);
      await until(() => text(drawer.shadowRoot!.querySelector('.activity')).includes('commented'));
    });

    it('closes with Escape and returns the focus to the task', async () => {
      const { el, drawer, task } = await opened();
      drawer.shadowRoot!.querySelector<HTMLInputElement>('input.title')!.focus();
      await sendKeys({ press: 'Escape' });
      await settle(el);
      assert.notExists(el.shadowRoot!.querySelector('plaza-task-detail'));
      assert.strictEqual((el.shadowRoot!.activeElement as HTMLElement).closest<HTMLElement>('.row')!.dataset.id, task.id);
    });
  });
});
