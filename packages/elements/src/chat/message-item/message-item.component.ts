import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelKind, ChannelMember, FileInfo, Message } from '@plaza/protocol';
import type { PlazaError } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import { initialsOf } from '../../common/shared/initials.js';
import type { ChannelHandle, PendingMessage } from '../chat-client.js';
import { renderMarkdown, safeHref } from '../markdown/markdown.js';
import type { MenuView } from '../message-menu/message-menu.component.js';
import { DatesWhenLoaded, formatDateTime, formatSize, formatTime } from '../shared/format.js';
import { fileIcon, moreIcon, replyIcon, smileIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageItemStyles } from './message-item.styles.js';

export type ItemAction = 'thread' | 'copied';

export interface ItemActionDetail {
  action: ItemAction;
  message: Message;
}

/** The menus, the picker and the receipts list, with the editor: their own chunk, loaded on first use. */
const loadMenu = () => import('../message-menu/message-menu.js');

/**
 * @tag plaza-message-item
 * @summary One message (or pending send) in the chat panel: author, time, Markdown text,
 * attachments, reactions, thread replies, read receipts, and its action menu.
 *
 * @description Rendered by `<plaza-message-list>` and the thread view, which expose it as
 * the `message` part. Its popups (the action menu, the reaction picker, who has read it)
 * and the editor are `<plaza-message-menu>` and `<plaza-message-editor>`, loaded the first
 * time one opens, with "Loading…" shown meanwhile.
 *
 * @event item-action - Internal, not composed: `detail.action` is `thread` (open the thread)
 * or `copied` (a link was copied).
 * @event plaza-task-open - A task link in the text ("Open task") was clicked; `detail.taskId`.
 *
 * @cssproperty --plaza-color-warning - Important messages.
 * @cssproperty --plaza-color-danger - Urgent messages and send failures.
 */
export class PlazaMessageItem extends PlazaElement {
  static override styles = [chatBaseStyles, messageItemStyles];

  @property({ attribute: false }) message?: Message;
  @property({ attribute: false }) pending?: PendingMessage;
  @property({ attribute: false }) handle?: ChannelHandle;
  /** Display names by user id. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) members: readonly ChannelMember[] = [];
  /** The viewer's user id. */
  @property() me = '';
  @property() kind: ChannelKind = 'group';
  /** Continues the previous message's group: no avatar and name. */
  @property({ type: Boolean, reflect: true }) grouped = false;
  /** Whether the row holds the list's tab stop; its controls are tabbable only then. */
  @property({ type: Boolean }) active = false;
  /** The viewer may delete others' messages (a channel or tenant admin). */
  @property({ type: Boolean }) admin = false;
  /** Shows read receipts (own messages only). */
  @property({ type: Boolean }) receipts = false;
  /** Shown inside a thread: no "reply in thread" and no reply count. */
  @property({ type: Boolean, attribute: 'in-thread' }) inThread = false;

  @state() private popup: MenuView | null = null;
  /** Menus open upwards for messages low in the window, so they are not cut off. */
  @state() private up = false;
  /** @internal The author is editing the text. */
  @state() editing = false;
  @state() private error: string | null = null;
  @state() private files = new Map<string, FileInfo>();

  private filesFor: Message | undefined;
  private readonly dates = new DatesWhenLoaded(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    const message = this.message;
    if (changed.has('message') && message && message.attachments !== this.filesFor?.attachments) {
      this.filesFor = message;
      this.loadImages(message);
    }
  }

  /** @internal A user's display name ("You" for the viewer). */
  name(id: string): string {
    return id === this.me ? this.localize.term('you') : (this.names.get(id) ?? id);
  }

  private get tab(): number {
    return this.active ? 0 : -1;
  }

  protected override render() {
    const message = this.message;
    const pending = this.pending;
    const authorId = message?.authorId ?? this.me;
    const createdAt = message?.createdAt ?? pending?.createdAt ?? new Date().toISOString();
    const urgency = message?.urgency ?? pending?.urgency ?? 'normal';
    const gone = message && (message.recalledAt || message.deletedAt);
    const lang = this.localize.lang;
    // Until the page's date data has loaded (after the first frame), the time is left out.
    const time = this.dates.ready(lang) ? formatTime(createdAt, lang) : '';
    return html`
      <div class="row urgency-${urgency} ${pending ? `pending pending--${pending.state}` : ''}">
        <div class="gutter">
          ${this.grouped
            ? html`<time class="hover-time" datetime=${createdAt}>${time}</time>`
            : html`<span class="avatar" aria-hidden="true">${initialsOf(this.names.get(authorId) ?? authorId)}</span>`}
        </div>
        <div class="main">
          ${this.grouped
            ? nothing
            : html`<div class="head">
                <span class="author">${this.name(authorId)}</span>
                <time datetime=${createdAt} title=${time ? formatDateTime(createdAt, lang) : nothing}>${time}</time>
                ${urgency !== 'normal' && !gone
                  ? html`<span class="tag tag--${urgency}">${this.localize.term(urgency)}</span>`
                  : nothing}
                ${message?.pinned ? html`<span class="tag">${this.localize.term('pinned')}</span>` : nothing}
              </div>`}
          ${this.editing && message
            ? html`<plaza-message-editor .item=${this}>${this.renderLoading()}</plaza-message-editor>`
            : this.renderBody(message, pending)}
          ${message && !gone ? this.renderAttachments(message) : nothing}
          ${message && !gone ? this.renderReactions(message) : nothing}
          ${message && !gone && message.replyCount > 0 && !this.inThread
            ? html`<button class="link-button replies" tabindex=${this.tab} @click=${() => this.emit('thread')}>
                ${this.localize.term('replies', message.replyCount)}
              </button>`
            : nothing}
          ${message && !gone && this.receipts && message.authorId === this.me ? this.renderReceipts(message) : nothing}
          ${pending ? this.renderPending(pending) : nothing}
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </div>
        ${message && !gone && !this.editing ? this.renderActions() : nothing}
      </div>
    `;
  }

