import { html, nothing } from 'lit';
import type { Task } from '@plaza/sdk';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { dueState, formatDue } from './format.js';
import { commentIcon } from './icons.js';

/** What a task's row or card shows besides its title. */
export interface MetaContext {
  localize: LocalizeController;
  /** Display names by user id. */
  names: ReadonlyMap<string, string>;
  /** Ids with a change on the wire. */
  pending: ReadonlySet<string> | undefined;
}

/**
 * The line under a task's title: status (list rows), priority, labels, due time (overdue
 * and due soon said in words, not only in colour), assignee, checklist, comments, saving.
 */
export function renderMeta(task: Task, { localize, names, pending }: MetaContext, withStatus: boolean) {
  const t = localize.term.bind(localize);
  const due = dueState(task);
  const done = task.checklist.filter((i) => i.done).length;
  return html`<span class="meta">
    ${withStatus && task.status === 'in_progress' ? html`<span class="chip">${t('taskStatus_in_progress')}</span>` : nothing}
    ${task.priority === 'high' || task.priority === 'urgent' ? html`<span class="chip chip--${task.priority}">${t(`taskPriority_${task.priority}`)}</span>` : nothing}
    ${task.labels.map((label) => html`<span class="chip">${label}</span>`)}
    ${task.due
      ? html`<span class="chip ${due ? `chip--${due}` : ''}"
          >${due ? html`<strong>${t(due === 'overdue' ? 'taskOverdue' : 'taskDueSoon')}</strong> ` : nothing}<time datetime=${task.due}
            >${t('taskDue', formatDue(task.due, localize.lang))}</time
          ></span
        >`
      : nothing}
    ${task.assignee ? html`<span class="muted">${names.get(task.assignee) ?? task.assignee}</span>` : nothing}
    ${task.checklist.length ? html`<span class="muted" title=${t('taskChecklistCount', done, task.checklist.length)}>☑ ${done}/${task.checklist.length}</span>` : nothing}
    ${task.commentCount ? html`<span class="muted" title=${t('taskCommentCount', task.commentCount)}>${commentIcon} ${task.commentCount}</span>` : nothing}
    ${pending?.has(task.id) ? html`<span class="muted">${t('taskSaving')}</span>` : nothing}
  </span>`;
}
