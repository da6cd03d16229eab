import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Channel, ChannelMember, Message } from '@plaza/protocol';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { ChannelHandle, ChannelViewState, PendingMessage } from '../chat-client.js';
import { channelName } from '../channel-list/channel-list.component.js';
import { plainText } from '../markdown/markdown.js';
import '../message-item/message-item.js';
import type { PlazaMessageItem } from '../message-item/message-item.js';
import { dayKey, formatDay, formatTime } from '../shared/format.js';
import { downIcon } from '../shared/icons.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageListStyles } from './message-list.styles.js';

export type Row =
  | { key: string; kind: 'day'; label: string }
  | { key: string; kind: 'new' | 'start' }
  | { key: string; kind: 'message'; message: Message; grouped: boolean; receipts?: boolean }
  | { key: string; kind: 'pending'; pending: PendingMessage; grouped: boolean };

/** Pixels rendered beyond each edge of the viewport. */
const OVERSCAN = 400;
/** Never more rows than this in the DOM, whatever the viewport or the estimates say. */
export const MAX_ROWS = 90;
/** Consecutive messages by one author within this time share one header. */
const GROUP_MS = 5 * 60_000;

function isItem(row: Row | undefined): row is Extract<Row, { kind: 'message' | 'pending' }> {
  return row?.kind === 'message' || row?.kind === 'pending';
}

