// The task list's strings, registered when it loads. English comes with it; Chinese from
// its own chunk, the first time the element renders in it.
import { registerTranslations } from '../../translations/index.js';
import { tasksEn } from './en.js';

export type { TaskBoardTranslation, TaskDetailTranslation, TaskNotificationsTranslation, TaskTranslation } from './task-translation.js';

registerTranslations({ en: tasksEn, 'zh-CN': () => import('./zh-CN.js').then((module) => module.tasksZhCN) });
