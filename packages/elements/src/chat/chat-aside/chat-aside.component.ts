import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelKind, ChannelMember, Message, PlazaError } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import '../translations/parts.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { ChannelHandle, PendingMessage, ThreadHandle } from '../chat-client.js';
import '../composer/composer.js';
import type { MessageSentDetail } from '../composer/composer.component.js';
import '../message-item/message-item.js';
import { closeIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { chatAsideStyles } from './chat-aside.styles.js';

/**
 * @tag plaza-chat-aside
 * @summary The chat panel's side view: a message's thread (root, replies, pending replies
 * and a reply box) or the channel's pinned messages.
 *
 * @description Used inside `<plaza-chat-panel>`, beside the messages (over them when the
 * panel is narrow).
 *
 * @event close - Internal, not composed: the user closed the view.
 * @event thread-open - Internal: open the thread of `detail.message` (from a pinned message).
 * @event message-sent - Internal: a reply was stored (`detail.message`).
 */
export class PlazaChatAside extends PlazaElement {
  static override styles = [chatBaseStyles, chatAsideStyles];

  @property() view: 'thread' | 'pins' = 'thread';
  /** The thread's root message (the latest version of it). */
  @property({ attribute: false }) root: Message | null = null;
  @property({ attribute: false }) handle?: ChannelHandle;
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) members: readonly ChannelMember[] = [];
  @property({ attribute: false }) messages: readonly Message[] = [];
  @property() me = '';
  @property() kind: ChannelKind = 'group';
  /** A reply to bring into view, highlight and focus once loaded (a followed link to it). */
  @property({ attribute: false }) reveal: string | null = null;

  @state() private pins: readonly Message[] | null = null;

  private thread: ThreadHandle | undefined;
  private readonly replies = new StoreController<readonly Message[]>(this);
  private readonly pending = new StoreController<readonly PendingMessage[]>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    const rootId = this.view === 'thread' ? (this.root?.id ?? null) : null;
    if ((changed.has('root') || changed.has('view') || changed.has('handle')) && rootId !== (this.thread?.rootId ?? null)) {
      this.thread = rootId && this.handle ? this.handle.thread(rootId) : undefined;
      this.replies.setStore(this.thread?.messages);
      this.pending.setStore(this.thread?.pending);
      this.thread?.load().catch(() => undefined);
    }
    if ((changed.has('view') || changed.has('handle')) && this.view === 'pins' && this.handle) {
      this.pins = null;
      const handle = this.handle;
      handle.pins().then(
        (pins) => {
          if (handle === this.handle) this.pins = pins;
        },
        (error: PlazaError) => {
          this.pins = [];
          this.dispatchEvent(new CustomEvent('problem', { detail: { error } }));
        },
      );
    }
  }

  protected override firstUpdated(): void {
    if (this.view === 'thread' && !this.reveal) void this.focusReply();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('root') && changed.get('root') && this.view === 'thread' && !this.reveal) void this.focusReply();
    const reply = this.reveal ? this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(this.reveal)}"]`) : null;
    if (reply) {
      this.reveal = null;
      reply.setAttribute('highlight', '');
      reply.scrollIntoView({ block: 'center' });
      reply.focus();
      setTimeout(() => reply.removeAttribute('highlight'), 3_000);
    }
  }

  private async focusReply(): Promise<void> {
    const composer = this.renderRoot.querySelector('plaza-composer');
    await composer?.updateComplete;
    composer?.focus();
  }

  protected override render() {
    const title = this.localize.term(this.view === 'thread' ? 'thread' : 'pinnedMessages');
    return html`<aside class="aside" aria-label=${title}>
      <header class="aside-header">
        <h3>${title}</h3>
        <button class="icon-button" aria-label=${this.localize.term('close')} @click=${this.close}>${closeIcon}</button>
      </header>
      ${this.view === 'thread' ? this.renderThread() : this.renderPins()}
    </aside>`;
  }

  private renderItem(message: Message | undefined, inThread: boolean, pending?: PendingMessage) {
    return html`<plaza-message-item
      part="message"
      data-id=${message?.id ?? nothing}
      tabindex="-1"
      data-state=${pending ? pending.state : 'sent'}
      role="article"
      aria-label=${message ? (this.names.get(message.authorId) ?? message.authorId) : this.localize.term('you')}
      active
      ?in-thread=${inThread}
      .message=${message}
      .pending=${pending}
      .handle=${this.handle}
      .names=${this.names}
      .members=${this.members}
      .me=${this.me}
      .kind=${this.kind}
      @item-action=${(e: CustomEvent<{ action: string; message: Message }>) => {
        if (e.detail.action === 'thread') this.dispatchEvent(new CustomEvent('thread-open', { detail: e.detail }));
      }}
    ></plaza-message-item>`;
  }

  private renderThread() {
    const root = this.root;
    if (!root) return nothing;
    const latest = this.messages.find((m) => m.id === root.id) ?? root;
    const replies = this.replies.value ?? [];
    return html`<div class="aside-body" role="log" aria-label=${this.localize.term('thread')}>
        ${this.renderItem(latest, true)}
        <p class="aside-count muted">${this.localize.term('replies', replies.length)}</p>
        ${replies.map((m) => this.renderItem(m, true))}
        ${(this.pending.value ?? []).map((p) => this.renderItem(undefined, true, p))}
      </div>
      <plaza-composer
        thread
        .target=${this.thread}
        .handle=${this.handle}
        .members=${this.members}
        .me=${this.me}
        label=${this.localize.term('replyToThread')}
        @message-sent=${(e: CustomEvent<MessageSentDetail>) =>
          this.dispatchEvent(new CustomEvent<MessageSentDetail>('message-sent', { detail: e.detail }))}
      ></plaza-composer>`;
  }

  private renderPins() {
    const current = new Map(this.messages.map((m) => [m.id, m]));
    const pins = (this.pins ?? []).map((m) => current.get(m.id) ?? m).filter((m) => m.pinned);
    return html`<div class="aside-body">
      ${this.pins === null
        ? html`<p class="aside-count muted">${this.localize.term('loading')}</p>`
        : pins.length === 0
          ? html`<p class="aside-count muted">${this.localize.term('noPinnedMessages')}</p>`
          : pins.map((m) => this.renderItem(m, false))}
    </div>`;
  }

  private readonly close = (): void => {
    this.dispatchEvent(new CustomEvent('close'));
  };
}
