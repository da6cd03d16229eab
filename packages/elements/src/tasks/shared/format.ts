/** Due times in the viewer's language and time zone, and the `filter` attribute's syntax. */
import type { Task, TaskQuery } from '@plaza/sdk';
import type { LanguageCode } from '../../translations/index.js';

/** A task is "due soon" this long before its due time. */
export const DUE_SOON_MS = 24 * 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** `Mar 1, 09:00` in the viewer's zone (the year only when it is not this one's). */
export function formatDue(iso: string, lang: LanguageCode, now = new Date()): string {
  const date = new Date(iso);
  const key = lang + (date.getFullYear() === now.getFullYear() ? '' : 'y');
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      ...(key.endsWith('y') ? { year: 'numeric' } : {}),
    });
    formats.set(key, format);
  }
  return format.format(date);
}

/** `overdue`, `soon` (within a day) or null; done tasks are neither. */
export function dueState(task: Task, now = Date.now()): 'overdue' | 'soon' | null {
  if (!task.due || task.status === 'done') return null;
  const left = Date.parse(task.due) - now;
  return left < 0 ? 'overdue' : left < DUE_SOON_MS ? 'soon' : null;
}

/** The `filter` attribute: `mine`, `assigned-by-me`, `overdue`, `due-this-week`, `label:X`, `dept:X`. */
export function parseFilter(filter: string | null | undefined): Omit<TaskQuery, 'listId'> {
  const value = (filter ?? '').trim();
  if (value.startsWith('label:')) return { label: value.slice(6) };
  if (value.startsWith('dept:')) return { department: value.slice(5) };
  const named = { mine: 'mine', 'assigned-by-me': 'assigned_by_me', overdue: 'overdue', 'due-this-week': 'due_this_week' } as const;
  return value in named ? { filter: named[value as keyof typeof named] } : {};
}
