import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { property, state } from 'lit/decorators.js';
import type { Task, TaskStatus } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import { dueState } from '../shared/format.js';
import { renderMeta } from '../shared/meta.js';
import { taskBaseStyles } from '../shared/styles.js';
import '../translations/board.js';
import { taskBoardStyles } from './task-board.styles.js';

/** A card being moved: where it is shown now, and where it came from. */
interface Grab {
  id: string;
  status: TaskStatus;
  index: number;
  from: { status: TaskStatus; index: number };
}

/** A pointer press on a card, which becomes a drag once it moves a few pixels. */
interface Press {
  id: string;
  x: number;
  y: number;
  moved: boolean;
}

/** Where a card was dropped: its column, and its new neighbours there. */
export interface TaskMoveDetail {
  taskId: string;
  status: TaskStatus;
  after: string | null;
  before: string | null;
}

type Columns = [TaskStatus, Task[]][];

const STEPS: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
/** Cards a column renders at first, and the least its window holds. */
const SPAN = 30;
/** Cards kept rendered above the first one in view (the window reaches as far below the last). */
const OVERSCAN = 8;
/** A card's height with the gap under it (px), until the column's cards were measured. */
const GUESS = 72;
/** The `.cards` gap (px, task-board.styles.ts): a spacer for k cards is k card heights and k gaps. */
const GAP = 6;

/** The board listens once for all its cards: the card an event happened in. */
function cardOf(event: Event): HTMLElement | null {
  return (event.target as Element).closest<HTMLElement>('.card');
}

/**
 * @tag plaza-task-board
 * @summary The task list's board: a column per status, cards moved by pointer or keyboard.
 *
 * @description Used inside `<plaza-task-list>` (its own chunk, loaded when the board is
 * first shown). One card is in the Tab order (roving tabindex); arrow keys move the focus
 * between cards and columns. Space picks the focused card up, arrow keys carry it (within
 * its column and across columns), Space drops it, Escape or leaving the board puts it back;
 * each step is announced through a live region. A pointer drag does the same.
 *
 * Each column renders only a window of its cards around what is scrolled into view, with
 * spacers standing for the rest at their measured average height, so a board of thousands
 * of tasks renders as fast as one of a hundred; the column head still counts them all.
 * Moving the focus or a carried card to a card outside the window moves the window there.
 *
 * @event task-move - Internal, not composed: a card was dropped somewhere new (`TaskMoveDetail`).
 * @event task-open - Internal, not composed: a card was activated (`detail.taskId`).
 * @csspart task - Each card.
 */
export class PlazaTaskBoard extends PlazaElement {
  static override styles = [taskBaseStyles, taskBoardStyles];

