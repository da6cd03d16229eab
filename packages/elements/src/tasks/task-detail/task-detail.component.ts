import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Attachment, Task, TaskActivity, TaskChanges, TaskComment, TaskDetail, TasksApi, Unsubscribe } from '@plaza/sdk';
// Attachments upload through the files capability, which the drawer's chunk brings.
import '@plaza/sdk/files';
import { PlazaElement } from '../../base/plaza-element.js';
import { renderMarkdown } from '../../chat/markdown/markdown.js';
import { messageLink } from '../../common/shared/message-link.js';
import { StoreController } from '../../controllers/store-controller.js';
import { PlazaTaskUpdatedEvent } from '../events/task-events.js';
import { formatDue } from '../shared/format.js';
import { closeIcon } from '../shared/icons.js';
import { taskBaseStyles } from '../shared/styles.js';
import '../translations/detail.js';
import { taskDetailStyles } from './task-detail.styles.js';

/** Fields edited as text, kept as drafts while the user types. */
type DraftField = 'title' | 'description' | 'labels' | 'assignee';

/** What the user typed, and the value the field had when they started. */
interface Draft {
  value: string;
  base: string;
}

/** `2026-03-01T09:00` for a `datetime-local` input: the instant in the viewer's zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const STATUSES = ['todo', 'in_progress', 'done'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const FIELD_KEYS = {
  title: 'taskTitle',
  description: 'taskDescription',
  status: 'taskStatus',
  priority: 'taskPriority',
  assignee: 'taskAssignee',
  due: 'taskDueLabel',
  labels: 'taskLabels',
  watchers: 'taskWatchers',
  rank: 'taskPosition',
  checklist: 'taskChecklist',
  attachments: 'taskAttachments',
} as const;

/**
 * @tag plaza-task-detail
 * @summary The task list's drawer: a task's fields, checklist, attachments, comments and history.
 *
 * @description Used inside `<plaza-task-list>`. Text fields keep what the user types as a
 * draft: a change someone else makes meanwhile never replaces it mid-typing, and is offered
 * instead ("Use theirs"). Saving is last-writer-wins; when a save replaced someone's newer
 * value, or someone replaced the user's, the drawer says so.
 *
 * @event close - Internal, not composed: the user closed the drawer.
 * @event {PlazaTaskUpdatedEvent} plaza-task-updated - A change made here was stored.
 */
export class PlazaTaskDetail extends PlazaElement {
  static override styles = [taskBaseStyles, taskDetailStyles];

