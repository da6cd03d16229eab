/**
 * `@plaza/sdk/tickets`: registers `client.tickets` (customers: their own tickets, filing,
 * conversation, reopen, close, rating; agents: live queues, ticket details with internal
 * notes, replies, notes and changes). Part of `@plaza/sdk`. Also exports the small ticket
 * helpers UIs need (SLA state, what a customer may do), so an element can use them without
 * pulling the other capabilities in through `@plaza/sdk`.
 */
import { registerCapability } from '../capabilities.js';
import { PlazaTickets } from './tickets-client.js';

export { customerActions, isBreached, queueMatches, searchMatches, ticketSla } from './rules.js';

registerCapability('tickets', ({ connection, emit, report }) => new PlazaTickets({ connection, emit, report }));
