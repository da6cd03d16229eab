import { html, nothing, type PropertyValues, type ReactiveElement } from 'lit';
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
import { DatesWhenLoaded, DayKeys, formatDay, formatTime, nearDay } from '../shared/format.js';
import { downIcon } from '../shared/icons.js';
import { whenIdle } from '../shared/idle.js';
import { chatBaseStyles } from '../shared/styles.js';
import { messageListStyles } from './message-list.styles.js';

/**
 * A day row holds the time of its day's first message; its label is made when it renders.
 * An `earlier` row stands in for the first `count` messages until their rows are built.
 */
export type Row =
  | { key: string; kind: 'day'; createdAt: string }
  | { key: string; kind: 'earlier'; count: number }
  | { key: string; kind: 'new' | 'start' }
  | { key: string; kind: 'message'; message: Message; grouped: boolean; receipts?: boolean }
  | { key: string; kind: 'pending'; pending: PendingMessage; grouped: boolean };

/** Pixels rendered beyond each edge of the viewport. */
const OVERSCAN = 400;
/** Never more rows than this in the DOM, whatever the viewport or the estimates say. */
export const MAX_ROWS = 90;
/** Consecutive messages by one author within this time share one header. */
const GROUP_MS = 5 * 60_000;
/** How long a revealed message stays highlighted. */
const HIGHLIGHT_MS = 3_000;
/**
 * A channel's first frame builds the rows of this many messages before the end (or half
 * as many before the first unread or revealed message): more than any viewport shows.
 * The rest are built when the page is next idle, so 10,000 messages cost their first
 * frame what 200 do.
 */
const FIRST_ROWS = 200;
/** The estimated height of a message whose row is not built yet: headers, grouping and day separators averaged. */
const EARLIER_MESSAGE = 46;

function isItem(row: Row | undefined): row is Extract<Row, { kind: 'message' | 'pending' }> {
  return row?.kind === 'message' || row?.kind === 'pending';
}

/** A row's height before it is measured; `message` for a message row with its header. */
function estimate(row: Row, message: number): number {
  if (row.kind === 'day') return 40;
  if (row.kind === 'earlier') return row.count * EARLIER_MESSAGE;
  if (!isItem(row)) return 36;
  return row.grouped ? 28 : message;
}

/** Where the rows of a channel's messages end, before its pending sends: what more messages go on from. */
interface RowsEnd {
  length: number;
  day: string;
  author: string | null;
  at: number;
  divider: boolean;
}

/**
 * Builds rows message by message, each in constant time and with no `Date` objects or
 * formatting (day labels are made for the rows that render): all a message needs is the
 * day and the group it may continue, and whether the divider is placed.
 */
class RowBuilder {
  private readonly days = new DayKeys();
  private day = '';
  /** The author and time of the message before, unless a separator or the divider came in between. */
  private author: string | null = null;
  private at = 0;
  /** The "New messages" divider is placed. */
  divider = false;

  constructor(
    readonly rows: Row[],
    private readonly me: string,
    /** Messages after this `seq` are unread; -1 for none. */
    private readonly unreadAfter: number,
  ) {}

  /** Goes on from `message`, which has no row here: the next row may be in its day and group. */
  after(message: Message): void {
    this.author = message.authorId;
    this.at = Date.parse(message.createdAt);
    this.day = this.days.of(this.at);
  }

  message(message: Message): void {
    // Replies live in their thread; the root shows their count.
    if (message.threadRootId) return;
    // Own messages are never unread: the divider goes before the first one from others.
    if (!this.divider && this.unreadAfter >= 0 && message.seq > this.unreadAfter && message.authorId !== this.me) {
      this.divider = true;
      this.rows.push({ key: 'new', kind: 'new' });
      this.author = null;
    }
    this.add(message.authorId, message.createdAt, { key: message.id, kind: 'message', message, grouped: false });
  }

  pending(pending: PendingMessage): void {
    if (pending.threadRootId) return;
    this.add(this.me, pending.createdAt, { key: `pending-${pending.clientId}`, kind: 'pending', pending, grouped: false });
  }

