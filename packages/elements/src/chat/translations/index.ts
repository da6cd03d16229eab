// The chat elements' strings, registered when any of them loads (each imports this module).
// English comes with them; Chinese from its own chunk, the first time an element renders in it.
import { registerTranslations } from '../../translations/index.js';
import { chatEn } from './en.js';

export { chatEn };
export type { ChatTranslation } from './chat-translation.js';

registerTranslations({ en: chatEn, 'zh-CN': () => import('./zh-CN.js').then((module) => module.chatZhCN) });