/** Index of the first offset greater than `value` (offsets ascend). */
function upperBound(offsets: readonly number[], value: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * @tag plaza-message-list
 * @summary A channel's messages: a virtualized log with day separators, grouping, a
 * "new messages" divider, older history on scroll, and "jump to latest".
 *
 * @description Only the rows in and near the viewport are in the DOM (at most
 * {@link MAX_ROWS}), so 10,000 messages scroll as smoothly as 10. Rows are measured as
 * they render (ResizeObserver) and the view is anchored to a row, so loading older
 * messages or an image growing never moves what the reader is looking at; at the bottom
 * it sticks to the bottom as messages arrive. A hand-written window rather than
 * @lit-labs/virtualizer: that costs 8.7 KB gzip, more than half the chat panel's budget,
 * and has no anchoring for a list that grows at the top.
 *
 * Keyboard: the log holds one tab stop (roving tabindex); arrow keys, Page Up/Down, Home
 * and End move between messages; Enter opens the message's menu.
 *
 * @event thread-open - Internal, not composed: open the thread of `detail.message`.
 * @event item-action - Internal: re-dispatched actions of the message rows.
 *
 * @csspart message - Each message row (a `<plaza-message-item>`).
 */
export class PlazaMessageList extends PlazaElement {
  static override styles = [chatBaseStyles, messageListStyles];

  @property({ attribute: false }) handle?: ChannelHandle;
  @property({ attribute: false }) channel?: Channel;
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) members: readonly ChannelMember[] = [];
  @property() me = '';
  /** The viewer may delete messages. */
  @property({ type: Boolean }) admin = false;
  /** Messages after this `seq` were unread when the channel opened; -1 for none. */
  @property({ type: Number, attribute: false }) unreadAfter = -1;

  private readonly messages = new StoreController<readonly Message[]>(this);
  private readonly pending = new StoreController<readonly PendingMessage[]>(this);
  private readonly view = new StoreController<ChannelViewState>(this);

  @state() private activeKey: string | null = null;
  @state() private atBottom = true;
  @state() private announcement = '';

  /** @internal Every row of the channel, rendered or not. */
  rows: Row[] = [];
  private rowsFrom: unknown[] = [];
  private offsets: number[] = [0];
  private readonly heights = new Map<string, number>();
  private measured = { sum: 0, count: 0 };
  private stick = true;
  private anchor: { key: string; delta: number } | null = null;
  private viewport = 0;
  private range: [number, number] = [0, 0];
  private positioned = false;
  private announcedSeq = -1;
  /** The message the live region currently reads out, so its text goes when it is recalled or deleted. */
  private announcedId: string | null = null;
  private markedSeq = 0;
  private loadingOlder = false;
  private onScreen = false;
  private focusKey: string | null = null;
  private hadFocus = false;
  private readonly observed = new Set<Element>();
  private scroller?: HTMLElement;
  /** The scrollTop the list set itself; a scroll event reporting it is not the reader's. */
  private expectedTop = Number.NaN;
  private frameRequested = false;

  private readonly rowObserver = new ResizeObserver((entries) => {
    let changed = false;
    for (const entry of entries) {
      const el = entry.target as HTMLElement;
      const height = entry.borderBoxSize[0]?.blockSize ?? el.offsetHeight;
      const key = el.dataset.key;
      if (!key || height === 0 || Math.abs((this.heights.get(key) ?? -1) - height) < 0.5) continue;
      if (el.localName === 'plaza-message-item' && !this.heights.has(key)) {
        this.measured.sum += height;
        this.measured.count += 1;
      }
      this.heights.set(key, height);
      changed = true;
    }
    if (changed) this.relayout();
  });

  private readonly sizeObserver = new ResizeObserver(([entry]) => {
    const height = entry?.contentRect.height ?? 0;
    if (height !== this.viewport) {
      this.viewport = height;
      this.relayout();
    }
  });

  private readonly visibility = new IntersectionObserver(([entry]) => {
    this.onScreen = entry?.isIntersecting ?? false;
    this.maybeMarkRead();
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.rowObserver.disconnect();
    this.observed.clear();
    this.sizeObserver.disconnect();
    this.visibility.disconnect();
    this.scroller = undefined;
    document.removeEventListener('visibilitychange', this.maybeMarkRead);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.maybeMarkRead);
  }

  /** Scrolls to the newest message and follows new ones. */
  scrollToLatest(): void {
    this.stick = true;
    this.anchor = null;
    if (this.view.value?.hasMoreAfter) void this.handle?.load();
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('handle')) {
      const handle = this.handle;
      this.messages.setStore(handle?.messages);
      this.pending.setStore(handle?.pending);
      this.view.setStore(handle?.state);
      this.heights.clear();
      this.stick = true;
      this.anchor = null;
      this.positioned = false;
      this.activeKey = null;
      this.announcedSeq = -1;
      this.announcedId = null;
      this.markedSeq = this.channel?.lastReadSeq ?? 0;
    }
    const view = this.view.value;
    const from = [this.messages.value, this.pending.value, this.unreadAfter, this.localize.lang, view?.hasMoreBefore, view?.loaded];
    if (from.some((value, i) => value !== this.rowsFrom[i])) {
      this.rowsFrom = from;
      this.rows = this.buildRows();
      this.announce();
    }
    this.offsets = this.computeOffsets();

    if (!this.positioned && view?.loaded && this.rows.some(isItem)) {
      this.positioned = true;
      const divider = this.rows.find((row) => row.kind === 'new');
      if (divider) {
        this.stick = false;
        this.anchor = { key: divider.key, delta: -8 };
      }
    }
    this.range = this.computeRange();
  }

  private buildRows(): Row[] {
    const rows: Row[] = [];
    const view = this.view.value;
    if (view?.loaded && (this.messages.value?.length ?? 0) > 0) rows.push({ key: 'start', kind: 'start' });
    let previous: { authorId: string; at: number } | null = null;
    let lastDay = '';
    const add = (authorId: string, createdAt: string, row: (grouped: boolean) => Row) => {
      const day = dayKey(createdAt);
      const at = Date.parse(createdAt);
      if (day !== lastDay) {
        lastDay = day;
        rows.push({
          key: `day-${day}`,
          kind: 'day',
          label: formatDay(createdAt, this.localize.lang, this.localize.term('today'), this.localize.term('yesterday')),
        });
        previous = null;
      }
      const grouped = previous !== null && previous.authorId === authorId && at - previous.at < GROUP_MS;
      rows.push(row(grouped));
      previous = { authorId, at };
    };
    let dividerPlaced = this.unreadAfter < 0;
    for (const message of this.messages.value ?? []) {
      // Replies live in their thread; the root shows their count.
      if (message.threadRootId) continue;
      // Own messages are never unread: the divider goes before the first one from others.
      if (!dividerPlaced && message.seq > this.unreadAfter && message.authorId !== this.me) {
        dividerPlaced = true;
        rows.push({ key: 'new', kind: 'new' });
        previous = null;
      }
      add(message.authorId, message.createdAt, (grouped) => ({ key: message.id, kind: 'message', message, grouped }));
    }
    for (const pending of this.pending.value ?? []) {
      if (pending.threadRootId) continue;
      add(this.me, pending.createdAt, (grouped) => ({ key: `pending-${pending.clientId}`, kind: 'pending', pending, grouped }));
    }
    // Read receipts under the last of each run of own messages, not under every one.
    rows.forEach((row, i) => {
      const next = rows[i + 1];
      if (row.kind === 'message' && row.message.authorId === this.me) row.receipts = !(isItem(next) && next.grouped);
    });
    return rows;
  }

  /** Announces a message from someone else that just arrived at the live end. */
  private announce(): void {
    const list = this.messages.value ?? [];
    const last = list.at(-1);
    const seq = last?.seq ?? 0;
    if (this.announcedId) {
      const announced = list.findLast((message) => message.id === this.announcedId);
      if (announced && (announced.recalledAt || announced.deletedAt)) {
        this.announcement = '';
        this.announcedId = null;
      }
    }
    if (!this.positioned || this.announcedSeq < 0) {
      this.announcedSeq = seq;
      return;
    }
    if (seq <= this.announcedSeq) return;
    const jump = seq - this.announcedSeq;
    this.announcedSeq = seq;
    // A page of history loaded by "jump to latest" is not news.
    if (jump > 5 || !last || last.authorId === this.me || last.threadRootId || this.view.value?.hasMoreAfter) return;
    this.announcedId = last.id;
    this.announcement = this.localize.term(
      'newMessageFrom',
      this.names.get(last.authorId) ?? last.authorId,
      plainText(last.text).slice(0, 200),
    );
  }

  private estimate(row: Row): number {
    if (row.kind === 'day') return 40;
    if (row.kind === 'new' || row.kind === 'start') return 36;
    if (isItem(row) && row.grouped) return 28;
    return this.measured.count > 0 ? this.measured.sum / this.measured.count : 64;
  }

  private computeOffsets(): number[] {
    const offsets = new Array<number>(this.rows.length + 1);
    let y = 0;
    offsets[0] = 0;
    this.rows.forEach((row, i) => {
      y += this.heights.get(row.key) ?? this.estimate(row);
      offsets[i + 1] = y;
    });
    return offsets;
  }

  private get total(): number {
    return this.offsets[this.offsets.length - 1];
  }

  /** Where the view's top should be: at the bottom when sticking, else at the anchor. */
  private viewTop(): number {
    const max = Math.max(0, this.total - this.viewport);
    if (this.stick) return max;
    const index = this.anchor ? this.rows.findIndex((row) => row.key === this.anchor!.key) : -1;
    if (index === -1) return Math.min(this.scroller?.scrollTop ?? 0, max);
    return Math.min(Math.max(0, this.offsets[index] + this.anchor!.delta), max);
  }

  private computeRange(): [number, number] {
    const top = this.viewTop();
    const height = this.viewport || 800;
    let start = Math.max(0, upperBound(this.offsets, top - OVERSCAN) - 1);
    let end = Math.min(this.rows.length, upperBound(this.offsets, top + height + OVERSCAN));
    if (end - start > MAX_ROWS) {
      // Small rows or a tall viewport: keep the rows around the middle of the view.
      const middle = upperBound(this.offsets, top + height / 2) - 1;
      start = Math.max(0, Math.min(middle - MAX_ROWS / 2, this.rows.length - MAX_ROWS));
      end = Math.min(this.rows.length, start + MAX_ROWS);
    }
    return [start, end];
  }

  /**
   * After measurements or a resize: re-place the window at once (CSSOM only, which resizes
   * no observed row), and render other rows in the next frame. Rendering inside the
   * ResizeObserver callback would resize observed rows within the same delivery, which the
   * browser reports as a "ResizeObserver loop" error.
   */
  private relayout(): void {
    this.offsets = this.computeOffsets();
    const [start, end] = this.computeRange();
    if (start !== this.range[0] || end !== this.range[1]) {
      if (!this.frameRequested) {
        this.frameRequested = true;
        requestAnimationFrame(() => {
          this.frameRequested = false;
          this.requestUpdate();
        });
      }
    }
    this.applyLayout();
  }

  private applyLayout(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    // CSSOM, not style attributes: strict-CSP pages forbid inline styles but allow this.
    (scroller.firstElementChild as HTMLElement).style.height = `${this.total}px`;
    (scroller.querySelector('.window') as HTMLElement).style.transform = `translateY(${this.offsets[this.range[0]]}px)`;
    const top = this.viewTop();
    if (Math.abs(scroller.scrollTop - top) > 1) {
      scroller.scrollTop = top;
      this.expectedTop = scroller.scrollTop;
    }
    this.atBottom = this.stick || top >= this.total - this.viewport - 4;
    this.maybeLoad();
    this.maybeMarkRead();
  }

  private readonly handleScroll = (): void => {
    const scroller = this.scroller;
    if (!scroller) return;
    const top = scroller.scrollTop;
    // Our own scrollTop writes echo back as scroll events, possibly after rows were measured
    // again; only the reader's scrolling may unstick or re-anchor the view.
    if (Math.abs(top - this.expectedTop) < 2) return;
    this.expectedTop = Number.NaN;
    this.stick = top >= scroller.scrollHeight - scroller.clientHeight - 4;
    // Anchor to a message, never to a separator: older messages of the same day move the
    // day's separator up, and the "start" row stays first whatever is loaded before it.
    let index = Math.max(0, upperBound(this.offsets, top) - 1);
    while (index < this.rows.length - 1 && !isItem(this.rows[index])) index += 1;
    const row = this.rows[index];
    this.anchor = row ? { key: row.key, delta: top - this.offsets[index] } : null;
    this.atBottom = this.stick;
    const [start, end] = this.computeRange();
    if (start !== this.range[0] || end !== this.range[1]) this.requestUpdate();
    this.maybeLoad();
    this.maybeMarkRead();
  };

  private maybeLoad(): void {
    const view = this.view.value;
    const handle = this.handle;
    if (!handle || !view?.loaded || view.loading || this.loadingOlder || !this.positioned) return;
    const top = this.viewTop();
    if (view.hasMoreBefore && top < 600) {
      this.loadingOlder = true;
      // Failures show through the handle's state; the next scroll tries again.
      void handle.loadOlder().catch(() => false).finally(() => {
        this.loadingOlder = false;
        this.requestUpdate();
      });
    } else if (view.hasMoreAfter && top + this.viewport > this.total - 600) {
      this.loadingOlder = true;
      void handle.loadNewer().catch(() => false).finally(() => {
        this.loadingOlder = false;
        this.requestUpdate();
      });
    }
  }

  /** Marks read up to the newest message the reader can actually see. */
  private readonly maybeMarkRead = (): void => {
    if (!this.handle || !this.onScreen || this.viewport === 0 || document.visibilityState !== 'visible') return;
    const bottom = this.viewTop() + this.viewport;
    for (let i = this.range[1] - 1; i >= this.range[0]; i -= 1) {
      const row = this.rows[i];
      if (row.kind !== 'message' || this.offsets[i] > bottom - 8) continue;
      const seq = row.message.seq;
      if (seq > this.markedSeq) {
        const before = this.markedSeq;
        this.markedSeq = seq;
        // A failed mark is tried again the next time the reader scrolls or a message arrives.
        this.handle.markRead(seq).catch(() => {
          if (this.markedSeq === seq) this.markedSeq = before;
        });
      }
      return;
    }
  };

  protected override render() {
    const view = this.view.value;
    const [start, end] = this.range;
    const visible = this.rows.slice(start, end);
    const tabStop =
      visible.find((row) => row.key === this.activeKey)?.key ?? [...visible].reverse().find(isItem)?.key ?? null;
    const name = this.channel ? channelName(this.channel, this.names) : '';
    const typing = (view?.typing ?? []).filter((id) => id !== this.me).map((id) => this.names.get(id) ?? id);
    return html`
      <div
        class="scroller"
        role="log"
        aria-live="off"
        aria-label=${this.localize.term('messagesIn', name)}
        @scroll=${this.handleScroll}
        @keydown=${this.handleKey}
        @focusin=${this.handleFocusIn}
        @focusout=${() => (this.hadFocus = false)}
        @item-action=${this.handleItemAction}
      >
        <div class="sizer">
          <div class="window">${repeat(visible, (row) => row.key, (row) => this.renderRow(row, row.key === tabStop))}</div>
        </div>
      </div>
      ${view?.error && !view.loaded
        ? html`<div class="status">
            <p class="error">${this.localize.term('loadFailed')}</p>
            <button class="text-button" @click=${() => void this.handle?.load()}>${this.localize.term('tryAgain')}</button>
          </div>`
        : view?.loading && !view.loaded
          ? html`<div class="status muted" role="status">${this.localize.term('loading')}</div>`
          : view?.loaded && !this.rows.some(isItem)
            ? html`<div class="status muted">${this.localize.term('emptyChannel')}</div>`
            : nothing}
      ${!this.atBottom || view?.hasMoreAfter
        ? html`<button class="jump" @click=${this.handleJump}>${downIcon}${this.localize.term('jumpToLatest')}</button>`
        : nothing}
      <div class="typing muted">${typing.length > 0 ? this.localize.term('typing', typing) : nothing}</div>
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }

  private renderRow(row: Row, tabStop: boolean) {
    switch (row.kind) {
      case 'day':
        return html`<div class="day" data-key=${row.key}><span>${row.label}</span></div>`;
      case 'new':
        return html`<div class="divider" data-key=${row.key}><span>${this.localize.term('newMessages')}</span></div>`;
      case 'start':
        return html`<div class="start muted" data-key=${row.key}>
          ${this.localize.term(this.view.value?.hasMoreBefore ? 'loadingOlder' : 'beginningOfChannel')}
        </div>`;
      case 'message':
      case 'pending': {
        const message = row.kind === 'message' ? row.message : undefined;
        const authorId = message?.authorId ?? this.me;
        const createdAt = message?.createdAt ?? (row.kind === 'pending' ? row.pending.createdAt : '');
        return html`<plaza-message-item
          data-key=${row.key}
          data-state=${row.kind === 'pending' ? row.pending.state : 'sent'}
          part="message"
          role="article"
          aria-label=${`${authorId === this.me ? this.localize.term('you') : (this.names.get(authorId) ?? authorId)}, ${formatTime(createdAt, this.localize.lang)}`}
          tabindex=${tabStop ? 0 : -1}
          ?grouped=${row.grouped}
          ?active=${tabStop}
          .message=${message}
          .pending=${row.kind === 'pending' ? row.pending : undefined}
          .handle=${this.handle}
          .names=${this.names}
          .members=${this.members}
          .me=${this.me}
          .kind=${this.channel?.kind ?? 'group'}
          ?receipts=${row.kind === 'message' && row.receipts}
          ?admin=${this.admin}
        ></plaza-message-item>`;
      }
    }
  }

  protected override updated(): void {
    if (!this.scroller) {
      this.scroller = this.renderRoot.querySelector<HTMLElement>('.scroller')!;
      this.sizeObserver.observe(this.scroller);
      this.visibility.observe(this.scroller);
    }
    const rendered = new Set(this.scroller.querySelector('.window')!.children);
    for (const el of this.observed) {
      if (!rendered.has(el)) {
        this.rowObserver.unobserve(el);
        this.observed.delete(el);
      }
    }
    for (const el of rendered) {
      if (!this.observed.has(el)) {
        this.rowObserver.observe(el);
        this.observed.add(el);
      }
    }
    this.applyLayout();
    const focusKey = this.focusKey ?? (this.hadFocus && !this.shadowRoot!.activeElement ? this.activeKey : null);
    if (focusKey) {
      this.focusKey = null;
      const row = this.rowElement(focusKey) ?? this.renderRoot.querySelector<HTMLElement>('[tabindex="0"]');
      row?.focus({ preventScroll: true });
    }
  }

  private rowElement(key: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  }

  private readonly handleFocusIn = (event: FocusEvent): void => {
    this.hadFocus = true;
    const key = (event.composedPath().find((el) => (el as HTMLElement).dataset?.key) as HTMLElement | undefined)?.dataset.key;
    if (key && key !== this.activeKey && isItem(this.rows.find((row) => row.key === key))) this.activeKey = key;
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement;
    // Only keys pressed on a row itself: not in its editor, menu or buttons.
    if (target.localName !== 'plaza-message-item') return;
    const key = target.dataset.key!;
    if (event.key === 'Enter') {
      event.preventDefault();
      (target as PlazaMessageItem).openMenu();
      return;
    }
    const items = this.rows.flatMap((row, i) => (isItem(row) ? [i] : []));
    const position = items.indexOf(this.rows.findIndex((row) => row.key === key));
    const moves: Record<string, number> = {
      ArrowUp: -1,
      ArrowDown: 1,
      PageUp: -10,
      PageDown: 10,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[event.key];
    if (move === undefined || position === -1) return;
    event.preventDefault();
    const next = items[Math.min(items.length - 1, Math.max(0, position + move))];
    this.activeKey = this.rows[next].key;
    this.focusKey = this.activeKey;
    this.reveal(next);
  };

  /** Scrolls just enough to show row `index`. */
  private reveal(index: number): void {
    const top = this.viewTop();
    const rowTop = this.offsets[index];
    const rowBottom = this.offsets[index + 1];
    const key = this.rows[index].key;
    if (rowTop < top) {
      this.stick = false;
      this.anchor = { key, delta: 0 };
    } else if (rowBottom > top + this.viewport) {
      this.stick = index === this.rows.length - 1;
      this.anchor = { key, delta: rowBottom - rowTop - this.viewport };
    }
    this.requestUpdate();
  }

  private readonly handleJump = (event: Event): void => {
    const hadFocus = this.shadowRoot!.activeElement === event.currentTarget;
    this.scrollToLatest();
    const last = [...this.rows].reverse().find(isItem);
    if (hadFocus && last) {
      this.activeKey = last.key;
      this.focusKey = last.key;
    }
  };

  private readonly handleItemAction = (event: CustomEvent<{ action: string; message: Message }>): void => {
    if (event.detail.action === 'thread') {
      this.dispatchEvent(new CustomEvent('thread-open', { detail: { message: event.detail.message } }));
    }
    if (event.detail.action === 'copied') this.announcement = this.localize.term('linkCopied');
  };
}
