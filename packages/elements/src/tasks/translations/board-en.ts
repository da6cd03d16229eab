import type { TaskBoardTranslation } from './task-translation.js';

export const taskBoardEn: TaskBoardTranslation = {
  tasksColumn: (name, count) => `${name}, ${count === 1 ? '1 task' : `${count} tasks`}`,
  tasksBoardHelp: 'Space picks a task up; arrow keys move it; Space drops it, Escape cancels. Enter opens it.',
  tasksPickedUp: (title, column, position, total) => `Picked up ${title}. ${column}, position ${position} of ${total}.`,
  tasksMovedTo: (column, position, total) => `${column}, position ${position} of ${total}.`,
  tasksDropped: (title, column, position, total) => `Dropped ${title} in ${column}, position ${position} of ${total}.`,
  tasksMoveCancelled: (title) => `Move cancelled. ${title} is back in its place.`,
};
