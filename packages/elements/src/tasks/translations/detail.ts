// The task drawer's strings, registered when the drawer's chunk loads (the first time a task
// is opened); Chinese, again, only when shown in Chinese.
import { registerTranslations } from '../../translations/index.js';
import { taskDetailEn } from './detail-en.js';

registerTranslations({ en: taskDetailEn, 'zh-CN': () => import('./detail-zh-CN.js').then((module) => module.taskDetailZhCN) });
