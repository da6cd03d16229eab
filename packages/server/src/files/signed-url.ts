import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a download URL works after it was issued. */
export const URL_LIFETIME_MS = 5 * 60 * 1000;

/** What a download URL grants: one file of one tenant, to one user, until `expires` (epoch seconds). */
export interface UrlGrant {
  tenantId: string;
  fileId: string;
  /** The host user id the URL was issued to. */
  userId: string;
  expires: number;
}

/** The query string of a download URL. */
export interface SignedQuery {
  tenant: string;
  user: string;
  exp: string;
  sig: string;
}

export type UrlCheck = { ok: true; grant: UrlGrant } | { ok: false; reason: 'invalid' | 'expired' };

const keys = new WeakMap<Buffer, Buffer>();

/**
 * The URL-signing key: derived from the master key with HKDF for this one purpose, so a
 * signature can never be confused with any other use of the master key.
 */
export function urlSigningKey(masterKey: Buffer): Buffer {
  let key = keys.get(masterKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'plaza:file-url', 32));
    keys.set(masterKey, key);
  }
  return key;
}

function signature(key: Buffer, grant: UrlGrant): Buffer {
  // JSON of a fixed array: no choice of separators lets one field's text pose as the next
  const message = JSON.stringify(['plaza-file-url:v1', grant.tenantId, grant.fileId, grant.userId, grant.expires]);
  return createHmac('sha256', key).update(message).digest();
}

/**
 * The query string that lets `grant.userId` download the file until `grant.expires`.
 *
 * @example
 * const query = signFileUrl(urlSigningKey(masterKey), { tenantId, fileId, userId: 'u1', expires: 1_800_000_000 });
 * `${base}/v1/files/${fileId}/content?${new URLSearchParams({ ...query })}`
 */
export function signFileUrl(key: Buffer, grant: UrlGrant): SignedQuery {
  return {
    tenant: grant.tenantId,
    user: grant.userId,
    exp: String(grant.expires),
    sig: signature(key, grant).toString('base64url'),
  };
}

/**
 * Checks a download URL's query for `fileId`: the signature first (any change to the
 * tenant, user, expiry or file makes it `invalid`), then the expiry against `nowMs`.
 */
export function verifyFileUrl(key: Buffer, fileId: string, query: SignedQuery, nowMs: number): UrlCheck {
  if (!/^\d{1,12}$/.test(query.exp)) return { ok: false, reason: 'invalid' };
  const grant: UrlGrant = { tenantId: query.tenant, fileId, userId: query.user, expires: Number(query.exp) };
  const given = Buffer.from(query.sig, 'base64url');
  const expected = signature(key, grant);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  if (nowMs >= grant.expires * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, grant };
}
