import { html, nothing } from 'lit';
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

  protected override updated(): void {
    // A card carried to another column is a new node: keep the focus on it.
    const card = this.card(this.focusId);
    if (this.grab && card && (this.renderRoot as ShadowRoot).activeElement !== card) card.focus();
  }

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const columns = this.shown();
    const all = columns.flatMap(([, tasks]) => tasks);
    const tabStop = all.some((task) => task.id === this.focusId) ? this.focusId : all[0]?.id;
    const context = { localize: this.localize, names: this.names, pending: this.pending };
    return html`<div class="board" @keydown=${this.handleKey} @focusout=${this.handleBlur}>
        ${columns.map(
          ([status, tasks]) => html`<section class="column" data-status=${status} aria-labelledby=${`col-${status}`}>
            <h3 class="column-head" id=${`col-${status}`}>
              <span aria-hidden="true">${t(`taskStatus_${status}`)} <span class="muted">${tasks.length}</span></span>
              <span class="sr-only">${t('tasksColumn', t(`taskStatus_${status}`), tasks.length)}</span>
            </h3>
            <div class="cards">
              ${tasks.map(
                (task) => html`<div
                  class="card ${this.grab?.id === task.id ? 'grabbed' : ''}"
                  part="task"
                  role="button"
                  data-id=${task.id}
                  data-due=${dueState(task) ?? nothing}
                  tabindex=${task.id === tabStop ? 0 : -1}
                  aria-describedby="help"
                  aria-pressed=${this.grab?.id === task.id ? 'true' : nothing}
                  @focus=${() => (this.focusId = task.id)}
                  @click=${() => this.handleClick(task)}
                  @pointerdown=${this.handlePointerDown}
                >
                  <span class="card-title">${task.title}</span>
                  ${renderMeta(task, context, false)}
                </div>`,
              )}
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
    const tasks = this.tasks.filter((task) => task.id !== grab?.id);
    const columns = this.columns.map((status): [TaskStatus, Task[]] => [status, tasks.filter((task) => task.status === status)]);
    const moving = grab && this.tasks.find((task) => task.id === grab.id);
    if (grab && moving) columns.find(([status]) => status === grab.status)?.[1].splice(grab.index, 0, moving);
    return columns;
  }

  private card(id: string | null): HTMLElement | null {
    return id ? this.renderRoot.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(id)}"]`) : null;
  }

  private handleClick(task: Task): void {
    if (!this.dragged) this.dispatchEvent(new CustomEvent('task-open', { detail: { taskId: task.id } }));
  }

  private readonly handleKey = (event: KeyboardEvent): void => {
    const card = (event.target as HTMLElement).closest<HTMLElement>('.card');
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
      const target = key === 'Home' ? own[0] : key === 'End' ? own.at(-1) : step[0] ? this.across(columns, col, row, step[0]) : own[row + step[1]];
      if (target) {
        this.focusId = target.id;
        void this.updateComplete.then(() => this.card(target.id)?.focus());
      }
    } else if (key === 'Enter') card.click();
    else if (key === ' ') this.pickUp(id, columns);
    else return;
    event.preventDefault();
  };

  /** The nearest column that way with cards, at the same height where it can. */
  private across(columns: Columns, col: number, row: number, way: number): Task | undefined {
    for (let c = col + way; c >= 0 && c < columns.length; c += way) {
      const tasks = columns[c][1];
      if (tasks.length) return tasks[Math.min(row, tasks.length - 1)];
    }
    return undefined;
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
    if (status === grab.status && index === grab.index) return;
    this.grab = { ...grab, status, index };
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
    const card = event.currentTarget as HTMLElement;
    if (event.button !== 0 || !this.canEdit) return;
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
    const index = [...column.querySelectorAll<HTMLElement>('.card')].filter((el) => {
      const box = el.getBoundingClientRect();
      return el.dataset.id !== grab.id && box.top + box.height / 2 < event.clientY;
    }).length;
    const status = column.dataset.status as TaskStatus;
    if (status === grab.status && index === grab.index) return;
    this.grab = { ...grab, status, index };
    this.say('tasksMovedTo', status, index);
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
