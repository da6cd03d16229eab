// The notification panel's strings, registered when its chunk loads (the first time the bell is opened).
import { registerTranslations } from '../../translations/index.js';
import { taskNotificationsEn } from './notifications-en.js';

registerTranslations({
  en: taskNotificationsEn,
  'zh-CN': () => import('./notifications-zh-CN.js').then((module) => module.taskNotificationsZhCN),
});
