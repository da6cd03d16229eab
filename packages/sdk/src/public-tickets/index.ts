/**
 * `@plaza/sdk/public-tickets`: the public ticket routes over `fetch`, without a socket or
 * a client — what the standalone `<plaza-ticket-form>` uses.
 */
export {
  attachToPublicTicket,
  createPublicTicket,
  fetchTicketForm,
  followPublicTicket,
  ratePublicTicket,
  replyToPublicTicket,
  setPublicTicketStatus,
  uploadForPublicReply,
} from './public-tickets.js';
export type { UploadOptions } from '../files/files-client.js';
