import { PlazaError } from '@plaza/protocol';
import type { Clock } from '../clock.js';

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RequestLimit {
  burst: number;
  perSecond: number;
}

/**
 * Socket write requests per user, per node. Far above what a person does (the SDK sends
 * at most one typing notice per channel every 2 s), low enough that a runaway script or
 * a hostile client cannot make a node write without end. A user's sockets share their
 * buckets; each node counts its own sockets (counting across nodes would put a Redis
 * round trip in front of every send).
 */
export const CHAT_REQUEST_LIMITS = {
  /** `chat:send` (an offline outbox of 50 flushes at once). */
  send: { burst: 50, perSecond: 10 },
  /** Every other chat write: edits, recalls, deletions, reactions, pins, read positions, channels, members, urgent acks; `presence:set`. */
  write: { burst: 60, perSecond: 20 },
  /** `chat:typing`, beyond its per-channel throttle (`TYPING_INTERVAL_MS`). */
  typing: { burst: 20, perSecond: 5 },
} satisfies Record<string, RequestLimit>;

export type RequestClass = keyof typeof CHAT_REQUEST_LIMITS;

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, ms. */
  at: number;
}

/** Buckets kept before full ones (users idle long enough to be back at `burst`) are dropped. */
const PRUNE_ABOVE = 10_000;

/**
 * Token buckets per user and request class. `take` is a map lookup and some arithmetic,
 * cheap enough to stand in front of every send.
 *
 * @example
 * const limits = new RequestLimiter(ctx.clock);
 * limits.take(`${tenantId}:${userKey}`, 'send'); // throws rate_limited when empty
 */
export class RequestLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Record<RequestClass, RequestLimit> = CHAT_REQUEST_LIMITS,
  ) {}

  /** Takes one token from the user's bucket of `kind`; `rate_limited` when there is none. */
  take(user: string, kind: RequestClass): void {
    const limit = this.limits[kind];
    const now = this.clock.now();
    const key = `${kind}:${user}`;
    const bucket = this.buckets.get(key) ?? this.fresh(key, limit.burst, now);
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) / limit.perSecond);
      throw new PlazaError('rate_limited', `too many ${kind} requests; retry in ${wait} s`);
    }
    bucket.tokens -= 1;
  }

  private fresh(key: string, burst: number, now: number): Bucket {
    if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
    const bucket = { tokens: burst, at: now };
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Drops buckets that have refilled completely: a fresh one is the same. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const limit = this.limits[key.slice(0, key.indexOf(':')) as RequestClass];
      if (bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond >= limit.burst) this.buckets.delete(key);
    }
  }
}
