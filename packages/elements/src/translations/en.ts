import type { CoreTranslation } from './translation.js';

export const enCore: CoreTranslation = {
  $code: 'en',
  $name: 'English',

  statusOnline: 'Online',
  statusConnecting: 'Connecting…',
  statusOffline: 'Offline',
  unreadCount: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
};