  private renderBody(message: Message | undefined, pending: PendingMessage | undefined) {
    if (message?.recalledAt) return html`<p class="body gone">${this.localize.term('messageRecalled')}</p>`;
    if (message?.deletedAt) return html`<p class="body gone">${this.localize.term('messageDeleted')}</p>`;
    const text = message?.text ?? pending?.text ?? '';
    return html`<div class="body">
      ${renderMarkdown(text, {
        mentionName: (id) => (message?.mentions.includes(id) || this.names.has(id) ? (this.names.get(id) ?? id) : undefined),
        me: this.me,
        linkTabIndex: this.tab,
        // The event is `<plaza-task-list>`'s `plaza-task-open` (same name and detail) as a plain
        // CustomEvent, so the panel's first chunk does not take in the task elements' events;
        // not cancelable, as the panel has no way of its own to open a task.
        taskLink: (taskId) =>
          html`<button
            class="link-button"
            tabindex=${this.tab}
            @click=${() => this.dispatchEvent(new CustomEvent('plaza-task-open', { detail: { taskId }, bubbles: true, composed: true }))}
          >
            ${this.localize.term('openTask')}
          </button>`,
      })}${message?.editedAt ? html` <span class="muted edited">${this.localize.term('edited')}</span>` : nothing}
    </div>`;
  }

