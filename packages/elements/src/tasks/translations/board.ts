// The board's strings, registered when its chunk loads (the first time the board is shown).
import { registerTranslations } from '../../translations/index.js';
import { taskBoardEn } from './board-en.js';

registerTranslations({ en: taskBoardEn, 'zh-CN': () => import('./board-zh-CN.js').then((module) => module.taskBoardZhCN) });
