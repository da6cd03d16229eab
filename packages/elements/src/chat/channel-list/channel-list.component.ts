import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Channel, PresenceStatus } from '@plaza/protocol';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import { hashIcon, megaphoneIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { channelListStyles } from './channel-list.styles.js';

/** A channel's display name: its name, else (a direct message) the other member's. */
export function channelName(channel: Channel, names?: ReadonlyMap<string, string>): string {
  return channel.name || (channel.peerId ? (names?.get(channel.peerId) ?? channel.peerId) : channel.id);
}

export interface ChannelSelectDetail {
  channelId: string;
}

/**
 * @tag plaza-channel-list
 * @summary The chat panel's channel list: channels and direct messages with unread and
 * mention badges, and a filter box.
 *
 * @description A WAI-ARIA listbox with a roving tabindex: arrow keys, Home and End move,
 * Enter or Space opens the channel. Used inside `<plaza-chat-panel>`, which exposes it as
 * the `channel-list` part.
 *
 * @event channel-select - Internal, not composed: the user chose a channel (`detail.channelId`).
 *
 * @cssproperty --plaza-color-accent - Selected channel and badges.
 * @cssproperty --plaza-color-danger - Mention badges.
 */
export class PlazaChannelList extends PlazaElement {
  static override styles = [chatBaseStyles, channelListStyles];

  @property({ attribute: false }) channels: readonly Channel[] = [];
  /** The open channel's id. */
  @property() selected: string | null = null;
  /** Online status of direct-message peers. */
  @property({ attribute: false }) presence: Readonly<Record<string, PresenceStatus>> = {};
  /** Display names of users, for direct messages. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  @state() private filter = '';
  /** The option that takes Tab focus (roving tabindex). */
  @state() private active: string | null = null;

  private visible(): Channel[] {
    const query = this.filter.trim().toLowerCase();
    const all = query
      ? this.channels.filter((c) => channelName(c, this.names).toLowerCase().includes(query))
      : [...this.channels];
    // Channels first, then direct messages, each in the store's order.
    return [...all.filter((c) => c.kind !== 'dm'), ...all.filter((c) => c.kind === 'dm')];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selected') && this.selected) this.active = this.selected;
  }

  protected override render() {
    const channels = this.visible();
    const tabStop = channels.some((c) => c.id === this.active) ? this.active : (channels[0]?.id ?? null);
    const groups = [
      [this.localize.term('channels'), channels.filter((c) => c.kind !== 'dm')],
      [this.localize.term('directMessages'), channels.filter((c) => c.kind === 'dm')],
    ] as const;
    return html`
      <div class="filter">
        <input
          type="search"
          .value=${this.filter}
          aria-label=${this.localize.term('filterChannels')}
          placeholder=${this.localize.term('filterChannels')}
          @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
          @keydown=${this.handleFilterKey}
        />
      </div>
      ${channels.length === 0
        ? html`<p class="empty muted">${this.localize.term(this.filter ? 'noChannelsMatch' : 'noChannels')}</p>`
        : html`<div class="list" role="listbox" aria-label=${this.localize.term('channels')} @keydown=${this.handleKey}>
            ${groups.map(([label, list]) =>
              list.length === 0
                ? nothing
                : html`<div role="group" aria-label=${label}>
                    <div class="group-label" aria-hidden="true">${label}</div>
                    ${list.map((c) => this.renderOption(c, c.id === tabStop))}
                  </div>`,
            )}
          </div>`}
    `;
  }

  private renderOption(channel: Channel, tabStop: boolean) {
    const selected = channel.id === this.selected;
    const unread = selected ? 0 : channel.unreadCount;
    const status = channel.peerId ? (this.presence[channel.peerId] ?? 'offline') : null;
    return html`<div
      class="option ${unread > 0 ? 'unread' : ''}"
      role="option"
      data-id=${channel.id}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${tabStop ? 0 : -1}
      @click=${() => this.choose(channel.id)}
      @focus=${() => (this.active = channel.id)}
    >
      <span class="kind" aria-hidden="true">
        ${channel.kind === 'dm'
          ? html`<span class="presence presence--${status}"></span>`
          : channel.kind === 'announcement'
            ? megaphoneIcon
            : hashIcon}
      </span>
      <span class="name">${channelName(channel, this.names)}</span>
      ${channel.kind === 'announcement' ? html`<span class="sr-only">${this.localize.term('announcementChannel')}</span>` : nothing}
      ${unread > 0 && channel.mentionCount > 0
        ? html`<span class="badge badge--mention" aria-hidden="true">@${channel.mentionCount}</span
            ><span class="sr-only">${this.localize.term('mentionCount', channel.mentionCount)}</span>`
        : nothing}
      ${unread > 0
        ? html`<span class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span
            ><span class="sr-only">${this.localize.term('unreadCount', unread)}</span>`
        : nothing}
    </div>`;
  }

  private options(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="option"]')];
  }

  private choose(channelId: string): void {
    this.active = channelId;
    this.dispatchEvent(new CustomEvent<ChannelSelectDetail>('channel-select', { detail: { channelId } }));
  }

  private readonly handleKey = (event: KeyboardEvent): void => {
    const options = this.options();
    const current = options.indexOf(event.target as HTMLElement);
    if (current === -1) return;
    const last = options.length - 1;
    const next =
      event.key === 'ArrowDown' ? Math.min(current + 1, last)
      : event.key === 'ArrowUp' ? Math.max(current - 1, 0)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    if (next !== -1) {
      event.preventDefault();
      options[next].focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.choose(options[current].dataset.id!);
    }
  };

  private readonly handleFilterKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.options()[0]?.focus();
    } else if (event.key === 'Escape' && this.filter) {
      event.stopPropagation();
      this.filter = '';
    }
  };
}
