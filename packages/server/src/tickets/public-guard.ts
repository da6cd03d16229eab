import { PlazaError } from '@plaza/protocol';
import type { FastifyRequest } from 'fastify';
import { publicOrigin, type RateLimit } from '../http/public-guard.js';

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

/** Public ticket routes are called by browsers on the tenant's site; a request without an origin is refused before anything else. */
export async function originPresent(request: FastifyRequest): Promise<void> {
  if (!publicOrigin(request)) throw new PlazaError('forbidden', 'public ticket routes need an Origin header');
}