  @property({ attribute: false }) taskId = '';
  /** Display names by user id (the list's members); their ids are the assignee choices. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @property({ type: Boolean }) canEdit = true;

  @state() private drafts: Partial<Record<DraftField, Draft>> = {};
  @state() private editingDescription = false;
  @state() private confirmDelete = false;
  @state() private uploads: readonly string[] = [];
  @state() private notice = '';
  @state() private urls: ReadonlyMap<string, string> = new Map();

  private readonly task = new StoreController<Task | null>(this);
  private readonly comments = new StoreController<readonly TaskComment[]>(this);
  private readonly activity = new StoreController<readonly TaskActivity[]>(this);
  private detail: TaskDetail | undefined;
  private detailFor = '';
  private offEvents: Unsubscribe[] = [];
  private readonly urlsAsked = new Set<string>();

  private get api(): TasksApi | undefined {
    return this.client?.tasks;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.follow('');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const key = this.isConnected && this.api ? this.taskId : '';
    if (changed.has('client') || key !== this.detailFor) this.follow(key);
    for (const file of this.task.value?.attachments ?? []) this.askUrl(file);
  }

  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('.title, .close')?.focus();
  }

  private follow(taskId: string): void {
    this.detail?.close();
    this.detail = undefined;
    for (const off of this.offEvents.splice(0)) off();
    this.detailFor = taskId;
    this.drafts = {};
    this.editingDescription = false;
    this.bind(undefined);
    const client = this.client;
    if (!taskId || !client) return;
    client.tasks.detail(taskId).then(
      (detail) => {
        // Another task (or none) was asked for meanwhile.
        if (this.detailFor !== taskId) return detail.close();
        this.detail = detail;
        this.bind(detail);
      },
      this.refused,
    );
    this.offEvents.push(
      client.on('task:overwritten', (notice) => {
        if (notice.taskId === taskId) this.notice = this.localize.term('taskOverwritten', this.name(notice.by), this.fieldName(notice.field));
      }),
    );
  }

  private bind(detail: TaskDetail | undefined): void {
    this.task.setStore(detail?.task);
    this.comments.setStore(detail?.comments);
    this.activity.setStore(detail?.activity);
  }

  private askUrl(file: Attachment): void {
    if (this.urlsAsked.has(file.id) || !this.client) return;
    this.urlsAsked.add(file.id);
    this.client.files.get(file.id).then(
      (info) => (this.urls = new Map(this.urls).set(file.id, info.url)),
      () => this.urlsAsked.delete(file.id),
    );
  }

  // ——— rendering ———

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const task = this.task.value;
    return html`<div class="drawer" role="dialog" aria-label=${t('taskDetails')} @keydown=${this.handleKey}>
      <div class="head">
        ${task
          ? html`<input
              class="title"
              aria-label=${t('taskTitle')}
              .value=${this.draft('title', task.title)}
              ?readonly=${!this.canEdit}
              @input=${(e: Event) => this.type('title', e, task.title)}
              @change=${() => this.commit('title', task.title, (v) => (v.trim() ? { title: v } : null))}
            />`
          : html`<p class="title muted">${t('tasksLoading')}</p>`}
        <button class="btn close" aria-label=${t('taskClose')} @click=${this.close}>${closeIcon}</button>
      </div>
      ${this.notice
        ? html`<p class="banner banner--error" role="alert">
            ${this.notice} <button class="btn" @click=${() => (this.notice = '')}>${t('taskClose')}</button>
          </p>`
        : nothing}
      ${task ? this.renderTask(task) : nothing}
    </div>`;
  }

  private renderTask(task: Task) {
    const t = this.localize.term.bind(this.localize);
    const members = [...this.names.keys()];
    const locked = !this.canEdit;
    return html`<div class="scroll">
      ${this.meanwhile('title', task.title)}
      <div class="fields">
        <label
          >${t('taskStatus')}
          <select ?disabled=${locked} @change=${(e: Event) => this.save({ status: (e.target as HTMLSelectElement).value as Task['status'] })}>
            ${STATUSES.map((s) => html`<option value=${s} .selected=${live(task.status === s)}>${t(`taskStatus_${s}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('taskPriority')}
          <select ?disabled=${locked} @change=${(e: Event) => this.save({ priority: (e.target as HTMLSelectElement).value as Task['priority'] })}>
            ${PRIORITIES.map((p) => html`<option value=${p} .selected=${live(task.priority === p)}>${t(`taskPriority_${p}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('taskAssignee')}
          ${members.length > 0
            ? html`<select ?disabled=${locked} @change=${(e: Event) => this.save({ assignee: (e.target as HTMLSelectElement).value || null })}>
                <option value="" .selected=${live(!task.assignee)}>${t('taskUnassigned')}</option>
                ${[...new Set([...members, ...(task.assignee ? [task.assignee] : [])])].map(
                  (id) => html`<option value=${id} .selected=${live(task.assignee === id)}>${this.name(id)}</option>`,
                )}
              </select>`
            : html`<input
                .value=${this.draft('assignee', task.assignee ?? '')}
                ?readonly=${locked}
                placeholder=${t('taskUnassigned')}
                @input=${(e: Event) => this.type('assignee', e, task.assignee ?? '')}
                @change=${() => this.commit('assignee', task.assignee ?? '', (v) => ({ assignee: v.trim() || null }))}
              />`}
        </label>
        <label
          >${t('taskDueLabel')}
          <input
            type="datetime-local"
            .value=${toLocalInput(task.due)}
            ?readonly=${locked}
            data-due=${task.overdue ? 'overdue' : nothing}
            @change=${(e: Event) => {
              const value = (e.target as HTMLInputElement).value;
              this.save({ due: value ? new Date(value).toISOString() : null });
            }}
          />
        </label>
        <label class="wide"
          >${t('taskLabels')}
          <input
            .value=${this.draft('labels', task.labels.join(', '))}
            ?readonly=${locked}
            placeholder=${t('taskLabelsHint')}
            @input=${(e: Event) => this.type('labels', e, task.labels.join(', '))}
            @change=${() =>
              this.commit('labels', task.labels.join(', '), (v) => ({ labels: v.split(/[,，]/).map((l) => l.trim()).filter(Boolean) }))}
          />
        </label>
      </div>
      ${this.meanwhile('labels', task.labels.join(', '))}
      ${task.source
        ? // The chat panel on this page opens such links (see messageLink).
          html`<p class="source"><a href=${messageLink({ channelId: task.source.channelId, id: task.source.messageId })}>${t('taskSourceMessage')}</a></p>`
        : nothing}
      ${this.renderDescription(task)} ${this.renderChecklist(task)}
      ${this.renderAttachments(task)} ${this.renderComments()} ${this.renderActivity()}
      ${this.canEdit
        ? html`<button class="btn danger" @click=${this.deleteTask}>${this.confirmDelete ? `${t('taskDelete')}?` : t('taskDelete')}</button>`
        : nothing}
    </div>`;
  }

  private renderDescription(task: Task) {
    const t = this.localize.term.bind(this.localize);
    return html`<section>
      <h3>
        ${t('taskDescription')}
        ${this.canEdit && !this.editingDescription
          ? html`<button class="btn small" @click=${() => (this.editingDescription = true)}>${t('taskEdit')}</button>`
          : nothing}
      </h3>
      ${this.editingDescription
        ? html`${this.meanwhile('description', task.description)}
            <textarea
              rows="6"
              aria-label=${t('taskDescription')}
              .value=${this.draft('description', task.description)}
              @input=${(e: Event) => this.type('description', e, task.description)}
            ></textarea>
            <div class="row-end">
              <button class="btn" @click=${this.cancelDescription}>${t('taskCancel')}</button>
              <button
                class="btn btn--primary"
                @click=${() => {
                  this.editingDescription = false;
                  this.commit('description', task.description, (v) => ({ description: v }));
                }}
              >
                ${t('taskSave')}
              </button>
            </div>`
        : task.description
          ? html`<div class="md">${renderMarkdown(task.description, { mentionName: (id) => this.names.get(id) })}</div>`
          : html`<p class="muted">${t('taskNoDescription')}</p>`}
    </section>`;
  }

  private renderChecklist(task: Task) {
    const t = this.localize.term.bind(this.localize);
    const done = task.checklist.filter((i) => i.done).length;
    return html`<section>
      <h3>${t('taskChecklist')} ${task.checklist.length ? html`<span class="muted">${done}/${task.checklist.length}</span>` : nothing}</h3>
      <ul class="checklist">
        ${task.checklist.map(
          (item) => html`<li>
            <label
              ><input
                type="checkbox"
                .checked=${live(item.done)}
                ?disabled=${!this.canEdit}
                @change=${(e: Event) => this.track(this.detail?.updateChecklistItem(item.id, { done: (e.target as HTMLInputElement).checked }))}
              />
              <span class=${item.done ? 'done' : ''}>${item.text}</span></label
            >
            ${this.canEdit
              ? html`<button class="btn small" aria-label=${t('taskRemove', item.text)} @click=${() => this.track(this.detail?.removeChecklistItem(item.id))}>
                  ×
                </button>`
              : nothing}
          </li>`,
        )}
      </ul>
      ${this.canEdit
        ? html`<form class="inline" @submit=${(e: SubmitEvent) => this.submitText(e, (text) => this.track(this.detail?.addChecklistItem(text)))}>
            <input name="text" autocomplete="off" aria-label=${t('taskAddItem')} placeholder=${t('taskAddItem')} />
          </form>`
        : nothing}
    </section>`;
  }

  private renderAttachments(task: Task) {
    const t = this.localize.term.bind(this.localize);
    return html`<section>
      <h3>${t('taskAttachments')}</h3>
      <ul class="files">
        ${task.attachments.map((file) => {
          const url = this.urls.get(file.id);
          return html`<li>
            ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${file.name}</a>` : html`<span>${file.name}</span>`}
            ${this.canEdit
              ? html`<button class="btn small" aria-label=${t('taskRemove', file.name)} @click=${() => this.track(this.detail?.detach(file.id))}>
                  ×
                </button>`
              : nothing}
          </li>`;
        })}
        ${this.uploads.map((name) => html`<li class="muted" role="status">${t('taskUploading', name)}</li>`)}
      </ul>
      ${this.canEdit
        ? html`<input class="file" type="file" multiple hidden @change=${this.handleFiles} />
            <button class="btn" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('.file')?.click()}>${t('taskAttach')}</button>`
        : nothing}
    </section>`;
  }

  private renderComments() {
    const t = this.localize.term.bind(this.localize);
    const comments = (this.comments.value ?? []).filter((c) => !c.deletedAt);
    return html`<section>
      <h3>${t('taskComments')}</h3>
      ${comments.length
        ? html`<ul class="comments">
            ${comments.map(
              (c) => html`<li>
                <p class="by"><strong>${this.name(c.authorId)}</strong> <time class="muted" datetime=${c.createdAt}>${formatDue(c.createdAt, this.localize.lang)}</time></p>
                <div class="md">${renderMarkdown(c.text, { mentionName: (id) => this.names.get(id) })}</div>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('taskNoComments')}</p>`}
      <form class="inline" @submit=${(e: SubmitEvent) => this.submitText(e, (text) => this.detail?.comment(text).catch(this.refused))}>
        <textarea name="text" rows="2" aria-label=${t('taskAddComment')} placeholder=${t('taskAddComment')} @keydown=${this.handleCommentKey}></textarea>
        <button class="btn btn--primary">${t('taskPostComment')}</button>
      </form>
    </section>`;
  }

  private renderActivity() {
    const t = this.localize.term.bind(this.localize);
    return html`<section>
      <h3>${t('taskActivity')}</h3>
      <ol class="activity">
        ${[...(this.activity.value ?? [])].reverse().map((entry) => {
          const who = this.name(entry.actorId);
          const text =
            entry.action === 'created'
              ? t('taskActivityCreated', who)
              : entry.action === 'commented'
                ? t('taskActivityCommented', who)
                : entry.action === 'deleted'
                  ? t('taskActivityDeleted', who)
                  : t('taskActivityChanged', who, this.fieldName(entry.field ?? ''));
          return html`<li>${text}${this.activityValue(entry)} <time class="muted" datetime=${entry.at}>${formatDue(entry.at, this.localize.lang)}</time></li>`;
        })}
      </ol>
    </section>`;
  }

  /** `→ Done`: the new value, for the fields where it reads well. */
  private activityValue(entry: TaskActivity) {
    const to = entry.to;
    if (entry.action !== 'updated' || (typeof to !== 'string' && to !== null)) return nothing;
    const t = this.localize.term.bind(this.localize);
    const text =
      entry.field === 'status' && to ? t(`taskStatus_${to as Task['status']}`)
      : entry.field === 'priority' && to ? t(`taskPriority_${to as Task['priority']}`)
      : entry.field === 'due' ? (to ? formatDue(to, this.localize.lang) : '—')
      : entry.field === 'assignee' ? (to ? this.name(to) : t('taskUnassigned'))
      : entry.field === 'title' ? to
      : null;
    return text === null ? nothing : html` → ${text}`;
  }

