import { z } from 'zod';

/**
 * Ids Plaza hands out: time-ordered UUIDv7 strings. Host user ids (the token's `sub`)
 * are the host's own and only bounded in length and charset.
 */
export const plazaId = z.uuid({ version: 'v7', message: 'must be a Plaza id' });

/** Tenant ids appear in URLs and tokens: short, lowercase, URL-safe. */
export const tenantId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 characters of a-z, 0-9 and -, not starting with -');

/** A host user id or another host-side id: printable, no control characters. */
export const hostId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{N}._@:+-]+$/u, 'may contain letters, digits and . _ @ : + - only');
