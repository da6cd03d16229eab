// The strings of the portal's parts loaded on demand (the ticket conversation, the article
// reader), registered when the first of them loads; Chinese from its own chunk.
import { registerTranslations } from '../../translations/index.js';
import { ticketPortalPartsEn } from './portal-parts-en.js';

registerTranslations({ en: ticketPortalPartsEn, 'zh-CN': () => import('./portal-parts-zh-CN.js').then((module) => module.ticketPortalPartsZhCN) });
