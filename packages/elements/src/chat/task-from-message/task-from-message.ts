import { define } from '../../base/define.js';
import type { PlazaElement } from '../../base/plaza-element.js';
import type { PlazaMessageItem } from '../message-item/message-item.component.js';
import { PlazaTaskFromMessage } from './task-from-message.component.js';

export { PlazaTaskFromMessage };

define('plaza-task-from-message', PlazaTaskFromMessage);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-task-from-message': PlazaTaskFromMessage;
  }
}

/**
 * Where the dialog goes: the chat panel's shadow root, so it takes the panel's theme and
 * language and outlives the message row (the message list recycles rows as it scrolls);
 * the page's body for a message shown outside a panel.
 */
function panelOf(node: Node): PlazaElement | null {
  let root = node.getRootNode();
  while (root instanceof ShadowRoot && root.host.localName !== 'plaza-chat-panel') root = root.host.getRootNode();
  return root instanceof ShadowRoot ? (root.host as PlazaElement) : null;
}

/**
 * Opens the "Create task" dialog for a message item's message (the message menu's item).
 *
 * @example
 * openTaskFromMessage(item); // the dialog closes itself; focus returns to `item`
 */
export function openTaskFromMessage(item: PlazaMessageItem): PlazaTaskFromMessage {
  const panel = panelOf(item);
  const dialog = document.createElement('plaza-task-from-message');
  // The panel's client: rows inside it find none of their own when the panel was given a `.client`.
  dialog.client = item.client ?? panel?.client;
  dialog.message = item.message;
  dialog.members = item.members;
  dialog.me = item.me;
  dialog.opener = item;
  (panel?.shadowRoot ?? document.body).append(dialog);
  return dialog;
}
