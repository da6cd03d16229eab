import { z } from 'zod';
import { hostId, tenantId } from './ids.js';

export const USER_KINDS = ['member', 'partner', 'customer'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const USER_ROLES = ['admin', 'dept_admin', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Seconds: a user token may live at most 24 h, a server token 1 h; clocks may differ by 60 s. */
export const TOKEN_LIMITS = {
  userMaxLifetime: 24 * 3600,
  serverMaxLifetime: 3600,
  clockSkew: 60,
} as const;

/** Algorithms Plaza accepts; `none` and anything else is refused before a key is looked at. */
export const TOKEN_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;

const profileFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(USER_KINDS).default('member'),
  roles: z.array(z.enum(USER_ROLES)).max(USER_ROLES.length).default([]),
  dept: z.array(hostId).max(50).default([]),
  org: hostId.optional(),
  email: z.email().max(320).optional(),
  avatar: z.url({ protocol: /^https?$/ }).max(2048).optional(),
};

const partnerNeedsOrg = (value: { kind: UserKind; org?: string | undefined }) =>
  value.kind !== 'partner' || value.org !== undefined;
const partnerNeedsOrgMessage = { message: 'org is required for partners', path: ['org'] };

/** Claims of a user token, signed by the host portal's backend. */
export const userClaims = z
  .object({
    tid: tenantId,
    sub: hostId,
    iat: z.number().int(),
    exp: z.number().int(),
    ...profileFields,
  })
  .refine(partnerNeedsOrg, partnerNeedsOrgMessage);
export type UserClaims = z.infer<typeof userClaims>;

/** Claims of a server token, for server-to-server REST from the host's backend. */
export const serverClaims = z.object({
  tid: tenantId,
  srv: z.literal(true),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type ServerClaims = z.infer<typeof serverClaims>;

/** A user as the org sync (`POST /v1/users`) describes them. */
export const userUpsert = z
  .object({ id: hostId, ...profileFields })
  .refine(partnerNeedsOrg, partnerNeedsOrgMessage);
export type UserUpsert = z.infer<typeof userUpsert>;
