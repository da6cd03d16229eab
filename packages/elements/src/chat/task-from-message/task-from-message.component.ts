import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChannelMember, CreateTaskPayload, Message, TaskList } from '@plaza/protocol';
import type { PlazaError } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import '../translations/index.js';
import '../translations/parts.js';
import { plainText } from '../markdown/markdown.js';
import { chatBaseStyles } from '../shared/styles.js';
import { taskFromMessageStyles } from './task-from-message.styles.js';

/**
 * `TASK_LIMITS.titleMax` of @plaza/protocol, spelled out because the protocol's runtime
 * modules bring zod along (the tests check the two agree).
 */
export const TITLE_MAX = 500;

/** A message's first line of text, without Markdown markers, cut to the task title limit. */
export function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const title = plainText(line).slice(0, TITLE_MAX);
  // Not half of a character outside the BMP (an emoji) at the cut.
  return /[\uD800-\uDBFF]$/.test(title) ? title.slice(0, -1) : title;
}

/**
 * Brings the tasks capability (`client.tasks`, for a client from `@plaza/sdk/core`) with the
 * task list's chunk, which registers it. Importing `@plaza/sdk/tasks` or the task events here
 * would split them out of that chunk, and every page showing a task list would pay for the
 * split (~0.45 KB); such a page has the chunk already, and a chat-only page loads it once,
 * when the user first makes a task.
 */
const loadTasks = () => import('../../tasks/task-list/task-list.js');

/** Lists a task can be added to: not archived, not someone's personal list, not read-only. */
function writable(lists: readonly TaskList[]): TaskList[] {
  return lists.filter((l) => !l.archived && l.personalOf === null && l.role !== 'viewer');
}

/**
 * @tag plaza-task-from-message
 * @summary A dialog that makes a task from a chat message: title (from the message's first
 * line), list, assignee (a channel member) and due time.
 *
 * @description Opened by the message menu's "Create task" (`openTaskFromMessage`), loaded
 * on demand with it. A modal `<dialog>`: focus starts in the title, Tab stays inside,
 * Escape or Cancel closes it, and focus returns to the message. The task links back to
 * the message, and the server posts the task's link in the channel. A refusal (no right to
 * the list, the message gone, bad input) is shown in the dialog, which stays open.
 *
 * @event {PlazaTaskCreatedEvent} plaza-task-created - The task was stored; `detail.task`.
 */
export class PlazaTaskFromMessage extends PlazaElement {
  static override styles = [chatBaseStyles, taskFromMessageStyles];

  /** The message the task is made from. */
  @property({ attribute: false }) message?: Message;
  /** The channel's members: the assignee choices. */
  @property({ attribute: false }) members: readonly ChannelMember[] = [];
  /** The viewer's user id. */
  @property() me = '';
  /** Where focus goes when the dialog closes (the message). */
  @property({ attribute: false }) opener?: HTMLElement;

  /** The lists the task can go to; null while loading. */
  @state() private lists: readonly TaskList[] | null = null;
  @state() private listsFailed = false;
  @state() private listId = '';
  @state() private error = '';
  @state() private invalid: 'title' | 'due' | null = null;
  @state() private busy = false;