  private renderAttachments(message: Message) {
    if (message.attachments.length === 0) return nothing;
    return html`<div class="attachments">
      ${message.attachments.map((file) => {
        const info = this.files.get(file.id);
        const href = info ? safeHref(info.url) : null;
        if (file.type.startsWith('image/') && href) {
          return html`<a class="image" href=${href} target="_blank" rel="noopener noreferrer" tabindex=${this.tab}
            ><img src=${href} alt=${file.name} loading="lazy"
          /></a>`;
        }
        return html`<button class="file" tabindex=${this.tab} @click=${() => this.download(file.id)}>
          ${fileIcon}<span class="file-name">${file.name}</span>
          <span class="muted">${formatSize(file.size, this.localize.lang)}</span>
          <span class="sr-only">${this.localize.term('download')}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderReactions(message: Message) {
    if (message.reactions.length === 0) return nothing;
    return html`<div class="reactions">
      ${message.reactions.map((reaction) => {
        const mine = reaction.users.includes(this.me);
        return html`<button
          class="reaction ${mine ? 'mine' : ''}"
          aria-pressed=${mine ? 'true' : 'false'}
          aria-label=${this.localize.term('reaction', reaction.emoji, reaction.users.length)}
          title=${reaction.users.map((id) => this.name(id)).join(', ')}
          tabindex=${this.tab}
          @click=${() => this.react(reaction.emoji, !mine)}
        >
          <span aria-hidden="true">${reaction.emoji} ${reaction.users.length}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderReceipts(message: Message) {
    const others = this.members.filter((m) => m.userId !== this.me);
    if (others.length === 0) return nothing;
    const read = others.filter((m) => m.lastReadSeq >= message.seq).length;
    const label =
      this.kind === 'dm' ? (read > 0 ? this.localize.term('read') : null) : this.localize.term('readBy', read, others.length);
    if (!label) return nothing;
    const open = this.popup === 'receipts';
    return html`<div class="receipts">
      <button
        class="link-button muted"
        tabindex=${this.tab}
        aria-expanded=${open ? 'true' : 'false'}
        @click=${() => (open ? this.closePopup(true) : this.openPopup('receipts'))}
      >
        ${label}
      </button>
      ${open ? this.renderPopup() : nothing}
    </div>`;
  }

  /** The open popup, with "Loading…" in it until its element is defined. */
  private renderPopup() {
    return html`<plaza-message-menu view=${this.popup!} ?up=${this.up} .item=${this}>${this.renderLoading()}</plaza-message-menu>`;
  }

  private renderLoading() {
    return html`<span class="loading muted" role="status">${this.localize.term('loading')}</span>`;
  }

  private renderPending(pending: PendingMessage) {
    if (pending.state !== 'failed') {
      return html`<p class="status muted">
        ${this.localize.term(pending.state === 'sending' ? 'sending' : 'waitingToSend')}
      </p>`;
    }
    return html`<p class="status error">
      ${this.localize.term('notSent')}${pending.error ? `: ${pending.error.message}` : ''}
      <button class="text-button" tabindex=${this.tab} @click=${() => void this.handle?.retry(pending.clientId).catch(() => undefined)}>
        ${this.localize.term('retry')}
      </button>
      <button class="text-button" tabindex=${this.tab} @click=${() => this.handle?.discard(pending.clientId)}>
        ${this.localize.term('discard')}
      </button>
    </p>`;
  }

  private renderActions() {
    const popup = this.popup;
    return html`<div class="actions ${popup ? 'open' : ''}">
      <button
        class="icon-button"
        tabindex=${this.tab}
        aria-label=${this.localize.term('addReaction')}
        aria-haspopup="menu"
        aria-expanded=${popup === 'emoji' ? 'true' : 'false'}
        @click=${() => (popup === 'emoji' ? this.closePopup(true) : this.openPopup('emoji'))}
      >
        ${smileIcon}
      </button>
      ${!this.inThread && this.handle
        ? html`<button class="icon-button" tabindex=${this.tab} aria-label=${this.localize.term('replyInThread')} @click=${() => this.emit('thread')}>
            ${replyIcon}
          </button>`
        : nothing}
      <button
        class="icon-button more"
        tabindex=${this.tab}
        aria-label=${this.localize.term('messageActions')}
        aria-haspopup="menu"
        aria-expanded=${popup === 'menu' ? 'true' : 'false'}
        @click=${() => (popup === 'menu' ? this.closePopup(true) : this.openPopup('menu'))}
      >
        ${moreIcon}
      </button>
      ${popup === 'menu' || popup === 'emoji' ? this.renderPopup() : nothing}
    </div>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('focusout', this.handleFocusOut);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('focusout', this.handleFocusOut);
  }

  private readonly handleFocusOut = (event: FocusEvent): void => {
    // Focus leaving the message closes its menus (Tab out, a click elsewhere).
    const next = event.relatedTarget as Node | null;
    if (this.popup && !(next && (this.contains(next) || this.renderRoot.contains(next)))) this.popup = null;
  };

  /** Opens the message's action menu (Enter on a focused row). */
  openMenu(): void {
    if (this.message && !this.message.recalledAt && !this.message.deletedAt && !this.editing) this.openPopup('menu');
  }

  /** @internal Whether one of the popups is open. */
  get popupOpen(): boolean {
    return this.popup !== null;
  }

  /** @internal Opens a popup, loading its element the first time. */
  openPopup(popup: MenuView): void {
    this.up = this.getBoundingClientRect().bottom + 280 > innerHeight;
    this.popup = popup;
    this.loadMenu();
  }

  /** @internal Closes the open popup; with `refocus`, focus goes back to the button that opened it. */
  closePopup(refocus: boolean): void {
    const popup = this.popup;
    this.popup = null;
    if (!refocus) return;
    const button = popup === 'receipts' ? '.receipts button' : popup === 'emoji' ? '.actions button' : '.more';
    this.renderRoot.querySelector<HTMLElement>(button)?.focus();
  }

  /** @internal Replaces the text with the editor. */
  startEdit(): void {
    this.editing = true;
    this.loadMenu();
  }

  /** @internal Closes the editor; focus goes back to the message. */
  endEdit(): void {
    this.editing = false;
    this.focus();
  }

  private loadMenu(): void {
    loadMenu().catch(() => {
      this.popup = null;
      this.editing = false;
      this.error = this.localize.term('partLoadFailed');
    });
  }

  /** @internal Asks the list or thread to act on the message (`thread`, `copied`). */
  emit(action: ItemAction): void {
    if (!this.message) return;
    this.dispatchEvent(
      new CustomEvent<ItemActionDetail>('item-action', { detail: { action, message: this.message }, bubbles: true }),
    );
  }

  /**
   * @internal Runs an action on the message; a refusal (e.g. the recall window passed) is
   * shown inline. Resolves whether it succeeded.
   */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.error = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.error = (error as PlazaError).message ?? String(error);
      return false;
    }
  }

  /** @internal Adds or takes back the viewer's reaction. */
  react(emoji: string, on: boolean): void {
    if (this.message) void this.run(() => this.handle!.react(this.message!.id, emoji, on));
  }

  /** Fetches signed URLs for image attachments, so they show inline. */
  private loadImages(message: Message): void {
    const files = this.client?.files;
    for (const file of message.attachments) {
      if (!file.type.startsWith('image/') || this.files.has(file.id) || !files) continue;
      files.get(file.id).then(
        (info) => (this.files = new Map(this.files).set(file.id, info)),
        () => undefined,
      );
    }
  }

  private async download(id: string): Promise<void> {
    const files = this.client?.files;
    if (!files) return;
    await this.run(async () => {
      const href = safeHref((await files.get(id)).url);
      if (!href) return;
      const link = document.createElement('a');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.click();
    });
  }
}

