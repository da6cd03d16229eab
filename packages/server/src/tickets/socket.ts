import type { PlazaContext } from '../context.js';
import { registerFileAccess } from '../files/index.js';
import type { JobHandlers } from '../jobs/worker.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { isAgent, requireAgent, type TicketActor } from './access.js';
import { agentsOf, findTicket } from './queries.js';
import { TICKET_AUTOCLOSE_JOB, TICKET_SLA_JOB } from './sla.js';
import { TicketService } from './service.js';

export interface AttachedTickets {
  tickets: TicketService;
  /** The job kinds tickets defer (SLA checks, auto-close), for the job worker. */
  jobHandlers: JobHandlers;
}

/**
 * Tickets over socket.io: customers' requests (`tickets:mine`, `…:create`, `…:view`,
 * `…:reply`, `…:status`, `…:rate`) and agents' (`tickets:query`, `…:get`, `…:update`,
 * `…:message`, `…:agents`). Handlers say who acts and call the service; the service refuses the
 * wrong kind of user. Pushes go to each user's own room.
 *
 * @example
 * const tickets = attachTickets(ctx, realtime);
 * const jobs = new JobWorker(ctx, { ...jobHandlers(ctx), ...tickets.jobHandlers });
 */
export function attachTickets(ctx: PlazaContext, realtime: Realtime): AttachedTickets {
  const tickets = new TicketService(ctx, realtime);
  registerTicketFileAccess();
  const as = (socket: PlazaSocket): Promise<TicketActor> => tickets.actorFor(socket.data.tenantId, socket.data.userKey);

  realtime.handle('tickets:mine', async (socket, p) => tickets.mine(await as(socket), p));
  realtime.handle('tickets:create', async (socket, p) =>
    tickets.create(await as(socket), { subject: p.subject, description: p.description, category: p.category, fields: p.fields, fileIds: p.attachments, clientId: p.clientId }),
  );
  realtime.handle('tickets:view', async (socket, p) => tickets.view(await as(socket), p.ticketId));
  realtime.handle('tickets:reply', async (socket, p) => tickets.customerReply(await as(socket), p.ticketId, { text: p.text, attachments: p.attachments, clientId: p.clientId }));
  realtime.handle('tickets:status', async (socket, p) => tickets.customerStatus(await as(socket), p.ticketId, p.status));
  realtime.handle('tickets:rate', async (socket, p) => tickets.rate(await as(socket), p.ticketId, p.score, p.comment));
  realtime.handle('tickets:query', async (socket, p) => tickets.query(await as(socket), p));
  realtime.handle('tickets:get', async (socket, p) => tickets.detail(await as(socket), p.ticketId));
  realtime.handle('tickets:update', async (socket, p) => tickets.update(await as(socket), p.ticketId, p.changes));
  realtime.handle('tickets:message', async (socket, p) => tickets.agentMessage(await as(socket), p.ticketId, p));
  // Who a ticket can be assigned to, for the inbox's assignee picker.
  realtime.handle('tickets:agents', async (socket) => {
    requireAgent(await as(socket));
    const agents = await agentsOf(ctx.storage.db, socket.data.tenantId);
    return { agents: agents.map((a) => ({ id: a.host_id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)) };
  });

  return {
    tickets,
    jobHandlers: {
      [TICKET_SLA_JOB]: (job, tools) => tickets.checkSla(job, tools),
      [TICKET_AUTOCLOSE_JOB]: (job) => tickets.autoclose(job),
    },
  };
}

let ticketFilesRegistered = false;

/**
 * Who reads files linked to tickets: agents read every ticket's files; the customer reads
 * the files of their own ticket and of its public messages — never an internal note's.
 * Registered once per process (checks receive each server's context on every call).
 */
export function registerTicketFileAccess(): void {
  if (ticketFilesRegistered) return;
  ticketFilesRegistered = true;
  registerFileAccess('ticket', async (ctx, tenantId, ticketId, user) => {
    const ticket = await findTicket(ctx.storage.db, tenantId, ticketId);
    return ticket !== undefined && (isAgent(user) || ticket.customer_id === user.id);
  });
  registerFileAccess('ticket_message', async (ctx, tenantId, messageId, user) => {
    const message = await ctx.storage.db.selectFrom('ticket_messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', messageId).executeTakeFirst();
    if (!message) return false;
    if (isAgent(user)) return true;
    if (message.visibility !== 'public') return false;
    return (await findTicket(ctx.storage.db, tenantId, message.ticket_id))?.customer_id === user.id;
  });
}
