import type { CoreTranslation } from './translation.js';

export const zhCNCore: CoreTranslation = {
  $code: 'zh-CN',
  $name: '简体中文',

  statusOnline: '在线',
  statusConnecting: '连接中…',
  statusOffline: '离线',
  unreadCount: (count) => `${count} 条未读消息`,
};
