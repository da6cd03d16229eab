/**
 * The strings of `<plaza-ticket-form>`, in one language. The form is also a bundle of its
 * own (`/sdk/ticket-form.js`) that must stay small, so it keeps both languages at hand
 * rather than registering into the shared tables the other elements load parts into.
 */
export interface TicketFormTranslation {
  heading: string;
  name: string;
  email: string;
  subject: string;
  category: string;
  description: string;
  categoryNames: Record<string, string>;
  attachments: string;
  removeFile: (name: string) => string;
  cancelUpload: (name: string) => string;
  retryUpload: (name: string) => string;
  /** How an upload ended. */
  uploads: { done: string; failed: string; cancelled: string };
  fileTooLarge: (maxMb: string) => string;
  tooManyFiles: (max: number) => string;
  submit: string;
  submitting: string;
  loading: string;
  loadFailed: string;
  tryAgain: string;
  /** Announced when a submission is refused before sending: how many fields need fixing. */
  fixFields: (count: number) => string;
  required: string;
  tooLong: (max: number) => string;
  invalidEmail: string;
  invalidChoice: string;
  /** What a refusal means to the customer, by error code (`rate_limited`, `forbidden`, `unavailable`). */
  errors: Record<string, string>;
  errorOther: (message: string) => string;
  successHeading: string;
  followUpLink: string;
  accessToken: string;
  accessTokenHint: string;
  copy: string;
  copied: string;
}
