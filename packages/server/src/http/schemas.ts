import { ERROR_CODES } from '@plaza/protocol';
import { z } from 'zod';

export const errorBody = z.object({
  error: z.object({ code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]), message: z.string() }),
});

/** The error answers every route may give, for the OpenAPI description. */
export const errorResponses = {
  '4xx': errorBody,
  '5xx': errorBody,
} as const;
