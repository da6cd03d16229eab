import type { TaskNotificationsTranslation } from './task-translation.js';

export const taskNotificationsEn: TaskNotificationsTranslation = {
  tasksNoNotifications: 'No notifications.',
  tasksMarkAllRead: 'Mark all read',
  tasksNotifiedAssigned: (who, title) => `${who} assigned you “${title}”`,
  tasksNotifiedDayBefore: (title) => `“${title}” is due tomorrow`,
  tasksNotifiedHourBefore: (title) => `“${title}” is due within the hour`,
  tasksNotifiedOverdue: (title) => `“${title}” is overdue`,
};
