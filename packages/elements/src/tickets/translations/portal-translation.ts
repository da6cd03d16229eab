/**
 * The strings of `<plaza-customer-portal>` (navigation, ticket list, new ticket, article
 * search), in one language (see `CoreTranslation`).
 */
export interface TicketPortalTranslation {
  portalLabel: string;
  portalNav: string;
  portalTabTickets: string;
  portalTabNew: string;
  portalTabArticles: string;
  /** Tickets with news the customer has not opened yet, for the tab's badge. */
  portalUnread: (count: number) => string;
  portalUnreadMark: string;
  portalStatus_new: string;
  portalStatus_open: string;
  portalStatus_pending_customer: string;
  portalStatus_resolved: string;
  portalStatus_closed: string;
  portalCategory_general: string;
  portalCategory_billing: string;
  portalCategory_technical: string;
  portalUpdated: (when: string) => string;
  portalMessageCount: (count: number) => string;
  portalLoading: string;
  portalLoadFailed: string;
  portalTryAgain: string;
  portalEmpty: string;
  portalEmptyHint: string;
  portalCustomersOnly: string;
  portalSignedOut: string;
  portalReconnecting: string;
  portalFormFailed: string;
  portalCreated: (subject: string) => string;
  portalSearch: string;
  portalSearchPlaceholder: string;
  portalSearchButton: string;
  portalLatest: string;
  portalResults: (count: number, query: string) => string;
  portalNoArticles: string;
  /** Live announcements of what changed on the customer's tickets. */
  portalAnnounceReply: (name: string, subject: string) => string;
  portalAnnounceStatus: (subject: string, status: string) => string;
  portalFollowHeading: string;
  portalFollowInvalid: string;
}

/**
 * The strings of the portal's parts loaded on demand: the ticket conversation (reply,
 * reopen, close, rating) and the article reader.
 */
export interface TicketPortalPartsTranslation {
  portalNewHeading: string;
  portalSubject: string;
  portalCategory: string;
  portalDescription: string;
  portalAttachments: string;
  portalAttach: string;
  portalRemoveFile: (name: string) => string;
  portalCancelUpload: (name: string) => string;
  portalUploadFailed: (name: string) => string;
  portalSubmit: string;
  portalSubmitting: string;
  portalRequired: string;
  portalTooLong: (max: number) => string;
  portalInvalidChoice: string;
  portalFileTooLarge: (maxMb: string) => string;
  portalTooManyFiles: (max: number) => string;
  portalFilesFailed: string;
  /** Announced when a submission is refused before sending: how many fields need fixing. */
  portalFixFields: (count: number) => string;
  portalSuggestions: string;
  portalRefused: (message: string) => string;
  portalBack: string;
  portalTicketLoading: string;
  portalTicketMissing: string;
  portalOpened: (when: string) => string;
  portalTicketId: (id: string) => string;
  portalDetails: string;
  portalConversation: string;
  portalYou: string;
  portalAuthorAgent: string;
  portalAuthorSystem: string;
  portalReplyLabel: string;
  portalSend: string;
  portalSendHint: string;
  portalUploading: (name: string) => string;
  portalClosedNote: string;
  portalResolvedNote: (until: string) => string;
  portalReopen: string;
  portalCloseTicket: string;
  portalCloseConfirm: string;
  portalCloseYes: string;
  portalCloseNo: string;
  portalRateHeading: string;
  portalRateScore: string;
  /** A score's name, 1 to 5. */
  portalRateName: (score: number) => string;
  portalRateComment: string;
  portalRateSubmit: string;
  portalRated: (score: number) => string;
  portalRateChange: string;
  portalRateNeeded: string;
  portalRefresh: string;
  portalRefreshed: string;
  portalNewMessage: (name: string) => string;
  portalStatusNow: (status: string) => string;
  portalActionFailed: (message: string) => string;
  portalArticleUpdated: (date: string) => string;
  portalArticleMissing: string;
  portalStillNeedHelp: string;
}
