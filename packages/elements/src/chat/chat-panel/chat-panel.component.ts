import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Channel, ChannelMember, Message, PresenceStatus } from '@plaza/protocol';
import type { ClientState, PlazaClient, PlazaError } from '@plaza/sdk';
// The SDK capabilities the panel uses: a client from `@plaza/sdk/core` (the provider's)
// gets them when this chunk loads.
import '@plaza/sdk/chat';
import '@plaza/sdk/files';
import '@plaza/sdk/presence';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { themeStyles } from '../../styles/theme.js';
import type { ChannelHandle } from '../chat-client.js';
import '../channel-list/channel-list.js';
import { channelName, type ChannelSelectDetail } from '../channel-list/channel-list.component.js';
import '../composer/composer.js';
import type { MessageSentDetail } from '../composer/composer.component.js';
import { PlazaChannelChangeEvent } from '../events/channel-change-event.js';
import { PlazaMessageSentEvent } from '../events/message-sent-event.js';
import { plainText } from '../markdown/markdown.js';
import '../message-list/message-list.js';
import { hashIcon, megaphoneIcon, menuIcon, pinIcon } from '../shared/icons.js';
import { parseMessageLink, type MessageTarget } from '../shared/message-link.js';
import { chatBaseStyles } from '../shared/styles.js';
import { chatPanelStyles } from './chat-panel.styles.js';

/** The thread and pinned views: their own chunk, loaded the first time one opens. */
const loadAside = () => import('../chat-aside/chat-aside.js');

/**
 * @tag plaza-chat-panel
 * @summary Team chat: channel list, message list and composer, with threads, pinned
 * messages, reactions, read receipts, file attachments and offline sending.
 *
 * @description Put it inside a `<plaza-provider>` (or give it a `.client`). It lists the
 * user's channels and direct messages, opens `channel` (else the first channel) at the
 * first unread message, and keeps everything live. Below 600 px wide the channel list
 * folds behind a button, so the panel works from 320 px to full screen. Message text is
 * a safe Markdown subset rendered as text nodes, never as HTML.
 *
 * Keyboard: Tab moves between the channel list, the messages and the composer; arrow keys
 * move within the channel list and the messages; Enter on a message opens its menu;
 * Escape closes menus, the thread and the folded channel list.
 *
 * Message links ("Copy link": `#plaza-message=<channel>/<message>`) open here: in the
 * page's URL when the panel loads or the fragment changes, and when one is clicked in a
 * message (in place, without leaving the page). The panel opens the channel around the
 * message, scrolls it into view, highlights it briefly and moves focus to it; a link to a
 * reply also opens its thread.
 *
 * @example
 * <plaza-provider url="https://plaza.example.com">
 *   <plaza-chat-panel channel="0190…"></plaza-chat-panel>
 * </plaza-provider>
 *
 * @event {PlazaMessageSentEvent} plaza-message-sent - The server stored a message the user
 * sent; `detail.message`.
 * @event {PlazaChannelChangeEvent} plaza-channel-change - The user opened another channel;
 * `detail.channelId`.
 * @event {CustomEvent<PlazaTaskOpenDetail>} plaza-task-open - The user clicked a task link in
 * a message ("Open task", from the `plaza:task/<id>` text a task made from a message posts);
 * `detail.taskId`. Open the task, e.g. with `<plaza-task-list>`'s `openTask(taskId)`.
 * @event {CustomEvent<PlazaTaskEventDetail>} plaza-task-created - The user made a task from a
 * message (the message menu's "Create task"); `detail.task`.
 *
 * @csspart channel-list - The channel list.
 * @csspart message-list - The message list.
 * @csspart message - Each message.
 * @csspart composer-input - The message text box.
 * @csspart send-button - The send button.
 *
 * @cssproperty --plaza-chat-panel-height - The panel's height (default `600px`); or size the element itself.
 * @cssproperty --plaza-chat-sidebar-width - Width of the channel list (default `240px`).
 * @cssproperty --plaza-chat-aside-width - Width of the thread and pinned views (default `360px`).
 * @cssproperty --plaza-font-family - Font stack.
 * @cssproperty --plaza-font-size - Base font size.
 * @cssproperty --plaza-radius - Corner radius.
 * @cssproperty --plaza-color-text - Text.
 * @cssproperty --plaza-color-text-muted - Times, hints, read receipts.
 * @cssproperty --plaza-color-surface - Background.
 * @cssproperty --plaza-color-surface-subtle - Channel list, hovered messages, code.
 * @cssproperty --plaza-color-border - Borders and separators.
 * @cssproperty --plaza-color-accent - Selected channel, links, mentions, send button.
 * @cssproperty --plaza-color-on-accent - Text on the accent colour.
 * @cssproperty --plaza-color-success - Online presence.
 * @cssproperty --plaza-color-warning - Important messages, offline banner, mentions of you.
 * @cssproperty --plaza-color-danger - Urgent messages, mention badges, failed sends.
 * @cssproperty --plaza-focus-ring - Focus outline.
 */
