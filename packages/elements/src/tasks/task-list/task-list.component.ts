import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  ClientState,
  NotificationsState,
  PlazaClient,
  Task,
  TaskView,
  TaskViewState,
  TasksApi,
  Unsubscribe,
} from '@plaza/sdk';
// The SDK capability the element uses: a client from `@plaza/sdk/core` (the provider's)
// gets it when this chunk loads.
import { STATUS_ORDER } from '@plaza/sdk/tasks';
import { PlazaElement } from '../../base/plaza-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { themeStyles } from '../../styles/theme.js';
import { PlazaTaskCreatedEvent, PlazaTaskOpenEvent, PlazaTaskUpdatedEvent } from '../events/task-events.js';
import { dueState, parseFilter } from '../shared/format.js';
import { bellIcon } from '../shared/icons.js';
import { renderMeta } from '../shared/meta.js';
import type { TaskMoveDetail } from '../task-board/task-board.component.js';
import { taskBaseStyles } from '../shared/styles.js';
import '../translations/index.js';
import { taskListStyles } from './task-list.styles.js';

const SORTS = { manual: 'tasksSortManual', due: 'tasksSortDue', priority: 'tasksSortPriority', title: 'tasksSortTitle' } as const;
type Sort = keyof typeof SORTS;

const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
const FILTERS = ['mine', 'assigned-by-me', 'overdue', 'due-this-week'] as const;

/**
 * @tag plaza-task-list
 * @summary Tasks as a list or a board: quick add, filters and sort, drag and drop and
 * keyboard moves between status columns, a detail drawer, reminders.
 *
 * @description Put it inside a `<plaza-provider>` (or give it a `.client`). With `list` it
 * shows that task list (project); without, the user's own tasks across every list. Changes
 * show at once and are undone if the server refuses them; other people's changes arrive
 * live. Due times show in the viewer's time zone; overdue and due-soon tasks are marked in
 * words as well as colour. Task text is only ever rendered as text (descriptions and
 * comments as safe Markdown).
 *
 * Keyboard on the board: one card is in the Tab order; arrow keys move between cards and
 * columns, Enter opens a card, Space picks it up, then arrow keys move it (announced),
 * Space drops it and Escape puts it back.
 *
 * @example
 * <plaza-provider url="https://plaza.example.com">
 *   <plaza-task-list list="0190…" view="board"></plaza-task-list>
 * </plaza-provider>
 *
 * @event {PlazaTaskCreatedEvent} plaza-task-created - A task the user added was stored; `detail.task`.
 * @event {PlazaTaskUpdatedEvent} plaza-task-updated - A change the user made was stored; `detail.task`.
 * @event {PlazaTaskOpenEvent} plaza-task-open - The user opened a task (`detail.taskId`); cancel it to show the task your own way.
 *
 * @csspart task - Each task row (list view) and card (board).
 *
 * @cssproperty --plaza-task-list-height - The element's height (default `560px`); or size the element itself.
 * @cssproperty --plaza-color-accent - Selected view, primary buttons.
 * @cssproperty --plaza-color-danger - Overdue tasks, urgent priority, errors.
 * @cssproperty --plaza-color-warning - Tasks due within a day.
 * @cssproperty --plaza-color-surface - Background.
 * @cssproperty --plaza-color-surface-subtle - Columns, chips.
 * @cssproperty --plaza-color-border - Borders.
 * @cssproperty --plaza-color-text - Text.
 * @cssproperty --plaza-color-text-muted - Secondary text.
 * @cssproperty --plaza-focus-ring - Focus outline.
 */
export class PlazaTaskList extends PlazaElement {
  static override styles = [themeStyles, taskBaseStyles, taskListStyles];

  /** Id of the task list to show; without it, the user's own tasks across lists. */
  @property() list: string | null = null;
  /** `list` or `board`; follows the user's choice. */
  @property({ reflect: true }) view: 'list' | 'board' = 'list';
  /** `mine`, `assigned-by-me`, `overdue`, `due-this-week`, `label:NAME` or `dept:ID`; follows the user's choice. */
  @property({ reflect: true }) filter: string | null = null;

  @state() private sort: Sort = 'manual';
  @state() private opened: string | null = null;
  @state() private notice = '';
  @state() private bellOpen = false;

