import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  restCreateTaskBody,
  restListTasksQuery,
  restPatchTaskBody,
  taskIdParams,
  type Task,
} from '@plaza/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireServer } from '../auth/request-auth.js';
import { errorResponses } from '../http/schemas.js';
import type { TaskService } from './service.js';

const isoTime = z.string().describe('ISO 8601 UTC');

/** The wire shape of protocol's `Task`, for responses and the OpenAPI description. */
const taskView = z.object({
  id: z.string(),
  listId: z.string(),
  title: z.string(),
  description: z.string().describe('Markdown source'),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  assignee: z.string().nullable().describe('host user id'),
  assignedBy: z.string().nullable(),
  watchers: z.array(z.string()),
  labels: z.array(z.string()),
  due: isoTime.nullable(),
  overdue: z.boolean().describe('past due and not done, when the answer was made'),
  rank: z.string().describe('board order within the status column'),
  checklist: z.array(
    z.object({ id: z.string(), text: z.string(), done: z.boolean(), rank: z.string(), doneBy: z.string().nullable(), doneAt: isoTime.nullable() }),
  ),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), size: z.number().int(), type: z.string() })),
  commentCount: z.number().int(),
  source: z.object({ channelId: z.string(), messageId: z.string() }).nullable(),
  clientId: z.string().optional(),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedBy: z.string(),
  updatedAt: isoTime,
  completedBy: z.string().nullable(),
  completedAt: isoTime.nullable(),
  version: z.number().int().describe('counts changes; send it as baseVersion'),
  rev: z.number().int(),
}) satisfies z.ZodType<Task>;

const taskPage = z.object({ tasks: z.array(taskView), nextCursor: z.string().nullable() });

export interface TaskRoutesOptions {
  tasks: TaskService;
}

/**
 * The integration REST API for tasks (server token): an OA or ERP creates tasks, lists
 * and queries them by assignee, status, due range and list, and updates them. It acts as
 * the tenant's integration bot with owner authority over every list of its tenant.
 */
export const taskRoutes: FastifyPluginAsyncZod<TaskRoutesOptions> = async (app, { tasks }) => {
  const ctx = app.plaza;
  const server = { security: [{ serverToken: [] }], tags: ['tasks'] };

  app.post(
    '/v1/tasks',
    {
      schema: {
        ...server,
        summary: 'Create a task',
        description:
          'Without `list` the task goes to the assignee’s personal list, visible to the assignee and the creator; without either it is refused. `due` takes any offset and is answered in UTC. Reminders go to the assignee 1 day and 1 hour before `due` and when it passes.',
        body: restCreateTaskBody,
        response: { 201: taskView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = await requireServer(ctx, request);
      const actor = await tasks.integrationActor(caller.tenant.id);
      const body = request.body;
      const task = await tasks.create(actor, {
        listId: body.list,
        title: body.title,
        description: body.description ?? '',
        status: 'todo',
        priority: 'normal',
        assignee: body.assignee ?? null,
        watchers: [],
        labels: [],
        due: body.due ?? null,
        checklist: [],
        attachments: [],
        position: 'bottom',
      });
      return reply.status(201).send(task);
    },
  );

  app.get(
    '/v1/tasks',
    {
      schema: {
        ...server,
        summary: 'List tasks',
        description: 'Every criterion is optional. Pages ascend by creation; pass `nextCursor` as `cursor` for the next page. `dueFrom` is inclusive, `dueTo` exclusive.',
        querystring: restListTasksQuery,
        response: { 200: taskPage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      const actor = await tasks.integrationActor(caller.tenant.id);
      const q = request.query;
      return tasks.query(actor, { assignee: q.assignee, status: q.status, dueFrom: q.dueFrom, dueTo: q.dueTo, listId: q.list, cursor: q.cursor, limit: q.limit });
    },
  );

  app.get(
    '/v1/tasks/:id',
    {
      schema: { ...server, summary: 'Read a task', params: taskIdParams, response: { 200: taskView, ...errorResponses } },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      return tasks.get(await tasks.integrationActor(caller.tenant.id), request.params.id);
    },
  );

  app.patch(
    '/v1/tasks/:id',
    {
      schema: {
        ...server,
        summary: 'Update a task',
        description:
          'Each field is last-writer-wins. With `baseVersion` (the `version` you last read) fields that others changed since are still overwritten, and their writers are told over the socket.',
        params: taskIdParams,
        body: restPatchTaskBody,
        response: { 200: taskView, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await requireServer(ctx, request);
      const actor = await tasks.integrationActor(caller.tenant.id);
      const { baseVersion, ...changes } = request.body;
      return (await tasks.update(actor, request.params.id, baseVersion, changes)).task;
    },
  );
};
