// Browser side of the chat-panel-first-frame benchmark, bundled by vite into one classic
// script that exposes `PlazaBench` on the page. The store is filled the way the stories'
// "Long history" does it: the elements' fake client, no server. Plain JavaScript because
// `tsc -p tests` compiles with standard decorators, which the elements' sources (legacy
// `experimentalDecorators`) do not type-check under.
/* global document */
import '../../../packages/elements/src/chat/chat-panel/chat-panel.js';
import { FakeClient, demoSession, makeMessages, seedChatDemo } from '../../../packages/elements/src/test-support/fake-client.js';
import { nextFrameRendered } from './frames.js';

function messageRows(panel) {
  const list = panel.shadowRoot?.querySelector('plaza-message-list');
  return list?.shadowRoot ? [...list.shadowRoot.querySelectorAll('plaza-message-item')] : [];
}

/**
 * Start: the panel, its `.client` already set and `count` messages already in that
 * client's store for #general, is appended to the document. Stop: the first frame rendered
 * after the panel's first update, its message list's and its rows' have completed.
 */
export async function panelFirstFrame(count) {
  const fake = new FakeClient();
  fake.signIn(demoSession('alice', 'Alice Chen'));
  seedChatDemo(fake.chat, { count });
  const panel = document.createElement('plaza-chat-panel');
  panel.setAttribute('channel', 'general');
  panel.client = fake.client;
  const host = document.getElementById('host');

  const started = performance.now();
  host.append(panel);
  await panel.updateComplete;
  const list = panel.shadowRoot.querySelector('plaza-message-list');
  await list?.updateComplete;
  const rows = messageRows(panel);
  await Promise.all(rows.map((row) => row.updateComplete));
  const ended = await nextFrameRendered();

  // The list measures its rows (ResizeObserver) and may render another window afterwards;
  // the DOM cap has to hold then too.
  for (let i = 0; i < 10; i += 1) await nextFrameRendered();
  const settledRows = messageRows(panel).length;
  panel.remove();
  return { ms: ended - started, firstFrameRows: rows.length, settledRows, messages: fake.chat.channel('general').messages.get().length };
}

/**
 * The simplest thing that shows the same history: one plain `<div>` per message with the
 * same text, in a scrolling container scrolled to the newest. Start: building the rows
 * (the texts are ready, as the panel's store is); stop: the first frame rendered after.
 */
export async function plainRowsFirstFrame(count) {
  const texts = makeMessages('general', count).map((message) => message.text);
  const host = document.getElementById('host');

  const started = performance.now();
  const scroller = document.createElement('div');
  scroller.className = 'scroller';
  for (const text of texts) {
    const row = document.createElement('div');
    row.textContent = text;
    scroller.append(row);
  }
  host.append(scroller);
  scroller.scrollTop = scroller.scrollHeight;
  const ended = await nextFrameRendered();

  const rows = scroller.childElementCount;
  scroller.remove();
  return { ms: ended - started, rows };
}