  private readonly clientState = new StoreController<ClientState>(this);
  private readonly tasks = new StoreController<readonly Task[]>(this);
  private readonly viewState = new StoreController<TaskViewState>(this);
  private readonly pending = new StoreController<ReadonlySet<string>>(this);
  private readonly notifications = new StoreController<NotificationsState>(this);

  private taskView: TaskView | undefined;
  private viewKey = '';
  private offEvents: Unsubscribe[] = [];
  private readonly labelsSeen = new Set<string>();
  /** Display names by user id: the list's members, and "You". */
  private nameMap: ReadonlyMap<string, string> = new Map();
  /** The tasks API whose notifications were asked for. */
  private notesAsked: TasksApi | undefined;

  private get api(): TasksApi | undefined {
    return this.client?.tasks;
  }

  private get me(): string {
    return this.clientState.value?.session?.user.id ?? '';
  }

  private get canEdit(): boolean {
    return this.viewState.value?.list?.role !== 'viewer';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.openView(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.attach(this.client);
    const status = this.clientState.value?.status;
    const me = this.me;
    const key = this.isConnected && me ? JSON.stringify([this.list, this.filter, me]) : '';
    if (key !== this.viewKey) {
      this.viewKey = key;
      this.openView(key ? this.query(me) : null);
    }
    const api = this.api;
    if (status === 'online' && api && this.notesAsked !== api && !api.notifications.get().loaded) {
      this.notesAsked = api;
      api.loadNotifications().catch(() => (this.notesAsked = undefined));
    }
    for (const task of this.tasks.value ?? []) for (const label of task.labels) this.labelsSeen.add(label);
    const names = new Map((this.viewState.value?.members ?? []).map((m) => [m.userId, m.name]));
    if (me) names.set(me, this.localize.term('taskYou'));
    this.nameMap = names;
  }

  private attach(client: PlazaClient | undefined): void {
    for (const off of this.offEvents.splice(0)) off();
    this.clientState.setStore(client?.state);
    const api = client?.tasks;
    this.pending.setStore(api?.pending);
    this.notifications.setStore(api?.notifications);
    this.viewKey = '';
    if (!client) return;
    this.offEvents.push(
      client.on('task:rollback', ({ error }) => (this.notice = this.localize.term('taskRefused', error.message))),
      client.on('task:overwritten', ({ by, task }) => (this.notice = this.localize.term('tasksOverwrittenIn', this.name(by), task?.title ?? ''))),
    );
  }

  /** Without a list: the user's own tasks, narrowed by the filter (or the tasks they assigned). */
  private query(me: string) {
    const parsed = parseFilter(this.filter);
    if (this.list) return { listId: this.list, ...parsed };
    return parsed.filter === 'assigned_by_me' || parsed.filter === 'mine' ? parsed : { assignee: me, ...parsed };
  }

  private openView(query: ReturnType<PlazaTaskList['query']> | null): void {
    this.taskView?.close();
    this.taskView = query ? this.api?.view(query) : undefined;
    this.tasks.setStore(this.taskView?.tasks);
    this.viewState.setStore(this.taskView?.state);
  }

  // ——— rendering ———

  protected override render() {
    const state = this.viewState.value;
    const status = this.clientState.value?.status;
    const t = this.localize.term.bind(this.localize);
    return html`
      <div class="bar">
        <h2 class="title">${state?.list?.name ?? t(this.list ? 'tasksLabel' : 'tasksMine')}</h2>
        <div class="seg" role="group" aria-label=${t('tasksView')}>
          ${(['list', 'board'] as const).map(
            (view) =>
              html`<button class="btn ${this.view === view ? 'btn--primary' : ''}" aria-pressed=${this.view === view ? 'true' : 'false'} @click=${() => (this.view = view)}>
                ${t(view === 'list' ? 'tasksViewList' : 'tasksViewBoard')}
              </button>`,
          )}
        </div>
        <select aria-label=${t('tasksFilter')} @change=${this.handleFilter}>
          ${this.filterOptions()}
        </select>
        ${this.view === 'list'
          ? html`<select aria-label=${t('tasksSort')} @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as Sort)}>
              ${Object.entries(SORTS).map(
                ([sort, key]) => html`<option value=${sort} ?selected=${this.sort === sort}>${t(key)}</option>`,
              )}
            </select>`
          : nothing}
        ${this.renderBell()}
      </div>
      ${status === 'online' || !status ? nothing : html`<p class="banner" role="status">${t('tasksReconnecting')}</p>`}
      ${this.canEdit ? nothing : html`<p class="banner">${t('tasksReadOnly')}</p>`}
      ${this.notice
        ? html`<p class="banner banner--error" role="alert">
            ${this.notice} <button class="btn" aria-label=${t('taskClose')} @click=${() => (this.notice = '')}>×</button>
          </p>`
        : nothing}
      ${this.canEdit && state?.loaded ? this.renderAdd() : nothing}
      <div class="body">${this.renderBody(state)}</div>
      ${this.opened
        ? html`<plaza-task-detail
            .client=${this.client}
            .taskId=${this.opened}
            .names=${this.nameMap}
            .canEdit=${this.canEdit}
            @close=${this.closeDetail}
          ></plaza-task-detail>`
        : nothing}
    `;
  }

  private filterOptions() {
    const t = this.localize.term.bind(this.localize);
    const names = { mine: 'tasksFilterMine', 'assigned-by-me': 'tasksFilterAssignedByMe', overdue: 'tasksFilterOverdue', 'due-this-week': 'tasksFilterDueThisWeek' } as const;
    const labels = [...this.labelsSeen].sort();
    const current = this.filter ?? '';
    if (current.startsWith('label:') && !labels.includes(current.slice(6))) labels.push(current.slice(6));
    const option = (value: string, text: string) => html`<option value=${value} ?selected=${value === current}>${text}</option>`;
    return html`${option('', t(this.list ? 'tasksFilterAll' : 'tasksMine'))}
    ${FILTERS.filter((f) => this.list || f !== 'mine').map((f) => option(f, t(names[f])))}
    ${labels.map((label) => option(`label:${label}`, t('tasksFilterLabel', label)))}
    ${current.startsWith('dept:') ? option(current, t('tasksFilterDept', current.slice(5))) : nothing}`;
  }

  private renderBell() {
    const t = this.localize.term.bind(this.localize);
    const notes = this.notifications.value;
    const unread = notes?.unreadCount ?? 0;
    return html`<div class="bell-wrap">
      <button
        class="btn bell"
        aria-expanded=${this.bellOpen ? 'true' : 'false'}
        aria-label=${`${t('tasksNotifications')}${unread ? `, ${t('tasksUnread', unread)}` : ''}`}
        @click=${() => (this.bellOpen = !this.bellOpen)}
      >
        ${bellIcon}${unread ? html`<span class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      ${this.bellOpen ? this.renderNotes() : nothing}
    </div>`;
  }

  private renderNotes() {
    // The panel is its own chunk, loaded the first time the bell is opened.
    void import('../task-notifications/task-notifications.js');
    return html`<plaza-task-notifications
      class="notes"
      role="region"
      aria-label=${this.localize.term('tasksNotifications')}
      .client=${this.client}
      .names=${this.nameMap}
      @task-open=${(e: CustomEvent<{ taskId: string }>) => {
        this.bellOpen = false;
        this.open(e.detail.taskId);
      }}
      @keydown=${this.handleNotesKey}
    ></plaza-task-notifications>`;
  }

  private renderAdd() {
    return html`<form class="add" @submit=${this.handleAdd}>
      <input name="title" autocomplete="off" aria-label=${this.localize.term('tasksAdd')} placeholder=${this.localize.term('tasksAddPlaceholder')} />
    </form>`;
  }

  private renderBody(state: TaskViewState | undefined) {
    const t = this.localize.term.bind(this.localize);
    if (state?.error && !state.loaded) {
      return html`<div class="empty">
        <p>${t('tasksLoadFailed')}</p>
        <button class="btn" @click=${() => this.taskView?.load().catch(() => undefined)}>${t('tasksTryAgain')}</button>
      </div>`;
    }
    if (!state?.loaded) return html`<p class="empty muted" role="status">${t('tasksLoading')}</p>`;
    const tasks = this.tasks.value ?? [];
    return html`${tasks.length ? nothing : html`<p class="empty muted">${t(this.filter ? 'tasksEmptyFilter' : 'tasksEmpty')}</p>`}
    ${this.view === 'board' ? this.renderBoard() : this.renderList(tasks)}`;
  }

  private renderList(tasks: readonly Task[]) {
    const t = this.localize.term.bind(this.localize);
    return html`<ul class="rows">
      ${this.sorted(tasks).map(
        (task) => html`<li class="row" part="task" data-id=${task.id} data-status=${task.status} data-due=${dueState(task) ?? nothing}>
          <input
            type="checkbox"
            .checked=${task.status === 'done'}
            ?disabled=${!this.canEdit}
            aria-label=${t('taskMarkDone', task.title)}
            @change=${(e: Event) => this.setDone(task, e.target as HTMLInputElement)}
          />
          <button class="open" @click=${() => this.open(task.id)}>${task.title}</button>
          ${renderMeta(task, { localize: this.localize, names: this.nameMap, pending: this.pending.value }, true)}
        </li>`,
      )}
    </ul>`;
  }

  private renderBoard() {
    // The board (drag and drop, keyboard moves) is its own chunk, loaded when first shown.
    void import('../task-board/task-board.js');
    return html`<plaza-task-board
      exportparts="task"
      .tasks=${this.tasks.value ?? []}
      .columns=${this.viewState.value?.list?.columns ?? STATUS_ORDER}
      .names=${this.nameMap}
      .pending=${this.pending.value}
      .canEdit=${this.canEdit}
      @task-move=${(e: CustomEvent<TaskMoveDetail>) => this.track(this.api?.move(e.detail.taskId, e.detail))}
      @task-open=${(e: CustomEvent<{ taskId: string }>) => this.open(e.detail.taskId)}
    ></plaza-task-board>`;
  }

  // ——— data ———

  private name(id: string): string {
    return this.nameMap.get(id) ?? id;
  }

  private sorted(tasks: readonly Task[]): readonly Task[] {
    if (this.sort === 'manual') return tasks;
    const by = {
      due: (a: Task, b: Task) => (a.due ?? '9999').localeCompare(b.due ?? '9999'),
      priority: (a: Task, b: Task) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority],
      title: (a: Task, b: Task) => a.title.localeCompare(b.title, this.localize.lang),
    }[this.sort];
    return [...tasks].sort(by);
  }

  // ——— actions ———

  /**
   * Opens a task in the drawer, whichever list it is in: e.g. one whose link the user
   * clicked in `<plaza-chat-panel>` (its `plaza-task-open`). Fires no `plaza-task-open`.
   *
   * @example
   * chat.addEventListener('plaza-task-open', (e) => tasks.openTask(e.detail.taskId));
   */
  openTask(taskId: string): void {
    // The drawer (with the Markdown renderer and uploads) is its own chunk, loaded the first
    // time a task is opened; the element upgrades in place when it arrives.
    void import('../task-detail/task-detail.js');
    this.opened = taskId;
  }

  private open(taskId: string): void {
    if (this.dispatchEvent(new PlazaTaskOpenEvent({ taskId }))) this.openTask(taskId);
  }

  private readonly closeDetail = (): void => {
    const selector = `[data-id="${CSS.escape(this.opened ?? '')}"]`;
    this.opened = null;
    // Back to the task's row, or its card on the board.
    void this.updateComplete.then(() =>
      (this.renderRoot.querySelector<HTMLElement>(`${selector} .open`) ?? this.renderRoot.querySelector('plaza-task-board')?.renderRoot.querySelector<HTMLElement>(selector))?.focus(),
    );
  };

  private setDone(task: Task, box: HTMLInputElement): void {
    const done = box.checked;
    // The store decides what the box shows: if the change is refused before the next render,
    // Lit sees no new value and would leave the box as the click left it.
    box.checked = !done;
    this.track(this.api?.update(task.id, { status: done ? 'done' : 'todo' }));
  }

  /** Fires `plaza-task-updated` once a change is stored; a refusal shows through `task:rollback`. */
  private track(change: Promise<{ task: Task }> | undefined): void {
    change?.then(({ task }) => this.dispatchEvent(new PlazaTaskUpdatedEvent({ task })), () => undefined);
  }

  private readonly handleAdd = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('title') as HTMLInputElement;
    const title = input.value.trim();
    const api = this.api;
    if (!title || !api) return;
    input.value = '';
    const parsed = parseFilter(this.filter);
    api
      .create({
        title,
        ...(this.list ? { listId: this.list } : {}),
        ...(!this.list || parsed.filter === 'mine' ? { assignee: this.me } : {}),
        ...(parsed.label ? { labels: [parsed.label] } : {}),
      })
      .then((task) => this.dispatchEvent(new PlazaTaskCreatedEvent({ task })), () => undefined);
  };

  private readonly handleFilter = (event: Event): void => {
    this.filter = (event.target as HTMLSelectElement).value || null;
  };

  private readonly handleNotesKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    this.bellOpen = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.bell')?.focus());
  };
}
