import { PlazaError, codeForStatus, type ErrorCode } from '@plaza/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../storage/database.js';

/** Fastify's own error codes that say something a client can act on. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'bad_request',
};

/** Names the first failing field, as `body.users.0.name: Required`. */
function describeZodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const where = [prefix, ...first.path.map(String)].filter(Boolean).join('.');
  return `${where}: ${first.message}`;
}

/** Turns anything thrown into a PlazaError; anything unexpected becomes `internal`. */
export function toPlazaError(error: unknown): PlazaError {
  if (error instanceof PlazaError) return error;
  if (error instanceof ZodError) return new PlazaError('bad_request', describeZodIssues(error.issues, ''));
  // the contract's 503: a database that is down is retryable, not a bug
  if (isDatabaseUnavailable(error)) return new PlazaError('unavailable', 'a service Plaza depends on is unavailable; retry later');
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const validation = error.validation as readonly { instancePath: string; message?: string }[];
    const issues = validation.map((v) => ({ path: v.instancePath.split('/').filter(Boolean), message: v.message ?? 'invalid' }));
    return new PlazaError('bad_request', describeZodIssues(issues, error.validationContext ?? ''));
  }
  if (e.code && FASTIFY_CODES[e.code]) {
    const message = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'body is not valid JSON' : (e.message ?? 'bad request');
    return new PlazaError(FASTIFY_CODES[e.code], message);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new PlazaError(codeForStatus(e.statusCode), e.message ?? 'bad request');
  }
  return new PlazaError('internal', 'internal error');
}

/**
 * Every error leaves in the shape `{ error: { code, message } }`, with no stack trace.
 * Unexpected errors are logged in full on the server and reported as `internal`.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const plaza = toPlazaError(error);
    if (plaza.code === 'internal' || plaza.code === 'unavailable') request.log.error({ err: error }, 'request failed');
    if (plaza.code === 'rate_limited' && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
    void reply.status(plaza.status).send(plaza.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new PlazaError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`).toJSON());
  });
}