  end(): RowsEnd {
    return { length: this.rows.length, day: this.day, author: this.author, at: this.at, divider: this.divider };
  }

  /** Back to `end`: drops the rows after it (pending sends), so messages can follow it. */
  rewind(end: RowsEnd): void {
    this.rows.length = end.length;
    ({ day: this.day, author: this.author, at: this.at, divider: this.divider } = end);
    const last = this.rows[end.length - 1];
    if (last?.kind === 'message' && last.message.authorId === this.me) last.receipts = true;
  }

  private add(authorId: string, createdAt: string, row: Extract<Row, { kind: 'message' | 'pending' }>): void {
    const at = Date.parse(createdAt);
    const day = this.days.of(at);
    if (day !== this.day) {
      this.day = day;
      this.rows.push({ key: `day-${day}`, kind: 'day', createdAt });
      this.author = null;
    }
    row.grouped = this.author === authorId && at - this.at < GROUP_MS;
    // Read receipts under the last of each run of own messages, not under every one.
    const before = this.rows[this.rows.length - 1];
    if (row.grouped && before.kind === 'message' && before.receipts) before.receipts = false;
    if (row.kind === 'message' && authorId === this.me) row.receipts = true;
    this.rows.push(row);
    this.author = authorId;
    this.at = at;
  }
}

/** A new copy of a message that keeps its row where it is: same author, time and thread. */
function sameRow(a: Message, b: Message): boolean {
  return a.id === b.id && a.authorId === b.authorId && a.createdAt === b.createdAt && a.threadRootId === b.threadRootId;
}

