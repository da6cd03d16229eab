import { createHmac } from 'node:crypto';

/** The demo tenant's id and HS256 secret (packages/server/src/demo/roster.ts). */
export const DEMO_TENANT = 'demo';
export const DEMO_SECRET = 'demo-secret';

export interface UserTokenClaims {
  sub: string;
  name: string;
  kind?: 'member' | 'partner' | 'customer';
  roles?: string[];
  dept?: string[];
  org?: string;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** An HS256 JWT, signed with node:crypto (no JWT library needed in the tests). */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** A user token for the demo tenant, as a host portal's backend would sign it; valid for an hour. */
export function demoUserToken(claims: UserTokenClaims, lifetimeSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ tid: DEMO_TENANT, iat: now, exp: now + lifetimeSeconds, ...claims }, DEMO_SECRET);
}

/** A server token for the demo tenant (REST from the host's backend); valid for ten minutes. */
export function demoServerToken(lifetimeSeconds = 600): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ tid: DEMO_TENANT, srv: true, iat: now, exp: now + lifetimeSeconds }, DEMO_SECRET);
}
