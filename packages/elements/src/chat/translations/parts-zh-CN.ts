import type { ChatPartsTranslation } from './chat-translation.js';

export const chatPartsZhCN: ChatPartsTranslation = {
  readers: '已读',
  notReadYet: '未读',
  notAcknowledged: (count) => `${count} 人未确认`,
  edit: '编辑',
  recall: '撤回',
  deleteMessage: '删除',
  pin: '置顶',
  unpin: '取消置顶',
  copyLink: '复制链接',
  noPinnedMessages: '没有置顶消息。',
  close: '关闭',
  save: '保存',
  cancel: '取消',
  editMessage: '编辑消息',
  replyToThread: '回复…',
  uploading: (name) => `正在上传 ${name}`,
  cancelUpload: '取消上传',
  removeAttachment: '移除附件',
  uploadFailed: (name) => `${name} 上传失败`,
};