/** Index of the first message whose `seq` is `seq` or more (messages ascend by `seq`). */
function seqIndex(messages: readonly Message[], seq: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (messages[mid].seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
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
  /**
   * A message to bring into view, highlight briefly and focus once it is loaded (a followed
   * message link). A new object asks again for the same message.
   */
  @property({ attribute: false }) jumpTo: { id: string } | null = null;

  private readonly messages = new StoreController<readonly Message[]>(this);
  private readonly pending = new StoreController<readonly PendingMessage[]>(this);
  private readonly view = new StoreController<ChannelViewState>(this);

  @state() private activeKey: string | null = null;
  @state() private atBottom = true;
  @state() private announcement = '';
  /** The row highlighted after a reveal. */
  @state() private highlightKey: string | null = null;

  /** @internal Every row of the channel, rendered or not. */
  rows: Row[] = [];
  private rowsFrom: unknown[] = [];
  /** Whether `rows` holds a message or pending send. */
  private hasItems = false;
  /** Whether `rows` holds the "New messages" divider. */
  private hasDivider = false;
  /** Row index by key, made when first asked for after `rows` were rebuilt. */
  private rowIndex: Map<string, number> | null = null;
  /** How the complete `rows` were built: from which messages, and where their rows end. */
  private built: { builder: RowBuilder; end: RowsEnd; messages: readonly Message[] } | null = null;
  /** Each row's height: measured, else estimated when `rows` was built. */
  private sizes: number[] = [];
  /** Where each row starts, and the end of the last: the view's geometry. */
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
  /** Bumped by each update, so only the latest one's rows are waited for before placing the window. */
  private layoutPass = 0;
  /** The rows were built for a first frame: the rest are to be built after it. */
  private completeLater = false;
  private revealed: { id: string } | null = null;
  private readonly dates = new DatesWhenLoaded(this);

  /** The viewport and the rendered rows, in one observer: one relayout however many changed. */
  private readonly resizeObserver = new ResizeObserver((entries) => {
    let changed = false;
    /** The first row whose height changed: the offsets before it stay. */
    let from = this.rows.length;
    for (const entry of entries) {
      const el = entry.target as HTMLElement;
      if (el === this.scroller) {
        const height = entry.contentRect.height;
        if (height !== this.viewport) {
          this.viewport = height;
          changed = true;
        }
        continue;
      }
      const height = entry.borderBoxSize[0]?.blockSize ?? el.offsetHeight;
      const key = el.dataset.key;
      if (!key || height === 0 || Math.abs((this.heights.get(key) ?? -1) - height) < 0.5) continue;
      if (el.localName === 'plaza-message-item' && !this.heights.has(key)) {
        this.measured.sum += height;
        this.measured.count += 1;
      }
      this.heights.set(key, height);
      changed = true;
      const index = this.renderedIndex(key);
      if (index !== undefined) {
        this.sizes[index] = height;
        from = Math.min(from, index);
      }
    }
    if (from < this.rows.length) this.updateOffsets(from);
    if (changed) this.relayout();
  });

  private readonly visibility = new IntersectionObserver(([entry]) => {
    this.onScreen = entry?.isIntersecting ?? false;
    this.maybeMarkRead();
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.observed.clear();
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
    const from = [this.messages.value, this.pending.value, this.unreadAfter, this.localize.lang, view?.hasMoreBefore, view?.loaded, this.me];
    if (from.some((value, i) => value !== this.rowsFrom[i])) {
      // New messages, edits, reactions and sends change only the messages and the pending sends.
      const patchable = !changed.has('handle') && from.every((value, i) => i < 2 || value === this.rowsFrom[i]);
      this.rowsFrom = from;
      if (!(patchable && this.patchRows())) {
        const first = this.positioned ? 0 : this.firstMessage();
        this.setRows(this.buildRows(first));
        this.completeLater = first > 0;
      }
      this.announce();
    } else if (changed.has('handle')) {
      // The same rows in another channel's view: estimated again, its measurements gone.
      this.setRows(this.rows);
    }
    // Other updates (focus, highlight, typing…) leave the rows and their geometry as they are.

    const reveal = this.jumpTo;
    if (reveal && reveal !== this.revealed && view?.loaded && this.indexOf(reveal.id) !== undefined) {
      // A third down the view, with the rows before it for context.
      this.revealed = reveal;
      this.positioned = true;
      this.stick = false;
      this.anchor = { key: reveal.id, delta: -Math.round(this.viewport / 3) };
      this.activeKey = this.focusKey = this.highlightKey = reveal.id;
      setTimeout(() => {
        if (this.highlightKey === reveal.id) this.highlightKey = null;
      }, HIGHLIGHT_MS);
    }
    if (!this.positioned && view?.loaded && this.hasItems) {
      this.positioned = true;
      if (this.hasDivider) {
        this.stick = false;
        this.anchor = { key: 'new', delta: -8 };
      }
    }
    this.range = this.computeRange();
  }

  /**
   * Where a channel's first frame starts its rows: `FIRST_ROWS` messages before the end,
   * and half as many before the first unread message or the one to reveal; 0 for all.
   */
  private firstMessage(): number {
    const messages = this.messages.value ?? [];
    let first = messages.length - FIRST_ROWS;
    if (this.unreadAfter >= 0) first = Math.min(first, seqIndex(messages, this.unreadAfter + 1) - FIRST_ROWS / 2);
    const reveal = this.jumpTo;
    if (reveal && reveal !== this.revealed) {
      first = Math.min(first, messages.findIndex((message) => message.id === reveal.id) - FIRST_ROWS / 2);
    }
    return Math.max(0, first);
  }

  /** The rows of the messages from index `first` on, with an `earlier` row for those before. */
  private buildRows(first: number): Row[] {
    const messages = this.messages.value ?? [];
    const rows: Row[] = [];
    if (first > 0) rows.push({ key: 'earlier', kind: 'earlier', count: first });
    else if (this.view.value?.loaded && messages.length > 0) rows.push({ key: 'start', kind: 'start' });
    // The first unread message is never before `first` (see firstMessage).
    const builder = new RowBuilder(rows, this.me, this.unreadAfter);
    const before = first > 0 ? messages.findLast((message, i) => i < first && !message.threadRootId) : undefined;
    if (before) builder.after(before);
    for (let i = first; i < messages.length; i += 1) builder.message(messages[i]);
    const end = builder.end();
    for (const pending of this.pending.value ?? []) builder.pending(pending);
    this.built = first > 0 ? null : { builder, end, messages };
    this.hasItems = rows.some(isItem);
    this.hasDivider = builder.divider;
    return rows;
  }

  /**
   * Brings complete rows up to date in time proportional to the change, when the messages
   * are those the rows were built from with some replaced by new copies (an edit, a
   * reaction) and some added at the end (new messages), and the pending sends changed or
   * not: what happens while a channel is open. False when the rows must be built again.
   */
  private patchRows(): boolean {
    const built = this.built;
    const messages = this.messages.value ?? [];
    // The first messages of an empty channel bring the "start" row: built again.
    if (!built || built.messages.length === 0 || messages.length < built.messages.length) return false;
    const replaced: Message[] = [];
    for (let i = 0; i < built.messages.length; i += 1) {
      if (messages[i] === built.messages[i]) continue;
      if (!sameRow(messages[i], built.messages[i])) return false;
      if (!messages[i].threadRootId) replaced.push(messages[i]);
    }
    for (const message of replaced) {
      const row = this.rows[this.indexOf(message.id) ?? -1];
      if (row?.kind === 'message') row.message = message;
    }
    // The rows after the messages' (pending sends) are made again, after the new messages'.
    const { builder, end } = built;
    const rows = this.rows;
    for (let i = end.length; i < rows.length; i += 1) this.rowIndex?.delete(rows[i].key);
    builder.rewind(end);
    for (let i = built.messages.length; i < messages.length; i += 1) builder.message(messages[i]);
    built.end = builder.end();
    built.messages = messages;
    for (const pending of this.pending.value ?? []) builder.pending(pending);
    this.hasItems = rows.some(isItem);
    this.hasDivider = builder.divider;
    this.sizes.length = end.length;
    const message = this.averageMessage();
    for (let i = end.length; i < rows.length; i += 1) {
      this.sizes[i] = this.heights.get(rows[i].key) ?? estimate(rows[i], message);
      this.rowIndex?.set(rows[i].key, i);
    }
    this.offsets.length = rows.length + 1;
    this.updateOffsets(end.length);
    return true;
  }

  private setRows(rows: Row[]): void {
    this.rows = rows;
    this.rowIndex = null;
    this.sizes = this.computeSizes();
    this.offsets = new Array<number>(rows.length + 1);
    this.offsets[0] = 0;
    this.updateOffsets(0);
  }

  /**
   * Builds the rows a channel's first frame left out: when the page is next idle, or at
   * once when the reader moves first. Anchored to a message, the view stays where it is.
   */
  private completeRows(): void {
    if (this.rows[0]?.kind !== 'earlier') return;
    this.setRows(this.buildRows(0));
    this.range = this.computeRange();
    this.requestUpdate();
  }

  /** The index of the row with `key`. */
  private indexOf(key: string): number | undefined {
    if (!this.rowIndex) {
      const index = new Map<string, number>();
      this.rows.forEach((row, i) => index.set(row.key, i));
      this.rowIndex = index;
    }
    return this.rowIndex.get(key);
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

  /**
   * Every row's height: measured where known, estimated elsewhere. Estimates use the
   * average measured message as it is now, and stay until the rows are built again, so a
   * measurement moves only the rows after the one measured.
   */
  private computeSizes(): number[] {
    const rows = this.rows;
    const sizes = new Array<number>(rows.length);
    const message = this.averageMessage();
    // Nothing is measured before the first frame: no lookups for 10,000 rows then.
    const heights = this.heights.size > 0 ? this.heights : null;
    for (let i = 0; i < rows.length; i += 1) sizes[i] = heights?.get(rows[i].key) ?? estimate(rows[i], message);
    return sizes;
  }

  /** The estimated height of a message row with its header. */
  private averageMessage(): number {
    return this.measured.count > 0 ? this.measured.sum / this.measured.count : 64;
  }

  /** The offsets of the rows after row `from`, whose own offset has not moved. */
  private updateOffsets(from: number): void {
    const { sizes, offsets } = this;
    for (let i = from; i < sizes.length; i += 1) offsets[i + 1] = offsets[i] + sizes[i];
  }

  /** The index of a rendered row (in the window, or near it after the rows were rebuilt). */
  private renderedIndex(key: string): number | undefined {
    const [start, end] = this.range;
    for (let i = start; i < end; i += 1) if (this.rows[i]?.key === key) return i;
    return this.indexOf(key);
  }

  private get total(): number {
    return this.offsets[this.offsets.length - 1];
  }

  /** Where the view's top should be: at the bottom when sticking, else at the anchor. */
  private viewTop(): number {
    const max = Math.max(0, this.total - this.viewport);
    if (this.stick) return max;
    const index = this.anchor ? this.indexOf(this.anchor.key) : undefined;
    if (index === undefined) return Math.min(this.scroller?.scrollTop ?? 0, max);
    return Math.min(Math.max(0, this.offsets[index] + this.anchor!.delta), max);
  }

  private computeRange(): [number, number] {
    const top = this.viewTop();
    const height = this.viewport || 800;
    // The `earlier` row is never rendered: its messages' rows come first.
    const first = this.rows[0]?.kind === 'earlier' ? 1 : 0;
    let start = Math.max(first, upperBound(this.offsets, top - OVERSCAN) - 1);
    let end = Math.min(this.rows.length, upperBound(this.offsets, top + height + OVERSCAN));
    if (end - start > MAX_ROWS) {
      // Small rows or a tall viewport: keep the rows around the middle of the view.
      const middle = upperBound(this.offsets, top + height / 2) - 1;
      start = Math.max(first, Math.min(middle - MAX_ROWS / 2, this.rows.length - MAX_ROWS));
      end = Math.min(this.rows.length, start + MAX_ROWS);
    }
    return [start, Math.max(start, end)];
  }

  /**
   * After measurements or a resize: re-place the window at once (CSSOM only, which resizes
   * no observed row), and render other rows in the next frame. Rendering inside the
   * ResizeObserver callback would resize observed rows within the same delivery, which the
   * browser reports as a "ResizeObserver loop" error.
   */
  private relayout(): void {
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
    this.anchor = this.anchorAt(top);
    // Near the messages whose rows are not built yet: built now, not when the page is idle.
    if (top - 2 * OVERSCAN < this.offsets[1]) this.completeRows();
    this.atBottom = this.stick;
    const [start, end] = this.computeRange();
    if (start !== this.range[0] || end !== this.range[1]) this.requestUpdate();
    this.maybeLoad();
    this.maybeMarkRead();
  };

  /**
   * The message to hold in place with the view's top at `top`. Never a separator: older
   * messages of the same day move the day's separator up, and the "start" row stays first
   * whatever is loaded before it.
   */
  private anchorAt(top: number): { key: string; delta: number } | null {
    let index = Math.max(0, upperBound(this.offsets, top) - 1);
    const earlier = this.rows[index];
    if (earlier?.kind === 'earlier') {
      // In the messages whose rows are not built yet: the one as far into them as the view.
      const messages = this.messages.value ?? [];
      let at = Math.floor((top / this.offsets[index + 1]) * earlier.count);
      while (at < messages.length - 1 && messages[at].threadRootId) at += 1;
      return messages[at] ? { key: messages[at].id, delta: 0 } : null;
    }
    while (index < this.rows.length - 1 && !isItem(this.rows[index])) index += 1;
    const row = this.rows[index];
    return row ? { key: row.key, delta: top - this.offsets[index] } : null;
  }

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
      case 'day': {
        // A weekday and date waits for the date data (loaded after the first frame); its
        // row keeps its height meanwhile.
        const label = this.dayLabel(row.createdAt);
        return html`<div class="day ${label ? '' : 'loading'}" data-key=${row.key}><span>${label ?? '\u00a0'}</span></div>`;
      }
      case 'earlier':
        return nothing;
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
          aria-label=${this.rowLabel(authorId, createdAt)}
          tabindex=${tabStop ? 0 : -1}
          ?grouped=${row.grouped}
          ?highlight=${row.key === this.highlightKey}
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

  private dayLabel(iso: string): string | null {
    const lang = this.localize.lang;
    const [today, yesterday] = [this.localize.term('today'), this.localize.term('yesterday')];
    return nearDay(iso, today, yesterday) ?? (this.dates.ready(lang) ? formatDay(iso, lang, today, yesterday) : null);
  }

  /** "Li Na, 10:32": who and when, the time once the date data is loaded. */
  private rowLabel(authorId: string, createdAt: string): string {
    const name = authorId === this.me ? this.localize.term('you') : (this.names.get(authorId) ?? authorId);
    const lang = this.localize.lang;
    return this.dates.ready(lang) ? `${name}, ${formatTime(createdAt, lang)}` : name;
  }

  protected override updated(): void {
    if (this.completeLater) {
      this.completeLater = false;
      // Asked for after the date data the rows just rendered asked for: times show first.
      whenIdle(() => this.completeRows());
    }
    if (!this.scroller) {
      this.scroller = this.renderRoot.querySelector<HTMLElement>('.scroller')!;
      this.resizeObserver.observe(this.scroller);
      this.visibility.observe(this.scroller);
    }
    const rendered = new Set(this.scroller.querySelector('.window')!.children);
    for (const el of this.observed) {
      if (!rendered.has(el)) {
        this.resizeObserver.unobserve(el);
        this.observed.delete(el);
      }
    }
    for (const el of rendered) {
      if (!this.observed.has(el)) {
        this.resizeObserver.observe(el);
        this.observed.add(el);
      }
    }
    this.layoutAfter(rendered);
    const focusKey = this.focusKey ?? (this.hadFocus && !this.shadowRoot!.activeElement ? this.activeKey : null);
    if (focusKey) {
      this.focusKey = null;
      const row = this.rowElement(focusKey) ?? this.renderRoot.querySelector<HTMLElement>('[tabindex="0"]');
      row?.focus({ preventScroll: true });
    }
  }

  /**
   * Places the window once `rows` have rendered themselves (their updates run after this
   * element's). Placing it sets the scroll position, which lays the page out at once; done
   * before the rows render, that layout would be thrown away and done again for the frame.
   */
  private layoutAfter(rows: Iterable<Element>): void {
    const pass = ++this.layoutPass;
    const rendering = [...rows].flatMap((row) => ('updateComplete' in row ? [(row as ReactiveElement).updateComplete] : []));
    void Promise.allSettled(rendering).then(() => {
      if (pass === this.layoutPass) this.applyLayout();
    });
  }

  private rowElement(key: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  }

  private readonly handleFocusIn = (event: FocusEvent): void => {
    this.hadFocus = true;
    const key = (event.composedPath().find((el) => (el as HTMLElement).dataset?.key) as HTMLElement | undefined)?.dataset.key;
    if (key && key !== this.activeKey && isItem(this.rows[this.indexOf(key) ?? -1])) this.activeKey = key;
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
    this.completeRows();
    const index = this.indexOf(key);
    const moves: Record<string, number> = {
      ArrowUp: -1,
      ArrowDown: 1,
      PageUp: -10,
      PageDown: 10,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[event.key];
    if (move === undefined || index === undefined) return;
    event.preventDefault();
    const next = this.itemAfter(index, move);
    this.activeKey = this.rows[next].key;
    this.focusKey = this.activeKey;
    this.reveal(next);
  };

  /** The message row `count` messages after row `from` (before it when negative), or the last one there is. */
  private itemAfter(from: number, count: number): number {
    const step = Math.sign(count);
    let found = from;
    for (let i = from + step, left = Math.abs(count); left > 0 && i >= 0 && i < this.rows.length; i += step) {
      if (isItem(this.rows[i])) {
        found = i;
        left -= 1;
      }
    }
    return found;
  }

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
    const last = this.rows.findLast(isItem);
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
