import { chatEn } from '../chat/translations/index.js';
import { chatPartsEn } from '../chat/translations/parts-en.js';
import { chatPartsZhCN } from '../chat/translations/parts-zh-CN.js';
import { chatZhCN } from '../chat/translations/zh-CN.js';
import { taskBoardEn } from '../tasks/translations/board-en.js';
import { taskBoardZhCN } from '../tasks/translations/board-zh-CN.js';
import { taskDetailEn } from '../tasks/translations/detail-en.js';
import { taskDetailZhCN } from '../tasks/translations/detail-zh-CN.js';
import { taskNotificationsEn } from '../tasks/translations/notifications-en.js';
import { taskNotificationsZhCN } from '../tasks/translations/notifications-zh-CN.js';
import { tasksEn } from '../tasks/translations/en.js';
import { tasksZhCN } from '../tasks/translations/zh-CN.js';
import { ticketDetailEn } from '../tickets/translations/detail-en.js';
import { ticketDetailZhCN } from '../tickets/translations/detail-zh-CN.js';
import { ticketInboxEn } from '../tickets/translations/inbox-en.js';
import { ticketInboxZhCN } from '../tickets/translations/inbox-zh-CN.js';
import { ticketPortalEn } from '../tickets/translations/portal-en.js';
import { ticketPortalPartsEn } from '../tickets/translations/portal-parts-en.js';
import { ticketPortalPartsZhCN } from '../tickets/translations/portal-parts-zh-CN.js';
import { ticketPortalZhCN } from '../tickets/translations/portal-zh-CN.js';
import { enCore } from './en.js';
import type { Translation } from './translation.js';
import { zhCNCore } from './zh-CN.js';

/** Every string of every element, in English (the shared part and each element's). */
export const en: Translation = {
  ...enCore,
  ...chatEn,
  ...chatPartsEn,
  ...tasksEn,
  ...taskBoardEn,
  ...taskNotificationsEn,
  ...taskDetailEn,
  ...ticketInboxEn,
  ...ticketDetailEn,
  ...ticketPortalEn,
  ...ticketPortalPartsEn,
};
/** Every string of every element, in Simplified Chinese. */
export const zhCN: Translation = {
  ...zhCNCore,
  ...chatZhCN,
  ...chatPartsZhCN,
  ...tasksZhCN,
  ...taskBoardZhCN,
  ...taskNotificationsZhCN,
  ...taskDetailZhCN,
  ...ticketInboxZhCN,
  ...ticketDetailZhCN,
  ...ticketPortalZhCN,
  ...ticketPortalPartsZhCN,
};
