import type { ZodType } from 'zod';
import type { RequestName, RequestPayload } from './events.js';
import { emptyPayload, refreshPayload } from './session.js';

/** The zod schema the server parses each request payload with. */
export const requestSchemas: { [E in RequestName]: ZodType<RequestPayload<E>> } = {
  'session:get': emptyPayload,
  'session:refresh': refreshPayload,
};
