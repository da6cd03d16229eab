import type { ChatPartsTranslation } from './chat-translation.js';

export const chatPartsEn: ChatPartsTranslation = {
  readers: 'Read by',
  notReadYet: 'Not read yet',
  notAcknowledged: (count) => `${count} not acknowledged`,
  edit: 'Edit',
  recall: 'Recall',
  deleteMessage: 'Delete',
  pin: 'Pin',
  unpin: 'Unpin',
  copyLink: 'Copy link',
  noPinnedMessages: 'No pinned messages.',
  close: 'Close',
  save: 'Save',
  cancel: 'Cancel',
  editMessage: 'Edit message',
  replyToThread: 'Reply…',
  uploading: (name) => `Uploading ${name}`,
  cancelUpload: 'Cancel upload',
  removeAttachment: 'Remove attachment',
  uploadFailed: (name) => `${name} could not be uploaded`,
};
