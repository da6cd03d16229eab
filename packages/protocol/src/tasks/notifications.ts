import { z } from 'zod';
import { plazaId } from '../ids.js';
import type { ReminderKind, TaskStatus } from './tasks.js';

/** What a notification is about. */
export const NOTIFICATION_KINDS = ['task.reminder', 'task.assigned'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * An in-app notification, stored per user with its read state and pushed to the user's
 * sockets as `notification`. `task` is the task as it was when the notification was made.
 */
export interface Notification {
  id: string;
  kind: NotificationKind;
  createdAt: string;
  readAt: string | null;
  /** Who caused it (the assigner); null for reminders. */
  actorId: string | null;
  task: { id: string; listId: string; title: string; due: string | null; status: TaskStatus };
  /** For `task.reminder`: which one. */
  reminder: ReminderKind | null;
}

export interface NotificationPage {
  /** Newest first. */
  notifications: Notification[];
  unreadCount: number;
  hasMore: boolean;
}

/** Pushed to the user's other sockets when notifications were marked read, so every badge agrees. */
export interface NotificationsRead {
  ids: string[];
  all: boolean;
  unreadCount: number;
}

export const notificationsPayload = z
  .object({
    unreadOnly: z.boolean().default(false),
    before: plazaId.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const markReadPayload = z
  .object({
    ids: z.array(plazaId).max(500).default([]),
    all: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.all || v.ids.length > 0, 'name ids or all');

export type NotificationsPayload = z.input<typeof notificationsPayload>;
export type MarkReadPayload = z.input<typeof markReadPayload>;
