/** The strings of `<plaza-ticket-inbox>` (queues, ticket list), in one language (see `CoreTranslation`). */
export interface TicketInboxTranslation {
  inboxLabel: string;
  inboxQueues: string;
  inboxQueue_all: string;
  inboxQueue_mine: string;
  inboxQueue_unassigned: string;
  inboxQueue_breaching: string;
  inboxCategories: string;
  inboxCategory_general: string;
  inboxCategory_billing: string;
  inboxCategory_technical: string;
  /** A queue's ticket count for screen readers (`more`: the server holds more than loaded). */
  inboxQueueCount: (count: number, more: boolean) => string;
  inboxStatusFilter: string;
  /** New, open and waiting for the customer. */
  inboxStatusActive: string;
  inboxStatusAll: string;
  ticketStatus_new: string;
  ticketStatus_open: string;
  ticketStatus_pending_customer: string;
  ticketStatus_resolved: string;
  ticketStatus_closed: string;
  ticketPriority_low: string;
  ticketPriority_normal: string;
  ticketPriority_high: string;
  ticketPriority_urgent: string;
  inboxSearch: string;
  inboxSearchPlaceholder: string;
  /** The ticket list's name: the queue it shows. */
  inboxTicketsIn: (queue: string) => string;
  inboxEmpty: string;
  inboxEmptySearch: string;
  inboxLoading: string;
  inboxLoadFailed: string;
  inboxTryAgain: string;
  inboxLoadMore: string;
  inboxReconnecting: string;
  inboxNotAvailable: string;
  inboxNotAgent: string;
  inboxPickTicket: string;
  inboxBack: string;
  inboxUnassigned: string;
  /** SLA badge: a target passed unmet. */
  slaBreached: string;
  slaBreachedFirstResponse: string;
  slaBreachedResolution: string;
  /** SLA badge: `when` is a relative time (`in 25 minutes`). */
  slaDue: (when: string) => string;
  slaFirstResponseDue: (when: string) => string;
  slaResolutionDue: (when: string) => string;
  /** Last change, `when` relative (`5 minutes ago`). */
  inboxUpdated: (when: string) => string;
  inboxNewTicket: (subject: string) => string;
  inboxAssignedToYou: (subject: string) => string;
}

/** The strings of the ticket detail (its chunk loads the first time a ticket is opened). */
export interface TicketDetailTranslation {
  ticketLoading: string;
  ticketLoadFailed: string;
  ticketFrom: (name: string) => string;
  ticketOpened: (when: string) => string;
  ticketId: (id: string) => string;
  ticketStatus: string;
  ticketPriority: string;
  ticketAssignee: string;
  ticketUnassigned: string;
  ticketCategory: string;
  ticketFields: string;
  ticketConversation: string;
  ticketInternal: string;
  ticketAuthorCustomer: string;
  ticketAuthorAgent: string;
  ticketAuthorSystem: string;
  ticketYou: string;
  ticketInternalNote: string;
  ticketInternalHint: string;
  ticketReplyLabel: string;
  ticketNoteLabel: string;
  ticketSendReply: string;
  ticketAddNote: string;
  ticketSendHint: string;
  ticketThenStatus: string;
  ticketKeepStatus: string;
  ticketAttach: string;
  ticketUploading: (name: string) => string;
  ticketRemoveFile: (name: string) => string;
  ticketRefused: (message: string) => string;
  ticketRating: (score: number) => string;
  ticketDismiss: string;
}
