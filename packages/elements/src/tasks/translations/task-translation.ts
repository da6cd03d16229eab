/** The strings of `<plaza-task-list>` (list, board, notifications), in one language (see `CoreTranslation`). */
export interface TaskTranslation {
  tasksLabel: string;
  tasksMine: string;
  tasksView: string;
  tasksViewList: string;
  tasksViewBoard: string;
  tasksFilter: string;
  tasksFilterAll: string;
  tasksFilterMine: string;
  tasksFilterAssignedByMe: string;
  tasksFilterOverdue: string;
  tasksFilterDueThisWeek: string;
  tasksFilterLabel: (label: string) => string;
  tasksFilterDept: (dept: string) => string;
  tasksSort: string;
  tasksSortManual: string;
  tasksSortDue: string;
  tasksSortPriority: string;
  tasksSortTitle: string;
  tasksAdd: string;
  tasksAddPlaceholder: string;
  tasksEmpty: string;
  tasksEmptyFilter: string;
  tasksLoading: string;
  tasksLoadFailed: string;
  tasksTryAgain: string;
  tasksReconnecting: string;
  tasksReadOnly: string;
  taskStatus_todo: string;
  taskStatus_in_progress: string;
  taskStatus_done: string;
  taskPriority_low: string;
  taskPriority_normal: string;
  taskPriority_high: string;
  taskPriority_urgent: string;
  taskOverdue: string;
  taskDueSoon: string;
  taskDue: (when: string) => string;
  taskMarkDone: (title: string) => string;
  taskChecklistCount: (done: number, total: number) => string;
  taskCommentCount: (count: number) => string;
  taskSaving: string;
  tasksNotifications: string;
  tasksUnread: (count: number) => string;
  taskClose: string;
  taskRefused: (message: string) => string;
  taskYou: string;
  /** Someone replaced a value you wrote (last writer wins), named by the task's title. */
  tasksOverwrittenIn: (who: string, title: string) => string;
}

/** The board's strings (its chunk loads when the board is first shown). */
export interface TaskBoardTranslation {
  /** Column heading with its count, for screen readers. */
  tasksColumn: (name: string, count: number) => string;
  /** How to move cards with the keyboard, read once when a card gets focus. */
  tasksBoardHelp: string;
  tasksPickedUp: (title: string, column: string, position: number, total: number) => string;
  tasksMovedTo: (column: string, position: number, total: number) => string;
  tasksDropped: (title: string, column: string, position: number, total: number) => string;
  tasksMoveCancelled: (title: string) => string;
}

/** The notification panel's strings (its chunk loads when the bell is first opened). */
export interface TaskNotificationsTranslation {
  tasksNoNotifications: string;
  tasksMarkAllRead: string;
  tasksNotifiedAssigned: (who: string, title: string) => string;
  tasksNotifiedDayBefore: (title: string) => string;
  tasksNotifiedHourBefore: (title: string) => string;
  tasksNotifiedOverdue: (title: string) => string;
}

/** The strings of the task drawer, which loads with it the first time a task is opened. */
export interface TaskDetailTranslation {
  taskUnassigned: string;
  taskDetails: string;
  taskNoDescription: string;
  taskEdit: string;
  taskSave: string;
  taskCancel: string;
  taskLabelsHint: string;
  taskChecklist: string;
  taskPosition: string;
  taskAddItem: string;
  taskRemove: (what: string) => string;
  taskAttachments: string;
  taskAttach: string;
  taskUploading: (name: string) => string;
  taskComments: string;
  taskNoComments: string;
  taskAddComment: string;
  taskPostComment: string;
  taskActivity: string;
  taskDelete: string;
  /** Your save replaced a newer value someone else had written. */
  taskYouOverwrote: (who: string, field: string) => string;
  /** The field you are editing changed meanwhile. */
  taskChangedMeanwhile: (who: string) => string;
  taskUseTheirs: string;
  taskActivityCreated: (who: string) => string;
  taskActivityChanged: (who: string, field: string) => string;
  taskActivityCommented: (who: string) => string;
  taskActivityDeleted: (who: string) => string;
  taskTitle: string;
  taskDescription: string;
  taskAssignee: string;
  taskDueLabel: string;
  taskPriority: string;
  taskStatus: string;
  taskLabels: string;
  taskWatchers: string;
  /** Someone else's value replaced yours (last writer wins). */
  taskOverwritten: (who: string, field: string) => string;
  /** Link to the chat message a task was made from. */
  taskSourceMessage: string;
}
