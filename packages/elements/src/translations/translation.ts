/** The languages Plaza ships. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/**
 * Every string the elements show, in one language. A language file that misses a key,
 * or gives a plural the wrong shape, is a type error.
 *
 * Plurals are functions of the count, so each language applies its own rules
 * (English has two forms, Chinese one).
 */
export interface Translation {
  $code: LanguageCode;
  /** The language's name in itself, for language pickers. */
  $name: string;

  statusOnline: string;
  statusConnecting: string;
  statusOffline: string;
  /** Unread counter on channels and inboxes. */
  unreadCount: (count: number) => string;

  // Chat (<plaza-chat-panel>)
  chatLabel: string;
  channels: string;
  filterChannels: string;
  noChannels: string;
  noChannelsMatch: string;
  showChannels: string;
  /** Mention counter on a channel. */
  mentionCount: (count: number) => string;
  directMessages: string;
  announcementChannel: string;
  selectChannel: string;
  /** Label of the message log. */
  messagesIn: (channel: string) => string;
  loading: string;
  loadingOlder: string;
  beginningOfChannel: string;
  emptyChannel: string;
  loadFailed: string;
  tryAgain: string;
  newMessages: string;
  jumpToLatest: string;
  today: string;
  yesterday: string;
  edited: string;
  messageRecalled: string;
  messageDeleted: string;
  you: string;
  sending: string;
  waitingToSend: string;
  notSent: string;
  retry: string;
  discard: string;
  read: string;
  readBy: (read: number, total: number) => string;
  readers: string;
  notReadYet: string;
  /** Who is typing: one, two, or several names. */
  typing: (names: readonly string[]) => string;
  important: string;
  urgent: string;
  urgentFrom: (name: string) => string;
  acknowledge: string;
  notAcknowledged: (count: number) => string;
  messageActions: string;
  replyInThread: string;
  edit: string;
  recall: string;
  deleteMessage: string;
  pin: string;
  unpin: string;
  copyLink: string;
  linkCopied: string;
  addReaction: string;
  /** A reaction button: the emoji and how many reacted. */
  reaction: (emoji: string, count: number) => string;
  replies: (count: number) => string;
  thread: string;
  pinnedMessages: string;
  noPinnedMessages: string;
  pinned: string;
  close: string;
  save: string;
  cancel: string;
  editMessage: string;
  /** Label and placeholder of the composer. */
  messageTo: (channel: string) => string;
  replyToThread: string;
  send: string;
  priority: string;
  normal: string;
  attachFiles: string;
  uploading: (name: string) => string;
  cancelUpload: string;
  removeAttachment: string;
  uploadFailed: (name: string) => string;
  dropFiles: string;
  mentionSuggestions: string;
  download: string;
  offlineBanner: string;
  reconnectingBanner: string;
  readOnlyChannel: string;
  /** Announcement of a new message from someone else. */
  newMessageFrom: (name: string, text: string) => string;
  attachment: string;
}

/** Keys of {@link Translation} that hold text (not the `$` metadata). */
export type TranslationKey = Exclude<keyof Translation, `$${string}`>;

/** The arguments a key takes: none for plain strings, the function's parameters for plurals. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (
  ...args: infer A
) => string
  ? A
  : [];
