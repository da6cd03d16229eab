// The strings of the chat's parts loaded on demand, registered when the first of them loads
// (each imports this module); Chinese from its own chunk, as for the panel's own strings.
import { registerTranslations } from '../../translations/index.js';
import { chatPartsEn } from './parts-en.js';

registerTranslations({ en: chatPartsEn, 'zh-CN': () => import('./parts-zh-CN.js').then((module) => module.chatPartsZhCN) });
