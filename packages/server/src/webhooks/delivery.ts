import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { WEBHOOK_EVENTS } from '@plaza/protocol';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { PlazaContext } from '../context.js';
import type { JobHandler } from '../jobs/worker.js';
import type { WebhookDeliveryPayload } from './events.js';
import { webhookSecretContext } from './service.js';
import { pinnedLookup, type CheckedTarget, type WebhookTargetPolicy } from './targets.js';

/** A receiver gets this long to answer, headers and all. */
export const DELIVERY_TIMEOUT_MS = 10_000;

const payloadSchema = z.object({
  webhookId: z.string(),
  eventId: z.string(),
  type: z.enum(WEBHOOK_EVENTS),
  body: z.string(),
}) satisfies z.ZodType<WebhookDeliveryPayload>;

/**
 * `sha256=` and the hex HMAC-SHA256 of the raw body keyed with the webhook secret: the
 * value of `X-Plaza-Signature`.
 *
 * @example
 * // receiver side
 * const ok = timingSafeEqual(Buffer.from(header), Buffer.from(signBody(rawBody, secret)));
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs `body` to the checked target; resolves with the status. Redirects are not followed. */
function post(target: CheckedTarget, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // every delivery opens its own connection: a pooled socket could have been
        // opened to an address this check did not look at
        agent: false,
        lookup: pinnedLookup(target.addresses),
        signal,
      },
      (response) => {
        // the body is not read: only the status matters, and a huge body must not be buffered
        response.resume();
        response.on('error', () => undefined);
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function failureText(error: unknown, signal: AbortSignal, deadline: AbortSignal): string {
  if (deadline.aborted && !signal.aborted) return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  const e = error as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e.message ?? String(error));
}

/**
 * The `webhook.deliver` job: POSTs the event's fixed body with its signature. A 2xx
 * answer completes the job; anything else (3xx included, since redirects are not
 * followed), a timeout or a refused target throws, and the worker retries with backoff.
 * Every attempt is written to the delivery log. Delivery is at least once: a crash
 * between the receiver's 2xx and the job being marked done sends the event again, with
 * the same `id` and `X-Plaza-Delivery`, for the receiver to dedupe.
 *
 * The target is checked again at every attempt, after DNS, and the connection goes to
 * exactly the addresses checked.
 */
export function webhookDeliveryHandler(ctx: PlazaContext, policy: WebhookTargetPolicy): JobHandler {
  return async (job, { signal }) => {
    const payload = payloadSchema.parse(job.payload);
    const { db } = ctx.storage;
    const hook = await db
      .selectFrom('webhooks')
      .select(['url', 'secret_enc', 'active'])
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', payload.webhookId)
      .executeTakeFirst();
    // removed or paused since the event: nothing to deliver
    if (!hook || hook.active !== 1) return;

    let status: number | null = null;
    let failure: string | null = null;
    const deadline = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
    try {
      const target = await policy.check(hook.url);
      const secret = ctx.secrets.openText(hook.secret_enc, webhookSecretContext(job.tenantId, payload.webhookId));
      status = await post(
        target,
        payload.body,
        {
          'content-type': 'application/json',
          'user-agent': 'Plaza-Webhooks/1',
          'x-plaza-signature': signBody(payload.body, secret),
          'x-plaza-event': payload.type,
          'x-plaza-delivery': payload.eventId,
        },
        AbortSignal.any([signal, deadline]),
      );
      if (status < 200 || status > 299) failure = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
    } catch (error) {
      // a shutdown cut the attempt short: the worker releases the job, nothing to log
      if (signal.aborted) throw error;
      failure = failureText(error, signal, deadline);
    }

    await db
      .insertInto('webhook_deliveries')
      .values({
        tenant_id: job.tenantId,
        id: uuidv7(),
        webhook_id: payload.webhookId,
        event_id: payload.eventId,
        type: payload.type,
        attempt: job.attempt,
        status,
        error: failure,
        created_at: ctx.clock.now(),
      })
      .execute();
    if (failure !== null) throw new Error(`webhook ${payload.webhookId}: ${failure}`);
  };
}
