import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelKind, ChannelMember, FileInfo, Message } from '@plaza/protocol';
import type { PlazaError } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import { initialsOf } from '../../common/connection-status/connection-status.component.js';
import type { ChannelHandle, PendingMessage } from '../chat-client.js';
import { renderMarkdown, safeHref } from '../markdown/markdown.js';
import { formatDateTime, formatSize, formatTime } from '../shared/format.js';
import { fileIcon, moreIcon, replyIcon, smileIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageItemStyles } from './message-item.styles.js';

/** The emoji the reaction picker offers. */
export const EMOJI = ['👍', '❤️', '😂', '🎉', '👀', '🙏', '✅', '🔥', '😮', '😢', '👏', '🚀'] as const;

export type ItemAction = 'thread' | 'copied';

export interface ItemActionDetail {
  action: ItemAction;
  message: Message;
}

type Popup = 'menu' | 'emoji' | 'receipts' | null;

/** The link "Copy link" puts on the clipboard: this page, pointing at the message. */
export function messageLink(message: Message): string {
  return `${location.href.split('#')[0]}#plaza-message=${encodeURIComponent(message.channelId)}/${encodeURIComponent(message.id)}`;
}

/**
 * @tag plaza-message-item
 * @summary One message (or pending send) in the chat panel: author, time, Markdown text,
 * attachments, reactions, thread replies, read receipts, and its action menu.
 *
 * @description Rendered by `<plaza-message-list>` and the thread view, which expose it as
 * the `message` part. The menu is a WAI-ARIA menu: arrow keys move, Enter activates,
 * Escape closes and returns focus to its button.
 *
 * @event item-action - Internal, not composed: `detail.action` is `thread` (open the thread)
 * or `copied` (a link was copied).
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

  @state() private popup: Popup = null;
  /** Menus open upwards for messages low in the window, so they are not cut off. */
  @state() private up = false;
  @state() private editing = false;
  @state() private error: string | null = null;
  @state() private files = new Map<string, FileInfo>();
  @state() private readers: { read: string[]; unread: string[]; unacked: string[] | null } | null = null;

  private filesFor: Message | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const message = this.message;
    if (changed.has('message') && message && message.attachments !== this.filesFor?.attachments) {
      this.filesFor = message;
      this.loadImages(message);
    }
  }

  private name(id: string): string {
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
    return html`
      <div class="row urgency-${urgency} ${pending ? `pending pending--${pending.state}` : ''}">
        <div class="gutter">
          ${this.grouped
            ? html`<time class="hover-time" datetime=${createdAt}>${formatTime(createdAt, lang)}</time>`
            : html`<span class="avatar" aria-hidden="true">${initialsOf(this.names.get(authorId) ?? authorId)}</span>`}
        </div>
        <div class="main">
          ${this.grouped
            ? nothing
            : html`<div class="head">
                <span class="author">${this.name(authorId)}</span>
                <time datetime=${createdAt} title=${formatDateTime(createdAt, lang)}>${formatTime(createdAt, lang)}</time>
                ${urgency !== 'normal' && !gone
                  ? html`<span class="tag tag--${urgency}">${this.localize.term(urgency)}</span>`
                  : nothing}
                ${message?.pinned ? html`<span class="tag">${this.localize.term('pinned')}</span>` : nothing}
              </div>`}
          ${this.editing && message ? this.renderEditor(message) : this.renderBody(message, pending)}
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
        ${message && !gone && !this.editing ? this.renderActions(message) : nothing}
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
      })}${message?.editedAt ? html` <span class="muted edited">${this.localize.term('edited')}</span>` : nothing}
    </div>`;
  }

  private renderEditor(message: Message) {
    return html`<form class="editor" @submit=${(e: Event) => this.saveEdit(e)}>
      <textarea
        aria-label=${this.localize.term('editMessage')}
        .value=${message.text}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            this.editing = false;
            this.focus();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.saveEdit(e);
        }}
      ></textarea>
      <div class="editor-actions">
        <button type="button" class="text-button" @click=${() => (this.editing = false)}>${this.localize.term('cancel')}</button>
        <button type="submit" class="text-button primary">${this.localize.term('save')}</button>
      </div>
    </form>`;
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
        @click=${() => (open ? this.closePopup() : this.openReceipts(message))}
      >
        ${label}
      </button>
      ${open && this.readers
        ? html`<div class="popover" role="dialog" aria-label=${this.localize.term('readers')} @keydown=${this.handlePopupKey}>
            ${this.renderNames(this.localize.term('readers'), this.readers.read)}
            ${this.renderNames(this.localize.term('notReadYet'), this.readers.unread)}
            ${this.readers.unacked
              ? this.renderNames(this.localize.term('notAcknowledged', this.readers.unacked.length), this.readers.unacked)
              : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private renderNames(title: string, ids: string[]) {
    if (ids.length === 0) return nothing;
    return html`<p class="popover-title">${title}</p>
      <ul>
        ${ids.map((id) => html`<li>${this.name(id)}</li>`)}
      </ul>`;
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

  private renderActions(message: Message) {
    const own = message.authorId === this.me;
    const items: Array<[string, () => void]> = [];
    if (!this.inThread && this.handle) items.push([this.localize.term('replyInThread'), () => this.emit('thread')]);
    if (own && this.handle) {
      items.push([this.localize.term('edit'), () => (this.editing = true)]);
      items.push([this.localize.term('recall'), () => void this.run(() => this.handle!.recall(message.id))]);
    }
    if (this.admin && this.handle) {
      items.push([this.localize.term('deleteMessage'), () => void this.run(() => this.handle!.remove(message.id))]);
    }
    if (this.handle) {
      items.push([
        this.localize.term(message.pinned ? 'unpin' : 'pin'),
        () => void this.run(() => this.handle!.pin(message.id, !message.pinned)),
      ]);
    }
    items.push([this.localize.term('copyLink'), () => void this.copyLink(message)]);
    items.push([this.localize.term('addReaction'), () => this.openPopup('emoji')]);
    return html`<div class="actions ${this.popup ? 'open' : ''} ${this.up ? 'up' : ''}">
      <button
        class="icon-button"
        tabindex=${this.tab}
        aria-label=${this.localize.term('addReaction')}
        aria-haspopup="menu"
        aria-expanded=${this.popup === 'emoji' ? 'true' : 'false'}
        @click=${() => (this.popup === 'emoji' ? this.closePopup() : this.openPopup('emoji'))}
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
        aria-expanded=${this.popup === 'menu' ? 'true' : 'false'}
        @click=${() => (this.popup === 'menu' ? this.closePopup() : this.openPopup('menu'))}
      >
        ${moreIcon}
      </button>
      ${this.popup === 'menu'
        ? html`<div class="menu" role="menu" aria-label=${this.localize.term('messageActions')} @keydown=${this.handlePopupKey}>
            ${items.map(
              ([label, run]) =>
                html`<button role="menuitem" tabindex="-1" @click=${() => this.pick(run)}>${label}</button>`,
            )}
          </div>`
        : nothing}
      ${this.popup === 'emoji'
        ? html`<div class="menu emoji" role="menu" aria-label=${this.localize.term('addReaction')} @keydown=${this.handlePopupKey}>
            ${EMOJI.map((emoji) => {
              const mine = message.reactions.some((r) => r.emoji === emoji && r.users.includes(this.me));
              return html`<button role="menuitemcheckbox" aria-checked=${mine ? 'true' : 'false'} tabindex="-1" @click=${() => this.pick(() => this.react(emoji, !mine))}>
                ${emoji}
              </button>`;
            })}
          </div>`
        : nothing}
    </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('popup') && (this.popup === 'menu' || this.popup === 'emoji')) {
      this.renderRoot.querySelector<HTMLElement>('[role="menu"] button')?.focus();
    }
    if (changed.has('editing') && this.editing) {
      const area = this.renderRoot.querySelector('textarea');
      area?.focus();
      area?.setSelectionRange(area.value.length, area.value.length);
    }
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

  private openPopup(popup: Popup): void {
    this.up = this.getBoundingClientRect().bottom + 280 > innerHeight;
    this.popup = popup;
  }

  private closePopup(): void {
    const popup = this.popup;
    this.popup = null;
    const button = popup === 'receipts' ? '.receipts button' : popup === 'emoji' ? '.actions button' : '.more';
    this.renderRoot.querySelector<HTMLElement>(button)?.focus();
  }

  private pick(run: () => void): void {
    this.popup = null;
    run();
    // Back to the row so keyboard users keep their place (not if an editor took focus).
    if (!this.editing) this.focus();
  }

  private readonly handlePopupKey = (event: KeyboardEvent): void => {
    event.stopPropagation();
    const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('button')];
    const index = items.indexOf(event.target as HTMLElement);
    const columns = this.popup === 'emoji' ? 6 : 1;
    const step =
      event.key === 'ArrowDown' ? columns
      : event.key === 'ArrowUp' ? -columns
      : event.key === 'ArrowRight' && columns > 1 ? 1
      : event.key === 'ArrowLeft' && columns > 1 ? -1
      : 0;
    if (step) {
      event.preventDefault();
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.closePopup();
    } else if (event.key === 'Tab') {
      this.popup = null;
    }
  };

  private emit(action: ItemAction): void {
    if (!this.message) return;
    this.dispatchEvent(
      new CustomEvent<ItemActionDetail>('item-action', { detail: { action, message: this.message }, bubbles: true }),
    );
  }

  /** Runs an action on the message; a refusal (e.g. the recall window passed) is shown inline. */
  private async run(action: () => Promise<unknown>): Promise<void> {
    this.error = null;
    try {
      await action();
    } catch (error) {
      this.error = (error as PlazaError).message ?? String(error);
    }
  }

  private react(emoji: string, on: boolean): void {
    if (this.message) void this.run(() => this.handle!.react(this.message!.id, emoji, on));
  }

  private async copyLink(message: Message): Promise<void> {
    await this.run(() => navigator.clipboard.writeText(messageLink(message)));
    if (!this.error) this.emit('copied');
  }

  private saveEdit(event: Event): void {
    event.preventDefault();
    const message = this.message;
    const text = this.renderRoot.querySelector('textarea')?.value.trim();
    this.editing = false;
    this.focus();
    if (message && text && text !== message.text) void this.run(() => this.handle!.edit(message.id, text));
  }

  private async openReceipts(message: Message): Promise<void> {
    this.popup = 'receipts';
    await this.run(async () => {
      const receipts = await this.handle!.receipts(message.id);
      let unacked: string[] | null = null;
      if (message.urgency === 'urgent' && this.client) {
        unacked = (await this.client.request('chat:urgent:status', { messageId: message.id })).pending;
      }
      this.readers = { read: receipts.readBy, unread: receipts.unreadBy, unacked };
    });
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

