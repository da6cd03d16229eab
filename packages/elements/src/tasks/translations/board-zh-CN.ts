import type { TaskBoardTranslation } from './task-translation.js';

export const taskBoardZhCN: TaskBoardTranslation = {
  tasksColumn: (name, count) => `${name}，${count} 个任务`,
  tasksBoardHelp: '按空格键拿起任务，用方向键移动，再按空格键放下，按 Esc 取消。按回车键打开任务。',
  tasksPickedUp: (title, column, position, total) => `已拿起“${title}”。${column}，第 ${position} 个，共 ${total} 个。`,
  tasksMovedTo: (column, position, total) => `${column}，第 ${position} 个，共 ${total} 个。`,
  tasksDropped: (title, column, position, total) => `已将“${title}”放到${column}，第 ${position} 个，共 ${total} 个。`,
  tasksMoveCancelled: (title) => `已取消移动，“${title}”回到原位。`,
};
