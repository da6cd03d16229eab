// The ticket inbox's strings, registered when its chunk loads. English comes with it;
// Chinese from its own chunk, the first time the inbox renders in it.
import { registerTranslations } from '../../translations/index.js';
import { ticketInboxEn } from './inbox-en.js';

export type { TicketDetailTranslation, TicketInboxTranslation } from './inbox-translation.js';

registerTranslations({ en: ticketInboxEn, 'zh-CN': () => import('./inbox-zh-CN.js').then((module) => module.ticketInboxZhCN) });
