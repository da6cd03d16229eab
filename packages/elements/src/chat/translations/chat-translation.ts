/** The strings of `<plaza-chat-panel>` and its parts, in one language (see `CoreTranslation`). */
export interface ChatTranslation {
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
  /** Who is typing: one, two, or several names. */
  typing: (names: readonly string[]) => string;
  important: string;
  urgent: string;
  urgentFrom: (name: string) => string;
  acknowledge: string;
  messageActions: string;
  replyInThread: string;
  linkCopied: string;
  addReaction: string;
  /** A reaction button: the emoji and how many reacted. */
  reaction: (emoji: string, count: number) => string;
  replies: (count: number) => string;
  thread: string;
  pinnedMessages: string;
  pinned: string;
  /** Label and placeholder of the composer. */
  messageTo: (channel: string) => string;
  send: string;
  priority: string;
  normal: string;
  attachFiles: string;
  dropFiles: string;
  mentionSuggestions: string;
  download: string;
  offlineBanner: string;
  reconnectingBanner: string;
  readOnlyChannel: string;
  /** Announcement of a new message from someone else. */
  newMessageFrom: (name: string, text: string) => string;
  /** A part loaded on demand (thread view, message menu…) could not be fetched. */
  partLoadFailed: string;
  /** A `#plaza-message=` link names a message that is gone or out of reach. */
  messageNotFound: string;
  /** The button a task link (`plaza:task/<id>`) in a message shows as. */
  openTask: string;
}

/**
 * The strings only the chat's parts loaded on demand show (message menu, editor, thread
 * and pinned views, attachment list): they load with the first of those parts.
 */
export interface ChatPartsTranslation {
  readers: string;
  notReadYet: string;
  notAcknowledged: (count: number) => string;
  edit: string;
  recall: string;
  deleteMessage: string;
  pin: string;
  unpin: string;
  copyLink: string;
  noPinnedMessages: string;
  close: string;
  save: string;
  cancel: string;
  editMessage: string;
  replyToThread: string;
  uploading: (name: string) => string;
  cancelUpload: string;
  removeAttachment: string;
  uploadFailed: (name: string) => string;
  /** The message menu's item and the heading of the dialog it opens. */
  createTask: string;
  /** Where the task comes from: the message's author. */
  newTaskFrom: (author: string) => string;
  newTaskTitle: string;
  newTaskList: string;
  /** The list choice that puts the task in the assignee's own list. */
  newTaskPersonalList: string;
  newTaskPersonalListHint: string;
  newTaskListsLoading: string;
  newTaskListsFailed: string;
  newTaskAssignee: string;
  newTaskUnassigned: string;
  newTaskDue: string;
  newTaskOptional: string;
  newTaskCreate: string;
  newTaskCreating: string;
  newTaskTitleMissing: string;
  newTaskDueInvalid: string;
  newTaskOffline: string;
  /** The server refused the task; its reason follows. */
  newTaskNotCreated: (reason: string) => string;
}