export class PlazaChatPanel extends PlazaElement {
  static override styles = [themeStyles, chatBaseStyles, chatPanelStyles];

  /** Id of the open channel. Set it to open a channel; it follows the user's choice. */
  @property({ reflect: true }) channel: string | null = null;

  /** Hides the channel list: the panel shows only `channel`. */
  @property({ type: Boolean, reflect: true, attribute: 'no-sidebar' }) noSidebar = false;

  @state() private sidebarOpen = false;
  /** The side view: a thread or the pinned messages. */
  @state() private aside: 'thread' | 'pins' | null = null;
  @state() private threadRoot: Message | null = null;
  @state() private urgent: readonly Message[] = [];
  @state() private problem: string | null = null;
  /** The message link being followed, until its message is shown. */
  @state() private target: MessageTarget | null = null;
  /** What the message list is asked to bring into view. */
  @state() private reveal: { id: string } | null = null;
  /** The reply of the open thread a followed link points at. */
  private revealReply: string | null = null;

  private readonly clientState = new StoreController<ClientState>(this);
  private readonly channels = new StoreController<readonly Channel[]>(this);
  private readonly presence = new StoreController<Readonly<Record<string, PresenceStatus>>>(this);
  private readonly members = new StoreController<readonly ChannelMember[]>(this);
  private readonly messages = new StoreController<readonly Message[]>(this);