  protected override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')!.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('[name="title"]')!.select();
    void this.loadLists();
  }

  private async loadLists(): Promise<void> {
    try {
      await loadTasks();
      this.lists = writable((await this.client?.tasks.loadLists()) ?? []);
    } catch {
      this.lists = [];
      this.listsFailed = true;
    }
  }

  protected override render() {
    const message = this.message;
    if (!message) return nothing;
    const t = this.localize.term.bind(this.localize);
    const author = this.nameOf(message.authorId);
    const optional = html` <span class="muted">(${t('newTaskOptional')})</span>`;
    return html`<dialog aria-labelledby="heading" aria-describedby="source" @cancel=${this.handleCancel} @keydown=${this.handleKey}>
      <form novalidate @submit=${this.handleSubmit}>
        <h2 id="heading">${t('createTask')}</h2>
        <p id="source" class="source muted">
          ${t('newTaskFrom', author)}: <q>${plainText(message.text).slice(0, 140)}</q>
        </p>
        <label class="field">
          <span>${t('newTaskTitle')}</span>
          <input
            name="title"
            required
            maxlength=${TITLE_MAX}
            autocomplete="off"
            .value=${titleFrom(message.text)}
            aria-invalid=${this.invalid === 'title' ? 'true' : 'false'}
            aria-describedby=${this.invalid === 'title' ? 'error' : nothing}
          />
        </label>
        <label class="field">
          <span>${t('newTaskList')}</span>
          <select name="list" aria-describedby="list-note" @change=${(e: Event) => (this.listId = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.listId === ''}>${t('newTaskPersonalList')}</option>
            ${(this.lists ?? []).map((l) => html`<option value=${l.id} ?selected=${this.listId === l.id}>${l.name}</option>`)}
          </select>
        </label>
        <p id="list-note" class="note muted" role="status">
          ${this.lists === null ? t('newTaskListsLoading') : this.listsFailed ? t('newTaskListsFailed') : this.listId === '' ? t('newTaskPersonalListHint') : ''}
        </p>
        <div class="row">
          <label class="field">
            <span>${t('newTaskAssignee')}${optional}</span>
            <select name="assignee">
              <option value="">${t('newTaskUnassigned')}</option>
              ${this.members.map((m) => html`<option value=${m.userId}>${this.nameOf(m.userId)}</option>`)}
            </select>
          </label>
          <label class="field">
            <span>${t('newTaskDue')}${optional}</span>
            <input
              name="due"
              type="datetime-local"
              aria-invalid=${this.invalid === 'due' ? 'true' : 'false'}
              aria-describedby=${this.invalid === 'due' ? 'error' : nothing}
            />
          </label>
        </div>
        <p id="error" class="error" role="alert">${this.error}</p>
        <div class="actions">
          <button type="button" class="text-button" ?disabled=${this.busy} @click=${this.close}>${t('cancel')}</button>
          <button type="submit" class="text-button primary" ?disabled=${this.busy}>${t(this.busy ? 'newTaskCreating' : 'newTaskCreate')}</button>
        </div>
      </form>
    </dialog>`;
  }

  private nameOf(id: string): string {
    return id === this.me ? this.localize.term('you') : (this.members.find((m) => m.userId === id)?.name ?? id);
  }

  /** The form as a `tasks:create` payload, or null (with the reason shown) if it is not valid yet. */
  private payload(form: HTMLFormElement): CreateTaskPayload | null {
    const message = this.message!;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const title = field('title').value.trim();
    const due = field('due');
    const assignee = field('assignee').value;
    this.invalid = !title ? 'title' : due.validity.badInput ? 'due' : null;
    if (this.invalid) {
      this.error = this.localize.term(this.invalid === 'title' ? 'newTaskTitleMissing' : 'newTaskDueInvalid');
      field(this.invalid).focus();
      return null;
    }
    return {
      title,
      sourceMessage: { channelId: message.channelId, messageId: message.id },
      ...(this.listId ? { listId: this.listId } : {}),
      ...(assignee ? { assignee } : {}),
      // The picker's value is a time in the viewer's zone; the server wants an offset.
      ...(due.value ? { due: new Date(due.value).toISOString() } : {}),
    };
  }

  private readonly handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const payload = this.payload(event.target as HTMLFormElement);
    const client = this.client;
    if (!payload || !client || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await loadTasks();
      const task = await client.tasks.create(payload);
      // `<plaza-task-list>`'s event (same name, detail and flags) as a plain CustomEvent: see loadTasks.
      this.dispatchEvent(new CustomEvent('plaza-task-created', { detail: { task }, bubbles: true, composed: true }));
      this.close();
    } catch (error) {
      const { code, message } = error as PlazaError;
      this.error =
        code === 'unavailable' ? this.localize.term('newTaskOffline') : this.localize.term('newTaskNotCreated', message ?? String(error));
    } finally {
      this.busy = false;
    }
  };

  private readonly handleCancel = (event: Event): void => {
    // The dialog closes through close(), which also gives focus back; not while a create is on the wire.
    event.preventDefault();
    if (!this.busy) this.close();
  };

  /** Keeps Tab inside the dialog: from the last control to the first and back. */
  private readonly handleKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return;
    const controls = [...this.renderRoot.querySelectorAll<HTMLElement>('input, select, button:not([disabled])')];
    const at = controls.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const next = event.shiftKey ? (at <= 0 ? controls.length - 1 : -1) : at === controls.length - 1 ? 0 : -1;
    if (next === -1) return;
    event.preventDefault();
    controls[next].focus();
  };

  /** Closes the dialog, removes it from the page and gives focus back to the message. */
  readonly close = (): void => {
    this.renderRoot.querySelector('dialog')?.close();
    this.remove();
    if (this.opener?.isConnected) this.opener.focus();
  };
}
