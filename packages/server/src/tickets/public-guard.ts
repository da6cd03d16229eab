import { PlazaError } from '@plaza/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The CAPTCHA hook of the public ticket form. Plaza ships no CAPTCHA provider: pass a
 * verifier in `createServer({ publicTickets: { captcha } })` that checks the token the
 * page's widget produced (the form sends it as `captchaToken`) with your provider
 * (hCaptcha, Turnstile, reCAPTCHA, an in-house one). Resolve false to refuse the
 * submission with 403 `forbidden`; throw to answer 503 (the provider is down).
 *
 * @example
 * const captcha: CaptchaVerifier = {
 *   async verify({ token, ip }) {
 *     const answer = await fetch('https://api.hcaptcha.com/siteverify', {
 *       method: 'POST',
 *       body: new URLSearchParams({ secret: process.env.HCAPTCHA_SECRET!, response: token ?? '', remoteip: ip }),
 *     });
 *     return ((await answer.json()) as { success: boolean }).success;
 *   },
 * };
 */
export interface CaptchaVerifier {
  verify(input: { tenantId: string; token: string | undefined; ip: string; origin: string }): Promise<boolean>;
}

/** The default: no CAPTCHA, every submission passes (rate limits and the honeypot still apply). */
export const noCaptcha: CaptchaVerifier = { verify: () => Promise.resolve(true) };

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Abuse limits of the public ticket routes; every field has a default. */
export interface PublicTicketOptions {
  /** New tickets per client address (default 20 per 10 minutes). The address follows PLAZA_TRUST_PROXY. */
  perIp?: RateLimit;
  /** New tickets per email address and tenant (default 5 per hour). */
  perEmail?: RateLimit;
  /** Every other public ticket request (reads, replies, uploads) per client address (default 300 per 10 minutes). */
  readsPerIp?: RateLimit;
  /** Uploads for replies per ticket (default 30 per hour): what a reply may attach is stored before it is sent. */
  replyFilesPerTicket?: RateLimit;
  captcha?: CaptchaVerifier;
}

export const DEFAULT_PUBLIC_TICKET_LIMITS = {
  perIp: { max: 20, windowMs: 10 * 60_000 },
  perEmail: { max: 5, windowMs: 60 * 60_000 },
  readsPerIp: { max: 300, windowMs: 10 * 60_000 },
  replyFilesPerTicket: { max: 30, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimit>;

export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * A limiter on @fastify/rate-limit's store (Redis when configured, so every node counts
 * against one limit), keyed by what `key` picks from the request. Over the limit it
 * answers 429 `rate_limited` with `Retry-After`.
 */
export function limiter(app: FastifyInstance, name: string, limit: RateLimit, key: (request: FastifyRequest) => string): Limiter {
  const check = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => `tickets:${name}:${key(request)}` });
  return async (request, reply) => {
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
    throw new PlazaError('rate_limited', `too many requests, retry in ${Math.max(1, result.ttlInSeconds)} s`);
  };
}

/**
 * The origin of the page a public request comes from. Browsers send `Origin` on every
 * cross-origin request and every POST, but not on a same-origin GET (a support site served
 * from Plaza's own origin): that one says `Sec-Fetch-Site: same-origin`, and its origin
 * is the request's own. Neither header proves anything against a client that is not a
 * browser; the check is there so that browsers on other sites are turned away.
 */
export function publicOrigin(request: FastifyRequest): string | undefined {
  if (request.headers.origin) return request.headers.origin;
  if (request.headers['sec-fetch-site'] === 'same-origin') return `${request.protocol}://${request.host}`;
  return undefined;
}

/** Public ticket routes are called by browsers on the tenant's site; a request without an origin is refused before anything else. */
export async function originPresent(request: FastifyRequest): Promise<void> {
  if (!publicOrigin(request)) throw new PlazaError('forbidden', 'public ticket routes need an Origin header');
}
