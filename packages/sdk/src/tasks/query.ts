import { compareByRank } from '@plaza/protocol';
import type { QueryTasksPayload, Task, TaskStatus } from '@plaza/protocol';
import type { TaskQuery } from './types.js';

/** The board's default column order; a list's own order is `TaskList.columns`. */
export const STATUS_ORDER: readonly TaskStatus[] = ['todo', 'in_progress', 'done'];

/** One key per distinct query, so equal queries share a view. */
export function queryKey(query: TaskQuery): string {
  return JSON.stringify([query.listId, query.filter, query.label, query.department, query.assignee].map((v) => v || null));
}

/** The viewer's IANA zone, which `due_this_week` weeks are counted in. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The `tasks:query` payload of a query (its criteria have the wire's names), weeks in the viewer's zone. */
export function queryPayload(query: TaskQuery): QueryTasksPayload {
  return { ...query, timeZone: viewerTimeZone(), limit: 200 };
}

/** Monday 00:00 of `now`'s week and of the next, in the viewer's (the runtime's) zone. */
export function weekBounds(now: Date): [Date, Date] {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  const end = new Date(start);
  end.setDate(end.getDate() + 7);
  return [start, end];
}

/**
 * Whether a task belongs in a query's view, as far as the client can tell: `null` when it
 * cannot (the assignee's department is known only to the server). The server decides what
 * a load answers; this decides what pushes and optimistic changes add or remove.
 */
export function matches(query: TaskQuery, task: Task, me: string | null, now = new Date()): boolean | null {
  if (query.listId && task.listId !== query.listId) return false;
  if (query.label && !task.labels.includes(query.label)) return false;
  if (query.assignee && task.assignee !== query.assignee) return false;
  switch (query.filter) {
    case 'mine':
      if (task.assignee !== me) return false;
      break;
    case 'assigned_by_me':
      // Tasks the user gave to someone else.
      if (task.assignedBy !== me || task.assignee === null || task.assignee === me) return false;
      break;
    case 'overdue':
      if (task.status === 'done' || !task.due || Date.parse(task.due) > now.getTime()) return false;
      break;
    case 'due_this_week': {
      if (!task.due) return false;
      const [start, end] = weekBounds(now);
      const due = Date.parse(task.due);
      if (due < start.getTime() || due >= end.getTime()) return false;
      break;
    }
    case undefined:
      break;
  }
  return query.department ? null : true;
}

/**
 * A sort key just after `rank` and before every rank above it (`null`: before every rank),
 * for a task shown in its new place while the server picks its real rank. It is never sent:
 * the server ranks a move from the neighbours it names (with the protocol's `rankBetween`),
 * and its answer replaces this key a moment later. Ranks are `0-9a-z` only, so `rank + '\0'`
 * sorts right after `rank`; computing a real rank here would add the fractional-indexing
 * library to every page for a value thrown away.
 */
export function shownAfter(rank: string | null | undefined): string {
  return `${rank ?? ''}\0`;
}

/**
 * A random idempotency key for a creation or a checklist item. Unlike chat's client ids
 * (UUIDv7, `newClientId`), these need no time order, so the browser bundle of the task list
 * need not carry that generator.
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Status column (in `columns` order), then rank. */
export function boardOrder(columns: readonly TaskStatus[] = STATUS_ORDER): (a: Task, b: Task) => number {
  return (a, b) => columns.indexOf(a.status) - columns.indexOf(b.status) || compareByRank(a, b);
}