  private chat: PlazaClient | undefined;
  private handle: ChannelHandle | undefined;
  private handleFor: string | null = null;
  private unreadAfter = -1;
  private loadedFor: PlazaClient | undefined;
  private names: ReadonlyMap<string, string> = new Map();
  private namesFrom: unknown[] = [];
  private presenceAsked = '';
  private readonly urgentChecked = new Set<string>();
  /** The channel the panel opened by itself because none was asked for. */
  private autoPicked: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.handleHash);
    this.openChannel(null);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move in the DOM: open the channel again.
    this.handleFor = null;
    window.addEventListener('hashchange', this.handleHash);
    this.handleHash();
  }

  private get me(): string {
    return this.clientState.value?.session?.user.id ?? '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) {
      // A client without the chat API (an older SDK) shows the placeholder.
      this.chat = this.client && 'chat' in this.client ? this.client : undefined;
      this.clientState.setStore(this.client?.state);
      this.channels.setStore(this.chat?.chat.channels);
      this.presence.setStore(this.chat?.presence);
      this.handleFor = null;
      this.openChannel(null);
      // Another user (a new client) has other channels: pick again unless someone chose it.
      if (this.channel === this.autoPicked) this.channel = null;
    }
    const chat = this.chat;
    if (chat && this.loadedFor !== chat && this.clientState.value?.status === 'online') {
      this.loadedFor = chat;
      this.problem = null;
      chat.chat.loadChannels().catch((error: PlazaError) => (this.problem = error.message));
    }
    const channels = this.channels.value ?? [];
    if (!this.channel && channels.length > 0) {
      this.channel = this.autoPicked = (channels.find((c) => c.kind !== 'dm') ?? channels[0]).id;
    }
    if (this.isConnected && (this.channel ?? null) !== this.handleFor) this.openChannel(this.channel);
    if (this.target?.channelId === this.handleFor && this.clientState.value?.status === 'online') this.showTarget(this.target);

    const members = this.members.value ?? [];
    const from = [members, this.clientState.value?.session];
    if (from.some((value, i) => value !== this.namesFrom[i])) {
      this.namesFrom = from;
      const names = new Map(members.map((m) => [m.userId, m.name]));
      const user = this.clientState.value?.session?.user;
      if (user) names.set(user.id, user.name);
      this.names = names;
    }

    const peers = channels.flatMap((c) => (c.peerId ? [c.peerId] : []));
    if (chat && peers.length > 0 && peers.join() !== this.presenceAsked) {
      this.presenceAsked = peers.join();
      chat.queryPresence(peers).catch(() => undefined);
    }
    this.checkUrgent();
  }

  private openChannel(id: string | null): void {
    this.handle?.close();
    this.handle = undefined;
    this.handleFor = id;
    this.aside = null;
    this.threadRoot = null;
    this.urgent = [];
    this.urgentChecked.clear();
    const chat = this.chat;
    if (id && chat) {
      const handle = chat.chat.channel(id);
      this.handle = handle;
      const channel = this.channels.value?.find((c) => c.id === id);
      this.unreadAfter = channel && channel.unreadCount > 0 ? channel.lastReadSeq : -1;
      // Opening a handle loads its latest page; with unread messages, load around the first
      // of them instead. Errors show through the handle's state (the list offers "Try again").
      const { loaded, loading } = handle.state.get();
      // A followed link loads around its message instead (showTarget).
      if (this.target?.channelId === id) this.unreadAfter = -1;
      else if (this.unreadAfter >= 0) handle.load({ around: this.unreadAfter + 1 }).catch(() => undefined);
      else if (!loaded && !loading) handle.load().catch(() => undefined);
      handle.loadMembers().catch(() => undefined);
    }
    this.members.setStore(this.handle?.members);
    this.messages.setStore(this.handle?.messages);
  }

  /** Finds urgent messages from others that this user has not acknowledged yet. */
  private checkUrgent(): void {
    const client = this.client;
    const me = this.me;
    if (!client || !me) return;
    for (const message of (this.messages.value ?? []).slice(-50)) {
      if (message.urgency !== 'urgent' || message.authorId === me || message.recalledAt || message.deletedAt) continue;
      if (this.urgentChecked.has(message.id)) continue;
      this.urgentChecked.add(message.id);
      client.request('chat:urgent:status', { messageId: message.id }).then(
        (status) => {
          if (status.pending.includes(me) && message.channelId === this.handleFor) this.urgent = [...this.urgent, message];
        },
        () => this.urgentChecked.delete(message.id),
      );
    }
  }

  protected override render() {
    const status = this.clientState.value?.status ?? 'offline';
    const channel = this.channels.value?.find((c) => c.id === this.channel);
    const name = channel ? channelName(channel, this.names) : '';
    const aside = this.aside !== null;
    return html`
      <div
        class="panel ${this.sidebarOpen ? 'sidebar-open' : ''} ${aside ? 'with-aside' : ''}"
        @keydown=${this.handleKey}
        @click=${this.handleClick}
      >
        ${this.noSidebar
          ? nothing
          : html`<nav class="sidebar" id="sidebar" aria-label=${this.localize.term('channels')}>
              <plaza-channel-list
                part="channel-list"
                .channels=${this.channels.value ?? []}
                .selected=${this.channel}
                .presence=${this.presence.value ?? {}}
                .names=${this.names}
                @channel-select=${this.handleSelect}
              ></plaza-channel-list>
            </nav>`}
        ${this.sidebarOpen ? html`<div class="scrim" @click=${() => (this.sidebarOpen = false)}></div>` : nothing}
        <section class="main" aria-label=${name || this.localize.term('chatLabel')}>
          <header class="header">
            ${this.noSidebar
              ? nothing
              : html`<button
                  class="icon-button toggle"
                  aria-label=${this.localize.term('showChannels')}
                  aria-controls="sidebar"
                  aria-expanded=${this.sidebarOpen ? 'true' : 'false'}
                  @click=${this.toggleSidebar}
                >
                  ${menuIcon}
                </button>`}
            ${channel
              ? html`<h2 class="title">
                    ${channel.kind === 'announcement' ? megaphoneIcon : channel.kind === 'dm' ? nothing : hashIcon}
                    <span>${name}</span>
                  </h2>
                  <span class="topic muted">${channel.topic}</span>
                  <button
                    class="icon-button pins-button"
                    aria-label=${this.localize.term('pinnedMessages')}
                    aria-pressed=${this.aside === 'pins' ? 'true' : 'false'}
                    @click=${this.togglePins}
                  >
                    ${pinIcon}
                  </button>`
              : html`<h2 class="title">${this.localize.term('chatLabel')}</h2>`}
          </header>
          ${status === 'online'
            ? nothing
            : html`<div class="banner banner--offline" role="status">
                ${this.localize.term(status === 'connecting' ? 'reconnectingBanner' : 'offlineBanner')}
              </div>`}
          ${this.renderUrgent()}
          ${this.problem && this.handle ? html`<div class="banner banner--error" role="alert">${this.problem}</div>` : nothing}
          ${this.handle ? this.renderChannel(name, channel) : this.renderPlaceholder()}
        </section>
        ${this.aside ? this.renderAside(channel) : nothing}
      </div>
    `;
  }

  private renderChannel(name: string, channel: Channel | undefined) {
    const readOnly = channel?.kind === 'announcement' && channel.role === 'member';
    return html`<plaza-message-list
        part="message-list"
        exportparts="message"
        .handle=${this.handle}
        .channel=${channel}
        .names=${this.names}
        .members=${this.members.value ?? []}
        .me=${this.me}
        .unreadAfter=${this.unreadAfter}
        .jumpTo=${this.reveal}
        ?admin=${channel?.role === 'owner' ||
        channel?.role === 'admin' ||
        (this.clientState.value?.session?.user.roles.includes('admin') ?? false)}
        @thread-open=${(e: CustomEvent<{ message: Message }>) => this.openThread(e.detail.message)}
      ></plaza-message-list>
      ${readOnly
        ? html`<p class="read-only muted">${this.localize.term('readOnlyChannel')}</p>`
        : html`<plaza-composer
            exportparts="composer-input, send-button"
            .target=${this.handle}
            .handle=${this.handle}
            .members=${this.members.value ?? []}
            .me=${this.me}
            label=${this.localize.term('messageTo', name)}
            @message-sent=${this.handleSent}
          ></plaza-composer>`}`;
  }

  private renderPlaceholder() {
    return html`<div class="placeholder muted">
      ${this.problem
        ? html`<p class="error">${this.problem}</p>
            <button class="text-button" @click=${this.retryChannels}>${this.localize.term('tryAgain')}</button>`
        : html`<p>${this.localize.term(this.chat ? 'selectChannel' : 'loading')}</p>`}
    </div>`;
  }

  private renderUrgent() {
    const message = this.urgent[0];
    if (!message) return nothing;
    return html`<div class="banner banner--urgent" role="alert">
      <span class="urgent-text">
        <strong>${this.localize.term('urgentFrom', this.names.get(message.authorId) ?? message.authorId)}</strong>
        ${plainText(message.text).slice(0, 140)}
      </span>
      <button class="text-button" @click=${() => this.acknowledge(message)}>${this.localize.term('acknowledge')}</button>
    </div>`;
  }

  private renderAside(channel: Channel | undefined) {
    return html`<plaza-chat-aside
      class="aside"
      view=${this.aside!}
      .root=${this.threadRoot}
      .handle=${this.handle}
      .names=${this.names}
      .members=${this.members.value ?? []}
      .messages=${this.messages.value ?? []}
      .me=${this.me}
      .kind=${channel?.kind ?? 'group'}
      .reveal=${this.revealReply}
      @close=${this.closeAside}
      @thread-open=${(e: CustomEvent<{ message: Message }>) => this.openThread(e.detail.message)}
      @message-sent=${this.handleSent}
      @problem=${(e: CustomEvent<{ error: PlazaError }>) => (this.problem = e.detail.error.message)}
      ><p class="loading muted" role="status">${this.localize.term('loading')}</p></plaza-chat-aside
    >`;
  }

  /** Follows a message link: opens its channel; `showTarget` does the rest once it is open and online. */
  private follow(target: MessageTarget): void {
    this.target = target;
    this.problem = null;
    if (target.channelId !== this.channel) {
      this.channel = target.channelId;
      this.dispatchEvent(new PlazaChannelChangeEvent({ channelId: target.channelId }));
    }
  }

  /** Loads the page around the linked message unless it is loaded, then asks the list to show it. */
  private showTarget(target: MessageTarget): void {
    const handle = this.handle!;
    this.target = null;
    const has = () => handle.messages.get().find((m) => m.id === target.messageId);
    (has() ? Promise.resolve() : handle.load({ aroundId: target.messageId })).then(
      () => {
        const root = has();
        if (!root || handle !== this.handle) return;
        this.reveal = { id: root.id };
        if (target.replyId) this.openThread(root, target.replyId);
      },
      (error: PlazaError) => {
        this.problem = error.code === 'not_found' ? this.localize.term('messageNotFound') : error.message;
      },
    );
  }

  private readonly handleHash = (): void => {
    const target = parseMessageLink(location.hash);
    if (target) this.follow(target);
  };

  /** A message link clicked in a message opens here, without leaving the page. */
  private readonly handleClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    const target = link && parseMessageLink(new URL(link.href).hash);
    if (!target) return;
    event.preventDefault();
    this.follow(target);
  };

  private readonly retryChannels = (): void => {
    this.loadedFor = undefined;
    this.requestUpdate();
  };

  private readonly handleSelect = (event: CustomEvent<ChannelSelectDetail>): void => {
    const { channelId } = event.detail;
    this.sidebarOpen = false;
    if (channelId !== this.channel) {
      this.channel = channelId;
      this.dispatchEvent(new PlazaChannelChangeEvent({ channelId }));
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector('plaza-composer')?.focus());
  };

  private readonly handleSent = (event: CustomEvent<MessageSentDetail>): void => {
    this.dispatchEvent(new PlazaMessageSentEvent({ message: event.detail.message }));
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (this.sidebarOpen) {
      this.sidebarOpen = false;
      this.renderRoot.querySelector<HTMLElement>('.toggle')?.focus();
    } else if (this.aside) {
      this.closeAside();
    }
  };

  private readonly toggleSidebar = (): void => {
    this.sidebarOpen = !this.sidebarOpen;
    if (this.sidebarOpen) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector('plaza-channel-list')?.renderRoot.querySelector<HTMLElement>('[tabindex="0"], input')?.focus(),
      );
    }
  };

  private readonly togglePins = (): void => {
    this.openAside(this.aside === 'pins' ? null : 'pins');
  };

  private openThread(message: Message, reply: string | null = null): void {
    this.revealReply = reply;
    this.threadRoot = message;
    this.openAside('thread');
  }

  private openAside(view: 'thread' | 'pins' | null): void {
    this.aside = view;
    if (!view) return;
    this.problem = null;
    loadAside().catch(() => {
      this.aside = null;
      this.problem = this.localize.term('partLoadFailed');
    });
  }

  private readonly closeAside = (): void => {
    const back = this.aside === 'pins' ? '.pins-button' : '.main plaza-composer';
    this.openAside(null);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(back)?.focus());
  };

  private acknowledge(message: Message): void {
    this.client?.request('chat:urgent:ack', { messageId: message.id }).then(
      () => (this.urgent = this.urgent.filter((m) => m.id !== message.id)),
      (error: PlazaError) => (this.problem = error.message),
    );
  }
}
