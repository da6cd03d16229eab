// The customer portal's strings, registered when its chunk loads. English comes with it;
// Chinese from its own chunk, the first time the portal renders in it.
import { registerTranslations } from '../../translations/index.js';
import { ticketPortalEn } from './portal-en.js';

export type { TicketPortalPartsTranslation, TicketPortalTranslation } from './portal-translation.js';

registerTranslations({ en: ticketPortalEn, 'zh-CN': () => import('./portal-zh-CN.js').then((module) => module.ticketPortalZhCN) });