  /** A note when someone changed a field the user is typing in, with the way to take theirs. */
  private meanwhile(field: DraftField, current: string) {
    const draft = this.drafts[field];
    if (!draft || draft.base === current) return nothing;
    const who = this.name(this.task.value?.updatedBy ?? '');
    return html`<p class="banner" role="status">
      ${this.localize.term('taskChangedMeanwhile', who)}
      <button class="btn small" @click=${() => this.dropDraft(field)}>${this.localize.term('taskUseTheirs')}</button>
    </p>`;
  }

  // ——— editing ———

  private name(id: string): string {
    return this.names.get(id) ?? id;
  }

  private fieldName(field: string): string {
    return field in FIELD_KEYS ? this.localize.term(FIELD_KEYS[field as keyof typeof FIELD_KEYS]) : field;
  }

  private draft(field: DraftField, current: string): string {
    return this.drafts[field]?.value ?? current;
  }

  private type(field: DraftField, event: Event, current: string): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this.drafts = { ...this.drafts, [field]: { value, base: this.drafts[field]?.base ?? current } };
  }

  private dropDraft(field: DraftField): void {
    const { [field]: _dropped, ...rest } = this.drafts;
    this.drafts = rest;
  }

  /** Saves a draft that differs from the task's value (`change` null: not a valid value, so the task's stays). */
  private commit(field: DraftField, current: string, change: (value: string) => TaskChanges | null): void {
    const draft = this.drafts[field];
    this.dropDraft(field);
    if (!draft || draft.value === current) return;
    const changes = change(draft.value);
    if (changes) this.save(changes);
  }

  private save(changes: TaskChanges): void {
    const api = this.api;
    if (!api) return;
    api.update(this.taskId, changes).then(({ task, overwritten }) => {
      this.dispatchEvent(new PlazaTaskUpdatedEvent({ task }));
      const lost = overwritten[0];
      if (lost) this.notice = this.localize.term('taskYouOverwrote', this.name(lost.by), this.fieldName(lost.field));
    }, this.refused);
  }

  /** Fires `plaza-task-updated` once a change is stored, or says why it was not. */
  private track(change: Promise<Task> | undefined): void {
    change?.then((task) => this.dispatchEvent(new PlazaTaskUpdatedEvent({ task })), this.refused);
  }

  private readonly refused = (error: Error): void => {
    this.notice = this.localize.term('taskRefused', error.message);
  };

  private submitText(event: SubmitEvent, send: (text: string) => unknown): void {
    event.preventDefault();
    const field = (event.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    const text = field.value.trim();
    if (!text) return;
    field.value = '';
    send(text);
  }

  private readonly cancelDescription = (): void => {
    this.editingDescription = false;
    this.dropDraft('description');
  };

  private readonly deleteTask = (): void => {
    if (!this.confirmDelete) {
      this.confirmDelete = true;
      return;
    }
    const api = this.api;
    this.close();
    api?.remove(this.taskId).catch(() => undefined);
  };

  private readonly handleFiles = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    void this.upload([...(input.files ?? [])]);
    input.value = '';
  };

  /** Uploads one file after another and attaches each once stored. */
  private async upload(files: File[]): Promise<void> {
    const client = this.client;
    if (!client) return;
    for (const file of files) {
      this.uploads = [...this.uploads, file.name];
      try {
        const info = await client.files.upload(file);
        this.track(this.detail?.attach([info.id]));
      } catch (error) {
        this.refused(error as Error);
      } finally {
        this.uploads = this.uploads.filter((name) => name !== file.name);
      }
    }
  }

  private readonly handleCommentKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) (event.target as HTMLTextAreaElement).form?.requestSubmit();
  };

  private readonly handleKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && target.localName === 'input' && !(target as HTMLInputElement).form) (target as HTMLInputElement).blur();
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (this.editingDescription && target.localName === 'textarea') this.cancelDescription();
    else this.close();
  };

  private readonly close = (): void => {
    this.dispatchEvent(new CustomEvent('close'));
  };
}
