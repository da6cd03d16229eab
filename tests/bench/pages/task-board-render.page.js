// Browser side of the task-board-render benchmark, bundled by vite into one classic script
// that exposes `PlazaBench` on the page. The store is filled the way the task elements'
// tests and stories do it: the real SDK tasks capability over the in-memory tasks server
// (test-support/fake-tasks), no socket. Plain JavaScript for the reason given in
// chat-panel-first-frame.page.js (the elements' legacy decorators).
/* global document, customElements */
import '../../../packages/elements/src/tasks/task-list/task-list.js';
import { FAKE_LIST_ID, tasksWorkspace } from '../../../packages/elements/src/test-support/fake-tasks.js';
import { nextFrameRendered } from './frames.js';

/** A workspace whose list holds `count` tasks over the three columns, its view loaded. */
async function loadedWorkspace(count) {
  const { fake } = tasksWorkspace({ count });
  const view = fake.tasks.view({ listId: FAKE_LIST_ID });
  await new Promise((resolve, reject) => {
    const check = () => {
      const state = view.state.get();
      if (state.error) reject(state.error);
      else if (state.loaded) resolve();
      else return;
      off();
    };
    const off = view.state.subscribe(check);
    check();
  });
  await fake.tasks.loadNotifications();
  return { fake, view };
}

/**
 * Waits for the first update of `element` and of every custom element in its shadow root
 * (the board is a child element in a chunk of its own, defined when it first shows), down
 * the tree.
 */
async function updatesComplete(element) {
  await element.updateComplete;
  const children = [...(element.shadowRoot?.querySelectorAll('*') ?? [])].filter((child) => child.localName.includes('-'));
  for (const child of children) {
    await customElements.whenDefined(child.localName);
    await updatesComplete(child);
  }
}

/** Every task card (`part="task"`), in the element's shadow root and those inside it. */
function cards(root) {
  const found = [...root.querySelectorAll('[part~="task"]')];
  for (const child of root.querySelectorAll('*')) if (child.shadowRoot) found.push(...cards(child.shadowRoot));
  return found;
}

function taskList(client) {
  const element = document.createElement('plaza-task-list');
  element.setAttribute('list', FAKE_LIST_ID);
  element.setAttribute('view', 'board');
  element.client = client;
  return element;
}

/**
 * Start: `<plaza-task-list view="board">`, its `.client` set, is appended to the document;
 * the client's store already holds the list's `count` tasks (the element's query is the
 * loaded view's, which it shares) and its notifications. Stop: the first frame rendered
 * after the first updates of the element and of the custom elements inside it completed.
 * Then once more with a second element on the same page: what is left without one-time
 * work (module evaluation, style sheets).
 */
export async function boardFirstFrame(count) {
  const { fake, view } = await loadedWorkspace(count);
  const host = document.getElementById('host');
  const times = [];
  let firstFrameCards = 0;
  let settledCards = 0;
  for (let round = 0; round < 2; round += 1) {
    const element = taskList(fake.client);
    const started = performance.now();
    host.append(element);
    await updatesComplete(element);
    const ended = await nextFrameRendered();
    times.push(ended - started);
    if (round === 0) {
      firstFrameCards = cards(element.shadowRoot).length;
      // Anything rendered in a later update (a window of a virtualized list) shows here.
      for (let i = 0; i < 10; i += 1) await nextFrameRendered();
      settledCards = cards(element.shadowRoot).length;
    }
    element.remove();
  }
  const tasks = view.tasks.get().length;
  view.close();
  return { ms: times[0], secondMs: times[1], firstFrameCards, settledCards, tasks };
}

/**
 * The simplest thing that shows the same board: the same titles as plain `<div>` cards in
 * three flex columns that scroll. Start: building them (the titles are ready, as the
 * element's store is); stop: the first frame rendered after.
 */
export async function plainBoardFirstFrame(count) {
  const { view } = await loadedWorkspace(count);
  const columns = ['todo', 'in_progress', 'done'].map((status) => view.tasks.get().filter((task) => task.status === status).map((task) => task.title));
  view.close();
  const host = document.getElementById('host');

  const started = performance.now();
  const board = document.createElement('div');
  board.className = 'plain-board';
  for (const titles of columns) {
    const column = document.createElement('div');
    for (const title of titles) {
      const card = document.createElement('div');
      card.textContent = title;
      column.append(card);
    }
    board.append(column);
  }
  host.append(board);
  const ended = await nextFrameRendered();

  const shown = board.querySelectorAll('.plain-board > div > div').length;
  board.remove();
  return { ms: ended - started, cards: shown };
}
