// The chat elements' strings, registered when any of them loads (each imports this module).
import { registerTranslations } from '../../translations/index.js';
import { chatEn } from './en.js';
import { chatZhCN } from './zh-CN.js';

export { chatEn, chatZhCN };
export type { ChatTranslation } from './chat-translation.js';

registerTranslations({ en: chatEn, 'zh-CN': chatZhCN });
