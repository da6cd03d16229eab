import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Notification, NotificationsState } from '@plaza/sdk';
import { PlazaElement } from '../../base/plaza-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { taskBaseStyles } from '../shared/styles.js';
import '../translations/notifications.js';
import { taskNotificationsStyles } from './task-notifications.styles.js';

/**
 * @tag plaza-task-notifications
 * @summary The task list's notification panel: reminders and assignments, newest first.
 *
 * @description Used inside `<plaza-task-list>` (its own chunk, loaded when the bell is first
 * opened). Opening a notification marks it read and opens its task.
 *
 * @event task-open - Internal, not composed: a notification was opened (`detail.taskId`).
 */
export class PlazaTaskNotifications extends PlazaElement {
  static override styles = [taskBaseStyles, taskNotificationsStyles];

  /** Display names by user id, for who assigned a task. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  private readonly notes = new StoreController<NotificationsState>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.notes.setStore(this.client?.tasks.notifications);
  }

  protected override render() {
    const t = this.localize.term.bind(this.localize);
    const notes = this.notes.value;
    return html`${notes?.items.length
      ? html`<ul>
            ${notes.items.map(
              (n) => html`<li class=${n.readAt ? 'read' : ''}><button class="link" @click=${() => this.open(n)}>${this.text(n)}</button></li>`,
            )}
          </ul>
          ${notes.unreadCount
            ? html`<button class="btn" @click=${() => this.client?.tasks.markNotificationsRead('all').catch(() => undefined)}>${t('tasksMarkAllRead')}</button>`
            : ''}`
      : html`<p class="muted">${t('tasksNoNotifications')}</p>`}`;
  }

  private text(n: Notification): string {
    const t = this.localize.term.bind(this.localize);
    const title = n.task.title;
    if (n.kind === 'task.assigned') return t('tasksNotifiedAssigned', this.names.get(n.actorId ?? '') ?? n.actorId ?? '', title);
    return t(n.reminder === 'overdue' ? 'tasksNotifiedOverdue' : n.reminder === 'hour_before' ? 'tasksNotifiedHourBefore' : 'tasksNotifiedDayBefore', title);
  }

  private open(n: Notification): void {
    if (!n.readAt) this.client?.tasks.markNotificationsRead([n.id]).catch(() => undefined);
    this.dispatchEvent(new CustomEvent('task-open', { detail: { taskId: n.task.id } }));
  }
}