  /** The tasks in board order (status, then rank). */
  @property({ attribute: false }) tasks: readonly Task[] = [];
  @property({ attribute: false }) columns: readonly TaskStatus[] = [];
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ attribute: false }) pending: ReadonlySet<string> | undefined;
  @property({ type: Boolean }) canEdit = false;

  @state() private grab: Grab | null = null;
  @state() private focusId: string | null = null;
  @state() private announcement = '';
  private press: Press | null = null;
  /** A drag just ended: the click that follows it is not an "open". */
  private dragged = false;
  /** The tasks of each column, grouped once per change of `tasks` or `columns`. */
  private groups = new Map<TaskStatus, Task[]>();
  /** Each column's first rendered card, as an index into the column as shown. */
  private readonly starts = new Map<TaskStatus, number>();
  /** Each column's average card height with its gap (px), measured on its first cards. */
  private readonly heights = new Map<TaskStatus, number>();
  /** Cards rendered per column: enough to fill the tallest column, with overscan. */
  private span = SPAN;
  /** A card in view when a column's window moved, and its distance from the column's top. */
  private anchor: { card: HTMLElement; top: number } | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('tasks') && !changed.has('columns')) return;
    const groups = new Map(this.columns.map((status) => [status, [] as Task[]]));
    for (const task of this.tasks) groups.get(task.status)?.push(task);
    this.groups = groups;
  }

  protected override updated(): void {
    this.place();
    // A card carried to another column is a new node: keep the focus on it.
    const card = this.card(this.focusId);
    if (this.grab && card && (this.renderRoot as ShadowRoot).activeElement !== card) card.focus();
  }

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const columns = this.shown();
    const windows = columns.map(([status, tasks]) => this.window(status, tasks.length));
    const slices = columns.map(([, tasks], i) => tasks.slice(...windows[i]));
    const rendered = slices.flat();
    // The focused card keeps the tab stop while it is rendered; else the first rendered card has it.
    const tabStop = rendered.some((task) => task.id === this.focusId) ? this.focusId : rendered[0]?.id;
    const context = { localize: this.localize, names: this.names, pending: this.pending };
    return html`<div
        class="board"
        @keydown=${this.handleKey}
        @focusin=${this.handleFocus}
        @focusout=${this.handleBlur}
        @click=${this.handleClick}
        @pointerdown=${this.handlePointerDown}
      >
        ${columns.map(
          ([status, tasks], i) => html`<section class="column" data-status=${status} aria-labelledby=${`col-${status}`}>
            <h3 class="column-head" id=${`col-${status}`}>
              <span aria-hidden="true">${t(`taskStatus_${status}`)} <span class="muted">${tasks.length}</span></span>
              <span class="sr-only">${t('tasksColumn', t(`taskStatus_${status}`), tasks.length)}</span>
            </h3>
            <div class="cards" data-before=${windows[i][0]} data-after=${tasks.length - windows[i][1]} @scroll=${this.handleScroll}>
              <div class="spacer"></div>
              ${repeat(
                slices[i],
                (task) => task.id,
                (task) => html`<div
                  class="card ${this.grab?.id === task.id ? 'grabbed' : ''}"
                  part="task"
                  role="button"
                  data-id=${task.id}
                  data-due=${dueState(task) ?? nothing}
                  tabindex=${task.id === tabStop ? 0 : -1}
                  aria-describedby="help"
                  aria-pressed=${this.grab?.id === task.id ? 'true' : nothing}
                >
                  <span class="card-title">${task.title}</span>
                  ${renderMeta(task, context, false)}
                </div>`,
              )}
              <div class="spacer"></div>
            </div>
          </section>`,
        )}
      </div>
      <p id="help" hidden>${t('tasksBoardHelp')}</p>
      <div class="sr-only" aria-live="assertive">${this.announcement}</div>`;
  }

  /** The columns as shown: a picked-up card at its new place. */
  private shown(): Columns {
    const grab = this.grab;
    const columns = this.columns.map((status): [TaskStatus, Task[]] => {
      const tasks = this.groups.get(status) ?? [];
      return [status, grab ? tasks.filter((task) => task.id !== grab.id) : tasks];
    });
    const moving = grab && this.tasks.find((task) => task.id === grab.id);
    if (grab && moving) columns.find(([status]) => status === grab.status)?.[1].splice(grab.index, 0, moving);
    return columns;
  }

  /** The indices `[start, end)` of a column's rendered cards. */
  private window(status: TaskStatus, total: number): [number, number] {
    const start = Math.max(0, Math.min(this.starts.get(status) ?? 0, total - this.span));
    return [start, Math.min(total, start + this.span)];
  }

  /** Moves a column's window, if need be, so that its card at `index` is rendered. */
  private reveal(status: TaskStatus, index: number): void {
    const start = this.starts.get(status) ?? 0;
    if (index >= start && index < start + this.span) return;
    this.starts.set(status, Math.max(0, index - (this.span >> 1)));
    this.requestUpdate();
  }

  /**
   * Gives each column's spacers the height of the cards they stand for, at the average
   * height of its first cards; grows the window if a column shows more cards than it holds.
   * Set through the CSSOM (CSP-safe). A card that was in view when the window moved stays
   * where it was, as the browser's scroll anchoring would have it.
   */
  private place(): void {
    for (const cards of this.renderRoot.querySelectorAll<HTMLElement>('.cards')) {
      const status = cards.parentElement!.dataset.status as TaskStatus;
      const shown = cards.querySelectorAll<HTMLElement>('.card');
      const last = shown[shown.length - 1];
      // Measured once: a spacer's height maps scroll positions to cards, which must not shift
      // under a reader who jumped into it. Not in a column empty or not laid out (display: none).
      if (!this.heights.has(status) && last?.offsetHeight) {
        this.heights.set(status, (last.offsetTop + last.offsetHeight - shown[0].offsetTop + GAP) / shown.length);
      }
      const height = this.heights.get(status) ?? GUESS;
      (cards.firstElementChild as HTMLElement).style.height = `${Number(cards.dataset.before) * height}px`;
      (cards.lastElementChild as HTMLElement).style.height = `${Number(cards.dataset.after) * height}px`;
      // Where scroll anchoring is missing (Safari) or did not apply, keep that card in place.
      const anchor = this.anchor;
      if (anchor && cards.contains(anchor.card)) cards.scrollTop = anchor.card.offsetTop - anchor.top;
      const span = Math.ceil(cards.clientHeight / height) + 2 * OVERSCAN;
      if (span > this.span) {
        this.span = span;
        this.requestUpdate();
      }
    }
    this.anchor = null;
  }

  /** A column scrolled: its window starts a few cards above the first one in view. */
  private readonly handleScroll = (event: Event): void => {
    const cards = event.currentTarget as HTMLElement;
    const status = cards.parentElement!.dataset.status as TaskStatus;
    const shown = [...cards.querySelectorAll<HTMLElement>('.card')];
    const start = Number(cards.dataset.before);
    const total = start + shown.length + Number(cards.dataset.after);
    const height = this.heights.get(status) ?? GUESS;
    const top = cards.scrollTop;
    const inView = shown.find((card) => card.offsetTop + card.offsetHeight > top);
    const last = shown[shown.length - 1];
    // The card at the top of the view: in the spacer below the rendered cards, in the one
    // above them, or rendered.
    const index = !inView
      ? start + shown.length + Math.floor((top - (last ? last.offsetTop + last.offsetHeight : 0)) / height)
      : inView === shown[0] && inView.offsetTop > top
        ? Math.floor(top / height)
        : start + shown.indexOf(inView);
    const next = Math.max(0, Math.min(index - OVERSCAN, total - this.span));
    if (next === start) return;
    this.anchor = inView && inView.offsetTop < top + cards.clientHeight ? { card: inView, top: inView.offsetTop - top } : null;
    this.starts.set(status, next);
    this.requestUpdate();
  };

  private card(id: string | null): HTMLElement | null {
    return id ? this.renderRoot.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(id)}"]`) : null;
  }

  private readonly handleFocus = (event: FocusEvent): void => {
    const card = cardOf(event);
    if (card) this.focusId = card.dataset.id!;
  };

  private readonly handleClick = (event: MouseEvent): void => {
    const card = cardOf(event);
    if (card && !this.dragged) this.dispatchEvent(new CustomEvent('task-open', { detail: { taskId: card.dataset.id } }));
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    const card = cardOf(event);
    if (!card) return;
    const id = card.dataset.id!;
    const columns = this.shown();
    const col = columns.findIndex(([, tasks]) => tasks.some((task) => task.id === id));
    const row = columns[col][1].findIndex((task) => task.id === id);
    const step = STEPS[event.key];
    const key = event.key;
    if (this.grab) {
      if (step) this.carry(columns, col + step[0], row + step[1]);
      else if (key === ' ' || key === 'Enter') this.drop();
      else if (key === 'Escape') {
        event.stopPropagation();
        this.cancel();
      } else return;
    } else if (step || key === 'Home' || key === 'End') {
      const own = columns[col][1];
      const [c, r] = key === 'Home' ? [col, 0] : key === 'End' ? [col, own.length - 1] : step[0] ? this.across(columns, col, row, step[0]) : [col, row + step[1]];
      const target = columns[c]?.[1][r];
      if (target) {
        this.reveal(columns[c][0], r);
        this.focusId = target.id;
        void this.updateComplete.then(() => this.card(target.id)?.focus());
      }
    } else if (key === 'Enter') card.click();
    else if (key === ' ') this.pickUp(id, columns);
    else return;
    event.preventDefault();
  };

  /** The nearest column that way with cards, at the same height where it can: `[column, row]`. */
  private across(columns: Columns, col: number, row: number, way: number): [number, number] {
    for (let c = col + way; c >= 0 && c < columns.length; c += way) {
      const count = columns[c][1].length;
      if (count) return [c, Math.min(row, count - 1)];
    }
    return [-1, -1];
  }

  private pickUp(id: string, columns: Columns): boolean {
    const task = this.tasks.find((t) => t.id === id);
    if (!this.canEdit || !task) return false;
    const index = columns.find(([status]) => status === task.status)![1].findIndex((t) => t.id === id);
    this.grab = { id, status: task.status, index, from: { status: task.status, index } };
    this.focusId = id;
    this.say('tasksPickedUp', task.status, index, task.title);
    return true;
  }

  private carry(columns: Columns, col: number, row: number): void {
    const grab = this.grab!;
    const [status, tasks] = columns[Math.max(0, Math.min(col, columns.length - 1))];
    // Places in the target column, counted without the card itself.
    const index = Math.max(0, Math.min(row, tasks.filter((task) => task.id !== grab.id).length));
    this.moveGrab(status, index);
  }

  /** Shows the carried card at a new place (rendered, so it keeps the focus), and says where. */
  private moveGrab(status: TaskStatus, index: number): void {
    const grab = this.grab!;
    if (status === grab.status && index === grab.index) return;
    this.grab = { ...grab, status, index };
    this.reveal(status, index);
    this.say('tasksMovedTo', status, index);
  }

  private drop(): void {
    const grab = this.grab;
    if (!grab) return;
    const column = this.shown().find(([status]) => status === grab.status)![1];
    this.say('tasksDropped', grab.status, grab.index, column[grab.index].title);
    this.grab = null;
    if (grab.status === grab.from.status && grab.index === grab.from.index) return;
    const detail: TaskMoveDetail = {
      taskId: grab.id,
      status: grab.status,
      after: column[grab.index - 1]?.id ?? null,
      before: column[grab.index + 1]?.id ?? null,
    };
    this.dispatchEvent(new CustomEvent('task-move', { detail }));
  }

  private cancel(): void {
    const grab = this.grab;
    if (!grab) return;
    this.grab = null;
    this.announcement = this.localize.term('tasksMoveCancelled', this.tasks.find((t) => t.id === grab.id)?.title ?? '');
  }

  /** Puts a step into words for the live region (positions counted from 1). */
  private say(key: 'tasksPickedUp' | 'tasksMovedTo' | 'tasksDropped', status: TaskStatus, index: number, title = ''): void {
    const t = this.localize.term.bind(this.localize);
    const column = t(`taskStatus_${status}`);
    const total = this.shown().find(([s]) => s === status)![1].length;
    this.announcement = key === 'tasksMovedTo' ? t(key, column, index + 1, total) : t(key, title, column, index + 1, total);
  }

  private readonly handleBlur = (): void => {
    // Leaving the board with a card picked up puts it back, as Escape would. A card carried
    // to another column loses the focus for a moment too: judge once it was given back.
    void this.updateComplete.then(() => {
      if (this.grab && !this.press && !(this.renderRoot as ShadowRoot).activeElement) this.cancel();
    });
  };

  private readonly handlePointerDown = (event: PointerEvent): void => {
    const card = cardOf(event);
    if (!card || event.button !== 0 || !this.canEdit) return;
    this.press = { id: card.dataset.id!, x: event.clientX, y: event.clientY, moved: false };
    addEventListener('pointermove', this.handlePointerMove);
    addEventListener('pointerup', this.handlePointerUp);
    addEventListener('pointercancel', this.handlePointerUp);
  };

  private readonly handlePointerMove = (event: PointerEvent): void => {
    const press = this.press;
    if (!press) return;
    if (!press.moved) {
      if (Math.hypot(event.clientX - press.x, event.clientY - press.y) < 6) return;
      press.moved = true;
      if (!this.pickUp(press.id, this.shown())) return;
    }
    const grab = this.grab;
    // The column under the pointer, and how many of its other cards are above the pointer.
    const column = (this.renderRoot as ShadowRoot)
      .elementsFromPoint(event.clientX, event.clientY)
      .find((el): el is HTMLElement => el instanceof HTMLElement && el.classList.contains('column'));
    if (!grab || !column) return;
    const status = column.dataset.status as TaskStatus;
    // The cards before the window are above it too, less the carried card if it is one of them.
    const start = Number(column.querySelector<HTMLElement>('.cards')!.dataset.before);
    const before = start - (grab.status === status && grab.index < start ? 1 : 0);
    const above = [...column.querySelectorAll<HTMLElement>('.card')].filter((el) => {
      const box = el.getBoundingClientRect();
      return el.dataset.id !== grab.id && box.top + box.height / 2 < event.clientY;
    }).length;
    this.moveGrab(status, before + above);
  };

  private readonly handlePointerUp = (event: PointerEvent): void => {
    removeEventListener('pointermove', this.handlePointerMove);
    removeEventListener('pointerup', this.handlePointerUp);
    removeEventListener('pointercancel', this.handlePointerUp);
    const moved = this.press?.moved;
    this.press = null;
    if (!moved) return;
    // The click that ends a drag (when the browser sends one) is not an "open".
    this.dragged = true;
    setTimeout(() => (this.dragged = false));
    if (event.type === 'pointercancel') this.cancel();
    else this.drop();
  };
}
