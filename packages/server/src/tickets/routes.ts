import { restListTicketsQuery, restPatchTicketBody, ticketIdParams } from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import type { TicketService } from './service.js';
import { ticketDetailView, ticketPageView, ticketView } from './views.js';

export interface TicketRoutesOptions {
  tickets: TicketService;
}

/**
 * The integration REST API for tickets (server token), so a CRM can keep its copy in step:
 * list by last change (`updatedAfter` and a cursor), read one with its whole conversation,
 * and change what an agent could (status by the transition table, priority, assignee,
 * category). The tenant's backend acts with an agent's authority.
 */
export const ticketRoutes: FastifyPluginAsyncZod<TicketRoutesOptions> = async (app, { tickets }) => {
  const ctx = app.plaza;
  const server = { security: [{ serverToken: [] }], tags: ['tickets'] };

  app.get(
    '/v1/tickets',
    {
      schema: {
        ...server,
        summary: 'List tickets',
        description: 'Ascending by last change; pass `nextCursor` as `cursor` for the next page. `status` takes several, comma-separated.',
        querystring: restListTicketsQuery,
        response: { 200: ticketPageView, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return tickets.sync(tickets.integrationActor(caller.tenant.id), request.query);
    },
  );

  app.get(
    '/v1/tickets/:id',
    { schema: { ...server, summary: 'Read a ticket with its conversation and internal notes', params: ticketIdParams, response: { 200: ticketDetailView, ...errorResponses } } },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return tickets.detail(tickets.integrationActor(caller.tenant.id), request.params.id);
    },
  );

  app.patch(
    '/v1/tickets/:id',
    {
      schema: {
        ...server,
        summary: 'Update a ticket',
        description: 'Status changes follow the transition table (409 conflict otherwise); `assignee` must be an agent (a member with the `agent` role) or null.',
        params: ticketIdParams,
        body: restPatchTicketBody,
        response: { 200: ticketView, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return tickets.update(tickets.integrationActor(caller.tenant.id), request.params.id, request.body);
    },
  );
};
