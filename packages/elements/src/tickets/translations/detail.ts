// The ticket detail's strings, registered when its chunk loads (the first time a ticket is
// opened); Chinese, again, only when shown in Chinese.
import { registerTranslations } from '../../translations/index.js';
import { ticketDetailEn } from './detail-en.js';

registerTranslations({ en: ticketDetailEn, 'zh-CN': () => import('./detail-zh-CN.js').then((module) => module.ticketDetailZhCN) });
