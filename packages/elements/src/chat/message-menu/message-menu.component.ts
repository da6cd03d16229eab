import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Message } from '@plaza/protocol';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import '../translations/parts.js';
import type { PlazaMessageItem } from '../message-item/message-item.component.js';
import { messageLink } from '../../common/shared/message-link.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageMenuStyles } from './message-menu.styles.js';

/** The emoji the reaction picker offers. */
export const EMOJI = ['👍', '❤️', '😂', '🎉', '👀', '🙏', '✅', '🔥', '😮', '😢', '👏', '🚀'] as const;

const loadTaskDialog = () => import('../task-from-message/task-from-message.js');

/** Which popup of a message: its action menu, the reaction picker, or who has read it. */
export type MenuView = 'menu' | 'emoji' | 'receipts';

interface Readers {
  read: string[];
  unread: string[];
  unacked: string[] | null;
}

/**
 * @tag plaza-message-menu
 * @summary A message's popups: its action menu, the reaction picker, and the list of who
 * has read it.
 *
 * @description Loaded on demand: `<plaza-message-item>` renders it (its own chunk of the
 * script-tag bundle, with the message editor) the first time one of its popups opens, and
 * shows "Loading…" until it is defined. It acts through the item it belongs to. The menus
 * are WAI-ARIA menus: arrow keys move (the picker is a grid of six columns), Home and End
 * jump, Enter activates, Escape closes and returns focus to the button that opened it,
 * Tab closes.
 */
export class PlazaMessageMenu extends PlazaElement {
  static override styles = [chatBaseStyles, messageMenuStyles];

  @property() view: MenuView = 'menu';
  /** The message item the popup belongs to. */
  @property({ attribute: false }) item?: PlazaMessageItem;

  @state() private readers: Readers | null = null;

  protected override firstUpdated(): void {
    if (this.view === 'receipts') void this.loadReaders();
    else this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  protected override render() {
    const item = this.item;
    const message = item?.message;
    if (!item || !message) return nothing;
    if (this.view === 'receipts') return this.renderReceipts();
    const t = this.localize.term.bind(this.localize);
    if (this.view === 'emoji') {
      return html`<div class="menu emoji" role="menu" aria-label=${t('addReaction')} @keydown=${this.handleKey}>
        ${EMOJI.map((emoji) => {
          const mine = message.reactions.some((r) => r.emoji === emoji && r.users.includes(item.me));
          return html`<button
            role="menuitemcheckbox"
            aria-checked=${mine ? 'true' : 'false'}
            tabindex="-1"
            @click=${() => this.pick(() => item.react(emoji, !mine))}
          >
            ${emoji}
          </button>`;
        })}
      </div>`;
    }
    const handle = item.handle;
    const items: Array<[string, () => void]> = [];
    if (handle) {
      if (!item.inThread) items.push([t('replyInThread'), () => item.emit('thread')]);
      if (message.authorId === item.me) {
        items.push([t('edit'), () => item.startEdit()]);
        items.push([t('recall'), () => void item.run(() => handle.recall(message.id))]);
      }
      if (item.admin) items.push([t('deleteMessage'), () => void item.run(() => handle.remove(message.id))]);
      items.push([t(message.pinned ? 'unpin' : 'pin'), () => void item.run(() => handle.pin(message.id, !message.pinned))]);
      // Customers never take part in tasks.
      if (item.client?.session?.user.kind !== 'customer') items.push([t('createTask'), () => void this.createTask(item)]);
    }
    items.push([t('copyLink'), () => void this.copyLink(item, message)]);
    items.push([t('addReaction'), () => item.openPopup('emoji')]);
    return html`<div class="menu" role="menu" aria-label=${t('messageActions')} @keydown=${this.handleKey}>
      ${items.map(([label, run]) => html`<button role="menuitem" tabindex="-1" @click=${() => this.pick(run)}>${label}</button>`)}
    </div>`;
  }

  private renderReceipts() {
    const readers = this.readers;
    const t = this.localize.term.bind(this.localize);
    return html`<div class="menu popover" role="dialog" aria-label=${t('readers')} @keydown=${this.handleKey}>
      ${readers
        ? html`${this.renderNames(t('readers'), readers.read)} ${this.renderNames(t('notReadYet'), readers.unread)}
          ${readers.unacked ? this.renderNames(t('notAcknowledged', readers.unacked.length), readers.unacked) : nothing}`
        : html`<p class="popover-title muted" role="status">${t('loading')}</p>`}
    </div>`;
  }

  private renderNames(title: string, ids: string[]) {
    if (ids.length === 0) return nothing;
    return html`<p class="popover-title">${title}</p>
      <ul>
        ${ids.map((id) => html`<li>${this.item!.name(id)}</li>`)}
      </ul>`;
  }

  private async loadReaders(): Promise<void> {
    const item = this.item!;
    const message = item.message!;
    await item.run(async () => {
      const receipts = await item.handle!.receipts(message.id);
      let unacked: string[] | null = null;
      if (message.urgency === 'urgent' && item.client) {
        unacked = (await item.client.request('chat:urgent:status', { messageId: message.id })).pending;
      }
      this.readers = { read: receipts.readBy, unread: receipts.unreadBy, unacked };
    });
  }

  private pick(run: () => void): void {
    const item = this.item!;
    item.closePopup(false);
    run();
    // Back to the row so keyboard users keep their place (not if an editor or the picker took focus).
    if (!item.editing && !item.popupOpen) item.focus();
  }

  /** Opens the "Create task" dialog: its own chunk, loaded on first use. */
  private async createTask(item: PlazaMessageItem): Promise<void> {
    await item.run(() =>
      loadTaskDialog().then(
        ({ openTaskFromMessage }) => openTaskFromMessage(item),
        () => Promise.reject(new Error(this.localize.term('partLoadFailed'))),
      ),
    );
  }

  private async copyLink(item: PlazaMessageItem, message: Message): Promise<void> {
    if (await item.run(() => navigator.clipboard.writeText(messageLink(message)))) item.emit('copied');
  }

  private readonly handleKey = (event: KeyboardEvent): void => {
    event.stopPropagation();
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('button')];
    const index = items.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const columns = this.view === 'emoji' ? 6 : 1;
    const key = event.key;
    const step =
      key === 'ArrowDown' ? columns
      : key === 'ArrowUp' ? -columns
      : key === 'ArrowRight' && columns > 1 ? 1
      : key === 'ArrowLeft' && columns > 1 ? -1
      : 0;
    if (step || key === 'Home' || key === 'End') {
      event.preventDefault();
      const next = step ? (index + step + items.length) % items.length : key === 'Home' ? 0 : items.length - 1;
      items[next]?.focus();
    } else if (key === 'Escape') {
      event.preventDefault();
      this.item?.closePopup(true);
    } else if (key === 'Tab') {
      this.item?.closePopup(false);
    }
  };
}
