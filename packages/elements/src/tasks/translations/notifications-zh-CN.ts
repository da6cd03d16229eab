import type { TaskNotificationsTranslation } from './task-translation.js';

export const taskNotificationsZhCN: TaskNotificationsTranslation = {
  tasksNoNotifications: '暂无通知。',
  tasksMarkAllRead: '全部标为已读',
  tasksNotifiedAssigned: (who, title) => `${who} 给你分配了“${title}”`,
  tasksNotifiedDayBefore: (title) => `“${title}”明天到期`,
  tasksNotifiedHourBefore: (title) => `“${title}”一小时内到期`,
  tasksNotifiedOverdue: (title) => `“${title}”已逾期`,
};
